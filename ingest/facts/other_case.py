"""Pages of another case bound into the dossier (BD-07), flagged before any fact is read from documents.

A page of another case must date no event of ours and state nothing of ours, so the flag is set
early; what each flag rests on (a case number or a client name) is kept for the finding.
"""
from __future__ import annotations

from ingest.facts.casenumbers import find_case_numbers, same_kind
from ingest.datamodel import CaseFacts, Dossier
from ingest.facts.sources import flat_text
from ingest.facts.wording import NOT_NAMES, OTHER_CASE_EXEMPT_TYPES, OTHER_CASE_LABELS
from ingest.facts.people import label_values


def flag_other_case(dossier: Dossier, f: CaseFacts, case_key: str | None) -> None:
    """Flag pages of another case (BD-07) and record what each flag rests on in ``f.other_case``.

    Only another legal-aid case number of the same kind, on a page that carries
    neither ours nor our client's name, or another client's name where this dossier's client is not
    named at all, marks a page. Documents' own reference numbers, court and
    procuratorate numbers, and letters that list several cases never do.
    """
    client = f.client.value if f.client else None
    f.other_case.clear()
    doc_at = dossier.documents_by_page()
    for pg in dossier.pages:
        pg.flags.discard("other_case")
        doc = doc_at.get(pg.index)
        if doc is not None and doc.type in OTHER_CASE_EXEMPT_TYPES:
            continue
        if case_key:
            found = find_case_numbers(pg.text)
            keys = {k for _, k in found}
            others = [raw for raw, k in found if k != case_key and same_kind(k, case_key)]
            # a page that names this case's client is this case's, whatever number it carries
            # (a procuratorate's or firm's own 援字 number on the notice or the agreement)
            if others and case_key not in keys and not (client and client in flat_text(pg.text)):
                pg.flags.add("other_case")
                f.other_case[pg.index] = ("case_no", others[0])
                continue
        if client and client not in flat_text(pg.text):
            names = {n for lab, n, _ in label_values(pg.text, OTHER_CASE_LABELS, strict_sep=True)} - NOT_NAMES
            strangers = [n for n in names if not (client in n or n in client)]
            if strangers and len(strangers) == len(names):
                pg.flags.add("other_case")
                f.other_case[pg.index] = ("client", strangers[0])
