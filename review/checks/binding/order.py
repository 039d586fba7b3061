"""BD-01: documents bound in the prescribed order (and meeting records in date order)."""
from __future__ import annotations

from dataclasses import replace

from ingest.datamodel import DECISIVE_READING_CONF, Document, Dossier, TocEntry
from ingest.doctypes import type_name
from ingest.readings import event_conf
from ingest.pages.pageflags import meaningful_chars
from ingest.pages.titles import page_heading, title_cues
from review.checklist import BindingOrder, ChecklistItem
from review.checks.binding.toc import MAX_TITLE
from review.checks.doubt import doc_conf, numbers_conf, row_conf, sure_numbers
from review.checks.registry import check
from review.checks.text import doc_label, lines
from review.checks.titles import heading_contradicts, named_types
from review.confidence import level
from review.messages import message
from review.context import CheckContext
from review.findings import Evidence, Finding


def misplaced(docs: list[Document], order: BindingOrder) -> list[Document]:
    """Documents outside a longest run in prescribed order (the fewest moves that fix it)."""
    ranks = [order.rank_of(d.type) for d in docs]
    n = len(docs)
    best = [1] * n
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if ranks[j] <= ranks[i] and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    if not n:
        return []
    i = max(range(n), key=lambda k: (best[k], k))
    keep = set()
    while i >= 0:
        keep.add(i)
        i = prev[i]
    return [d for k, d in enumerate(docs) if k not in keep]


def out_of_date_order(docs: list[Document], ctx: CheckContext, types: set[str]) -> list[Document]:
    """Documents of one type (three meeting records) bound before an earlier-dated one."""
    out = []
    latest: dict[str, object] = {}
    for d in docs:
        day = ctx.date_of(d)
        if day is None or d.type not in types:
            continue
        if d.type in latest and day < latest[d.type]:
            out.append(d)
        else:
            latest[d.type] = day
    return out


def as_listed(dossier: Dossier, docs: list[Document]) -> list[Document]:
    """The documents as the toc lists them: a run of two or more consecutive documents, not all
    of one type, whose printed pages are exactly the range of a surely read row naming one type,
    the type of the run's first document, is one document of that type (证据目录 7-10 over an
    evidence list and the copies it lists, which the model typed as a judgment and others). The
    binder says what those pages are; the model's types for the attachments do not place them.
    Runs of one type (会见笔录（3份）) stay apart, and so do runs holding another case's pages."""
    rows = []
    for e in dossier.facts.toc:
        named = named_types(e.title) - {"other"}
        if e.first and len(named) == 1 and row_conf(dossier, e) >= DECISIVE_READING_CONF:
            rows.append((e.first, e.last or e.first, next(iter(named)), e))
    out, k = [], 0
    while k < len(docs):
        merged = next((m for lo, hi, kind, e in rows if (m := _filling(dossier, docs, k, lo, hi, kind, e))), None)
        if merged is None:
            out.append(docs[k])
            k += 1
        else:
            run, doc = merged
            out.append(doc)
            k += run
    return out


def _filling(dossier: Dossier, docs: list[Document], k: int, lo: int, hi: int, kind: str,
             row: TocEntry) -> tuple[int, Document] | None:
    """(how many documents, the one document) when docs[k:] start a run of adjoining documents
    whose surely read printed pages are exactly lo..hi, headed by a ``kind`` document and not all
    of that type, with no page of another case."""
    numbers: list[int] = []
    for j in range(k, len(docs)):
        d = docs[j]
        if j > k and d.first_page != docs[j - 1].last_page + 1:
            return None
        nums = sure_numbers(dossier, d)
        if nums is None:
            return None
        numbers += nums
        if numbers != list(range(lo, lo + len(numbers))) or numbers[-1] > hi:
            return None
        if numbers[-1] == hi:
            run = docs[k:j + 1]
            if len(run) < 2 or run[0].type != kind or all(r.type == kind for r in run) \
                    or any(dossier.page(i).flags & {"other_case"} for r in run for i in r.pages):
                return None
            return len(run), Document(kind, run[0].first_page, run[-1].last_page, min(r.confidence for r in run),
                                      title=row.title)
    return None


def _order_conf(dossier: Dossier, doc: Document, by_date: bool) -> float:
    """BD-01 decisive readings: the document's type and heading and, when misplaced by date, its date."""
    conf = doc_conf(dossier, doc)
    if by_date:
        events = [e for e in dossier.facts.events if e.page is not None and doc.first_page <= e.page <= doc.last_page]
        first = min(events, key=lambda e: e.day, default=None)
        day_conf = event_conf(dossier, first) if first else None
        conf = min(conf, 0.0 if day_conf is None else day_conf)
    return conf


@check("binding_order")
def binding_order(dossier: Dossier, item: ChecklistItem, ctx: CheckContext) -> Finding:
    """BD-01: documents in the prescribed order; each misplaced document is one occurrence."""
    rule = f"rule:{item.id}"
    ignore = set(item.params.get("ignore_types", ["other"]))
    orders = [ctx.binding_order] if ctx.binding_order else list(ctx.checklist.binding_orders.values())

    foreign = set(item.params.get("ignore_flags", ["other_case"]))
    # another case's pages are BD-07's, not misplaced documents of this case
    own = [d for d in dossier.documents if not all(dossier.page(i).flags & foreign for i in d.pages)]

    listed = as_listed(dossier, own)

    def ranked(order: BindingOrder, docs: list[Document]) -> list[Document]:
        return [d for d in docs if d.type not in ignore and order.rank_of(d.type) is not None]

    def misplaced_as_listed(order: BindingOrder) -> list[Document]:
        """Misplaced as the toc groups the documents, and as the model types them: the toc's
        grouping clears a misplacement (a judgment's middle page typed as a hearing record) or
        settles what a misplaced document is, never makes one."""
        raw = {d.first_page for d in misplaced(ranked(order, own), order)}
        return [d for d in misplaced(ranked(order, listed), order) if d.first_page in raw]

    results = [(misplaced_as_listed(o), o) for o in orders]
    out, order = min(results, key=lambda r: len(r[0]))
    dated = set(item.params.get("date_ordered_types", []))
    by_date = [d for d in out_of_date_order(own, ctx, dated) if d not in out]
    out += by_date
    if not out:
        return Finding(item.id, "pass", level("rule_pass"), message=message("order.in_order"), decided_by=rule)
    if ctx.binding_order is None:
        return Finding(item.id, "uncertain", level("case_kind_unknown"), pages=[d.first_page for d in out],
                       message=message("order.case_kind_unknown"), decided_by=rule)
    msgs = [message("order.misplaced", document=doc_label(d)) for d in out]
    kept = ranked(order, listed)
    evidence = [_order_evidence(dossier, d, d in by_date) for d in out]
    evidence = [ev if d in by_date else _partner_doubt(dossier, ev, d, kept, order) for ev, d in zip(evidence, out)]
    return Finding(item.id, "fail", level("rule_fail"), pages=[d.first_page for d in out], message="；".join(msgs),
                   evidence=evidence,
                   occurrences=len(out), decided_by=rule)


def _order_evidence(dossier: Dossier, doc: Document, by_date: bool) -> Evidence:
    """A misplaced document; fragile when only the model says what it is (no heading of its type).

    One page of a two-page closing report typed as 授权委托书 is not a binding error.
    """
    conf, note = _order_conf(dossier, doc, by_date), ""
    listed = 0.0 if by_date else _listed_as(dossier, doc)
    if listed:  # the toc names its type over its pages: type and extent do not rest on the model
        conf = max(conf, listed)
    elif not by_date and page_heading(dossier.page(doc.first_page), [doc.type]) is None:
        conf = min(conf, level("unheaded_type"))
        note = message("order.unheaded", page=doc.first_page, type=type_name(doc.type))
    return Evidence(doc.first_page, doc_label(doc), doc.type, conf=conf, note=note)


def _partner_doubt(dossier: Dossier, ev: Evidence, doc: Document, docs: list[Document],
                   order: BindingOrder) -> Evidence:
    """A document is out of order against the documents it is inverted with; when it or one of
    those lies inside pages a toc row gives to a document of another type (经济困难状况申报 as the third
    page of a 申请表 listed 1-3), the inversion rests on that page's model type alone."""
    rank, at = order.rank_of(doc.type), docs.index(doc)
    for k, other in enumerate(docs):
        r = order.rank_of(other.type)
        if other is not doc and (r is None or rank is None or not ((k < at and r > rank) or (k > at and r < rank))):
            continue
        row = _row_claiming(dossier, other)
        headed = _headed_otherwise(dossier, other)
        if row is not None or headed is not None or _says_nothing(dossier, other):
            why = (message("order.toc_claims", title=row.title[:MAX_TITLE]) if row is not None
                   else message("common.headed_as", headed=type_name(headed)) if headed is not None
                   else message("order.says_nothing"))
            return replace(ev, conf=min(ev.conf if ev.conf is not None else 1.0, level("unheaded_type")),
                           note=message("order.partner_doubt", document=doc_label(other), why=why))
    return ev


SAYS_NOTHING_CHARS = 30  # fewer letters than a signing tail with its seal (…二月七日 洪 民 院) carries


def _says_nothing(dossier: Dossier, doc: Document) -> bool:
    """A document without a heading of its type whose pages carry almost no text (a signing tail
    the model typed as a meeting record): nothing read says what it is."""
    if page_heading(dossier.page(doc.first_page), [doc.type]) is not None:
        return False
    return meaningful_chars(dossier.text_of(doc)) < SAYS_NOTHING_CHARS


def _headed_otherwise(dossier: Dossier, doc: Document) -> str | None:
    """The other type a document's heading names when it names only that one (起诉书 on a page the
    model typed as a judgment); a heading that may name the document's own type too is no witness."""
    other = heading_contradicts(dossier, doc)
    head = " ".join(lines(dossier.page(doc.first_page).text)[:2])
    return other if other is not None and doc.type not in named_types(head) else None


def _row_claiming(dossier: Dossier, doc: Document) -> TocEntry | None:
    """A surely read toc row whose range holds the document's printed pages and more, naming
    another type: the toc says these pages belong to a longer document of that type."""
    nums = [dossier.page(i).printed_number for i in doc.pages]
    if None in nums or not nums:
        return None
    lo, hi = min(nums), max(nums)
    for e in dossier.facts.toc:
        if not e.first or not (e.first <= lo and hi <= (e.last or e.first)) or (e.last or e.first) - e.first <= hi - lo:
            continue
        named = named_types(e.title) - {"other"}
        if named and doc.type not in named and row_conf(dossier, e) >= DECISIVE_READING_CONF:
            return e
    return None


def _listed_as(dossier: Dossier, doc: Document) -> float:
    """How surely a toc row names the document's type over exactly its printed pages (证据目录
    7-9): then the type does not rest on the model alone, though the pages carry no heading.
    0.0 when no row does, or the row or the page numbers are read below the decisive level."""
    nums = [dossier.page(i).printed_number for i in doc.pages]
    if None in nums or not nums:
        return 0.0
    for e in dossier.facts.toc:
        if (e.first, e.last or e.first) == (min(nums), max(nums)) \
                and any(rx.search(e.title) for rx in title_cues()[doc.type]):
            conf = min(row_conf(dossier, e), numbers_conf(dossier, doc))
            return conf if conf >= DECISIVE_READING_CONF else 0.0
    return 0.0
