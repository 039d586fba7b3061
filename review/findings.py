"""Findings (one per checklist item) and the Review that collects them.

A finding must let a reviewer check it in seconds: pages, the text span or
the missing document type (``Evidence``), and who decided (rule or model).
``Review.to_contract`` is the stable JSON of shared/domain/output-contract.md.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ingest.datamodel import Document

STATUSES = ("pass", "fail", "not_applicable", "uncertain")
CONTRACT_VERSION = 2
MAX_MESSAGE = 2000   # output-contract.md v2: characters per message
MAX_EVIDENCE = 20    # output-contract.md v2: evidence entries per finding


def bounded(text: str, limit: int = MAX_MESSAGE) -> str:
    """A message cut to ``limit`` characters, saying so (a 100k-character toc diff helps nobody)."""
    if len(text) <= limit:
        return text
    tail = f"……（另有{len(text) - limit + 12}字略）"
    return text[:limit - len(tail)] + tail



@dataclass(frozen=True)
class Evidence:
    """A piece of support for a finding: a page and a text span or missing type."""

    page: int | None
    text: str
    source: str = ""  # document type, 'missing_type', 'page_flag', 'toc', 'event:...'
    conf: float | None = None  # confidence of the reading quoted (OCR); None: not assessed
    note: str = ""  # why the reading is fragile (Chinese), said when it cannot decide a failure
    file: str = ""  # e-dossiers: the case file the page came from
    page_in_file: int | None = None  # e-dossiers: the page's number in that file

    def to_dict(self) -> dict:
        out = {"page": self.page, "text": bounded(self.text, 500), "source": self.source}
        if self.file:
            out["file"] = self.file
            out["page_in_file"] = self.page_in_file
        if self.conf is not None:
            out["conf"] = round(self.conf, 3)
        if self.note:
            out["note"] = self.note
        return out


@dataclass
class Finding:
    """The result of one checklist item on one dossier."""

    item: str
    status: str
    confidence: float = 1.0
    pages: list[int] = field(default_factory=list)
    message: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    occurrences: int = 0
    deduction: float = 0.0
    veto: bool = False
    decided_by: str = ""
    error: str | None = None
    raw_confidence: float | None = None  # the check's own confidence before calibration
    at_stake: float = 0.0        # uncertain only: the deduction if a reviewer fails it
    veto_at_stake: bool = False  # uncertain only: a failure would veto the dossier

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, got {self.status!r}")
        self.confidence = min(1.0, max(0.0, float(self.confidence)))
        if self.status == "fail" and self.occurrences == 0:
            self.occurrences = 1
        self.pages = sorted(set(self.pages))

    def to_contract(self) -> dict:
        out: dict[str, Any] = {"item": self.item, "status": self.status,
                               "confidence": round(self.confidence, 3), "pages": list(self.pages),
                               "message": bounded(self.message)}
        if self.evidence:
            out["evidence"] = [e.to_dict() for e in self.evidence[:MAX_EVIDENCE]]
            if len(self.evidence) > MAX_EVIDENCE:
                out["evidence_omitted"] = len(self.evidence) - MAX_EVIDENCE
        if self.status == "fail":
            out["deduction"] = round(self.deduction, 2)
            out["occurrences"] = self.occurrences
            out["veto"] = self.veto
        if self.status == "uncertain" and self.at_stake:
            out["at_stake"] = round(self.at_stake, 2)
            out["veto_at_stake"] = self.veto_at_stake
        if self.decided_by:
            out["decided_by"] = self.decided_by
        if self.error:
            out["error"] = self.error
        return out


@dataclass
class Review:
    """Everything the review layer says about one dossier."""

    file: str
    pages: int
    case: dict
    documents: list[Document] = field(default_factory=list)
    page_flags: list[dict] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    score: float | None = 100.0
    grade: str | None = ""
    errors: list[dict] = field(default_factory=list)
    checklist: str = ""
    verdict: str = "dossier"  # or "not_a_dossier" (output-contract.md v2): then no findings, score or grade
    verdict_reason: str = ""  # why not a dossier, Chinese / English
    case_profile: dict = field(default_factory=dict)
    score_low: float | None = None  # the score if every uncertain item fails
    grade_status: str = "final"     # 'final' | 'provisional'
    grade_if_confirmed: list[str] = field(default_factory=list)
    grade_reason: str = ""          # why the grade is provisional
    sources: list[dict] = field(default_factory=list)  # e-dossiers: page -> file, page in file

    def finding(self, item_id: str) -> Finding:
        for f in self.findings:
            if f.item == item_id:
                return f
        raise KeyError(item_id)

    def by_status(self, status: str) -> list[Finding]:
        return [f for f in self.findings if f.status == status]

    @property
    def vetoed(self) -> bool:
        return any(f.veto and f.status == "fail" for f in self.findings)

    @property
    def is_dossier(self) -> bool:
        return self.verdict == "dossier"

    @property
    def score_range(self) -> list[float] | None:
        if self.score is None:
            return None
        low = self.score if self.score_low is None else self.score_low
        return [round(float(low), 1), round(float(self.score), 1)]

    def to_contract(self) -> dict:
        """The output-contract JSON, version 2 (version 1 fields unchanged; additive: errors, veto, evidence...)."""
        out = {
            "contract_version": CONTRACT_VERSION,
            "file": self.file,
            "pages": self.pages,
            "verdict": self.verdict,
            "case": dict(self.case),
            "case_profile": dict(self.case_profile),
            "documents": [d.to_contract() for d in self.documents],
            "page_flags": [dict(p) for p in self.page_flags],
            "findings": [f.to_contract() for f in self.findings],
            "score": None if self.score is None else round(float(self.score), 1),
            "score_range": self.score_range,
            "grade": self.grade,
            "grade_status": self.grade_status if self.is_dossier else None,
            "grade_if_confirmed": list(self.grade_if_confirmed) if self.is_dossier else [],
        }
        if self.grade_reason:
            out["grade_reason"] = bounded(self.grade_reason)
        if not self.is_dossier:
            out["verdict_reason"] = bounded(self.verdict_reason)
        if self.sources:
            out["sources"] = [dict(s) for s in self.sources]
        out["veto"] = self.vetoed
        out["errors"] = [{**e, "message": bounded(str(e.get("message") or ""))} for e in self.errors]
        if self.checklist:
            out["checklist"] = self.checklist
        return out
