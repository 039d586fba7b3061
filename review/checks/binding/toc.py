"""BD-02: every document listed in the table of contents with the right page range, no extra rows."""
from __future__ import annotations

import re
from dataclasses import replace

from ingest.datamodel import DECISIVE_READING_CONF, Document, Dossier, TocEntry
from ingest.readings import is_ocr
from ingest.pages.titles import heading_type, page_heading
from review.checklist import ChecklistItem
from review.checks.binding.toc_align import align_toc
from review.checks.doubt import doc_conf, front_conf, numbers_conf, row_conf
from review.checks.registry import check
from review.checks.text import doc_label
from review.checks.titles import named_types, titles_named
from review.confidence import level
from review.messages import message
from review.context import CheckContext
from review.findings import Evidence, Finding

MAX_LISTED = 10  # problems named in a message; the evidence list has them all (bounded by the contract)
MAX_TITLE = 40  # characters of a toc title quoted in a message


def _listed(problems: list[Evidence]) -> str:
    """The first problems, and how many there are: a misread 117-page toc must not give a
    message of 100,000 characters."""
    more = message("toc.and_more", count=len(problems)) if len(problems) > MAX_LISTED else ""
    return "；".join(e.text for e in problems[:MAX_LISTED]) + more


def _entry_label(e: TocEntry) -> str:
    seq = message("toc.row_number", seq=e.seq) if e.seq is not None else ""
    rng = "" if e.first is None else (f"{e.first}" if e.last in (None, e.first) else f"{e.first}-{e.last}")
    title = e.title if len(e.title) <= MAX_TITLE else e.title[:MAX_TITLE] + "…"
    return message("toc.row", seq=seq, title=title) + (message("toc.row_pages", pages=rng) if rng else "")


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
        return Finding(item.id, "uncertain", level("source_unread"), pages=unreadable,
                       message=message("toc.unreadable", pages="、".join(map(str, unreadable))), decided_by=rule)
    if not entries:
        if not toc_docs:
            return Finding(item.id, "not_applicable", level("source_absent"), message=message("toc.absent"), decided_by=rule)
        return Finding(item.id, "uncertain", level("source_unread"), pages=[d.first_page for d in toc_docs],
                       message=message("toc.unparsed"), decided_by=rule)
    unlisted_types = set(p.get("unlisted_types", ["cover", "toc"]))
    optional = set(p.get("optional_types", ["backup_sheet", "other"]))
    docs = [d for d in dossier.documents if d.type not in unlisted_types]
    pairs, range_errors, extra, unlisted = align_toc(dossier, entries, docs, optional)
    exact = [(e, run) for e, run in pairs if not any(e is r for r, _, _ in range_errors)]
    range_errors, extra, fragile = _rows_of_split_documents(dossier, range_errors, extra)
    front = front_conf(dossier)
    problems, sure = _row_problems(dossier, range_errors, extra, exact, fragile, front)
    # rows read without page numbers (a lost cell on a scan, a form listed but not numbered):
    # which document such a row names is unknown, so rows without pages that match nothing and
    # documents that no row lists rest on a guess
    # rows run together (one title naming two documents, or one title twice: a lost row number)
    unpaged = [e for e in entries if (e.first is None and not _lists_unnumbered(dossier, e))
               or len(named_types(e.title) - {"other"}) >= 2 or titles_named(e.title) >= 2]
    seqs = "、".join(str(e.seq) for e in unpaged[:5] if e.seq is not None) or message("toc.some_rows")
    guess = message("toc.rows_unpaged", rows=seqs) if unpaged and len(unpaged) * 2 < len(entries) else ""
    if guess:
        problems = _as_guesses(dossier, problems, unpaged, guess, sure)
    problems += _unlisted_problems(dossier, entries, unpaged, unlisted, guess, front)
    if problems:
        return Finding(item.id, "fail", level("toc_mismatch"), pages=sorted({e.page for e in problems if e.page}),
                       message=_listed(problems), evidence=problems, decided_by=rule)
    return Finding(item.id, "pass", level("read_and_matched"), pages=[d.first_page for d in toc_docs],
                   message=message("toc.matched", rows=len(entries)), decided_by=rule)


def _row_problems(dossier: Dossier, range_errors: list, extra: list[TocEntry], exact: list,
                  fragile: list[TocEntry], front: float) -> tuple[list[Evidence], set[str]]:
    """Rows with a wrong range and rows matching no document, and the texts of those that are
    sure: rows that name, on pages another row matches exactly, what no document there or
    anywhere is, wrong whatever the types of the documents they were aligned with and whatever
    cells were lost."""
    problems: list[Evidence] = []
    sure: set[str] = set()
    for e, run, actual in range_errors:
        shown = "、".join(f"{a}-{b}" if a != b else f"{a}" for a, b in actual[:1])
        on_other = _on_anothers_page(dossier, e, exact, absent=False)
        conf = min([row_conf(dossier, e), front] + [min(numbers_conf(dossier, d), doc_conf(dossier, d)) for d in run]) \
            if on_other is None else min([row_conf(dossier, e), front] + [numbers_conf(dossier, d) for d in on_other])
        problems.append(Evidence(e.page, message("toc.range_error", row=_entry_label(e), document=doc_label(run[0]),
                                                 shown=shown), "toc", conf))
        if on_other is not None:
            sure.add(problems[-1].text)
    for e in extra:
        problems.append(Evidence(e.page, _entry_label(e) + message("toc.no_document"), "toc",
                                 min(row_conf(dossier, e), front)))
        if _on_anothers_page(dossier, e, exact, absent=True) is not None:
            sure.add(problems[-1].text)
    problems = [replace(ev, conf=min(ev.conf if ev.conf is not None else 1.0, level("fragile_toc_type")),
                        note=message("toc.rows_merged"))
                if any(ev.text.startswith(_entry_label(e)) for e in fragile) else ev for ev in problems]
    return problems, sure


def _as_guesses(dossier: Dossier, problems: list[Evidence], unpaged: list[TocEntry], guess: str,
                sure: set[str]) -> list[Evidence]:
    """Row problems that rest on a guess when rows were read without page numbers: all of them on a
    scan (a lost page cell means cells were lost or shifted anywhere on the page), else the rows
    without a matching document; never the sure ones."""
    scanned_toc = any(is_ocr(dossier.page(e.page)) for e in unpaged)
    return [replace(ev, conf=min(ev.conf if ev.conf is not None else 1.0, level("fragile_toc_type")), note=guess)
            # a row read without pages that matches no document (no 页号 of toc.row_pages or toc.range_error)
            if (scanned_toc or ("页号" not in ev.text and message("toc.no_document") in ev.text)) and ev.text not in sure
            else ev for ev in problems]


def _unlisted_problems(dossier: Dossier, entries: list[TocEntry], unpaged: list[TocEntry],
                       unlisted: list[Document], guess: str, front: float) -> list[Evidence]:
    """Documents no toc row lists, as sure as the toc's rows (a guess when rows lost their pages)."""
    toc_conf = min((row_conf(dossier, e) for e in entries), default=1.0)
    problems = []
    for d in unlisted:
        if guess and _no_row_could_list(entries, unpaged, d):
            # every row was read (the numbers run on) and none without pages names this type
            conf = min(front, doc_conf(dossier, d))
            problems.append(Evidence(d.first_page, message("toc.unlisted", document=doc_label(d)), d.type, conf))
        else:
            problems.append(Evidence(d.first_page, message("toc.unlisted", document=doc_label(d)), d.type,
                                     min(toc_conf, front, doc_conf(dossier, d), level("fragile_toc_type") if guess else 1.0),
                                     note=guess))
    return problems


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
    if not row.first or len(named) > 1 or row_conf(dossier, row) < DECISIVE_READING_CONF:
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
