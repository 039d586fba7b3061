"""BD-04..07: no page flagged duplicate, blank, rotated or another case's; what marks another case's page."""
from __future__ import annotations

from ingest.datamodel import DECISIVE_READING_CONF, Document, Dossier, Page
from review.checklist import ChecklistItem
from review.checks.doubt import flag_conf
from review.checks.registry import check
from review.checks.text import snippet
from review.confidence import level
from review.messages import message
from review.context import CheckContext
from review.findings import Evidence, Finding


@check("page_flag")
def page_flag(dossier: Dossier, item: ChecklistItem, ctx: CheckContext) -> Finding:
    """BD-04..07: no page carries the item's flag (duplicate, blank, rotated, other_case)."""
    rule = f"rule:{item.id}"
    flag = item.params["flag"]
    label = item.params.get("message", flag)
    pages = set(dossier.flagged(flag))
    if flag == "rotated":
        pages |= {pg.index for pg in dossier.pages if pg.rotation % 360}
    if not pages:
        return Finding(item.id, "pass", level("rule_pass"), message=message("page_flags.none", label=label),
                       decided_by=f"rule:{item.id}")
    pages_s = sorted(pages)
    evidence = [_flag_evidence(dossier, dossier.page(i), flag, label) for i in pages_s]
    return Finding(item.id, "fail", level("rule_fail"), pages=pages_s,
                   message=message("page_flags.flagged", pages="、".join(map(str, pages_s)), label=label) + "".join(
                       message("page_flags.other_case_why", page=e.page, why=e.text)
                       for e in evidence if e.source == "other_case"),
                   evidence=evidence, occurrences=len(pages_s), decided_by=rule)


# another client's name decides BD-07 (checklist: "another legal-aid case number of the same kind
# or another client name"): ingest.facts.other_case flags a page only when the labelled names on it are all
# strangers and ours is not named there; a name the case's own forms also carry stays fragile
# (levels stranger_name and fragile_stranger_name in review/data/confidence.yaml)
RELATIVE_MAY_ACT_TYPES = ("callback_record", "power_of_attorney", "rights_notice")  # a relative answers, signs
CLIENT_RECORD_TYPES = ("application", "approval", "decision", "assignment", "identity", "financial_status",
                       "court_notice", "aid_letter")


def _flag_evidence(dossier: Dossier, page: Page, flag: str, label: str) -> Evidence:
    """What a page flag rests on; for another case's page, the other case number or name."""
    conf = flag_conf(dossier, page, flag)
    why = dossier.facts.other_case.get(page.index) if flag == "other_case" else None
    if why is None:
        return Evidence(page.index, snippet(page.text, 60) or label, f"page_flag:{flag}", conf)
    kind, text = why
    if kind == "case_no":
        return Evidence(page.index, message("page_flags.other_case_no", number=text), "other_case", conf)
    ours = dossier.facts.client.value if dossier.facts.client else ""
    doc = dossier.document_at(page.index)
    if doc is not None and doc.type in RELATIVE_MAY_ACT_TYPES:
        return Evidence(page.index, message("page_flags.stranger_name", name=text, client=ours), "other_case",
                        min(conf if conf is not None else 1.0, level("fragile_stranger_name")),
                        note=message("page_flags.relative_may_act", page=page.index, name=text))
    core = [d for d in dossier.documents_of(*CLIENT_RECORD_TYPES) if page.index not in d.pages]
    if any(text in dossier.text_of(d) for d in core):  # the client's own forms name them: the cover is wrong
        return Evidence(page.index, message("page_flags.stranger_name", name=text, client=ours), "other_case",
                        min(conf if conf is not None else 1.0, level("fragile_stranger_name")),
                        note=message("page_flags.named_in_own_forms", name=text))
    return Evidence(page.index, message("page_flags.stranger_name", name=text, client=ours), "other_case",
                    min(conf if conf is not None else 1.0, level("stranger_name")))


def decisively_foreign(dossier: Dossier, doc: Document) -> bool:
    """Every page of the document is another case's, decisively (BD-07: another number, a
    stranger's name that none of the case's own forms carries): it is none of this case's."""
    return all("other_case" in dossier.page(i).flags for i in doc.pages) \
        and (other_case_evidence(dossier, dossier.page(doc.first_page)).conf or 0.0) >= DECISIVE_READING_CONF


def other_case_evidence(dossier: Dossier, page: Page) -> Evidence:
    """What marks a page as another case's, with how surely (the MD checks do not count it)."""
    return _flag_evidence(dossier, page, "other_case", message("page_flags.other_case"))
