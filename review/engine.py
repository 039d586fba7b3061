"""Run every checklist item on a dossier and score the result.

A check that raises becomes an ``uncertain`` finding carrying the error (the
Great Expectations pattern): one broken rule never loses a dossier's review.
"""
from __future__ import annotations

import traceback

from ingest.datamodel import DECISIVE_READING_CONF, Dossier
from ingest.readings import is_ocr
from review.checklist import Checklist, ChecklistItem, default_checklist
from review.checks.registry import get_check
from review.confidence import level
from review.messages import message
from review.context import BUNDLED, Bundled, CheckContext, FollowupModels
from review.findings import Evidence, Finding, Review
from review.calibration import default_calibration
from review.verdict import assess
from review.scoring import apply_scoring, grading_of

# Lowest confidence at which an OCR reading quoted by a failure is decisive (measured: see
# ingest.datamodel.DECISIVE_READING_CONF). Dates are scored on their month and day characters only.
OCR_DECISIVE_CONF = DECISIVE_READING_CONF


def _ocr_pages(finding: Finding, dossier: Dossier) -> set[int]:
    pages = set(finding.pages) | {e.page for e in finding.evidence if e.page}
    return {p for p in pages if 1 <= p <= len(dossier.pages) and is_ocr(dossier.page(p))}


def evidence_conf(e: Evidence, scanned: set[int]) -> float:
    """Confidence of one piece of evidence: its check's score; unscored on an OCR page = 0.0."""
    if e.conf is not None:
        return e.conf
    return 0.0 if e.page in scanned else 1.0


def require_decisive(finding: Finding, dossier: Dossier, ocr_sensitive: bool = True,
                     min_conf: float = OCR_DECISIVE_CONF) -> Finding:
    """A failure stands only on decisive evidence; fragile readings make it ``uncertain``.

    A `fail` is an accusation against a lawyer. Checks give each piece of
    evidence the confidence of the reading it rests on (``Evidence.conf``, with
    ``note`` saying why it is fragile: a date next to seal text, a client's name
    alone, one page typed against its neighbours); the pieces of one occurrence
    share their joint confidence. For items that compare printed numbers, dates
    or case numbers (``ocr_sensitive``) unscored evidence on an OCR page counts
    as unsure too: OCR misreads single digits (1 as 7, 二〇二三 as 二二三). The
    failure stands on its sure occurrences (at least `min_conf`); unsure ones are
    not counted and are named for checking; with none sure it is uncertain
    (checklist.md: unreadable input -> uncertain, not fail).
    """
    if finding.status != "fail":
        return finding
    scanned = _ocr_pages(finding, dossier) if ocr_sensitive else set()
    unsure = [e for e in finding.evidence if evidence_conf(e, scanned) < min_conf]
    unquoted = scanned - {e.page for e in finding.evidence}  # OCR pages it rests on but quotes nothing from
    if not unsure and not unquoted:
        if scanned:
            finding.decided_by += "+ocr_sure"
        return finding
    ocr = sorted(({e.page for e in unsure} & scanned) | unquoted) or sorted(scanned)
    notes = list(dict.fromkeys(e.note for e in unsure if e.note and e.page not in scanned))
    reasons = notes + ([message("engine.ocr_pages", pages="、".join(map(str, ocr[:6])))] if ocr else [])
    why = "；".join(reasons) or message("engine.weak_evidence")
    sure = len(finding.evidence) - len(unsure)
    if sure > 0:
        finding.occurrences = max(1, round(finding.occurrences * sure / len(finding.evidence)))
        finding.message += message("engine.partly_sure", why=why)
        finding.decided_by += "+partly_sure"
        return finding
    finding.status = "uncertain"
    finding.confidence = round(finding.confidence * 0.5, 3)
    finding.message += message("engine.fragile", why=why)
    finding.decided_by += "+fragile" if notes else "+ocr"
    return finding


def run_item(dossier: Dossier, item: ChecklistItem, ctx: CheckContext) -> Finding:
    """One item: applicability first, then its check; exceptions become uncertain findings."""
    try:
        if ctx.applicability(item) is False:
            finding = Finding(item.id, "not_applicable", level("item_excluded"),
                              message=message("engine.not_applicable"), decided_by=f"rule:{item.id}")
        else:
            finding = get_check(item.check)(dossier, item, ctx)
            if finding.item != item.id:
                finding.item = item.id
            finding = require_decisive(finding, dossier, bool(item.params.get("ocr_sensitive")))
    except Exception as exc:  # noqa: BLE001 - recorded as data, see module docstring
        finding = Finding(item.id, "uncertain", level("check_error"), message=message("engine.check_error", error=f"{type(exc).__name__}: {exc}"),
                          decided_by=f"rule:{item.id}",
                          error="".join(traceback.format_exception_only(type(exc), exc)).strip())
    return calibrate(apply_scoring(item, finding, ctx.is_veto(item)))


def calibrate(finding: Finding) -> Finding:
    """Replace the check's constant confidence by the calibrated probability (review.calibration)."""
    finding.raw_confidence = finding.confidence
    cal = default_calibration()
    if cal is not None:
        finding.confidence = cal.probability(finding.status, finding.item, finding.decided_by, finding.confidence)
    return finding


def _errors(dossier: Dossier, findings: list[Finding]) -> list[dict]:
    """Processing errors of the dossier's pages and of checks that raised, as contract rows."""
    out = [{"stage": e.stage, "message": e.message, "page": e.page} for e in dossier.errors]
    return out + [{"stage": f"review:{f.item}", "message": f.error, "page": None} for f in findings if f.error]


def review_dossier(dossier: Dossier, checklist: Checklist | None = None,
                   followup_models: FollowupModels | None | Bundled = BUNDLED,
                   use_followup_models: bool | None = None) -> Review:
    """Review a dossier against a checklist (default: the bundled one).

    ``followup_models``: FU-01's learned models (default: the bundled ones, loaded once; None: the
    rules); ``use_followup_models`` overrides the items' ``model.use`` (the service reads it from
    the environment)."""
    checklist = checklist or default_checklist()
    verdict = assess(dossier)
    if not verdict.is_dossier:
        return Review(file=dossier.name, pages=len(dossier.pages), case=dossier.facts.to_contract(),
                      documents=list(dossier.documents), page_flags=dossier.page_flags_contract(),
                      findings=[], score=None, grade=None, checklist=checklist.name, grade_status="",
                      errors=_errors(dossier, []), verdict=verdict.verdict, verdict_reason=verdict.reason)
    ctx = CheckContext.build(dossier, checklist, followup_models, use_followup_models)
    findings = [run_item(dossier, item, ctx) for item in checklist.items]
    unreadable = sum(1 for p in dossier.pages if "unreadable" in p.flags)
    g = grading_of(findings, checklist.grades, unreadable)
    return Review(file=dossier.name, pages=len(dossier.pages), case=dossier.facts.to_contract(),
                  documents=list(dossier.documents), page_flags=dossier.page_flags_contract(),
                  findings=findings, score=g.score, grade=g.grade, errors=_errors(dossier, findings), checklist=checklist.name,
                  case_profile=ctx.profile.to_contract(), score_low=g.low, grade_status=g.status,
                  grade_if_confirmed=list(g.if_confirmed), grade_reason=g.reason)
