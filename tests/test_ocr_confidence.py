"""OCR confidence: carried on lines/page numbers, read back for dates and numbers,
used by the decisive-input doubt rule; OCR-robust dates and page numbers."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ingest.datamodel import DatedEvent, Dossier, Line, Page
from ingest.dates import find_dates, fix_ocr_digits, parse_date
from ingest.pages.pagenumbers import number_in_line, read_printed_number
from ingest.readings import HAN_DATE_OCR_CONF, date_conf, digits_conf, event_conf, page_char_conf, plausible_day, text_conf
from review.checks.doubt import number_reading_conf
from review.engine import require_decisive
from review.findings import Evidence, Finding


def _ocr_line(text: str, conf: float = 0.99, low: dict[int, float] | None = None, top: float = 300.0) -> Line:
    chars = [conf] * len(text)
    for i, c in (low or {}).items():
        chars[i] = c
    return Line(text, 50, top, 400, top + 14, 12, conf=min(chars), char_conf=chars)


def _ocr_page(*lines: Line, index: int = 1) -> Page:
    return Page(index=index, text="\n".join(ln.text for ln in lines), lines=list(lines), text_source="ocr")


# ------------------------------------------------------------------ datamodel
def test_line_defaults_are_sure_for_text_layer():
    ln = Line("2025年6月3日", 0, 0, 10, 10)
    assert ln.conf == 1.0 and ln.char_conf == [] and ln.span_conf(0, 4) == 1.0
    assert Page(index=1).number_conf == 1.0 and Page(index=1).rotation_conf == 1.0


def test_span_conf_is_the_worst_character():
    ln = _ocr_line("日期：2025年6月3日", low={8: 0.41})
    assert ln.span_conf(3, 13) == pytest.approx(0.41)
    assert ln.span_conf(0, 3) == pytest.approx(0.99)


# ------------------------------------------------------------------ OCR-robust parsing
@pytest.mark.parametrize("text,want", [
    ("2O25年6月3日", date(2025, 6, 3)),
    ("2025年l2月1日", date(2025, 12, 1)),
    ("20 25年6月1 5日", date(2025, 6, 15)),
    ("2O25.O6.O3", date(2025, 6, 3)),
    ("二o二五年六月三日", date(2025, 6, 3)),
    ("二0二五年六月三日", date(2025, 6, 3)),
    ("二◯二五年十二月一日", date(2025, 12, 1)),
    ("谈话时间|2024年8月31日", date(2024, 8, 31)),  # a table's rule read as |, not a 1 of a five-digit year
    ("|2O24.8.31", date(2024, 8, 31)),
])
def test_dates_survive_ocr_lookalikes(text, want):
    assert parse_date(text) == want


@pytest.mark.parametrize("text", ["ISO9001", "OK", "Il", "lOl", "编号AO1"])
def test_lookalikes_outside_digit_runs_stay(text):
    assert fix_ocr_digits(text) == text


def test_fix_keeps_length_so_spans_index_the_original():
    text = "落款：2O25年6月3日"
    (day, a, b), = find_dates(text)
    assert day == date(2025, 6, 3) and text[a:b] == "2O25年6月3日"


@pytest.mark.parametrize("text,want", [("- l2 -", 12), ("第 1O 页", 10), ("I7", 17), ("O", None)])
def test_page_numbers_survive_ocr_lookalikes(text, want):
    hit = number_in_line(text)
    assert (hit[0] if hit else None) == want


def test_printed_number_keeps_the_digit_confidence():
    page = _ocr_page(_ocr_line("12", low={1: 0.55}, top=20), _ocr_line("正文"))
    page.height = 842
    assert read_printed_number(page) == (12, pytest.approx(0.55))
    assert read_printed_number(Page(index=1, lines=[Line("7", 500, 20, 510, 30)])) == (7, 1.0)
    assert read_printed_number(Page(index=1)) == (None, 1.0)


# ------------------------------------------------------------------ readings
def test_date_conf_reads_the_characters_of_that_date():
    page = _ocr_page(_ocr_line("标题"), _ocr_line("指派日期：2025年6月3日", low={10: 0.3}))
    assert page_char_conf(page)[len("标题\n") + 10] == pytest.approx(0.3)
    assert date_conf(page, date(2025, 6, 3)) == pytest.approx(0.3)  # the month's digit
    # an unsure year character does not count (the 〇 of 二〇二五 read as 0): plausibility checks years
    year = _ocr_page(_ocr_line("2O25年5月6日", low={1: 0.45}))
    assert date_conf(year, date(2025, 5, 6)) == pytest.approx(0.99)
    # a month and day in Chinese numerals lose a character unseen (十二月 -> 十月): never decisive
    han = _ocr_page(_ocr_line("二〇二五年十月五日"))
    assert date_conf(han, date(2025, 10, 5)) == pytest.approx(HAN_DATE_OCR_CONF)
    assert date_conf(page, date(2025, 6, 4)) == 0.0  # not written there
    assert date_conf(Page(index=1, text="2025年6月3日"), date(2025, 6, 3)) == 1.0


def test_text_and_digit_confidence():
    page = _ocr_page(_ocr_line("会见笔录 5-7", low={6: 0.6}), _ocr_line("受援人：张三", 0.97))
    assert text_conf(page, "张三") == pytest.approx(0.97)
    assert text_conf(page, "李四") == 0.0
    assert digits_conf(page, "会见笔录") == pytest.approx(0.99)  # the weak char is the "-"
    assert digits_conf(page, "未列入") == pytest.approx(0.6)  # no such row: least sure digit line


def test_plausible_day_rejects_a_misread_year():
    others = [date(2025, 1, 5), date(2025, 3, 1), date(2025, 6, 30)]
    assert plausible_day(date(2025, 8, 20), others)  # 51 days late filing: plausible
    assert not plausible_day(date(2026, 8, 20), others)  # 2025 read as 2026
    assert plausible_day(date(2030, 1, 1), others[:1])  # nothing to compare with


def test_event_conf_zero_when_implausible():
    pages = [_ocr_page(_ocr_line(f"日期：{d}"), index=i + 1)
             for i, d in enumerate(["2025年1月5日", "2025年3月1日", "2026年3月9日"])]
    events = [DatedEvent(k, parse_date(p.text), p.index) for k, p in zip(("decision", "assignment", "filing"), pages)]
    dossier = Dossier(path=Path("x.pdf"), pages=pages)
    dossier.facts.events = events
    assert event_conf(dossier, events[0]) == pytest.approx(0.99)
    assert event_conf(dossier, events[1]) == pytest.approx(0.99)  # only one other date: no range
    dossier.facts.events.append(DatedEvent("meeting", date(2025, 2, 1), None))
    assert event_conf(dossier, events[2]) == 0.0  # a year after the rest
    assert event_conf(dossier, dossier.facts.events[-1]) is None


def test_a_form_field_date_is_not_prose():
    from ingest.readings import quoted_in_prose
    field = _ocr_page(_ocr_line("会见时间 2023年7月18日10时10分至11时29分，地点：看守所"))
    assert not quoted_in_prose(field, date(2023, 7, 18))
    ruled = _ocr_page(_ocr_line("谈话时间|2024年1月15日 谈话地点郑州市金水区法律援助中心接待室"))  # a table rule
    assert not quoted_in_prose(ruled, date(2024, 1, 15))
    prose = _ocr_page(_ocr_line("双方于二〇二四年八月十八日达成协议，并签订了书面协议书。"))
    assert quoted_in_prose(prose, date(2024, 8, 18))


def test_event_conf_zero_for_a_date_quoted_in_prose_on_a_scan():
    """An award whose own date line was lost under a seal: the date inside the narrative
    ("申请人于……向本委申请仲裁") is not the document's date, so it cannot decide TL-03/TL-05."""
    prose = _ocr_page(_ocr_line("申请人于二〇二四年九月二十三日向本委申请仲裁。本委依法受理后，"), index=1)
    own = _ocr_page(_ocr_line("二〇二四年十月十六日"), index=2)
    dossier = Dossier(path=Path("x.pdf"), pages=[prose, own])
    dossier.facts.events = [DatedEvent("judgment", date(2024, 9, 23), 1), DatedEvent("judgment", date(2024, 10, 16), 2)]
    assert event_conf(dossier, dossier.facts.events[0]) == 0.0
    assert event_conf(dossier, dossier.facts.events[1]) == pytest.approx(HAN_DATE_OCR_CONF)  # own line, Han numerals


# ------------------------------------------------------------------ page-number plausibility
def _numbered(*numbers: int | None, conf: float = 0.99) -> list[Page]:
    return [Page(index=i + 1, printed_number=n, number_conf=conf, text_source="ocr") for i, n in enumerate(numbers)]


@pytest.mark.parametrize("numbers,k,want", [
    ((8, 9, 12, 11, 12), 2, 0.0),  # 10 read as 12: one slot between 9 and 11
    ((8, 9, None, 11, 12), 2, 0.0),  # number 10 missed by OCR
    ((8, 9, 12, 13, 14), 2, 0.99),  # real gap
    ((8, 9, 9, 10, 11), 2, 0.99),  # real repeat
    ((8, 9, None, 10, 11), 2, 0.99),  # really unnumbered: neighbours run on
    ((8, 9, 12, 11, 12), 3, 0.0),  # 11 judged against the misread 12
    ((8, 9, 10, 11, None), 4, 0.0),  # absence at the end: nothing after to tell a miss
])
def test_number_reading_conf(numbers, k, want):
    assert number_reading_conf(_numbered(*numbers), k) == pytest.approx(want)


def test_number_reading_conf_is_sure_on_digital_pages():
    pages = [Page(index=i + 1, printed_number=n) for i, n in enumerate((1, 2, 5, 3))]
    assert number_reading_conf(pages, 2) == 1.0


# ------------------------------------------------------------------ doubt rule
def _dossier(n: int = 3) -> Dossier:
    return Dossier(path=Path("x.pdf"), pages=[Page(index=i + 1, text_source="ocr") for i in range(n)])


def _fail(*evidence: Evidence) -> Finding:
    return Finding("TL-01", "fail", 0.85, pages=[e.page for e in evidence if e.page], message="超过时限",
                   evidence=list(evidence), decided_by="rule:TL-01")


def test_sure_plausible_reading_keeps_the_failure():
    f = require_decisive(_fail(Evidence(1, "决定日期", "event:decision", 0.99),
                                   Evidence(2, "指派日期", "event:assignment", 0.97)), _dossier())
    assert f.status == "fail" and f.decided_by.endswith("+ocr_sure")


@pytest.mark.parametrize("conf", [0.5, 0.0, None])
def test_unsure_or_unassessed_reading_goes_to_the_reviewer(conf):
    f = require_decisive(_fail(Evidence(1, "决定日期", "event:decision", conf),
                                   Evidence(2, "指派日期", "event:assignment", conf)), _dossier())
    assert f.status == "uncertain" and "OCR" in f.message and f.decided_by.endswith("+ocr")


def test_failure_stands_on_its_sure_occurrences_only():
    f = _fail(Evidence(1, "第1页页码为5，漏编2-4", "page_number", 0.99),
              Evidence(2, "第2页未编页码", "page_number", 0.0), Evidence(3, "第3页未编页码", "page_number", None))
    f.occurrences = 3
    f = require_decisive(f, _dossier())
    assert f.status == "fail" and f.occurrences == 1 and f.decided_by.endswith("+partly_sure")
    assert "第2、3页为扫描件" in f.message


def test_failure_quoting_nothing_from_its_ocr_pages_is_uncertain():
    f = _fail()
    f.pages = [2]
    assert require_decisive(f, _dossier()).status == "uncertain"


def test_digital_failure_untouched():
    d = Dossier(path=Path("x.pdf"), pages=[Page(index=1), Page(index=2)])
    f = require_decisive(_fail(Evidence(1, "决定日期", "event:decision")), d)
    assert f.status == "fail" and f.decided_by == "rule:TL-01"


def test_evidence_conf_serialised_only_when_assessed():
    assert "conf" not in Evidence(1, "x").to_dict()
    assert Evidence(1, "x", "toc", 0.91234).to_dict()["conf"] == 0.912


def test_other_case_conf_is_the_least_sure_case_number():
    from ingest.facts.casenumbers import YEAR_BRACKET_NUMBER_RE as CASE_NO
    from ingest.readings import pattern_conf

    page = _ocr_page(_ocr_line("（2025）苏0508法援刑字第123号"), _ocr_line("（2025）苏0508法援刑字第128号", low={18: 0.4}))
    assert pattern_conf(page, CASE_NO) == pytest.approx(0.99)
    assert pattern_conf(page, CASE_NO, worst=True) == pytest.approx(0.4)
    assert pattern_conf(_ocr_page(_ocr_line("无案号")), CASE_NO) == 0.0


def test_lookalike_zero_scored_by_its_group_probability():
    """A 〇 whose probability is split with ○/O/0 is a sure zero; text and box score unchanged."""
    np = pytest.importorskip("numpy")
    utils = pytest.importorskip("rapidocr_onnxruntime.ch_ppocr_rec.utils")
    from ingest.pages.ocr_recognize import MergedDigitConf

    decoder = utils.CTCLabelDecode(character=["0", "〇", "O", "a", "年"])
    vocab = len(decoder.character)
    preds = np.zeros((1, 4, vocab), dtype=np.float32)
    preds[0, 0, decoder.character.index("〇")], preds[0, 0, decoder.character.index("O")] = 0.45, 0.40
    preds[0, 0, decoder.character.index("a")] = 0.15
    preds[0, 1, 0] = 1.0  # blank
    preds[0, 2, decoder.character.index("a")], preds[0, 2, decoder.character.index("0")] = 0.6, 0.4
    preds[0, 3, decoder.character.index("年")] = 0.9
    preds[0, 3, 0] = 0.1
    plain = decoder(preds.copy(), True, wh_ratio_list=[1.0], max_wh_ratio=1.0)
    merged = MergedDigitConf(decoder)(preds.copy(), True, wh_ratio_list=[1.0], max_wh_ratio=1.0)
    assert merged[0][0] == plain[0][0] == "〇a年" and merged[0][1] == pytest.approx(plain[0][1])
    assert merged[0][2][4] == pytest.approx([0.85, 0.6, 0.9])  # only the zero gains


def test_scanned_document_type_is_decisive_input():
    from ingest.datamodel import Document
    from review.checks.doubt import doc_conf, front_conf

    pages = [_ocr_page(_ocr_line(t, 0.95), index=i + 1) for i, t in enumerate(["卷宗封面", "卷内目录", "指派通知书",
                                                                             "法律援助决定书", "会见笔录", "卷宗封面"])]
    d = Dossier(path=Path("x.pdf"), pages=pages)
    d.documents = [Document("cover", 1, 1, 0.9), Document("toc", 2, 2, 0.8), Document("assignment", 3, 3, 0.5),
                   Document("decision", 4, 5, 0.99), Document("cover", 6, 6, 0.97)]
    assert doc_conf(d, d.documents[2]) == 0.5  # the segmenter was unsure
    assert doc_conf(d, d.documents[3]) == pytest.approx(0.95)  # heading read with 0.95
    assert doc_conf(d, d.documents[4]) == 0.0  # a "cover" on page 6 of a scan is a misread page
    assert front_conf(d) == 0.0
    d.documents.pop()
    assert front_conf(d) == pytest.approx(0.8)
    for p in pages:
        p.text_source = "pdf"
    assert front_conf(d) == 1.0 and doc_conf(d, d.documents[2]) == 1.0


@pytest.mark.parametrize("key,value,ok", [
    ("lawyer", "秦刚", True), ("lawyer", "秦刚联系电话：15514486514", False), ("client", "欧阳娜娜", True),
    ("case_no", "（2025）苏0508法援刑字第123号", True), ("case_no", "苏0508法援", False),
    ("closing_date", "2024-06-13", True), ("closing_date", "2024-O6", False),
])
def test_cover_value_shape(key, value, ok):
    from review.checks.binding.cover_values import plausible_cover_value

    assert plausible_cover_value(key, value) is ok


def test_garbled_signature_date_leaves_only_a_narrative_date():
    pages = [_ocr_page(_ocr_line(t), index=i + 1) for i, t in
             enumerate(["开庭时间 2023年6月20日", "申请人于2023年5月19日入职\n三年月三日", "2023年7月14日"])]
    pages[1] = _ocr_page(_ocr_line("经审理查明：申请人于2023年5月19日入职被申请人公司从事装修工作"),
                         _ocr_line("三年月三日"), index=2)
    d = Dossier(path=Path("x.pdf"), pages=pages)
    d.facts.events = [DatedEvent("hearing", date(2023, 6, 20), 1), DatedEvent("judgment", date(2023, 5, 19), 2),
                      DatedEvent("filing", date(2023, 7, 14), 3)]
    assert event_conf(d, d.facts.events[1]) == 0.0 and event_conf(d, d.facts.events[0]) == pytest.approx(0.99)
    pages[1].lines.insert(0, _ocr_line("裁决日期：2023年5月19日"))  # a labelled date survives
    pages[1].text = "\n".join(ln.text for ln in pages[1].lines)
    assert event_conf(d, d.facts.events[1]) == pytest.approx(0.99)


@pytest.mark.parametrize("numbers,k,want", [
    ((8, None, None, 11, 12), 1, 0.0),  # two numbers missed: two slots for two pages
    ((8, None, None, 9, 10), 1, 0.99),  # two really unnumbered pages
])
def test_number_slots_span_several_pages(numbers, k, want):
    assert number_reading_conf(_numbered(*numbers), k) == pytest.approx(want)


def test_rotation_and_other_case_confidence():
    from ingest.datamodel import Fact
    from review.checks.doubt import flag_conf

    seal = _ocr_page(_ocr_line("25"), _ocr_line("员民法院"), _ocr_line("区 ★"))
    seal.rotation, seal.rotation_conf = 90, 0.708
    text = _ocr_page(*[_ocr_line("准予法律援助决定书正文") for _ in range(4)])
    text.rotation, text.rotation_conf = 180, 0.9975
    d = Dossier(path=Path("x.pdf"), pages=[seal, text])
    assert flag_conf(d, seal, "rotated") == 0.0  # too little text to vote
    assert flag_conf(d, text, "rotated") == pytest.approx(0.995)  # margin of the vote
    d.facts.case_no = Fact("k", 1, "浙0203法援刑（2024）1137号")
    misread = _ocr_page(_ocr_line("浙0203法援型（2024）1137号"))
    other = _ocr_page(_ocr_line("（2024）浙0203法援刑字第2211号"))
    assert flag_conf(d, misread, "other_case") == 0.0
    assert flag_conf(d, other, "other_case") == pytest.approx(0.99)


def test_page_skipped_as_rotated_on_a_doubtful_vote_makes_the_next_number_unsure():
    pages = _numbered(23, 24, None, 26, 27)
    pages[2].flags.add("rotated")
    pages[2].lines = [_ocr_line("25"), _ocr_line("员民法院")]
    pages[2].rotation_conf = 0.708
    assert number_reading_conf(pages, 3) == 0.0


def test_scanned_toc_with_a_date_fragment_row_is_not_decisive():
    """OCR split a date column into a row titled "日": every row of that toc page is doubtful."""
    from ingest.datamodel import TocEntry
    from review.checks.doubt import plausible_toc_title, row_conf as _row_conf

    assert plausible_toc_title("书面代理意见") and not plausible_toc_title("日") and not plausible_toc_title("2025年日")
    page = _ocr_page(_ocr_line("11 书面代理意见 12-14"), _ocr_line("日 15"), index=2)
    dossier = Dossier(path=Path("x.pdf"), pages=[Page(index=1), page])
    dossier.facts.toc = [TocEntry(11, "书面代理意见", 12, 14, 2), TocEntry(12, "日", 15, 15, 2)]
    assert _row_conf(dossier, dossier.facts.toc[0]) == 0.0
    page.text_source = "pdf"  # the same rows in a text layer are read as printed
    assert _row_conf(dossier, dossier.facts.toc[0]) == 1.0


def test_a_scanned_toc_row_beyond_the_last_page_is_a_misread():
    """OCR lost the dash of 9-11: a row on page 911 of a 3-page dossier decides nothing."""
    from ingest.datamodel import TocEntry
    from review.checks.doubt import row_conf as _row_conf

    page = _ocr_page(_ocr_line("9 证据目录 911"), _ocr_line("10 谈话笔录 2"), index=2)
    dossier = Dossier(path=Path("x.pdf"), pages=[Page(index=1), page, Page(index=3, printed_number=2)])
    dossier.facts.toc = [TocEntry(9, "证据目录", 911, 911, 2), TocEntry(10, "谈话笔录", 2, 2, 2)]
    assert _row_conf(dossier, dossier.facts.toc[0]) == 0.0
    assert _row_conf(dossier, dossier.facts.toc[1]) > 0.5
    page.text_source = "pdf"  # printed so in a text layer, it is the toc's own error
    assert _row_conf(dossier, dossier.facts.toc[0]) == 1.0


def test_an_ocr_chinese_numeral_date_is_decisive_only_when_a_text_page_prints_it():
    """An OCR'd 二〇二五年六月三日 alone stays below the decisive level; the same date printed on a
    page with a text layer (an e-dossier's digital form) corroborates it."""
    from ingest.datamodel import DatedEvent, Dossier, Line, Page
    from ingest.readings import CORROBORATED_CONF, HAN_DATE_OCR_CONF, event_conf

    def ocr_page(i: int, text: str) -> Page:
        return Page(index=i, width=595, height=842, text=text, lines=[Line(text, 50, 100, 300, 115, conf=0.95)], image_only=True,
                    text_source="ocr")

    scanned = ocr_page(1, "二〇二五年六月三日")
    event = DatedEvent("judgment", __import__("datetime").date(2025, 6, 3), 1)
    alone = Dossier(path="x.pdf", pages=[scanned, Page(index=2, width=595, height=842, text="回访记录 2025年6月20日")])
    alone.facts.events = [event]
    assert 0 < event_conf(alone, event) <= HAN_DATE_OCR_CONF
    both = Dossier(path="x.pdf", pages=[scanned, Page(index=2, width=595, height=842, text="判决于2025年6月3日作出")])
    both.facts.events = [event]
    assert event_conf(both, event) == CORROBORATED_CONF


def test_a_short_page_turned_over_decides_when_it_reads_as_clear_words():
    """Two lines of a caption page (录音文字整理（复印件） / 复印件与原件一致) are too few to vote, but
    read surely after the turn: a page turned the wrong way reads as scraps, not words."""
    from review.checks.doubt import flag_conf

    caption = _ocr_page(_ocr_line("13"), _ocr_line("录音文字整理（复印件）"), _ocr_line("复印件与原件一致"))
    caption.rotation, caption.rotation_conf = 180, 0.9999
    d = Dossier(path=Path("x.pdf"), pages=[caption])
    assert flag_conf(d, caption, "rotated") >= 0.9
    scraps = _ocr_page(_ocr_line("13"), _ocr_line("录音文字整理（复印件）", conf=0.6), _ocr_line("复印件与原件一致", conf=0.6))
    scraps.rotation, scraps.rotation_conf = 180, 0.9999
    assert flag_conf(d, scraps, "rotated") == 0.0


def test_a_scanned_tocs_type_is_as_sure_as_its_heading_not_its_first_row():
    """目录 read surely above a first row whose dash OCR doubted (法律援助申请表 1-2): the toc is
    a toc as surely as its heading reads; a document without a heading naming its type is as
    sure as its page title."""
    from ingest.datamodel import Document
    from review.checks.doubt import title_conf

    row = _ocr_line("法律援助申请表 1-2", low={9: 0.47}, top=160)
    row.size = 14  # OCR boxes a row larger than the short heading: the page's title is that row
    toc = _ocr_page(_ocr_line("目录", top=100), _ocr_line("顺序号 文件名称 起止页号 备注", top=130), row, index=1)
    assert toc.title == "法律援助申请表 1-2"
    d = Dossier(path="x.pdf", pages=[toc], documents=[Document("toc", 1, 1)])
    assert title_conf(d, d.documents[0]) >= 0.99
    d.documents = [Document("application", 1, 1)]  # no heading names an application: the title decides
    assert title_conf(d, d.documents[0]) < 0.5
