"""How sure the readings behind a binding finding are (OCR doubt).

A BD finding rests on a few readings: a document's type and heading, a toc row's
page numbers, a printed page number, the orientation vote, another case's number
or name. Each function scores the one reading a check decides on, 1.0 on pages
with a text layer, and tells when no doubtful character could make a reading
ours (then it decides however unsure OCR was).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from ingest.facts.casenumbers import case_no_key, find_case_numbers
from ingest.datamodel import DECISIVE_READING_CONF, Document, Dossier, Page, TocEntry
from ingest.pages.titles import page_heading
from ingest.readings import (beyond_misreading, digit_lost, digits_conf, edit_distance, is_ocr, pattern_conf,
                             reading, text_conf)
from review.checks.text import normalize

# ------------------------------------------------------------------ documents and front matter
FRONT_TYPES = ("cover", "toc")
FRONT_PAGES = 4  # a cover or toc found later than this on a scan is a misread page, not front matter


def title_conf(dossier: Dossier, doc: Document) -> float:
    """Confidence of the heading that names a document's type (what the classifier mostly reads):
    the heading line naming its type (目录 above the rows) when there is one, else the page's title."""
    page = dossier.page(doc.first_page)
    if not is_ocr(page):
        return 1.0
    named = page_heading(page, [doc.type])
    if named is not None:
        return pattern_conf(page, r"\s*".join(map(re.escape, named[0])))
    return text_conf(page, page.title)


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


# ------------------------------------------------------------------ toc rows and page numbers
def numbers_conf(dossier: Dossier, doc: Document) -> float:
    """Least sure printed page number of a document."""
    pages = [dossier.page(i) for i in doc.pages]
    return min((p.number_conf for p in pages if p.printed_number is not None), default=1.0)


def sure_numbers(dossier: Dossier, doc: Document) -> list[int] | None:
    """The document's printed page numbers, in page order, when every page carries one read at
    the decisive level; None otherwise."""
    nums = [dossier.page(i).printed_number for i in doc.pages]
    if not nums or None in nums or numbers_conf(dossier, doc) < DECISIVE_READING_CONF:
        return None
    return nums


_TITLE_CJK = re.compile(r"[\u4e00-\u9fff]")


def plausible_toc_title(title: str) -> bool:
    """A document title has at least two Chinese characters besides date words (OCR splits a
    date column into rows titled "日")."""
    return len(_TITLE_CJK.findall(re.sub(r"[年月日号]", "", title))) >= 2


def row_conf(dossier: Dossier, entry: TocEntry) -> float:
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


def numbered_neighbour(pages: list[Page], k: int, step: int) -> Page | None:
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
    pg, before, after = pages[k], numbered_neighbour(pages, k, -1), numbered_neighbour(pages, k, 1)
    n = pg.printed_number if "unnumbered" not in pg.flags else None
    if before is not None and after is not None:
        lo, hi = pages.index(before), pages.index(after)
        between = [p for p in pages[lo + 1:hi] if "blank" not in p.flags]
        if after.printed_number - before.printed_number - 1 == len(between) and pg in between:
            return n != before.printed_number + 1 + between.index(pg)
        # 244 between 20 and 25: a digit OCR doubled, the page's number being 24
        return n is not None and not before.printed_number < n < after.printed_number and is_ocr(pg) and any(
            digit_lost(c, n) for c in range(before.printed_number + 1, after.printed_number))
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
    pg, before, after = pages[k], numbered_neighbour(pages, k, -1), numbered_neighbour(pages, k, 1)
    if not any(is_ocr(p) for p in (pg, before, after) if p is not None):
        return 1.0
    if _misread(pages, k) or (before is not None and is_ocr(before) and _misread(pages, pages.index(before))):
        return 0.0
    confs = [p.number_conf for p in (pg, before, after) if p is not None and p.printed_number is not None]
    skipped = pages[pages.index(before) + 1:k] if before is not None else pages[:k]
    confs += [rotation_vote_conf(p) for p in skipped if "rotated" in p.flags]  # skipped as turned: was it?
    return min(confs, default=0.0)


# ------------------------------------------------------------------ page flags and other cases
MIN_VOTE_LINES = 3  # an orientation vote over fewer real text lines (a seal, a page number) is noise


# Fewer lines still decide when what OCR read after turning the page is legible Chinese: a page
# turned the wrong way reads as scraps at low confidence, so clear words confirm the vote.
MIN_LEGIBLE_CHARS = 8
LEGIBLE_CONF = 0.9


def rotation_vote_conf(page: Page) -> float:
    """Margin of a scanned page's orientation vote (0 = coin toss); with too few lines to vote,
    no more than how legibly the turned page reads (0.0 with too little text for either)."""
    if not is_ocr(page):
        return 1.0
    voters = [ln for ln in page.lines if len(ln.text.strip()) >= 4]
    margin = 2 * page.rotation_conf - 1
    if len(voters) >= MIN_VOTE_LINES:
        return margin
    read = [c for ln in voters for ch, c in zip(ln.text, ln.char_conf) if "\u4e00" <= ch <= "\u9fff"]
    legible = sum(read) / len(read) if len(read) >= MIN_LEGIBLE_CHARS else 0.0
    return min(margin, legible) if legible >= LEGIBLE_CONF else 0.0


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
        return identifying_conf(read, str(client))
    if ours and any(edit_distance(normalize(raw), ours) <= 1 for raw in printed):
        return 0.0
    return min(identifying_conf(reading(page, raw), serial(ours_no), serial_reading) for raw in printed)


Reading = list[tuple[str, float]]  # characters with their confidences (ingest.readings.reading)


def identifying_conf(read: Reading, ours: str, part: Callable[[Reading], Reading] = lambda r: r) -> float:
    """Least sure identifying character of a reading; decisive when doubt cannot make its
    identifying part (a number's serial, a whole name) ours."""
    read = [(ch, c) for ch, c in read if ch.isalnum()]
    if not read:
        return 0.0
    worst = min(c for _, c in read)
    if ours and beyond_misreading(part(read), ours):
        return max(worst, DECISIVE_READING_CONF)
    return worst


def serial(case_no: str) -> str:
    """The serial of a case number, its last run of digits (第75号 -> 75)."""
    runs = re.findall(r"\d+", unicodedata.normalize("NFKC", case_no))
    return runs[-1] if runs else ""


def serial_reading(read: Reading) -> Reading:
    """The characters of the last digit run of a reading."""
    end = max((i for i, (ch, _) in enumerate(read) if ch.isdigit()), default=-1)
    start = end
    while start > 0 and read[start - 1][0].isdigit():
        start -= 1
    return read[start:end + 1] if end >= 0 else []
