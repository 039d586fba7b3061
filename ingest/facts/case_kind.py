"""The case kind (criminal_defense, civil, arbitration ...): cover field, case-number marker, wording.

An explicit 案件类别 on the cover decides; else the marker after 援 in the case number gives
the family, and the wording of the formal documents refines it (刑 -> defense or agency,
民 files that are arbitrations); without a number the wording alone decides.
"""
from __future__ import annotations

from collections import Counter

from ingest.facts.casenumbers import key_marker
from ingest.datamodel import CaseFacts, Dossier, Fact
from ingest.facts.sources import case_pages
from ingest.facts.wording import KIND_FIELD, KIND_FIELD_LABELS, KIND_MARKERS, KIND_WORDS

# documents whose wording tells the kind (the cover counts triple)
_HEAD_TYPES = ("cover", "application", "decision", "court_notice", "approval", "assignment", "closing_report")
# markers that name the kind outright; 民 and 刑 are refined by the wording
_DECISIVE_MARKERS = ("criminal_defense", "criminal_agency", "non_litigation", "administrative")


def case_kind(dossier: Dossier, f: CaseFacts, case_key: str | None) -> Fact | None:
    """The case kind with the page and text it rests on."""
    field = _kind_field(f)
    if field:
        return field
    score, ev = _kind_wording(dossier)
    marker = None
    if case_key:
        mk = key_marker(case_key)
        marker = next((kind for m, kind in KIND_MARKERS if m == mk), None)
    if marker in _DECISIVE_MARKERS:
        return Fact(marker, f.case_no.page if f.case_no else None, f.case_no.value if f.case_no else "")
    if marker == "civil" and score["arbitration"] > max(score["civil"], 1) * 0.5:
        marker = "arbitration"  # arbitration files often carry the 民 marker
    elif marker == "civil" and score["non_litigation"] > max(score["civil"], 1):
        marker = "non_litigation"
    page = f.case_no.page if f.case_no else None
    evtext = f.case_no.value if f.case_no else ""
    if marker == "criminal":
        agency, defense = score["criminal_agency"], score["criminal_defense"]
        code = "criminal_agency" if agency > defense * 0.6 and agency > 0 else "criminal_defense"
        return Fact(code, ev.get(code, (page, evtext))[0], f"{evtext} {ev.get(code, (0, ''))[1]}".strip())
    if marker:
        return Fact(marker, page, str(evtext))
    if score:
        code = max(score, key=score.get)
        return Fact(code, ev[code][0], ev[code][1])
    return None


def _kind_field(f: CaseFacts) -> Fact | None:
    """An explicit kind field on the cover (案件类别：刑事辩护)."""
    for lab in KIND_FIELD_LABELS:
        cf = f.cover.get(lab)
        if cf:
            for code, words in KIND_FIELD:
                if any(w in str(cf.value) for w in words):
                    return Fact(code, cf.page, cf.text)
    return None


def _kind_wording(dossier: Dossier) -> tuple[Counter, dict[str, tuple[int, str]]]:
    """Kind scores from the wording of the cover, application, decision and notice pages, and
    the first page and word that scored each kind."""
    score: Counter = Counter()
    ev: dict[str, tuple[int, str]] = {}
    for d in dossier.documents:
        if d.type not in _HEAD_TYPES:
            continue
        w = 3.0 if d.type == "cover" else 1.0
        for pg in case_pages(dossier, d):
            for code, words in KIND_WORDS.items():
                for word in words:
                    n = pg.text.count(word)
                    if n:
                        score[code] += w * min(n, 3) * (2 if len(word) >= 4 else 1)
                        ev.setdefault(code, (pg.index, word))
    return score, ev
