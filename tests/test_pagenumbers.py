import pytest

from ingest.datamodel import Line, Page
from ingest.pages.pagenumbers import number_in_line, printed_number


def page(*lines):
    return Page(index=1, lines=[Line(t, x, top, x + 40, top + 10, 10) for t, x, top in lines])


@pytest.mark.parametrize("text,num", [
    ("12", 12), ("- 12 -", 12), ("—12—", 12), ("第 12 页", 12), ("第12页 共40页", 12), ("共40页 第12页", 12),
    ("１２", 12), ("12/40", 12),
    ("2025年6月3日", None), ("（2025）苏0508法援刑字第123号", None), ("第一条 12元", None),
    ("会见笔录", None), ("2025", None),
])
def test_number_in_line(text, num):
    got = number_in_line(text)
    assert (got[0] if got else None) == num and (got is None or got[0] < 1000 or num is None)


def test_margin_only():
    assert printed_number(page(("7", 520, 30))) == 7  # top right
    assert printed_number(page(("- 8 -", 280, 800))) == 8  # bottom centre
    assert printed_number(page(("9", 300, 400))) is None  # body text


def test_ignores_dates_and_case_numbers_in_header():
    p = page(("（2025）苏0508法援刑字第123号", 60, 30), ("2025年6月3日", 400, 800))
    assert printed_number(p) is None
    p = page(("（2025）苏0508法援刑字第123号    14", 60, 30))
    assert printed_number(p) == 14


def test_explicit_beats_plain():
    p = page(("3", 520, 30), ("第 5 页", 280, 800))
    assert printed_number(p) == 5


def test_real_pdf(make_pdf):
    from conftest import page_number_item
    from ingest.pages.pdf import extract_pages

    path = make_pdf([["正文内容一", page_number_item(1)], ["正文内容二", page_number_item(2, "dash")],
                     ["正文内容三", page_number_item(3, "di")], ["正文 2025年6月3日"]])
    assert [printed_number(p) for p in extract_pages(path)] == [1, 2, 3, None]


def test_a_bound_judgments_own_footer_yields_to_the_dossier_number():
    """A judgment keeps its 第1页 共2页 footer; the dossier's number is the one top right."""
    p = page(("17", 540, 38), ("第 1 页 共 2 页", 260, 794))
    assert printed_number(p) == 17
    assert printed_number(page(("第 1 页 共 2 页", 260, 794))) == 1  # alone, it is still read


def _numbered_scans(*numbers: int) -> list:
    from ingest.datamodel import Page
    return [Page(index=i, text=str(n), text_source="ocr", printed_number=n, number_conf=0.99)
            for i, n in enumerate(numbers, 1)]


def test_a_scanned_number_with_a_digit_doubled_is_the_one_number_that_fits_between_its_neighbours():
    from ingest.pages.pagenumbers import undo_doubled_digits
    pages = _numbered_scans(20, 244, 25)
    undo_doubled_digits(pages)
    assert [p.printed_number for p in pages] == [20, 24, 25] and pages[1].number_conf == 0.8
    ambiguous = _numbered_scans(10, 112, 20)  # 11 or 12
    undo_doubled_digits(ambiguous)
    assert ambiguous[1].printed_number == 112
    from review.checks.doubt import number_reading_conf
    assert number_reading_conf(ambiguous, 1) == 0.0  # a misread either way: nothing decides on it
    printed = _numbered_scans(20, 244, 25)
    printed[1].text_source = "pdfium"  # a text layer prints what it prints
    undo_doubled_digits(printed)
    assert printed[1].printed_number == 244


def test_a_scanned_page_whose_number_ocr_lost_takes_the_one_number_its_neighbours_leave():
    from ingest.pages.pagenumbers import physical_pages, with_lost_numbers
    pages = _numbered_scans(0, 0, 0, 2, 3)  # cover and toc (unnumbered, exempt), then a lost 1
    for p in pages[:3]:
        p.printed_number = None
    lost = pages[2]
    lost.flags.add("unnumbered")
    assert with_lost_numbers(pages, physical_pages(pages)) == {1: 3, 2: 4, 3: 5}
    lost.text_source = "pdfium"  # a text layer without a number has none
    assert with_lost_numbers(pages, physical_pages(pages)) == {2: 4, 3: 5}


def test_a_lost_number_is_the_runs_though_a_later_scan_reads_it_out_of_sequence():
    """Page 1's corner lost by OCR, page 11 read as 1 between 9 and 12: the toc's row for page 1
    names the page the gap leaves, not the misread one."""
    from ingest.pages.pagenumbers import physical_pages, with_lost_numbers
    pages = _numbered_scans(0, 0, 0, 2, 3, 1, 5)
    for p in pages[:3]:
        p.printed_number = None
    pages[2].flags.add("unnumbered")
    assert with_lost_numbers(pages, physical_pages(pages))[1] == 3
    pages[5].text_source = "pdfium"  # a text layer prints what it prints: its 1 is not misread
    assert with_lost_numbers(pages, physical_pages(pages))[1] == 6


def test_a_page_number_run_into_a_forms_last_line_is_the_number_its_neighbours_leave():
    """A form filled to the bottom edge: text extraction runs its last line together with the
    page number printed beside it (其他情况说明：______ 1). Before a page numbered 2 that 1 is the
    page's number; a trailing 7 there, or a trailing 1 in the body, is no page number."""
    from ingest.datamodel import Line, Page
    from ingest.pages.pagenumbers import repair_numbers

    def form(last: str, top: float = 800.0) -> Page:
        lines = [Line("法律援助申请表", 200, 80, 400, 96, 16), Line("家庭人口 5人 家庭月人均收入 约800元", 80, 777, 374, 789, 12),
                 Line(last, 76, top, 317, top + 18, 12)]
        return Page(index=4, text="\n".join(ln.text for ln in lines), lines=lines, height=842.0)

    def numbered(index: int, n: int) -> Page:
        lines = [Line("经济困难状况申报", 200, 80, 400, 96, 16), Line(str(n), 283, 802, 290, 812, 10)]
        return Page(index=index, text="\n".join(ln.text for ln in lines), lines=lines, height=842.0)

    for last, top, want in (("其他情况说明：________________________ 1", 800.0, 1),
                            ("其他情况说明：________________________ 7", 800.0, None),
                            ("其他情况说明：________________________ 1", 500.0, None)):
        pages = [Page(index=3, text="卷内目录"), form(last, top), numbered(5, 2)]
        for pg in pages:
            pg.printed_number = None
        pages[2].printed_number = 2
        repair_numbers(pages)
        assert pages[1].printed_number == want, last
