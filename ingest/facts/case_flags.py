"""Yes/no facts of the case: appointed on an organ's notice, exempt from the means test,
pleaded guilty, had a hearing.

Each is read from the documents that say it (a notice, the application, the closing report),
so a word quoted elsewhere in the file does not set it; the cue wording is data
(data/facts_wording.yaml).
"""
from __future__ import annotations

import re

from ingest.datamodel import CaseFacts, Dossier
from ingest.facts.sources import flat_text
from ingest.facts.wording import EXEMPT_NEGATION_RE, EXEMPT_RE, HEARING_CUES, NOTICE_CUES, NOTICE_ORGANS, PLEA_CUES

_NOTICE = re.compile(NOTICE_CUES)
# "根据XX市公安局XX分局的通知，指派…": the assignment names the organ's notice even
# when the notice itself is missing from the file
_ORGAN_NOTICE = re.compile(rf"根据[^。；，,]{{2,30}}(?:{NOTICE_ORGANS})[^。；，,]{{0,30}}通知")
_PLEA = re.compile(PLEA_CUES)
_HEARING = re.compile(HEARING_CUES)


def _texts(dossier: Dossier, *types: str) -> str:
    return "\n".join(dossier.text_of(d) for d in dossier.documents_of(*types))


def read_case_flags(dossier: Dossier, f: CaseFacts) -> None:
    """Set f.appointed_by_notice, f.means_test_exempt, f.pleaded_guilty and f.had_hearing."""
    notice_text = _texts(dossier, "cover", "decision", "court_notice", "assignment", "approval")
    f.appointed_by_notice = dossier.has("court_notice") or bool(
        _NOTICE.search(notice_text) or _ORGAN_NOTICE.search(flat_text(notice_text)))
    exempt_text = flat_text(_texts(dossier, "application", "approval", "decision"))
    for m in EXEMPT_RE.finditer(exempt_text):
        if not EXEMPT_NEGATION_RE.search(exempt_text[max(0, m.start() - 12):m.end() + 8]):
            f.means_test_exempt = True
            break
    all_text = flat_text("\n".join(p.text for p in dossier.pages))
    f.pleaded_guilty = dossier.has("plea_agreement") or bool(_PLEA.search(all_text))
    hear_text = flat_text(_texts(dossier, "closing_report", "judgment"))
    f.had_hearing = dossier.has("hearing_record") or bool(_HEARING.search(hear_text))
