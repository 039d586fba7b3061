"""Aligning the toc's rows with the bound documents (for BD-02): which row lists which documents."""
from __future__ import annotations

from functools import lru_cache
from heapq import heappop, heappush

from ingest.datamodel import Document, Dossier, TocEntry
from ingest.doctypes import example_titles, type_codes, type_name
from ingest.pages.pagenumbers import own_footer_only, physical_pages, with_lost_numbers
from review.checks.binding.numbering import positional_numbers
from review.checks.doubt import sure_numbers
from review.checks.text import bigrams, dice, lines, normalize


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


def _ranges(dossier: Dossier, doc: Document, positions: dict[int, int],
            restored: dict[int, int]) -> list[tuple[int, int]]:
    """The document's printed range and its range by position. A bound judgment's own 第2页共2页
    on a page whose dossier number is missing is not in its printed range when another of its
    pages carries a dossier number (17 and 第2页共2页 are 17, not 2-17). A scanned page whose
    number OCR lost counts with the number its neighbours leave (``restored``)."""
    numbered = [dossier.page(i) for i in doc.pages if dossier.page(i).printed_number is not None]
    printed = [pg.printed_number for pg in ([pg for pg in numbered if not own_footer_only(pg)] or numbered)]
    printed += [restored[i] for i in doc.pages if i in restored]
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


def _in_toc_gap(dossier: Dossier, entries: list[TocEntry], doc: Document) -> bool:
    """The document's surely read printed pages are exactly the numbers two adjoining rows leave
    out (row 4 on page 4, the next on 6-7, around a 收案登记表 numbered 5): the toc skips it,
    whatever its type (an unheaded or unknown document need not be listed otherwise)."""
    nums = sure_numbers(dossier, doc)
    if nums is None:
        return False
    lo, hi = min(nums), max(nums)
    paged = [r for e in entries if (r := _entry_range(e)) is not None]
    return any(a[1] + 1 == lo and hi + 1 == b[0] for a, b in zip(paged, paged[1:]))


def align_toc(dossier: Dossier, entries: list[TocEntry], docs: list[Document], optional: set[str]):
    """Align toc rows (in order) with documents (in order), minimising mismatches.

    A row matches a run of consecutive documents when its page range equals the
    run's printed range (rows without page numbers match on title); a row whose
    title fits a run but whose range does not is one 'range' problem instead of
    an extra row plus unlisted documents. Returns (pairs, range_errors,
    extra_rows, unlisted_docs).
    """
    positions = positional_numbers(dossier)
    restored = {page: n for n, page in with_lost_numbers(dossier.pages, physical_pages(dossier.pages)).items()
                if dossier.page(page).printed_number is None}
    ranges = [_ranges(dossier, d, positions, restored) for d in docs]
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
            if docs[op[2]].type not in optional or _in_toc_gap(dossier, entries, docs[op[2]]):
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
