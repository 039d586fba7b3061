"""MD: missing documents. One data-driven check serves every MD item.

Each MD item lists the document types it needs (``params.all_of`` /
``params.any_of``, with ``types_when`` alternatives such as the aid letter
replacing the power of attorney in 通知辩护) and when it applies; adding a
province's MD item is a YAML edit. A document that may be hidden in an
unreadable scan, or found only with low confidence, gives ``uncertain``.
"""
from __future__ import annotations

import re

from ingest.datamodel import Document, Dossier, Page
from ingest.doctypes import listed_titles, type_name
from ingest.readings import may_hide
from ingest.pages.titles import page_heading
from review.checklist import ChecklistItem
from review.checks.binding.page_flags import decisively_foreign
from review.checks.registry import check
from review.checks.text import doc_label, unreadable_pages
from review.checks.titles import heading_contradicts, headed_pages, named_type, titles_named
from review.conditions import evaluate
from review.confidence import level
from review.messages import message
from review.context import CheckContext
from review.findings import Evidence, Finding

LOW_CONFIDENCE = 0.5
# a page the model gives this much probability of the missing type may be it
POSSIBLE_TYPE_PROB = 0.25


def _cueless(dossier: Dossier, doc: Document, cues: list[str]) -> bool:
    """A weakly typed document whose text names none of ``cues``, and no scanned page of it may
    hold one misread: the page model's guess is all that makes it that type."""
    if not cues or doc.confidence >= LOW_CONFIDENCE:
        return False
    return not any(_may_name(dossier.page(i), cues) for i in doc.pages)


def _may_name(page: Page, cues: list[str]) -> bool:
    """The page names one of ``cues``, or OCR may have misread one on it."""
    return any(c in page.text for c in cues) or may_hide(page, cues)


def possible_pages(dossier: Dossier, types: list[str]) -> list[tuple[int, str, float]]:
    """(page, type, probability) where the page model gave a missing type real weight."""
    out = []
    doc_at = dossier.documents_by_page()
    need = {t: listed_titles(t) for t in types}
    for page in dossier.pages:
        if "other_case" in page.flags:  # another case's page is none of this case's documents
            continue
        named = named_type(page)
        if named not in (None, *types):  # its heading names another type
            continue
        doc = doc_at.get(page.index)
        if named is None and doc is not None and doc.type not in types and doc.first_page != page.index \
                and page_heading(dossier.page(doc.first_page), [doc.type]) is not None:
            continue  # a later page of a document headed as what it was typed (a judgment's 2nd page)
        # a table of contents names the documents it lists: a page naming fewer is not one
        named_n = titles_named(re.sub(r"\s+", "", page.text)) if any(need.values()) else 0
        best = max(((t, page.type_scores.get(t, 0.0)) for t in types if named_n >= need[t]),
                   key=lambda x: x[1], default=None)
        if best and best[1] >= POSSIBLE_TYPE_PROB:
            out.append((page.index, best[0], best[1]))
    return out


def required_types(item: ChecklistItem, ctx: CheckContext) -> tuple[list[str], list[str]]:
    """(all_of, any_of) type lists for this dossier, after ``types_when`` overrides."""
    all_of = list(item.params.get("all_of", []))
    any_of = list(item.params.get("any_of", []))
    for alt in item.params.get("types_when", []) or []:
        if evaluate(alt.get("when"), ctx.profile) is True:
            all_of = list(alt.get("all_of", []))
            any_of = list(alt.get("any_of", []))
            break
    return all_of, any_of


def _names(types: list[str], joiner: str) -> str:
    return joiner.join(type_name(t) for t in types)


@check("required_documents")
def required_documents(dossier: Dossier, item: ChecklistItem, ctx: CheckContext) -> Finding:
    """Pass when the required document types are bound in the dossier."""
    rule = f"rule:{item.id}"
    applies = ctx.applicability(item)
    if applies is False:
        return Finding(item.id, "not_applicable", level("item_excluded"), message=message("engine.not_applicable"), decided_by=rule)
    all_of, any_of = required_types(item, ctx)
    found, renamed, foreign, cueless = _bound_documents(dossier, item, all_of + any_of)
    missing_groups: list[list[str]] = [[t] for t in all_of if not any(d.type == t for d in found)]
    if any_of and not any(d.type in any_of for d in found):
        missing_groups.append(any_of)
    if not missing_groups:
        return _present(dossier, item, found, all_of, any_of)
    missing = [t for g in missing_groups for t in g]
    text, evidence = _missing_message(item, missing_groups, renamed,
                                      [d for d in foreign if d.type in missing], cueless)
    return _absent(dossier, item, applies, missing_groups, missing, cueless, text, evidence)


def _bound_documents(dossier: Dossier, item: ChecklistItem, wanted: list[str]) -> tuple[
        list[Document], list[tuple[Document, str]], list[Document], list[Document]]:
    """(found, renamed, foreign, cueless): the documents typed as wanted that count, and those that
    do not because their heading names another type, they are another case's, or they name none
    of the type's cues."""
    typed = [d for d in dossier.documents if d.type in wanted]
    # a document whose own heading names another type is not the wanted one (read beats model)
    renamed = [(d, t) for d in typed if (t := heading_contradicts(dossier, d))]
    # another case's document bound here (BD-07, decisively: another number, a stranger's name
    # that none of the case's own forms carries) is not this case's
    foreign = [d for d in typed if decisively_foreign(dossier, d)]
    # a weakly typed document that names none of its type's cues (a closing report's 受援人评价 page
    # typed as the callback record never says 回访), where no scanned page could hide one, is not it
    cueless = [d for d in typed if _cueless(dossier, d, item.params.get("content_cues", []))]
    found = [d for d in typed if all(d is not r for r, _ in renamed) and d not in foreign and d not in cueless]
    return found, renamed, foreign, cueless


def _present(dossier: Dossier, item: ChecklistItem, found: list[Document], all_of: list[str],
             any_of: list[str]) -> Finding:
    """Every required type is bound: a pass, or uncertain when a group rests on weakly typed
    documents that no heading names."""
    pages = [d.first_page for d in found]
    groups = [[t] for t in all_of] + ([any_of] if any_of else [])
    sure = [d for d in found if d.confidence >= LOW_CONFIDENCE
            or page_heading(dossier.page(d.first_page), [d.type]) is not None]  # its heading names it
    weak = [g for g in groups if not any(d.type in g for d in sure)]
    if weak:
        low = [d for d in found if d not in sure]
        return Finding(item.id, "uncertain", level("weakly_typed"), pages=pages,
                       message=message("missing.weakly_typed", types=_names(sorted(set(d.type for d in low)), "、")),
                       evidence=[Evidence(d.first_page, doc_label(d), d.type) for d in low],
                       decided_by="model:page_classifier")
    return Finding(item.id, "pass", level("typed_present"),
                   pages=pages, message=message("missing.present", documents="、".join(doc_label(d) for d in found)),
                   evidence=[Evidence(d.first_page, doc_label(d), d.type) for d in found], decided_by=f"rule:{item.id}")


def _missing_message(item: ChecklistItem, missing_groups: list[list[str]], renamed: list[tuple[Document, str]],
                     foreign: list[Document], cueless: list[Document]) -> tuple[str, list[Evidence]]:
    """What is missing, and why documents typed as it do not count (their heading, another case,
    no cue)."""
    text = "；".join(message("missing.absent", types=_names(g, message("missing.or"))) for g in missing_groups)
    evidence = [Evidence(None, _names(g, message("missing.or")), "missing_type:" + "|".join(g)) for g in missing_groups]
    if renamed:
        text += message("common.aside", text="；".join(
            message("missing.renamed", page=d.first_page, headed=type_name(t), typed=type_name(d.type))
            for d, t in renamed[:5]))
        evidence += [Evidence(d.first_page, message("common.headed_as", headed=type_name(t)), f"title:{t}")
                     for d, t in renamed[:5]]
    if foreign:
        text += message("common.aside", text="；".join(
            message("missing.foreign", page=d.first_page, typed=type_name(d.type)) for d in foreign[:5]))
    if cueless:
        text += message("common.aside", text="；".join(
            message("missing.cueless", page=d.first_page, cues="、".join(item.params["content_cues"][:2]),
                    typed=type_name(d.type)) for d in cueless[:5]))
    return text, evidence


def _absent(dossier: Dossier, item: ChecklistItem, applies: bool | None, missing_groups: list[list[str]],
            missing: list[str], cueless: list[Document], text: str, evidence: list[Evidence]) -> Finding:
    """A required type is not bound: a fail, unless a page headed as it, a page the model thinks
    may be it, an unreadable page or an unread applicability leaves room for doubt."""
    rule = f"rule:{item.id}"
    headed = [h for h in headed_pages(dossier, missing)
              if "other_case" not in dossier.page(h[0]).flags]
    if headed and all(any(t in g for _, _, t in headed) for g in missing_groups):
        return Finding(item.id, "pass", level("heading_present"), pages=[p for p, _, _ in headed],
                       message=message("missing.present", documents="、".join(
                           message("missing.headed_page", page=p, heading=h, type=type_name(t)) for p, h, t in headed)),
                       evidence=[Evidence(p, h, f"title:{t}") for p, h, t in headed],
                       decided_by=f"rule:{item.id}+title")
    # a page the model half thinks is the missing type is no candidate when it names none of the
    # words every such document carries (a 考勤记录 copy is no meeting record)
    cues = item.params.get("content_cues", [])
    cueless_pages = {i for d in cueless for i in d.pages}
    maybe = [m for m in possible_pages(dossier, missing) if m[0] not in cueless_pages
             and (not cues or _may_name(dossier.page(m[0]), cues))]
    if maybe:
        return Finding(item.id, "uncertain", level("possible_page"), pages=[p for p, _, _ in maybe],
                       message=message("missing.possible", absent=text, pages="、".join(str(p) for p, _, _ in maybe[:6]),
                                       prob=max(x for _, _, x in maybe)),
                       evidence=evidence + [Evidence(p, message("missing.possible_page", type=type_name(t), prob=x),
                                                     f"possible:{t}")
                                            for p, t, x in maybe[:6]],
                       decided_by=f"rule:{item.id}+model")
    hidden = unreadable_pages(dossier)
    if hidden:
        return Finding(item.id, "uncertain", level("unreadable_may_hide"), pages=hidden,
                       message=message("missing.may_hide", absent=text, pages="、".join(map(str, hidden))),
                       evidence=evidence + [Evidence(p, message("missing.unreadable_page"), "page_flag:unreadable")
                                            for p in hidden],
                       decided_by=rule)
    witnesses = item.params.get("applicability_read_from", [])
    if applies is None or (witnesses and not dossier.has(*witnesses)):
        # whether the item applies is read from documents that are not there (an exemption from the
        # means test is stated on the application): its absence proves nothing
        return Finding(item.id, "uncertain", level("applicability_unread"), message=message("missing.applicability_unread", absent=text),
                       evidence=evidence, decided_by=rule)
    return Finding(item.id, "fail", level("absent_document"), message=text, evidence=evidence, decided_by=rule)
