"""BD: binding errors (order, table of contents, page numbers, page flags, cover).

Reads ``Dossier.documents`` (types, ranges, titles), ``Page.printed_number``,
``Page.flags``/``Page.rotation``, ``CaseFacts.toc`` and ``CaseFacts.cover``.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from heapq import heappop, heappush

from datetime import date

from ingest.datamodel import DECISIVE_READING_CONF, Document, Dossier, Page, TocEntry
from ingest.dates import find_dates
from ingest.facts import COVER_LABELS, NOT_NAMES, case_no_key, find_case_numbers
from ingest.doctypes import example_titles, type_codes, type_name
from ingest.pagenumbers import CASE_NO, page_of_total
from ingest.readings import beyond_misreading, digit_lost, digits_conf, edit_distance, event_conf, is_ocr, pattern_conf, reading, text_conf
from review.checklist import BindingOrder, ChecklistItem
from review.checks.registry import check
from ingest.titles import heading_type, page_heading, title_cues
from review.checks.titles import heading_contradicts, named_types
from review.checks.text import bigrams, dice, doc_label, lines, normalize, parse_date, snippet
from review.context import CheckContext
from review.findings import Evidence, Finding


# ------------------------------------------------------------------ BD-01
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


FRONT_TYPES = ("cover", "toc")
FRONT_PAGES = 4  # a cover or toc found later than this on a scan is a misread page, not front matter


def title_conf(dossier: Dossier, doc: Document) -> float:
    """Confidence of the heading that names a document's type (what the classifier mostly reads)."""
    page = dossier.page(doc.first_page)
    return text_conf(page, page.title) if is_ocr(page) else 1.0


def doc_conf(dossier: Dossier, doc: Document) -> float:
    """Confidence of a scanned document's type and extent, as read from OCR text (1.0 if digital).

    The segmenter's confidence, and 0.0 for a cover/toc deep inside the file:
    scanned decisions and notices with a case-number header are misread as covers.
    """
    if not is_ocr(dossier.page(doc.first_page)):
        return 1.0
    if doc.type in FRONT_TYPES and doc.first_page > FRONT_PAGES:
        return 0.0
    return min(doc.confidence, title_conf(dossier, doc))


def front_conf(dossier: Dossier) -> float:
    """Confidence of where numbering starts (after the cover/toc): page numbers are judged from it."""
    return min((doc_conf(dossier, d) for d in dossier.documents if d.type in FRONT_TYPES), default=1.0)


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

    def ranked(order: BindingOrder) -> list[Document]:
        return [d for d in own if d.type not in ignore and order.rank_of(d.type) is not None]

    results = [(misplaced(ranked(o), o), o) for o in orders]
    out, order = min(results, key=lambda r: len(r[0]))
    dated = set(item.params.get("date_ordered_types", []))
    by_date = [d for d in out_of_date_order(own, ctx, dated) if d not in out]
    out += by_date
    if not out:
        return Finding(item.id, "pass", 0.85, message="材料排列顺序符合规定", decided_by=rule)
    if ctx.binding_order is None:
        return Finding(item.id, "uncertain", 0.4, pages=[d.first_page for d in out],
                       message="未能确定案件类型，无法核对装订顺序", decided_by=rule)
    msgs = [f"{doc_label(d)}位置不符合装订顺序" for d in out]
    kept = ranked(order)
    evidence = [_order_evidence(dossier, d, d in by_date) for d in out]
    evidence = [ev if d in by_date else _partner_doubt(dossier, ev, d, kept, order) for ev, d in zip(evidence, out)]
    return Finding(item.id, "fail", 0.8, pages=[d.first_page for d in out], message="；".join(msgs),
                   evidence=evidence,
                   occurrences=len(out), decided_by=rule)


# a misplaced document whose first page has no heading of its type rests on the page model alone
UNHEADED_CONF = 0.5


def _order_evidence(dossier: Dossier, doc: Document, by_date: bool) -> Evidence:
    """A misplaced document; fragile when only the model says what it is (no heading of its type).

    One page of a two-page closing report typed as 授权委托书 is not a binding error.
    """
    conf, note = _order_conf(dossier, doc, by_date), ""
    listed = 0.0 if by_date else _listed_as(dossier, doc)
    if listed:  # the toc names its type over its pages: type and extent do not rest on the model
        conf = max(conf, listed)
    elif not by_date and page_heading(dossier.page(doc.first_page), [doc.type]) is None:
        conf = min(conf, UNHEADED_CONF)
        note = f"第{doc.first_page}页无“{type_name(doc.type)}”标题，类型仅凭模型判断"
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
        if row is not None or headed is not None:
            why = f"据目录属于《{row.title[:MAX_TITLE]}》" if row is not None else f"标题表明其为{type_name(headed)}"
            return replace(ev, conf=min(ev.conf if ev.conf is not None else 1.0, UNHEADED_CONF),
                           note=f"{doc_label(other)}{why}，类型仅凭模型判断")
    return ev


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
        if named and doc.type not in named and _row_conf(dossier, e) >= DECISIVE_READING_CONF:
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
            conf = min(_row_conf(dossier, e), _numbers_conf(dossier, doc))
            return conf if conf >= DECISIVE_READING_CONF else 0.0
    return 0.0


# ------------------------------------------------------------------ BD-02
@lru_cache(maxsize=4096)
def _type_guess(title: str) -> tuple[str | None, float]:
    """Most likely document type of a toc title, by title variants."""
    best, score = None, 0.0
    t = normalize(title)
    if not t:
        return None, 0.0
    for code in type_codes():
        if code == "other":
            continue
        variants = set(example_titles(code)) | set(type_name(code).split("/"))
        for v in variants:
            v = normalize(v)
            s = 1.0 if v and (v in t or t in v) else dice(t, v)
            if s > score:
                best, score = code, s
    return best, score


def _doc_title(dossier: Dossier, doc: Document) -> str:
    if doc.title:
        return doc.title
    page = dossier.page(doc.first_page)
    return page.title or next(iter(lines(page.text)), "")


def _after_toc(dossier: Dossier) -> int:
    """Physical index of the last front page (cover/toc); numbering starts after it."""
    front = [d.last_page for d in dossier.documents if d.type in ("cover", "toc")]
    return max(front) if front else 0


def positional_numbers(dossier: Dossier) -> dict[int, int]:
    """Page number each page should carry: 1.. after the toc, blank pages skipped."""
    out, n = {}, 0
    for p in dossier.pages[_after_toc(dossier):]:
        if "blank" in p.flags:
            continue
        n += 1
        out[p.index] = n
    return out


def _ranges(dossier: Dossier, doc: Document, positions: dict[int, int]) -> list[tuple[int, int]]:
    printed = [dossier.page(i).printed_number for i in doc.pages if dossier.page(i).printed_number is not None]
    pos = [positions[i] for i in doc.pages if i in positions]
    return [(min(r), max(r)) for r in (printed, pos) if r]


def _entry_range(entry: TocEntry) -> tuple[int, int] | None:
    if entry.first is None:
        return None
    return entry.first, entry.last if entry.last is not None else entry.first


def _run_ranges(run: list[list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """Candidate printed ranges of consecutive documents (printed numbers, or positions)."""
    out = []
    for k in range(2):
        if all(len(r) > k for r in run):
            out.append((run[0][k][0], run[-1][k][1]))
    return out


MAX_RUN = 12  # one toc row may cover several documents: 会见笔录（3份）, evidence bundles


def _title_fits(entries: list[TocEntry], docs: list[Document], titles: list[str]) -> list[set[int]]:
    """fits[i]: the documents j that toc row i names (by type guess or title similarity).

    Only documents sharing a title bigram with the row can reach the similarity bar, so
    they are found through a bigram index instead of comparing every row with every title."""
    by_type: dict[str, set[int]] = {}
    by_gram: dict[str, set[int]] = {}
    for j, (d, t) in enumerate(zip(docs, titles)):
        by_type.setdefault(d.type, set()).add(j)
        for g in bigrams(t):
            by_gram.setdefault(g, set()).add(j)
    out = []
    for e in entries:
        gtype, gscore = _type_guess(e.title)
        fit = set(by_type.get(gtype, ())) if gtype is not None and gscore >= 0.5 else set()
        near = set().union(*(by_gram.get(g, ()) for g in bigrams(e.title)))
        out.append(fit | {j for j in near - fit if dice(e.title, titles[j]) >= 0.5})
    return out


def _runs_by_range(ranges: list[list[tuple[int, int]]]) -> dict[tuple[int, int], dict[int, list[int]]]:
    """range -> {j: [k, ...]}: the runs docs[j:k] (at most MAX_RUN documents) whose candidate
    printed range (``_run_ranges``) is that range, k ascending."""
    out: dict[tuple[int, int], dict[int, list[int]]] = {}
    m = len(ranges)
    for j in range(m):
        for k in range(j + 1, min(m, j + MAX_RUN) + 1):
            for rr in set(_run_ranges(ranges[j:k])):
                out.setdefault(rr, {}).setdefault(j, []).append(k)
    return out


def _match_steps(want: tuple[int, int] | None, fit: set[int], runs: dict[int, list[int]], j: int,
                 m: int) -> list[tuple[int, float]]:
    """The (k, cost) of matching one toc row with docs[j:k], k ascending (``runs``: the row
    range's entry of _runs_by_range).

    A run matches when the row's range is the run's printed range (cost 0, or 0.5 when no
    document of a longer run is named by the row), when only its title fits a single document
    (cost 1: a range error), or, for a row without pages, when a document of the run is named."""
    last = min(m, j + MAX_RUN)
    named = next((x for x in range(j, last) if x in fit), None)  # the run's first named document
    if want is None:
        return [] if named is None else [(k, 0.0) for k in range(named + 1, last + 1)]
    ks = runs.get(j, [])
    out = [(j + 1, 0.0)] if ks[:1] == [j + 1] else [(j + 1, 1.0)] if j in fit else []
    return out + [(k, 0.0 if named is not None and named < k else 0.5) for k in ks if k > j + 1]


TOC_COST_BOUND = 4.0  # first bound on an alignment's cost (mismatched rows and documents): see _align


def _align(n: int, m: int, skip_cost: list[float], steps, bound: float) -> tuple[list[dict], list[dict]]:
    """Cost and back pointer of each cell (rows aligned, documents aligned) of the toc alignment,
    for the cells that cost at most ``bound``.

    No step costs less than 0, so no cell of a cheapest alignment costs more than the whole
    alignment: when the cheapest costs at most ``bound``, the cells above it are never needed,
    and the cells below it are reached in the order a full table would visit them (row by row,
    documents ascending), so the same alignment is chosen among equally cheap ones. Only the
    cells near the alignment are visited: the work grows with the dossier, not its square."""
    inf = float("inf")
    cost: list[dict[int, float]] = [{} for _ in range(n + 1)]
    back: list[dict[int, tuple]] = [{} for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        row, below = cost[i], cost[i + 1] if i < n else {}
        todo = sorted(row)  # documents ascending; a skipped document adds the next one
        queued = set(todo)
        while todo:
            j = heappop(todo)
            c = row[j]
            if c > bound:
                continue
            if j < m and c + skip_cost[j] < row.get(j + 1, inf):  # document not listed
                row[j + 1], back[i][j + 1] = c + skip_cost[j], ("skip_doc", i, j)
                if j + 1 not in queued:
                    heappush(todo, j + 1)
                    queued.add(j + 1)
            if i < n and c + 1.0 < below.get(j, inf):  # row with no document
                below[j], back[i + 1][j] = c + 1.0, ("skip_row", i, j)
            if i < n and j < m:
                for k, step in steps(i, j):
                    if c + step < below.get(k, inf):
                        below[k], back[i + 1][k] = c + step, ("match", i, j, k, step)
    return cost, back


def align_toc(dossier: Dossier, entries: list[TocEntry], docs: list[Document], optional: set[str]):
    """Align toc rows (in order) with documents (in order), minimising mismatches.

    A row matches a run of consecutive documents when its page range equals the
    run's printed range (rows without page numbers match on title); a row whose
    title fits a run but whose range does not is one 'range' problem instead of
    an extra row plus unlisted documents. Returns (pairs, range_errors,
    extra_rows, unlisted_docs).
    """
    positions = positional_numbers(dossier)
    ranges = [_ranges(dossier, d, positions) for d in docs]
    titles = [_doc_title(dossier, d) for d in docs]
    fits = _title_fits(entries, docs, titles)
    runs = _runs_by_range(ranges)
    wants = [_entry_range(e) for e in entries]
    row_runs = [runs.get(w, {}) if w is not None else {} for w in wants]
    n, m = len(entries), len(docs)
    skip_cost = [0.0 if d.type in optional else 1.0 for d in docs]

    def steps(i: int, j: int) -> list[tuple[int, float]]:
        return _match_steps(wants[i], fits[i], row_runs[i], j, m)

    bound = TOC_COST_BOUND
    while True:  # a bound below the cheapest alignment leaves (n, m) out of reach, or dearer than it
        cost, back = _align(n, m, skip_cost, steps, bound)
        total = cost[n].get(m, float("inf"))
        if total <= bound:
            break
        bound = total if total < float("inf") else bound * 4  # a reached (n, m) bounds the cheapest
    pairs, range_errors, extra, unlisted = [], [], [], []
    i, j = n, m
    while (i, j) != (0, 0):
        op = back[i][j]
        if op[0] == "skip_doc":
            if docs[op[2]].type not in optional:
                unlisted.append(docs[op[2]])
        elif op[0] == "skip_row":
            extra.append(entries[op[1]])
        else:
            _, ei, dj, dk, step = op
            pairs.append((entries[ei], docs[dj:dk]))
            if step >= 1.0:
                range_errors.append((entries[ei], docs[dj:dk], ranges[dj]))
        i, j = op[1], op[2]
    return pairs[::-1], range_errors[::-1], extra[::-1], unlisted[::-1]


MAX_LISTED = 10  # problems named in a message; the evidence list has them all (bounded by the contract)
MAX_TITLE = 40  # characters of a toc title quoted in a message


def _listed(problems: list[Evidence]) -> str:
    """The first problems, and how many there are: a misread 117-page toc must not give a
    message of 100,000 characters."""
    more = f"等共{len(problems)}处" if len(problems) > MAX_LISTED else ""
    return "；".join(e.text for e in problems[:MAX_LISTED]) + more


def _entry_label(e: TocEntry) -> str:
    seq = f"第{e.seq}项" if e.seq is not None else ""
    rng = "" if e.first is None else (f"{e.first}" if e.last in (None, e.first) else f"{e.first}-{e.last}")
    title = e.title if len(e.title) <= MAX_TITLE else e.title[:MAX_TITLE] + "…"
    return f"目录{seq}《{title}》" + (f"（页号{rng}）" if rng else "")


_TITLE_CJK = re.compile(r"[\u4e00-\u9fff]")


def plausible_toc_title(title: str) -> bool:
    """A document title has at least two Chinese characters besides date words (OCR splits a
    date column into rows titled "日")."""
    return len(_TITLE_CJK.findall(re.sub(r"[年月日号]", "", title))) >= 2


def _row_conf(dossier: Dossier, entry: TocEntry) -> float:
    """Confidence of a toc row's page numbers (the row's digits on the toc page).

    On a scanned toc page a row without a plausible title scores 0, and so does every other
    row of that page: the columns were read out of line, so rows may be shifted. So does a
    scanned row whose pages the dossier never reaches (9-11 read as 911: OCR lost the dash)."""
    page = dossier.page(entry.page)
    if is_ocr(page) and not all(plausible_toc_title(e.title) for e in dossier.facts.toc if e.page == entry.page):
        return 0.0
    last = max((pg.printed_number for pg in dossier.pages if pg.printed_number is not None), default=len(dossier.pages))
    if is_ocr(page) and max(entry.first or 0, entry.last or 0) > max(last, len(dossier.pages)):
        return 0.0
    return digits_conf(page, normalize(entry.title))


def _numbers_conf(dossier: Dossier, doc: Document) -> float:
    """Least sure printed page number of a document."""
    pages = [dossier.page(i) for i in doc.pages]
    return min((p.number_conf for p in pages if p.printed_number is not None), default=1.0)


FRAGILE_TYPE_CONF = 0.4  # a toc mismatch that rests on one page's model type
# a value contradicted by a single reading in the file (one form, one date, one page number) is not decisive
SINGLE_READING_CONF = 0.5


def _row_pages(e: TocEntry) -> set[int]:
    return set(range(e.first, (e.last or e.first) + 1)) if e.first else set()


def _headed_as_row(dossier: Dossier, pages: list[int], first: int, row: TocEntry) -> bool:
    """The page where ``row`` starts (printed ``first`` is ``pages[0]``) is headed as the row's kind:
    the toc and the pages agree, only the segmentation joined the two documents."""
    k = (row.first or 0) - first
    kind = heading_type(row.title)
    return 0 <= k < len(pages) and kind is not None and page_heading(dossier.page(pages[k]), [kind]) is not None


def _rows_of_split_documents(dossier: Dossier, range_errors: list,
                             extra: list[TocEntry]) -> tuple[list, list[TocEntry], list[TocEntry]]:
    """Toc rows of the same kind (two meetings: 会见笔录 p10, 会见笔录 p11) that together
    cover one document's range are one document split in the toc, not a toc error:
    the segmentation joined consecutive documents of one type."""
    kept_errors, used, fragile = [], set(), []
    for e, run, actual in range_errors:
        a, b = actual[0] if actual else (None, None)
        span = set(range(a, b + 1)) if a is not None else set()
        mates = [x for x in extra if id(x) not in used and x.first and _row_pages(x) <= span]
        rows = [e] + mates
        if not mates or set().union(*map(_row_pages, rows)) != span \
                or sum(len(_row_pages(x)) for x in rows) != len(span):  # the rows tile the document
            kept_errors.append((e, run, actual))
            continue
        used.update(id(x) for x in mates)
        pages = [i for d in run for i in d.pages]
        if any(heading_type(x.title) not in (None, run[0].type) and not _headed_as_row(dossier, pages, a, x)
               for x in mates):
            # rows of two kinds joined into one document: a page typed as its neighbour's
            # type, which rests on the page model alone
            kept_errors.append((e, run, actual))
            fragile += rows
    return kept_errors, [x for x in extra if id(x) not in used or x in fragile], fragile


@check("toc_matches")
def toc_matches(dossier: Dossier, item: ChecklistItem, ctx: CheckContext) -> Finding:
    """BD-02: every document listed in the toc with the right page range, no extra rows."""
    rule = f"rule:{item.id}"
    p = item.params
    entries = list(dossier.facts.toc)
    toc_docs = dossier.documents_of("toc")
    unreadable = [i for d in toc_docs for i in d.pages if not dossier.page(i).readable]
    if unreadable:
        return Finding(item.id, "uncertain", 0.3, pages=unreadable,
                       message=f"卷内目录第{'、'.join(map(str, unreadable))}页文字无法识别，请人工核对", decided_by=rule)
    if not entries:
        if not toc_docs:
            return Finding(item.id, "not_applicable", 0.9, message="未见卷内目录（见MD-01）", decided_by=rule)
        return Finding(item.id, "uncertain", 0.3, pages=[d.first_page for d in toc_docs],
                       message="卷内目录未能解析，请人工核对", decided_by=rule)
    unlisted_types = set(p.get("unlisted_types", ["cover", "toc"]))
    optional = set(p.get("optional_types", ["backup_sheet", "other"]))
    docs = [d for d in dossier.documents if d.type not in unlisted_types]
    pairs, range_errors, extra, unlisted = align_toc(dossier, entries, docs, optional)
    exact = [(e, run) for e, run in pairs if not any(e is r for r, _, _ in range_errors)]
    range_errors, extra, fragile = _rows_of_split_documents(dossier, range_errors, extra)
    front = front_conf(dossier)
    problems: list[Evidence] = []
    # rows that name, on pages another row matches exactly, what no document there or anywhere is:
    # wrong whatever the types of the documents they were aligned with and whatever cells were lost
    sure: set[str] = set()
    for e, run, actual in range_errors:
        shown = "、".join(f"{a}-{b}" if a != b else f"{a}" for a, b in actual[:1])
        on_other = _on_anothers_page(dossier, e, exact, absent=False)
        conf = min([_row_conf(dossier, e), front] + [min(_numbers_conf(dossier, d), doc_conf(dossier, d)) for d in run]) \
            if on_other is None else min([_row_conf(dossier, e), front] + [_numbers_conf(dossier, d) for d in on_other])
        problems.append(Evidence(e.page, f"{_entry_label(e)}与{doc_label(run[0])}实际页号{shown}不符", "toc", conf))
        if on_other is not None:
            sure.add(problems[-1].text)
    for e in extra:
        problems.append(Evidence(e.page, f"{_entry_label(e)}未见对应材料", "toc", min(_row_conf(dossier, e), front)))
        if _on_anothers_page(dossier, e, exact, absent=True) is not None:
            sure.add(problems[-1].text)
    problems = [replace(ev, conf=min(ev.conf if ev.conf is not None else 1.0, FRAGILE_TYPE_CONF),
                        note="目录相邻两项对应的材料被识别为同一份，页面类型仅凭模型判断")
                if any(ev.text.startswith(_entry_label(e)) for e in fragile) else ev for ev in problems]
    toc_conf = min((_row_conf(dossier, e) for e in entries), default=1.0)
    # rows read without page numbers (a lost cell on a scan, a form listed but not numbered):
    # which document such a row names is unknown, so rows without pages that match nothing and
    # documents that no row lists rest on a guess
    # rows run together (one title naming two documents: a lost row number) likewise
    unpaged = [e for e in entries if (e.first is None and not _lists_unnumbered(dossier, e))
               or len(named_types(e.title) - {"other"}) >= 2]
    guess = f"目录第{'、'.join(str(e.seq) for e in unpaged[:5] if e.seq is not None) or '若干'}项未读出页号" \
            "或与相邻项连读，目录与材料的对应无法确定" if unpaged and len(unpaged) * 2 < len(entries) else ""
    if guess:
        # on a scan a lost page cell means cells were lost or shifted anywhere on the page
        scanned_toc = any(is_ocr(dossier.page(e.page)) for e in unpaged)
        problems = [replace(ev, conf=min(ev.conf if ev.conf is not None else 1.0, FRAGILE_TYPE_CONF), note=guess)
                    if (scanned_toc or ("页号" not in ev.text and "未见对应材料" in ev.text)) and ev.text not in sure
                    else ev for ev in problems]
    for d in unlisted:
        if guess and _no_row_could_list(entries, unpaged, d):
            # every row was read (the numbers run on) and none without pages names this type
            conf = min(front, doc_conf(dossier, d))
            problems.append(Evidence(d.first_page, f"{doc_label(d)}未列入卷内目录", d.type, conf))
        else:
            problems.append(Evidence(d.first_page, f"{doc_label(d)}未列入卷内目录", d.type,
                                     min(toc_conf, front, doc_conf(dossier, d), FRAGILE_TYPE_CONF if guess else 1.0),
                                     note=guess))
    if problems:
        return Finding(item.id, "fail", 0.7, pages=sorted({e.page for e in problems if e.page}),
                       message=_listed(problems), evidence=problems, decided_by=rule)
    return Finding(item.id, "pass", 0.8, pages=[d.first_page for d in toc_docs],
                   message=f"卷内目录{len(entries)}项与材料及页号一致", decided_by=rule)


_ROW_TAIL = re.compile(r"[\d\s.．、,，]+$")


def _lists_unnumbered(dossier: Dossier, row: TocEntry) -> bool:
    """A row without pages that names a document whose pages carry no printed number (the
    备考表 is not numbered): its page cell is empty by design, not lost, and shifts no other row."""
    if row.first is not None:
        return False
    kind = heading_type(_ROW_TAIL.sub("", row.title))
    return kind is not None and any(d.type == kind and all(dossier.page(i).printed_number is None for i in d.pages)
                                    for d in dossier.documents)


def _on_anothers_page(dossier: Dossier, row: TocEntry, exact: list, absent: bool) -> list[Document] | None:
    """A surely read row whose pages lie within pages another row matches exactly with documents
    not of the row's kind: one numbered page is not two documents, so the row is wrong however
    cells elsewhere were lost. ``absent``: the dossier must also hold no document of the row's
    kind (a listed document not bound, not one bound elsewhere). Returns the other row's documents."""
    named = named_types(_ROW_TAIL.sub("", row.title)) - {"other"}
    if not row.first or len(named) > 1 or _row_conf(dossier, row) < DECISIVE_READING_CONF:
        return None
    kind = next(iter(named), None)
    if absent and (kind is None or any(d.type == kind for d in dossier.documents)):
        return None
    pages = _row_pages(row)
    return next((run for other, run in exact if other is not row and other.first and pages <= _row_pages(other)
                 and run and all(d.type != kind for d in run)), None)


def _no_row_could_list(entries: list[TocEntry], unpaged: list[TocEntry], doc: Document) -> bool:
    """No toc row was lost (row numbers 1..n without a gap) and each row read without pages names
    a type other than the document's: a row that lost its page cell cannot be this document's."""
    seqs = [e.seq for e in entries]
    if None in seqs or sorted(set(seqs)) != list(range(1, max(seqs) + 1)):
        return False
    for e in unpaged:
        named = named_types(e.title) - {"other"}
        if not named or doc.type in named:
            return False
    return True


# ------------------------------------------------------------------ BD-03
def _neighbour_number(pages: list[Page], k: int, step: int) -> Page | None:
    """The nearest page before (step -1) or after (step 1) page k that has a printed number."""
    k += step
    while 0 <= k < len(pages):
        if pages[k].printed_number is not None and "unnumbered" not in pages[k].flags:
            return pages[k]
        k += step
    return None


def _misread(pages: list[Page], k: int) -> bool:
    """Page k's number (or its absence) contradicts neighbours that leave exactly one slot per page
    between them (9, ?, ?, 12): those pages were numbered, so k's reading is a misread or a miss."""
    pg, before, after = pages[k], _neighbour_number(pages, k, -1), _neighbour_number(pages, k, 1)
    n = pg.printed_number if "unnumbered" not in pg.flags else None
    if before is not None and after is not None:
        lo, hi = pages.index(before), pages.index(after)
        between = [p for p in pages[lo + 1:hi] if "blank" not in p.flags]
        if after.printed_number - before.printed_number - 1 == len(between) and pg in between:
            return n != before.printed_number + 1 + between.index(pg)
        return False
    return n is None and is_ocr(pg)  # at either end a miss cannot be ruled out


def number_reading_conf(pages: list[Page], k: int) -> float:
    """Confidence that page k's number (or its absence) was read right, from it and its neighbours.

    The neighbours' numbers are decisive too, and they tell a misreading: a
    page read as 12 between 9 and 11, or an "unnumbered" page between 9 and
    11, leaves exactly one slot for the true number, so the reading is
    implausible (0.0). A real gap (9, 12, 13), repeat (9, 9, 10) or
    unnumbered page (9, -, 10) keeps the neighbours consistent, so the number
    was not merely missed by OCR. A page judged against a misread previous
    number (the 4 after a 9 read for 3) is as unsure as that reading.
    """
    pg, before, after = pages[k], _neighbour_number(pages, k, -1), _neighbour_number(pages, k, 1)
    if not any(is_ocr(p) for p in (pg, before, after) if p is not None):
        return 1.0
    if _misread(pages, k) or (before is not None and is_ocr(before) and _misread(pages, pages.index(before))):
        return 0.0
    confs = [p.number_conf for p in (pg, before, after) if p is not None and p.printed_number is not None]
    skipped = pages[pages.index(before) + 1:k] if before is not None else pages[:k]
    confs += [rotation_vote_conf(p) for p in skipped if "rotated" in p.flags]  # skipped as turned: was it?
    return min(confs, default=0.0)


def own_pagination(dossier: Dossier, pages: list[Page]) -> dict[int, int]:
    """page -> its document-internal number, for documents whose pages run 第1页共m页 ... 第m页共m页."""
    out: dict[int, int] = {}
    by_doc: dict[int, list[tuple[Page, tuple[int, int]]]] = {}
    doc_at = dossier.documents_by_page()
    for pg in pages:
        doc = doc_at.get(pg.index)
        of = page_of_total(pg)
        if doc is not None and of is not None:
            by_doc.setdefault(doc.first_page, []).append((pg, of))
    for run in by_doc.values():
        numbers = [of[0] for _, of in run]
        if numbers == list(range(1, len(run) + 1)) and all(of[1] == len(run) for _, of in run):
            out.update({pg.index: of[0] for pg, of in run})
    return out


def _slot_left(pages: list[Page], k: int, expected: int) -> bool:
    """The next numbered page leaves exactly the slots of the pages from k on (expected 1, page k
    unread, next page 2): page k was numbered, OCR missed it."""
    after = _neighbour_number(pages, k, 1)
    if after is None:
        return False
    between = [p for p in pages[k:pages.index(after)] if "blank" not in p.flags]
    return after.printed_number - expected == len(between)


def _headed_as_content(page: Page, exempt_types: set[str]) -> bool:
    """A page typed as cover/toc whose first line is another document's title (the application
    joined to the toc): it is numbered like any content page."""
    hit = page_heading(page, [t for t in type_codes() if t not in exempt_types and t != "other"], first_only=True)
    return hit is not None


def _restart_run(pages: list[Page], k: int, expected: int) -> int:
    """Length of a run 1, 2, ... from page k (a document's own page numbers read where the dossier's
    number was not) when the next numbered page resumes the dossier's count past it; else 0."""
    run = 0
    while k + run < len(pages) and pages[k + run].printed_number == run + 1 \
            and "unnumbered" not in pages[k + run].flags:
        run += 1
    after = pages[k + run] if k + run < len(pages) else None
    if after is None or after.printed_number is None or "unnumbered" in after.flags:
        return 0
    return run if after.printed_number == expected + run else 0


@check("page_numbers")
def page_numbers(dossier: Dossier, item: ChecklistItem, ctx: CheckContext) -> Finding:
    """BD-03: printed page numbers run 1, 2, 3 ... after the toc: no gaps, repeats or unnumbered pages."""
    rule = f"rule:{item.id}"
    p = item.params
    exempt_types = set(p.get("unnumbered_types", ["cover", "toc", "backup_sheet"]))
    lenient = set(p.get("skip_flags", ["blank", "rotated", "unreadable", "duplicate", "other_case"]))
    pages = []
    doc_at = dossier.documents_by_page()
    after_toc = dossier.pages[_after_toc(dossier):]
    for page in after_toc:
        doc = doc_at.get(page.index)
        if doc is not None and doc.type in exempt_types and not _headed_as_content(page, exempt_types):
            continue
        pages.append(page)
    if not pages:
        return Finding(item.id, "not_applicable", 0.8, message="无需编号的页面", decided_by=rule)
    numbered = [pg for pg in pages if pg.printed_number is not None and "unnumbered" not in pg.flags]
    strict = [pg for pg in pages if not (pg.flags & lenient)]
    if strict and len([pg for pg in numbered if pg in strict]) * 2 < len(strict):
        return Finding(item.id, "uncertain", 0.3, message="多数页面未能识别页码，请人工核对", decided_by=rule)
    problems: list[Evidence] = []
    expected, prev, slack = 1, None, 0
    front = front_conf(dossier)
    own = own_pagination(dossier, pages)
    restarted: set[int] = set()
    for k, pg in enumerate(pages):
        n = pg.printed_number if "unnumbered" not in pg.flags else None
        if pg.index in own and n == own[pg.index]:  # the document's own 第n页共m页: counts, not a dossier number
            expected, slack = expected + 1, 0
            continue
        if pg.index in restarted:
            expected, slack = expected + 1, 0
            continue
        run = _restart_run(pages, k, expected) if n == 1 and expected > 2 else 0
        if run:  # pages numbered 1..run by their document, the dossier's count resuming after them
            restarted.update(p.index for p in pages[k:k + run])
            expected, slack = expected + 1, 0
            continue
        if pg.flags & lenient:
            if n is not None and n == expected:  # a flagged page numbered in sequence
                expected, prev, slack = n + 1, n, 0
            elif n is None:  # its number may be there, unread (a turned page): it may count
                slack += 1
            continue
        if n is None and is_ocr(pg) and not (pg.flags & lenient) and _slot_left(pages, k, expected):
            # a scanned page whose number OCR missed, between neighbours that leave exactly its slot
            # (9, ?, 11): it was numbered; nothing to ask the reviewer
            expected, prev, slack = expected + 1, expected, 0
            continue
        # neighbours include numbered pages the count skips (a backup sheet numbered 18 after 16, 7)
        # where the count starts (after cover and toc) matters only until a numbered page sets it
        conf = min(number_reading_conf(after_toc, after_toc.index(pg)), front if prev is None else 1.0)
        lost = n is not None and is_ocr(pg) and digit_lost(n, expected)
        if lost and conf == 0.0:
            # 7 between 16 and 18 is 17 with its 1 lost: the slot is filled, nothing to ask
            expected, prev, slack = expected + 1, expected, 0
            continue
        if n is None:
            problems.append(Evidence(pg.index, f"第{pg.index}页未编页码", "page_number", conf))
            slack += 1  # the next page may or may not count the unnumbered one
            continue
        if n > expected + slack:
            missing = f"{expected}" if n == expected + 1 else f"{expected}-{n - 1}"
            problems.append(Evidence(pg.index, f"第{pg.index}页页码为{n}，漏编{missing}", "page_number", conf))
        elif n < expected:
            kind = "重号" if n == prev else "顺序错乱"
            # 7 where 17 is due, with no later page to confirm either: OCR dropping a digit
            # explains it as well as a numbering error does
            note = f"扫描件页码{n}可能为{expected}漏读一位数字" if lost else ""
            problems.append(Evidence(pg.index, f"第{pg.index}页页码为{n}，{kind}", "page_number",
                                     min(conf, SINGLE_READING_CONF) if lost else conf, note=note))
        expected, prev, slack = n + 1, n, 0
    if problems:
        return Finding(item.id, "fail", 0.8, pages=[e.page for e in problems],
                       message="；".join(e.text for e in problems[:8]) + ("等" if len(problems) > 8 else ""),
                       evidence=problems, decided_by=rule)
    return Finding(item.id, "pass", 0.85, message=f"页码连续（1-{expected - 1}）", decided_by=rule)


# ------------------------------------------------------------------ BD-04..07
MIN_VOTE_LINES = 3  # an orientation vote over fewer real text lines (a seal, a page number) is noise


def rotation_vote_conf(page: Page) -> float:
    """Margin of a scanned page's orientation vote (0 = coin toss), 0.0 with too little text to vote."""
    if not is_ocr(page):
        return 1.0
    voters = [ln for ln in page.lines if len(ln.text.strip()) >= 4]
    return 2 * page.rotation_conf - 1 if len(voters) >= MIN_VOTE_LINES else 0.0


def flag_conf(dossier: Dossier, page: Page, flag: str) -> float | None:
    """Confidence of the reading behind a page flag: the orientation vote, the other case number."""
    if not is_ocr(page):
        return 1.0
    if flag == "rotated":
        return rotation_vote_conf(page)
    if flag == "other_case":
        return other_case_conf(dossier, page)
    return None  # duplicate/blank come from images, not readings: not assessed here


def other_case_conf(dossier: Dossier, page: Page) -> float:
    """How sure the reading is that names another case on a scanned page.

    0.0 if a printed number is a single edit from ours (浙0203法援型 for 法援刑: a misread
    character, not another case). Otherwise the least sure character that identifies the
    number or name (brackets and spaces do not), unless the reading stays two edits away from
    ours even with every doubtful character misread: then it decides (212 with a doubtful 2 is
    not 75; 尹明 is not 熊家华)."""
    fact = dossier.facts.case_no
    # the number as printed (a fact's value; its text is the line it was read from)
    ours_no = next((str(v) for v in ((fact.value, fact.text) if fact else ()) if v and case_no_key(str(v))), "")
    ours = normalize(ours_no)
    printed = [raw for raw, _ in find_case_numbers(page.text)]
    if not printed:  # flagged for the client's name
        why = dossier.facts.other_case.get(page.index)
        client = dossier.facts.client.value if dossier.facts.client else ""
        read = reading(page, why[1]) if why and client else []
        return _identifying_conf(read, str(client))
    if ours and any(edit_distance(normalize(raw), ours) <= 1 for raw in printed):
        return 0.0
    return min(_identifying_conf(reading(page, raw), _serial(ours_no), _serial_reading) for raw in printed)


def _identifying_conf(read: list[tuple[str, float]], ours: str, part=lambda r: r) -> float:
    """Least sure identifying character of a reading; decisive when doubt cannot make its
    identifying part (a number's serial, a whole name) ours."""
    read = [(ch, c) for ch, c in read if ch.isalnum()]
    if not read:
        return 0.0
    worst = min(c for _, c in read)
    if ours and beyond_misreading(part(read), ours):
        return max(worst, DECISIVE_READING_CONF)
    return worst


def _serial(case_no: str) -> str:
    """The serial of a case number, its last run of digits (第75号 -> 75)."""
    runs = re.findall(r"\d+", unicodedata.normalize("NFKC", case_no))
    return runs[-1] if runs else ""


def _serial_reading(read: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """The characters of the last digit run of a reading."""
    end = max((i for i, (ch, _) in enumerate(read) if ch.isdigit()), default=-1)
    start = end
    while start > 0 and read[start - 1][0].isdigit():
        start -= 1
    return read[start:end + 1] if end >= 0 else []


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
        return Finding(item.id, "pass", 0.85, message=f"未见{label}", decided_by=f"rule:{item.id}")
    pages_s = sorted(pages)
    evidence = [_flag_evidence(dossier, dossier.page(i), flag, label) for i in pages_s]
    return Finding(item.id, "fail", 0.8, pages=pages_s,
                   message=f"第{'、'.join(map(str, pages_s))}页{label}" + "".join(
                       f"；第{e.page}页：{e.text}" for e in evidence if e.source == "other_case"),
                   evidence=evidence, occurrences=len(pages_s), decided_by=rule)


# another client's name decides BD-07 (checklist: "another legal-aid case number of the same kind
# or another client name"): ingest.facts flags a page only when the labelled names on it are all
# strangers and ours is not named there; a name the case's own forms also carry stays fragile
NAME_ONLY_CONF = 0.8  # another client's name in a labelled field, on a page that does not name ours
FRAGILE_NAME_CONF = 0.4  # ... a name that the case's own forms also carry (the recorded client may be wrong)
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
        return Evidence(page.index, f"他案案号“{text}”", "other_case", conf)
    ours = dossier.facts.client.value if dossier.facts.client else ""
    doc = dossier.document_at(page.index)
    if doc is not None and doc.type in RELATIVE_MAY_ACT_TYPES:
        return Evidence(page.index, f"他人姓名“{text}”（本案受援人{ours}）", "other_case",
                        min(conf if conf is not None else 1.0, FRAGILE_NAME_CONF),
                        note=f"第{page.index}页仅见他人姓名“{text}”，未见他案案号（回访、委托、签收可由近亲属进行）")
    core = [d for d in dossier.documents_of(*CLIENT_RECORD_TYPES) if page.index not in d.pages]
    if any(text in dossier.text_of(d) for d in core):  # the client's own forms name them: the cover is wrong
        return Evidence(page.index, f"他人姓名“{text}”（本案受援人{ours}）", "other_case",
                        min(conf if conf is not None else 1.0, FRAGILE_NAME_CONF),
                        note=f"“{text}”也见于本案申请、审批等材料，可能即为受援人")
    return Evidence(page.index, f"他人姓名“{text}”（本案受援人{ours}）", "other_case",
                    min(conf if conf is not None else 1.0, NAME_ONLY_CONF))


def _named_throughout(pages: list[Page], key: str, cover_value: str, usual: str) -> bool:
    """A name the contents label once but write on two or more pages (an addressee, a signature,
    a transcript's heading), while the cover's name appears on none: the cover is wrong."""
    if key not in ("client", "lawyer") or len(usual) < 2:
        return False
    flat_pages = [re.sub(r"\s+", "", pg.text) for pg in pages]
    cover_name = _clean_cover_value(key, cover_value)
    return (sum(usual in t for t in flat_pages) >= 2
            and not any(isinstance(cover_name, str) and cover_name and cover_name in t for t in flat_pages))


def other_case_evidence(dossier: Dossier, page: Page) -> Evidence:
    """What marks a page as another case's, with how surely (the MD checks do not count it)."""
    return _flag_evidence(dossier, page, "other_case", "疑似他案材料")


# ------------------------------------------------------------------ BD-08
_COVER_LABELS = {"case_no": ["案号"], "client": ["受援人姓名", "受援人"],
                 "lawyer": ["承办律师姓名", "承办人姓名", "承办律师", "承办人"],
                 "closing_date": ["结案日期", "结案时间", "结案"]}


def _cover_values(dossier: Dossier, cover_docs: list[Document]) -> dict[str, tuple[object, int | None]]:
    """Cover fields from CaseFacts.cover, completed from labelled lines of the cover page."""
    out = {k: (f.value, f.page) for k, f in dossier.facts.cover.items() if f is not None and f.value}
    for doc in cover_docs:
        text = dossier.text_of(doc)
        for key, labels in _COVER_LABELS.items():
            if key in out and plausible_cover_value(key, out[key][0]):
                continue
            for lab in labels:
                # 承办人 is not 承办人姓名's prefix: an empty 承办人姓名 cell must not read "姓名" as the name
                m = re.search(re.escape(lab) + r"(?!姓名)\s*(?:[（(](?!\s*\d)[^）)\n]{1,12}[）)])?\s*[:：]?\s*([^\s：:]+)", text)
                if m and plausible_cover_value(key, _clean_cover_value(key, m.group(1))):
                    out[key] = (m.group(1), doc.first_page)
                    break
        numbers = find_case_numbers(text)  # a case number wrapped over two lines of a table cell
        if numbers and not (out.get("case_no") and plausible_cover_value("case_no", out["case_no"][0])):
            out["case_no"] = (numbers[0][0], doc.first_page)
    return {k: (_clean_cover_value(k, v), page) for k, (v, page) in out.items()}


_QUALIFIER = re.compile(r"^[）)]?\s*(?:[（(](?!\s*\d)[^）)]{0,12}[）)])?\s*")  # not a bracketed date


def _clean_cover_value(key: str, value: object) -> object:
    """Drop a label's qualifier (受援人（申请人） 陶浩雪) and, for names, what follows the name
    in the same table row (邓军云 审级 …); dates lose their brackets."""
    if not isinstance(value, str) or key == "case_no":  # a case number starts with its bracketed year
        return value
    v = _QUALIFIER.sub("", value.strip())
    if key in ("client", "lawyer"):
        return v.split()[0] if v.split() else v
    if key.endswith("date"):
        return v.strip("()（）[]【】 ")
    return v


def _norm_value(key: str, value: object) -> str:
    if key.endswith("date"):
        d = parse_date(value)
        return d.isoformat() if d else normalize(str(value))
    return normalize(str(value))


_NAME_SHAPE = re.compile(r"[\u4e00-\u9fff·]{2,5}")


def plausible_cover_value(key: str, value: object) -> bool:
    """A cover value has the shape of its field (OCR merges table cells: "秦刚联系电话：155…")."""
    v = normalize(str(value))
    if key.endswith("date"):
        return parse_date(value) is not None
    if key == "case_no":
        return bool(CASE_NO.search(str(value)))
    if v == "姓名" or any(v.startswith(label) for label in COVER_LABELS):
        return False  # an empty cell: what follows is the next label, not a name
    return bool(_NAME_SHAPE.fullmatch(v))


def _cover_conf(dossier: Dossier, key: str, value: object, page: int | None, usual: str, spec: dict,
                ctx: CheckContext) -> float | None:
    """BD-08 decisive readings: the cover value (shape-checked) and, for dates, the content date."""
    if not page:
        return None
    cover = dossier.page(page)
    if not is_ocr(cover):
        conf = 1.0
    elif not plausible_cover_value(key, value):
        conf = 0.0
    elif key == "case_no":  # 96 against the contents' 88: no doubtful digit makes them one number
        conf = _identifying_conf(reading(cover, str(value)), _serial(usual), _serial_reading)
    else:
        conf = text_conf(cover, str(value))
    if spec.get("event"):
        names = spec["event"] if isinstance(spec["event"], list) else [spec["event"]]
        kinds = {k for n in names for k in ctx.time_limits.events[n].kinds}
        found = [event_conf(dossier, e) for e in dossier.facts.events if e.kind in kinds and e.day.isoformat() == usual]
        conf = min(conf, max((c for c in found if c is not None), default=1.0))
    return conf


def _agrees(key: str, want: str, found: Counter[str], tolerance: tuple[int, int] = (0, 0)) -> bool:
    """The cover value is among the content values.

    Names: one contains the other (seal glyphs join names). Dates: the cover's
    结案日期 is often the day the center approved the closing, some days after the
    closing report, so a date within ``tolerance`` (days before, days after) agrees.
    """
    if want in found:
        return True
    if key in ("client", "lawyer"):
        return any(want in v or v in want for v in found if len(v) >= 2)
    if key.endswith("date"):
        try:
            cover_day = date.fromisoformat(want)
        except ValueError:
            return False
        for v in found:
            try:
                gap = (cover_day - date.fromisoformat(v)).days
            except ValueError:
                continue
            if -tolerance[0] <= gap <= tolerance[1]:
                return True
    return False


def _content_value(key: str, raw: str, not_names: set[str]) -> str | None:
    """A content reading in comparable form, or None when it is not a value of the field.

    Case numbers: only legal-aid case numbers (a document's own 文号 such as
    (2024)东莞援指第325号 names the document), compared by their normalised key.
    Names: answers in transcripts (受援人：明白) are not names.
    """
    v = normalize(raw)
    if key == "case_no":
        return case_no_key(v)
    if key in ("client", "lawyer") and v in not_names:
        return None
    return v


_EVENT_NAMES = {"outcome": "判决（结果）", "closing": "结案", "closing_report": "结案报告"}


@check("cover_agrees")
def cover_agrees(dossier: Dossier, item: ChecklistItem, ctx: CheckContext) -> Finding:
    """BD-08: 案号, 受援人, 承办人, 结案日期 on the cover agree with the documents.

    An empty, bracketed or mis-shaped cover cell (“）”, “（签名）”) is not a
    value and is not compared; a date is compared with every event it may
    stand for (closing, outcome); a contradiction read once is not decisive.
    """
    rule = f"rule:{item.id}"
    p = item.params
    cover_docs = dossier.documents_of(*p.get("cover_types", ["cover"]))
    cover_pages = {i for d in cover_docs for i in d.pages}
    cover = {k: v for k, v in _cover_values(dossier, cover_docs).items() if plausible_cover_value(k, v[0])}
    if not cover:
        if not cover_docs:
            return Finding(item.id, "not_applicable", 0.9, message="未见卷宗封面（见MD-01）", decided_by=rule)
        return Finding(item.id, "uncertain", 0.3, pages=sorted(cover_pages), message="封面信息未能识别",
                       decided_by=rule)
    skip_types = {"toc", *p.get("dialogue_types", [])}
    doc_at = dossier.documents_by_page()
    own_pages = [pg for pg in dossier.pages if pg.index not in cover_pages and "other_case" not in pg.flags]
    # transcripts label speakers (受援人：明白) and the toc lists titles: no name fields there,
    # but their headers print the case number as every other form does
    content_pages = [pg for pg in own_pages if doc_at.get(pg.index) is None or doc_at[pg.index].type not in skip_types]
    not_names = set(NOT_NAMES)
    tolerance = tuple(p.get("date_tolerance_days", (0, 0)))
    problems: list[Evidence] = []
    compared = []
    for key, spec in (p.get("fields") or {}).items():
        if key not in cover:
            continue
        value, page = cover[key]
        want = _norm_value(key, value)
        if key == "case_no":
            want = case_no_key(want) or want
        found: Counter[str] = Counter()
        printed: dict[str, str] = {}  # a case number's normalised key -> as printed, for messages
        mentioned: set[str] = set()
        unread: list[str] = []  # events the cover date may stand for that no page dates
        unbound: list[str] = []  # ... whose document is not bound: before the closing, as an outcome is
        if spec.get("event"):
            names = spec["event"] if isinstance(spec["event"], list) else [spec["event"]]
            for n in names:
                kinds = set(ctx.time_limits.events[n].kinds)
                read = [e for e in dossier.facts.events if e.kind in kinds and e.page not in cover_pages]
                days = [e.day.isoformat() for e in read]
                found.update(days)
                if read and all(e.fragile for e in read):  # seal-broken: its true day may be the cover's
                    unread.append(n)
                    continue
                # a dated document whose date was not read, or an outcome whose document is not
                # bound at all (the cover's 结案 may be the judgment's day): either may be the cover's
                if not days and dossier.has(*ctx.time_limits.events[n].documents):
                    unread.append(n)
                elif not days and n in spec.get("may_be_unbound", []):
                    unbound.append(n)
            # the report names the outcome's day in its text (法院于2025年11月20日作出调解书): the cover
            # may carry that day though no outcome document is bound
            docs = dossier.documents_of(*{t for n in names for t in ctx.time_limits.events[n].documents})
            mentioned = {d.isoformat() for doc in docs for d, _, _ in find_dates(re.sub(r"\s+", "", dossier.text_of(doc)))}
        else:
            readings: set[tuple[str, int]] = set()  # (value, page): one page is one witness
            pages = own_pages if key == "case_no" else content_pages
            fact = getattr(dossier.facts, key, None)
            if fact is not None and getattr(fact, "value", None) and fact.page not in cover_pages \
                    and fact.page is not None and any(pg.index == fact.page for pg in pages):
                v = _content_value(key, _norm_value(key, fact.value), not_names)
                if v:
                    readings.add((v, fact.page))
            if key == "case_no":  # both printed forms; documents' own 文号 are not case numbers
                numbers = [(raw, k, pg.index) for pg in pages for raw, k in find_case_numbers(pg.text)]
                readings.update((k, at) for _, k, at in numbers)
                printed.update({k: raw for raw, k, _ in reversed(numbers)})  # the first printing of a key
            for pat in spec.get("content_patterns", []):
                rx = re.compile(pat)
                for pg in pages:
                    for m in rx.finditer(pg.text):
                        v = _content_value(key, m.group(1) if rx.groups else m.group(0), not_names)
                        if v:
                            readings.add((v, pg.index))
            if key == "case_no" and want.count("|") == 3 and want.split("|")[2]:
                # a number without a kind marker (检刑援〔2024〕368号: the procuratorate's own
                # reference) is another numbering scheme, not a reading of the centre's case number
                readings = {(v, pg) for v, pg in readings if v.count("|") != 3 or v.split("|")[2]}
            # page order, not the set's hash order: of values read equally often, the message
            # names the one read first in the dossier, the same on every run
            found.update(v for v, _ in sorted(readings, key=lambda r: (r[1], r[0])))
        if not found:
            continue
        compared.append(spec.get("label", key))
        if not _agrees(key, want, found, tolerance) and not (spec.get("event") and want in mentioned):
            usual, times = found.most_common(1)[0]
            usual = printed.get(usual, usual)
            conf = _cover_conf(dossier, key, value, page, usual, spec, ctx)
            note = ""
            if times < 2 and not spec.get("event") and not _named_throughout(own_pages, key, str(value), usual):
                conf, note = min(conf if conf is not None else 1.0, SINGLE_READING_CONF), \
                    f"卷内仅一处记载{spec.get('label', key)}“{usual}”"
            if unbound and want <= max(found):  # an unbound outcome's day comes before the closing
                unread += unbound
            if unread and not note:  # the cover may name the event whose date was not read (the judgment's)
                conf, note = min(conf if conf is not None else 1.0, SINGLE_READING_CONF), \
                    f"卷内未能可靠读出{'、'.join(_EVENT_NAMES.get(n, n) for n in unread)}日期，封面日期可能指该日期"
            problems.append(Evidence(page, f"封面{spec.get('label', key)}“{value}”与卷内材料“{usual}”不一致",
                                     "cover", conf, note=note))
    if problems:
        return Finding(item.id, "fail", 0.75, pages=[e.page for e in problems if e.page],
                       message="；".join(e.text for e in problems), evidence=problems, decided_by=rule)
    if not compared:
        return Finding(item.id, "uncertain", 0.3, pages=sorted(cover_pages),
                       message="卷内材料中未找到可与封面核对的信息", decided_by=rule)
    return Finding(item.id, "pass", 0.8, pages=sorted(cover_pages),
                   message=f"封面{'、'.join(compared)}与卷内材料一致", decided_by=rule)
