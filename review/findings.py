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


@dataclass(frozen=True)
class Evidence:
    """A piece of support for a finding: a page and a text span or missing type."""

    page: int | None
    text: str
    source: str = ""  # document type, 'missing_type', 'page_flag', 'toc', 'event:...'
    conf: float | None = None  # confidence of the reading quoted (OCR); None: not assessed

    def to_dict(self) -> dict:
        out = {"page": self.page, "text": self.text, "source": self.source}
        if self.conf is not None:
            out["conf"] = round(self.conf, 3)
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
                               "message": self.message}
        if self.evidence:
            out["evidence"] = [e.to_dict() for e in self.evidence]
        if self.status == "fail":
            out["deduction"] = round(self.deduction, 2)
            out["occurrences"] = self.occurrences
            out["veto"] = self.veto
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
    score: float = 100.0
    grade: str = ""
    errors: list[dict] = field(default_factory=list)
    checklist: str = ""

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

    def to_contract(self) -> dict:
        """The output-contract JSON (plus additive fields: errors, veto, evidence...)."""
        out = {
            "file": self.file,
            "pages": self.pages,
            "case": dict(self.case),
            "documents": [d.to_contract() for d in self.documents],
            "page_flags": [dict(p) for p in self.page_flags],
            "findings": [f.to_contract() for f in self.findings],
            "score": round(float(self.score), 1),
            "grade": self.grade,
        }
        out["veto"] = self.vetoed
        out["errors"] = list(self.errors)
        if self.checklist:
            out["checklist"] = self.checklist
        return out
