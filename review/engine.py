"""Run every checklist item on a dossier and score the result.

A check that raises becomes an ``uncertain`` finding carrying the error (the
Great Expectations pattern): one broken rule never loses a dossier's review.
"""
from __future__ import annotations

import traceback

from ingest.datamodel import Dossier
from ingest.readings import is_ocr
from review.checklist import Checklist, ChecklistItem, load_checklist
from review.checks.registry import get_check
from review.context import CheckContext
from review.findings import Evidence, Finding, Review
from review.scoring import apply_scoring, grade_of, score_of

_DEFAULT: Checklist | None = None
# Lowest confidence at which an OCR reading quoted by a failure is decisive. Measured with
# `python -m ingest.ocr SCANS --digital TWINS --cached` on 115 scanned pages (family D, seed
# 4242): no misread date (271) or page number (77) there, and 0.6 kept 89% of the correct dates;
# the bar was raised to 0.7 after a decision date's 8 read as 3 scored 0.61 (twins, seed 2468).
# Dates are scored on their month and day characters only (ingest.readings.date_conf).
# The misreads seen in evals (a birth date taken for a decision date, 刑 read as 型, a missed
# margin number, a date quoted in prose) were confident: plausibility checks score those 0.0.
OCR_DECISIVE_CONF = 0.7


def default_checklist() -> Checklist:
    """The bundled checklist, loaded once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_checklist()
    return _DEFAULT


def _ocr_pages(finding: Finding, dossier: Dossier) -> set[int]:
    pages = set(finding.pages) | {e.page for e in finding.evidence if e.page}
    return {p for p in pages if 1 <= p <= len(dossier.pages) and is_ocr(dossier.page(p))}


def evidence_conf(e: Evidence, scanned: set[int]) -> float:
    """Confidence of one piece of evidence: its check's score; unscored on an OCR page = 0.0."""
    if e.conf is not None:
        return e.conf
    return 0.0 if e.page in scanned else 1.0


def doubt_if_read_by_ocr(finding: Finding, dossier: Dossier, min_conf: float = OCR_DECISIVE_CONF) -> Finding:
    """A failure whose decisive OCR readings are unsure goes to the reviewer as uncertain.

    OCR misreads single digits (a page number 1 as 7, 二〇二三 as 二二三), so for
    items that compare printed numbers, dates or case numbers each piece of
    evidence carries the confidence of the reading it quotes (checks give the
    pieces of one occurrence, such as the two dates of a deadline, their joint
    confidence, and score implausible readings 0.0). The failure stands on its
    sure occurrences (at least `min_conf`); unsure ones are not counted and
    are named for checking; with none sure it is uncertain (checklist.md:
    unreadable input -> uncertain, not fail).
    """
    if finding.status != "fail":
        return finding
    scanned = _ocr_pages(finding, dossier)
    unsure = [e for e in finding.evidence if evidence_conf(e, scanned) < min_conf]
    unquoted = scanned - {e.page for e in finding.evidence}  # OCR pages it rests on but quotes nothing from
    if not unsure and not unquoted:
        if scanned:
            finding.decided_by += "+ocr_sure"
        return finding
    pages = sorted(({e.page for e in unsure} & scanned) | unquoted) or sorted(scanned)
    note = f"第{'、'.join(map(str, pages[:6]))}页为扫描件，" if pages else ""
    sure = len(finding.evidence) - len(unsure)
    if sure > 0:
        finding.occurrences = max(1, round(finding.occurrences * sure / len(finding.evidence)))
        finding.message += f"（{note}部分数字与日期经OCR识别，置信度不足，未计入，请核对原件）"
        finding.decided_by += "+ocr_partly"
        return finding
    finding.status = "uncertain"
    finding.confidence = round(finding.confidence * 0.5, 3)
    finding.message += f"（{note}数字与日期经OCR识别，请核对原件）"
    finding.decided_by += "+ocr"
    return finding


def run_item(dossier: Dossier, item: ChecklistItem, ctx: CheckContext) -> Finding:
    """One item: applicability first, then its check; exceptions become uncertain findings."""
    try:
        if ctx.applicability(item) is False:
            finding = Finding(item.id, "not_applicable", 0.9, message="本案不适用", decided_by=f"rule:{item.id}")
        else:
            finding = get_check(item.check)(dossier, item, ctx)
            if finding.item != item.id:
                finding.item = item.id
            if item.params.get("ocr_sensitive"):
                finding = doubt_if_read_by_ocr(finding, dossier)
    except Exception as exc:  # noqa: BLE001 - recorded as data, see module docstring
        finding = Finding(item.id, "uncertain", 0.0, message=f"检查出错，需人工复核：{type(exc).__name__}: {exc}",
                          decided_by=f"rule:{item.id}",
                          error="".join(traceback.format_exception_only(type(exc), exc)).strip())
    return apply_scoring(item, finding, ctx.is_veto(item))


def review_dossier(dossier: Dossier, checklist: Checklist | None = None) -> Review:
    """Review a dossier against a checklist (default: the bundled one)."""
    checklist = checklist or default_checklist()
    ctx = CheckContext.build(dossier, checklist)
    findings = [run_item(dossier, item, ctx) for item in checklist.items]
    score = score_of(findings, checklist.grades)
    errors = [{"stage": e.stage, "message": e.message, "page": e.page} for e in dossier.errors]
    errors += [{"stage": f"review:{f.item}", "message": f.error, "page": None} for f in findings if f.error]
    return Review(file=dossier.name, pages=len(dossier.pages), case=dossier.facts.to_contract(),
                  documents=list(dossier.documents), page_flags=dossier.page_flags_contract(),
                  findings=findings, score=score, grade=grade_of(findings, score, checklist.grades),
                  errors=errors, checklist=checklist.name)
