"""Is this file a legal-aid case dossier at all?

A readable PDF that is not a dossier (a paper, a manual, a spreadsheet
printout) must never get a score or grade: reviewing it as a dossier would
report every document missing and grade it 不合格 as if a lawyer had failed.
Nor does a file without one readable character (blank pages, a photo in which
OCR found no text): every item would be uncertain and the score a meaningless 100.

The rule asks for positive evidence before it calls a file not a dossier: the
text (ingest.aidtext) is in another language, or is plenty of Chinese without
one legal-aid word, and there is no legal-aid case number and no legal-aid
document typed with confidence. A scan whose OCR read little, or a dossier
without its cover, stays a dossier (its doubtful items are uncertain).
"""
from __future__ import annotations

from dataclasses import dataclass

from ingest.aidtext import TextEvidence, text_evidence
from ingest.datamodel import Dossier

DOSSIER, NOT_A_DOSSIER = "dossier", "not_a_dossier"
# document types only a legal-aid dossier has (a court judgment or a toc does not tell)
LEGAL_AID_TYPES = frozenset({"cover", "application", "financial_status", "approval", "decision", "court_notice",
                             "assignment", "aid_letter", "rights_notice", "closing_report", "callback_record"})
TYPED_CONF = 0.9  # a document typed at least this sure counts as legal-aid evidence
TYPED_DOCS = 2  # ... when there are this many of them
MIN_LETTERS_FOREIGN = 20  # below this "mostly not Chinese" says little: the reason names no language


@dataclass(frozen=True)
class Verdict:
    """``dossier`` or ``not_a_dossier`` with the reason in Chinese and English."""

    verdict: str
    reason_zh: str = ""
    reason_en: str = ""

    @property
    def is_dossier(self) -> bool:
        return self.verdict == DOSSIER

    @property
    def reason(self) -> str:
        return f"{self.reason_zh} / {self.reason_en}" if self.reason_zh else ""


def typed_legal_aid_docs(dossier: Dossier, min_conf: float = TYPED_CONF) -> int:
    """Documents of a legal-aid-only type that the page model typed with confidence."""
    return sum(1 for d in dossier.documents if d.type in LEGAL_AID_TYPES and d.confidence >= min_conf)


def _not_a_dossier(ev: TextEvidence) -> Verdict:
    if ev.no_text:
        return Verdict(NOT_A_DOSSIER, f"无法识别任何文字（{ev.pages}页均为空白或图像，未识别出文字），无法评查",
                       f"no readable text ({ev.pages} pages blank or images without recognised text), "
                       f"cannot be reviewed")
    if ev.foreign and ev.letters >= MIN_LETTERS_FOREIGN:
        share = round(100 * ev.cjk_share)
        return Verdict(NOT_A_DOSSIER, f"不是法律援助案卷：文字主要不是中文（中文字符占{share}%），"
                                      f"未见法律援助案号或法律援助文书",
                       f"not a legal-aid case dossier: the text is mostly not Chinese ({share}% CJK), "
                       f"no legal-aid case number or legal-aid document")
    return Verdict(NOT_A_DOSSIER, f"不是法律援助案卷：全文{ev.letters}个字中未见“法律援助”“受援人”等字样，"
                                  f"未见法律援助案号或法律援助文书",
                   f"not a legal-aid case dossier: no mention of legal aid in {ev.letters} letters of text, "
                   f"no legal-aid case number or legal-aid document")


def assess(dossier: Dossier) -> Verdict:
    """Decide from the text, the case number and the typed documents (see module docstring)."""
    ev = text_evidence(dossier.pages)
    if ev.no_text:
        return _not_a_dossier(ev)
    if dossier.facts.case_no is not None or ev.legal_aid:
        return Verdict(DOSSIER)
    if ev.unrelated and typed_legal_aid_docs(dossier) < TYPED_DOCS:
        return _not_a_dossier(ev)
    return Verdict(DOSSIER)
