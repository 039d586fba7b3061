"""BD-03: printed page numbers run 1, 2, 3 ... after the toc: no gaps, repeats or unnumbered pages."""
from __future__ import annotations

from ingest.datamodel import Dossier, Page
from ingest.doctypes import type_codes
from ingest.readings import digit_lost, is_ocr
from ingest.pages.titles import page_heading
from review.checklist import ChecklistItem
from review.checks.binding.numbering import numbering_start, own_pagination
from review.checks.doubt import front_conf, number_reading_conf, numbered_neighbour
from review.checks.registry import check
from review.confidence import level
from review.messages import message
from review.context import CheckContext
from review.findings import Evidence, Finding


def _slot_left(pages: list[Page], k: int, expected: int) -> bool:
    """The next numbered page leaves exactly the slots of the pages from k on (expected 1, page k
    unread, next page 2): page k was numbered, OCR missed it."""
    after = numbered_neighbour(pages, k, 1)
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
    after_toc = dossier.pages[numbering_start(dossier):]
    pages = _counted_pages(dossier, after_toc, exempt_types)
    if not pages:
        return Finding(item.id, "not_applicable", level("nothing_to_check"), message=message("page_numbers.nothing_to_number"), decided_by=rule)
    numbered = [pg for pg in pages if pg.printed_number is not None and "unnumbered" not in pg.flags]
    strict = [pg for pg in pages if not (pg.flags & lenient)]
    if strict and len([pg for pg in numbered if pg in strict]) * 2 < len(strict):
        return Finding(item.id, "uncertain", level("source_unread"), message=message("page_numbers.mostly_unread"),
                       decided_by=rule)
    problems, expected = _numbering_problems(dossier, pages, after_toc, lenient)
    if problems:
        return Finding(item.id, "fail", level("rule_fail"), pages=[e.page for e in problems],
                       message="；".join(e.text for e in problems[:8]) + (message("page_numbers.and_more") if len(problems) > 8 else ""),
                       evidence=problems, decided_by=rule)
    return Finding(item.id, "pass", level("rule_pass"), message=message("page_numbers.continuous", last=expected - 1),
                   decided_by=rule)


def _counted_pages(dossier: Dossier, after_toc: list[Page], exempt_types: set[str]) -> list[Page]:
    """The pages after the toc that the count runs over: not those of exempt types (backup sheet),
    unless headed as another document."""
    pages = []
    doc_at = dossier.documents_by_page()
    for page in after_toc:
        doc = doc_at.get(page.index)
        if doc is not None and doc.type in exempt_types and not _headed_as_content(page, exempt_types):
            continue
        pages.append(page)
    return pages


def _numbering_problems(dossier: Dossier, pages: list[Page], after_toc: list[Page],
                        lenient: set[str]) -> tuple[list[Evidence], int]:
    """Count the pages through and report every page whose number breaks the count; also the
    number the next page would carry."""
    problems: list[Evidence] = []
    expected, prev, slack = 1, None, 0
    front = front_conf(dossier)
    own = own_pagination(dossier, pages)
    restarted: set[int] = set()
    own_run: list[Page] = []  # pages just counted on their document's own footer alone
    for k, pg in enumerate(pages):
        n = pg.printed_number if "unnumbered" not in pg.flags else None
        if pg.index in own and n == own[pg.index]:  # the document's own 第n页共m页: counts, not a dossier number
            expected, slack = expected + 1, 0
            own_run.append(pg)
            continue
        if own_run and n is not None and n == expected - len(own_run):
            # the count resumes as if those pages were not there (17, 第2页共2页, 18): they carry
            # no dossier number
            problems += [Evidence(o.index, message("page_numbers.unnumbered", page=o.index), "page_number",
                                  number_reading_conf(after_toc, after_toc.index(o))) for o in own_run]
            expected = n
        own_run = []
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
            problems.append(Evidence(pg.index, message("page_numbers.unnumbered", page=pg.index), "page_number", conf))
            slack += 1  # the next page may or may not count the unnumbered one
            continue
        problem = _out_of_sequence(pg, n, expected, prev, slack, conf, lost)
        if problem is not None:
            problems.append(problem)
        expected, prev, slack = n + 1, n, 0
    return problems, expected


def _out_of_sequence(pg: Page, n: int, expected: int, prev: int | None, slack: int, conf: float,
                     lost: bool) -> Evidence | None:
    """A printed number past the count (pages left unnumbered) or behind it (a repeat, or out of
    order); None when it is in sequence."""
    if n > expected + slack:
        missing = f"{expected}" if n == expected + 1 else f"{expected}-{n - 1}"
        return Evidence(pg.index, message("page_numbers.skipped", page=pg.index, number=n, missing=missing),
                        "page_number", conf)
    if n < expected:
        kind = message("page_numbers.repeated" if n == prev else "page_numbers.disordered")
        # 7 where 17 is due, with no later page to confirm either: OCR dropping a digit
        # explains it as well as a numbering error does
        note = message("page_numbers.digit_lost", number=n, expected=expected) if lost else ""
        return Evidence(pg.index, message("page_numbers.behind", page=pg.index, number=n, kind=kind), "page_number",
                        min(conf, level("single_reading")) if lost else conf, note=note)
    return None
