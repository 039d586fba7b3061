"""Readings on scans that decide a verdict only when every way OCR could have misread them agrees:
a Chinese-numeral date that may have lost a numeral, a toc row against a doubted own date, a
signing line whose year a seal covered, a toc range whose dash OCR lost, a judgment's own footer."""
from __future__ import annotations

from datetime import date

from dossier_builders import build, criminal_spec
from ingest.datamodel import DatedEvent, Dossier, Line, Page, TocEntry
from ingest.dates import find_yearless
from ingest.documents.toc import parse_toc
from ingest.facts.document_dates import against_toc, signature_date
from ingest.pages.pagenumbers import physical_pages
from ingest.readings import misread_variants
from review.checklist import load_checklist
from review.context import CheckContext
from review.engine import run_item

CL = load_checklist()


def run(dossier: Dossier, item_id: str):
    return run_item(dossier, CL.item(item_id), CheckContext.build(dossier, CL))


def _line(text: str, conf: float = 0.99, top: float = 300.0) -> Line:
    return Line(text, 50, top, 400, top + 14, 12, conf=conf, char_conf=[conf] * len(text))


def _scanned(d: Dossier, index: int, *texts: str) -> None:
    """Replace page ``index`` by a scan that OCR read surely as ``texts``."""
    lines = [_line(t, top=100.0 + 20 * k) for k, t in enumerate(texts)]
    pg = d.page(index)
    pg.text, pg.lines, pg.text_source, pg.image_only = "\n".join(texts), lines, "ocr", True


def _page_of(d: Dossier, doc_type: str) -> int:
    return next(doc.first_page for doc in d.documents if doc.type == doc_type)


def _with_event(d: Dossier, kind: str, day: date, page: int, how: str = "signature") -> None:
    d.facts.events = [e for e in d.facts.events if e.kind != kind] + [DatedEvent(kind, day, page, "", how)]


# ------------------------------------------------------------------ a numeral OCR may have dropped
def test_the_days_a_dropped_numeral_could_hide():
    d = build(criminal_spec())
    poa = _page_of(d, "power_of_attorney")
    _scanned(d, poa, "授权委托书", "委托人张某", "二〇二五年八月九日")
    assert misread_variants(d, DatedEvent("power_of_attorney", date(2025, 8, 9), poa, "")) == {
        date(2025, 8, 9), date(2025, 8, 19)}
    _scanned(d, poa, "授权委托书", "二〇二五年十月十七日")
    assert misread_variants(d, DatedEvent("power_of_attorney", date(2025, 10, 17), poa, "")) == {
        date(2025, 10, 17), date(2025, 11, 17), date(2025, 12, 17), date(2025, 10, 27)}
    digital = build(criminal_spec())
    assert misread_variants(digital, DatedEvent("power_of_attorney", date(2025, 3, 5), poa, "")) == {date(2025, 3, 5)}


def test_a_chinese_numeral_date_fails_a_deadline_only_when_late_however_a_numeral_is_restored():
    d = build(criminal_spec())
    poa = _page_of(d, "power_of_attorney")
    _with_event(d, "filing", date(2025, 10, 15), _page_of(d, "cover"), "cover")  # filed after it all
    _with_event(d, "assignment", date(2025, 7, 28), _page_of(d, "assignment"))
    _scanned(d, poa, "授权委托书", "委托人张某", "二〇二五年八月九日")
    _with_event(d, "power_of_attorney", date(2025, 8, 9), poa)
    assert run(d, "TL-04").status == "fail"  # 8-9 and 8-19 are both past the due 8-04

    d = build(criminal_spec())
    _with_event(d, "filing", date(2025, 12, 15), _page_of(d, "cover"), "cover")
    assignment, meeting = _page_of(d, "assignment"), _page_of(d, "meeting_record")
    _scanned(d, assignment, "指派通知书", "承办律师：李某", "二〇二五年十月十七日")
    _with_event(d, "assignment", date(2025, 10, 17), assignment)
    _with_event(d, "meeting", date(2025, 10, 24), meeting, "labelled")
    _with_event(d, "decision", date(2025, 10, 15), _page_of(d, "decision"))
    _with_event(d, "power_of_attorney", date(2025, 10, 28), _page_of(d, "power_of_attorney"))
    # late if assigned on 10-17, but 十月二十七日 with its 二 dropped reads the same, and the meeting
    # that TL-05 orders after the assignment may not rule it out: no fail
    assert run(d, "TL-02").status == "uncertain"
    # a doubtful 7 of 17日 may be any digit (10-10 .. 10-19); an assignment never comes before its
    # decision (10-15), an order TL-05 does not test: of the days left, every one is late
    _scanned(d, assignment, "指派通知书", "承办律师：李某", "2025年10月17日")
    d.page(assignment).lines[-1].char_conf[9] = 0.5
    assert run(d, "TL-02").status == "fail"


# ------------------------------------------------------------------ the toc row against a doubted own date
def test_a_surely_read_toc_row_dates_a_document_whose_scanned_date_ocr_doubted():
    d = build(criminal_spec())
    assignment = _page_of(d, "assignment")
    _scanned(d, assignment, "指派通知书", "承办律师：李某", "二〇二四年三月二十八日")
    d.page(assignment).lines[-1].char_conf[6] = 0.4  # 三 of 三月: OCR doubted it (二月 read as 三月)
    d.page(assignment).lines[-1].conf = 0.4
    row = TocEntry(6, "法律援助指派通知书", 6, 6, 2, date(2024, 2, 28))
    got = (date(2024, 3, 28), assignment, "二〇二四年三月二十八日", "signature")
    own, how = against_toc(d, got, row)
    assert own[3] == "contested" and how == "toc"  # the row stands, the own reading is contested
    d.page(assignment).lines[-1].char_conf[6] = 0.99  # a sure reading that disagrees: both contested
    d.page(assignment).lines[-1].conf = 0.99
    assert against_toc(d, got, row)[1] == "contested"


def test_a_long_toc_row_is_a_tables_cells_not_prose():
    """A scanned toc row 7 法律援助受援人权利义务告知书 2025年5月15日 8 is longer than a signing
    line, but its date is the binder's record of the document, not a date quoted in a sentence:
    read surely, it is sure. The same date inside a sentence of a document is not."""
    from ingest.readings import event_conf
    d = build(criminal_spec())
    toc = _page_of(d, "toc")
    row = "7 法律援助受援人权利义务告知书 2025年5月15日 8"
    _scanned(d, toc, "卷内文件目录", "序号 文件材料题名 日期 页号 备注", row)
    d.facts.events.append(DatedEvent("power_of_attorney", date(2025, 5, 15), toc, row, "toc"))
    assert event_conf(d, d.facts.events[-1]) > 0.9
    prose = "经查，受援人于2025年5月15日到本所签订委托协议并提交了身份证明材料。"
    _scanned(d, toc, "卷内文件目录", prose)
    d.facts.events[-1] = DatedEvent("power_of_attorney", date(2025, 5, 15), toc, prose, "signature")
    assert event_conf(d, d.facts.events[-1]) == 0.0


# ------------------------------------------------------------------ a seal over the year
def test_a_signing_line_whose_year_a_seal_covered_is_read_in_the_cases_year():
    assert find_yearless("甲方：冯生\n一辆年五月三十日\n江")[0][:2] == (5, 30)
    assert find_yearless("二〇二五年五月三十日") == []          # a whole date is no yearless one
    assert find_yearless("你于年五月三十日提出申请，经审查") == []  # prose, not a signing line
    d = build(criminal_spec())
    poa = _page_of(d, "power_of_attorney")
    _scanned(d, poa, "委托代理合同", "甲方：张某", "一辆年三月六日")
    doc = next(doc for doc in d.documents if doc.type == "power_of_attorney")
    day, page, _, how = signature_date(d, doc)
    assert (day, page, how) == (date(2025, 3, 6), poa, "yearless")
    _with_event(d, "power_of_attorney", day, poa, how)
    assert run(d, "TL-04").status == "pass"  # on time: a fragile date may show that
    _with_event(d, "power_of_attorney", date(2025, 3, 26), poa, how)
    assert run(d, "TL-04").status == "uncertain"  # but a lateness resting on it is no fail


# ------------------------------------------------------------------ toc ranges and footers on scans
def test_a_scanned_toc_range_whose_dash_ocr_lost_fills_the_gap_between_its_neighbours():
    text = "8 劳动人事争议仲裁申请书 8\n9 证据目录 911\n10 接待笔录 12-18"
    scan = Page(index=2, text=text, lines=[_line(t) for t in text.splitlines()], text_source="ocr")
    assert [(e.first, e.last) for e in parse_toc([scan])] == [(8, 8), (9, 11), (12, 18)]
    digital = Page(index=2, text=text)  # a text layer that prints 911 means 911
    assert [(e.first, e.last) for e in parse_toc([digital])][1] == (911, 911)


def test_a_judgments_own_footer_places_no_toc_row():
    footer = Page(index=13, text="刑事判决书\n第1页共3页", printed_number=1,
                  lines=[_line("刑事判决书", top=300), _line("第1页共3页", top=800)])
    stamped = Page(index=3, text="3\n法律援助通知书", printed_number=3, lines=[_line("3", top=20)])
    assert physical_pages([stamped, footer]) == {3: 3}


# ------------------------------------------------------------------ the cover's closing date
def _cover_closing(day_text: str, *extra: DatedEvent) -> Dossier:
    from ingest.datamodel import Fact
    d = build(criminal_spec())
    cover = _page_of(d, "cover")
    d.facts.cover["closing_date"] = Fact(day_text, cover)
    d.page(cover).text = d.page(cover).text.replace("结案日期：2025年6月1日", f"结案日期：{day_text}")
    d.facts.events += list(extra)
    return d


def test_a_cover_never_closes_a_case_before_its_judgment():
    # judgment 5-20, closing report 6-1: three days before the report agrees (an approval day) ...
    assert run(_cover_closing("2025年5月29日"), "BD-08").status == "pass"
    # ... but two days before the judgment is no closing date, though "3 days before" fits it
    assert run(_cover_closing("2025年5月18日"), "BD-08").status == "fail"


def test_a_fragile_outcome_reading_does_not_vouch_for_the_cover_where_a_sure_one_exists():
    judgment = _page_of(build(criminal_spec()), "judgment")
    quoted = DatedEvent("judgment", date(2025, 5, 5), judgment, "于2025年5月5日公开开庭审理", "quoted")
    assert run(_cover_closing("2025年5月12日", quoted), "BD-08").status == "fail"


# ------------------------------------------------------------------ a second print under a seal
_LETTER = ["成都市武侯区法律援助中心", "法律援助公函", "武侯援函字（2025）第140号", "成都市武侯区人民检察院：",
           "根据《中华人民共和国法律援助法》的规定，本中心决定指派四川长河法律服",
           "务所律师曹春海担任秦辉危险驾驶一案的辩护人，为其提供法律援助。", "请予接洽为荷。",
           "承办律师：曹春海联系电话：17433414091"]


def _print(index: int, *tail: str, head: list[str] | None = None) -> Page:
    texts = (head or _LETTER) + list(tail) + [str(index)]
    lines = [_line(t, top=100.0 + 40 * k) for k, t in enumerate(texts)]
    lines[-1] = Line(str(index), 500, 800, 520, 814, 12, conf=0.99, char_conf=[0.99] * len(str(index)))
    return Page(index=index, text="\n".join(texts), lines=lines, text_source="ocr", image_only=True)


def _flags(*pages: Page) -> list[set[str]]:
    from ingest.pages.pageflags import flag_pages
    flag_pages(list(pages))
    return [p.flags for p in pages]


def test_a_second_scanned_print_whose_seal_broke_another_part_of_the_date_is_a_duplicate():
    first = _print(11, "成都市武侯区法律援助中心", "20年9第日", "武 援", "都 助", "成 心")
    second = _print(12, "2025年月2日", "武侯 律援", "都 助", "成 心")
    assert "duplicate" in _flags(first, second)[1]


def test_two_whole_dates_or_another_addressee_keep_scanned_prints_apart():
    a = _print(11, "2025年9月2日", "武 援")
    b = _print(12, "2025年9月12日", "武 援")
    assert "duplicate" not in _flags(a, b)[1]
    other = _LETTER[:3] + ["成都市武侯区人民法院："] + _LETTER[4:]
    c = _print(12, "2025年月2日", "武 援", head=other)
    d = _print(13, "2025年月2日", "武 援", head=_LETTER[:3] + ["曾庆宇："] + _LETTER[4:])
    flags = _flags(_print(11, "20年9第日", "武 援"), c, d)
    assert "duplicate" not in flags[1] and "duplicate" not in flags[2]


def test_a_date_numeral_ocr_doubted_on_one_scan_is_unread_not_another_numeral():
    """2024年0期6日 with the 0 doubted (the seal's ink over the 9) against 2024年9月6日: the 0 is
    unread, 2024 6 lies in 2024 9 6, one sheet bound twice. A surely read 10月 is another sheet,
    and two doubted numerals leave too little of the date to tell."""
    def doubted(index: int, date_line: str, *at: int) -> Page:
        pg = _print(index, date_line, "武 援")
        pg.lines[len(_LETTER)].char_conf = [0.5 if k in at else 0.99 for k in range(len(date_line))]
        return pg
    sure = _print(12, "2024年9月6日", "武 援")
    assert "duplicate" in _flags(doubted(11, "2024年0期6日", 5, 6), sure)[1]
    assert "duplicate" not in _flags(_print(11, "2024年10月6日", "武 援"), sure)[1]
    assert "duplicate" not in _flags(doubted(11, "2024年1月5日", 5, 7), sure)[1]


# ------------------------------------------------------------------ a seal over the month (骑年压月)
def _decided_under_the_seal(decision_line: str, applied: str, assigned: str) -> list[tuple[date, str]]:
    from ingest.datamodel import Document
    from ingest.facts.extract import extract_facts
    texts = {1: f"法律援助申请表\n申请人：张某\n{applied}",
             2: f"给予法律援助决定书\n经审查，决定给予法律援助。\n某某法律援助中心\n{decision_line}",
             3: f"法律援助指派通知书\n指派李某律师承办。\n某某法律援助中心\n{assigned}"}
    pages = [Page(index=i, text=t) for i, t in texts.items()]
    pages[1].text_source = "ocr"
    pages[1].lines = [_line(t, top=100.0 + 20 * k) for k, t in enumerate(texts[2].splitlines())]
    d = Dossier(path="x.pdf", pages=pages)
    d.documents = [Document("application", 1, 1), Document("decision", 2, 2), Document("assignment", 3, 3)]
    return [(e.day, e.how) for e in extract_facts(d).events if e.kind == "decision"]


def test_a_month_the_seal_covered_is_the_one_its_day_fits_between_the_acts_around_it():
    from ingest.dates import find_monthless
    assert [h[:4] for h in find_monthless("二〇二四年法月十三日")] == [(2024, 13, "十三", "法月")]
    assert find_monthless("二〇二四年八月十三日") == []
    eight = find_monthless("2025年8进25日")[0]  # 月 itself hidden: what is left says August
    assert eight.day == 25 and eight.month_may_be(8) and not eight.month_may_be(9)
    assert find_monthless("二二五年共月十五日")[0][:2] == (2025, 15)  # the year lost its 〇 too
    got = _decided_under_the_seal("二〇二四年法月十三日", "2024年8月12日", "2024年8月22日")
    assert got == [(date(2024, 8, 13), "ordered")]
    # two 13ths between the acts around it: no date
    assert _decided_under_the_seal("二〇二四年法月十三日", "2024年7月12日", "2024年8月22日") == []
    # the read 十三 fits no day between, 二十三 (a dropped 二) would: no date either
    assert _decided_under_the_seal("二〇二四年法月十三日", "2024年8月15日", "2024年8月25日") == []
    # 十七 fits the 17th, and 二十七 fits between too: which one the seal hid is unknown
    assert _decided_under_the_seal("二〇二四年法月十七日", "2024年8月15日", "2024年8月28日") == []
    # what is left of the month narrows the choice: 七海 is July, not the June of 6-13
    assert _decided_under_the_seal("二〇二四年七海十三日", "2024年6月1日", "2024年7月20日") == [
        (date(2024, 7, 13), "ordered")]


def test_a_scanned_signing_date_a_lost_digit_from_its_own_documents_field_is_contested():
    from ingest.datamodel import Document
    from ingest.facts.extract import extract_facts
    text = "法律援助案件结案报告\n指派日期2025年10月2日 结案日期2025年12月8日\n案件已办结。\n承办律师：李某\n2025年1月8日"
    page = Page(index=1, text=text, text_source="ocr",
                lines=[_line(t, top=100.0 + 20 * k) for k, t in enumerate(text.splitlines())])
    d = Dossier(path="x.pdf", pages=[page])
    d.documents = [Document("closing_report", 1, 1)]
    got = {(e.kind, e.day, e.how) for e in extract_facts(d).events}
    assert ("closing_report", date(2025, 1, 8), "contested") in got  # the seal took the 2 of 12
    page.text_source, page.lines = "pdfium", []  # a text layer prints what it prints
    assert ("closing_report", date(2025, 1, 8), "signature") in {(e.kind, e.day, e.how) for e in extract_facts(d).events}


def test_a_cover_never_closes_a_case_after_it_was_filed():
    # closing report 6-1, filed 6-15: ten days after the report would agree, but not past the filing
    d = _cover_closing("2025年6月11日")
    assert run(d, "BD-08").status == "pass"
    backup = _page_of(d, "backup_sheet")
    d.facts.events.append(DatedEvent("filing", date(2025, 6, 10), backup, "立卷日期2025年6月10日", "labelled"))
    finding = run(d, "BD-08")
    assert finding.status == "fail" and "晚于" in finding.message


def test_a_doubtful_date_read_out_of_the_cases_order_decides_nothing():
    """An assignment read as 2024年5月2日 (the 7 of 27 lost under the seal, the 2 doubtful) comes
    before its application of 5-20: that reading is itself a misreading, not a late POA."""
    d = build(criminal_spec())
    assignment = _page_of(d, "assignment")
    _with_event(d, "application", date(2024, 5, 20), _page_of(d, "application"))
    _with_event(d, "decision", date(2024, 5, 23), _page_of(d, "decision"))
    _scanned(d, assignment, "指派通知书", "承办律师：李某", "2024年5月2日")
    d.page(assignment).lines[-1].char_conf[7] = 0.66
    _with_event(d, "assignment", date(2024, 5, 2), assignment)
    _with_event(d, "power_of_attorney", date(2024, 5, 29), _page_of(d, "power_of_attorney"))
    assert run(d, "TL-04").status == "uncertain"


def test_a_scanned_date_out_of_the_order_of_the_acts_proves_no_lateness():
    """A decision read surely as 2025年5月2日 after a 5月6日 application (the 1 of 12 lost under the
    seal) is a misreading: TL-01 is uncertain, not 16 days late."""
    d = build(criminal_spec())
    decision = _page_of(d, "decision")
    _with_event(d, "application", date(2025, 5, 6), _page_of(d, "application"))
    _scanned(d, decision, "给予法律援助决定书", "经审查，决定给予法律援助。", "2025年5月2日")
    _with_event(d, "decision", date(2025, 5, 2), decision)
    _with_event(d, "assignment", date(2025, 5, 22), _page_of(d, "assignment"))
    _with_event(d, "power_of_attorney", date(2025, 5, 23), _page_of(d, "power_of_attorney"))
    assert run(d, "TL-01").status == "uncertain"
    d.page(decision).text_source = "pdfium"  # a text layer prints what it prints: late it is
    assert run(d, "TL-01").status == "fail"


def test_a_start_read_too_late_proves_no_timeliness_and_an_early_one_keeps_it():
    """An assignment read surely as 2025年5月20日 (1月20日 with its 1 read as 5) in a case decided on
    1月8日 and filed on 4月7日 makes a 2月5日 first meeting look early: TL-02 is uncertain, not a pass.
    A start misread too early only moves the due date earlier, so an act on time counted from it is
    on time counted from the true day: a meeting two days after an assignment misread before its
    decision stays a pass. Only the filing and the callback put a start too late for a pass: a
    decision dated after a meeting (a meeting before its assignment is TL-05's defect) keeps TL-01's."""
    d = build(criminal_spec())
    assignment = _page_of(d, "assignment")
    _with_event(d, "decision", date(2025, 1, 8), _page_of(d, "decision"))
    _with_event(d, "filing", date(2025, 4, 7), 1, "labelled")
    _scanned(d, assignment, "指派通知书", "承办律师：李某", "2025年5月20日")
    _with_event(d, "assignment", date(2025, 5, 20), assignment)
    _with_event(d, "meeting", date(2025, 2, 5), _page_of(d, "meeting_record"))
    assert run(d, "TL-02").status == "uncertain"
    _with_event(d, "assignment", date(2025, 1, 6), assignment)
    _with_event(d, "meeting", date(2025, 1, 8), _page_of(d, "meeting_record"))
    assert run(d, "TL-02").status == "pass"
    decision = _page_of(d, "decision")  # a meeting before the decision is TL-05's, no misreading
    _scanned(d, decision, "给予法律援助决定书", "经审查，决定给予法律援助。", "2025年1月12日")
    _with_event(d, "decision", date(2025, 1, 12), decision)
    _with_event(d, "assignment", date(2025, 1, 13), assignment)
    _with_event(d, "meeting", date(2025, 1, 7), _page_of(d, "meeting_record"))
    assert run(d, "TL-01").status == "pass"
    from ingest.facts.process_order import first_acts_ceiling
    assert first_acts_ceiling(d, d.facts.events, "assignment") == date(2025, 4, 7)
    assert first_acts_ceiling(d, d.facts.events, "judgment") is None  # a closing act may follow the callback


def test_a_meeting_before_even_the_application_is_still_a_meeting_before_its_assignment():
    d = build(criminal_spec())
    meeting = _page_of(d, "meeting_record")
    _with_event(d, "application", date(2025, 6, 9), _page_of(d, "application"))
    _with_event(d, "decision", date(2025, 6, 10), _page_of(d, "decision"))
    _with_event(d, "assignment", date(2025, 6, 11), _page_of(d, "assignment"))
    _with_event(d, "power_of_attorney", date(2025, 6, 11), _page_of(d, "power_of_attorney"))
    _scanned(d, meeting, "谈话笔录", "谈话时间2025年6月5日 谈话地点受援人家中")
    _with_event(d, "meeting", date(2025, 6, 5), meeting, "labelled")
    assert run(d, "TL-05").status == "fail"  # TL-05's own question, not a misreading


def _judged_under_the_seal(stated: str) -> set[tuple[str, date, str]]:
    """A scanned judgment whose signing line a seal broke (十泽月), and the closing report
    stating the day it was given."""
    from ingest.datamodel import Document
    from ingest.facts.extract import extract_facts
    texts = ["刑事判决书\n被告人王某犯盗窃罪，判处有期徒刑六个月。\n审判长 赵某\n二〇二四年十泽月二十五日",
             f"法律援助案件结案报告\n结案日期2024年12月2日\n结案方式及结果：某某区人民法院于{stated}作出刑事判决，"
             "判处被告人王某有期徒刑六个月。\n承办律师：李某\n2024年12月2日"]
    pages = [Page(index=i, text=t, text_source="ocr",
                  lines=[_line(x, top=100.0 + 20 * k) for k, x in enumerate(t.splitlines())])
             for i, t in enumerate(texts, 1)]
    d = Dossier(path="x.pdf", pages=pages)
    d.documents = [Document("judgment", 1, 1), Document("closing_report", 2, 2)]
    return {(e.kind, e.day, e.how) for e in extract_facts(d).events if e.kind == "judgment"}


def test_a_seal_broken_judgment_date_the_report_completes_is_that_day():
    assert misread_variants(Dossier(path="x.pdf", pages=[Page(index=1, text="二〇二四年十泽月二十五日", text_source="ocr",
                                                               lines=[_line("二〇二四年十泽月二十五日")])]),
                            DatedEvent("judgment", date(2024, 10, 25), 1, "")) == {
        date(2024, 10, 25), date(2024, 11, 25), date(2024, 12, 25)}  # the glyph may hide 一 or 二
    assert _judged_under_the_seal("2024年11月25日") == {("judgment", date(2024, 11, 25), "report_corroborated")}
    # a day the glyph cannot make: the reading stays broken, decided by nothing
    got = _judged_under_the_seal("2024年11月20日")
    assert len(got) == 1 and next(iter(got))[2].startswith("broken_")


# ------------------------------------------------------------------ an act the decision recounts
def _decided_after_applying(recount: str) -> Dossier:
    """An application form whose only date is the client's birth date, a scanned decision that
    recounts the application (``recount``) and is signed 2025年3月2日 (the 1 of 12 lost under the
    seal), and an assignment of 2025年3月14日."""
    from ingest.datamodel import Document
    from ingest.facts.extract import extract_facts
    texts = {1: "法律援助申请表\n申请人：张某 出生日期 1968年3月13日\n申请事项：劳动争议仲裁代理",
             2: f"给予法律援助决定书\n张某：\n{recount}经审查，决定给予法律援助。\n某某法律援助中心\n2025年3月2日",
             3: "法律援助指派通知书\n指派李某律师承办。\n某某法律援助中心\n2025年3月14日"}
    pages = [Page(index=i, text=t) for i, t in texts.items()]
    pages[1].text_source = "ocr"
    pages[1].lines = [_line(t, top=100.0 + 20 * k) for k, t in enumerate(texts[2].splitlines())]
    d = Dossier(path="x.pdf", pages=pages)
    d.documents = [Document("application", 1, 1), Document("decision", 2, 2), Document("assignment", 3, 3)]
    d.facts = extract_facts(d)
    return d


def test_the_application_the_decision_recounts_dates_it_and_puts_a_misread_decision_out_of_order():
    """你于2025年3月10日提出的法律援助申请 in the decision dates the application when its own form
    gives no date: a decision read as 3月2日 comes before what it answers, a misreading, so its
    deadline to the assignment is no failure. A date the prose gives another act (于…作出) dates
    no application."""
    from ingest.facts.process_order import order_window
    d = _decided_after_applying("你于2025年3月10日提出的法律援助申请，")
    applied = [(e.day, e.page, e.how) for e in d.facts.events if e.kind == "application" and e.how == "reported"]
    assert applied == [(date(2025, 3, 10), 2, "reported")]
    assert order_window(d, d.facts.events, "decision")[0] == date(2025, 3, 10)
    other = _decided_after_applying("本中心于2025年3月10日作出审查意见，")
    assert not [e for e in other.facts.events if e.kind == "application" and e.how == "reported"]


def test_the_filing_and_the_callback_bound_the_first_acts():
    """An assignment read as 2025年5月20日 in a dossier filed on 2025年4月7日 is misread (1月20日
    with its 1 read as 5): the filing and the callback come after every first act. A judgment
    does not bound them (a first instance's, bound into an appeal, precedes the assignment)."""
    from ingest.facts.process_order import order_window
    d = build(events={"assignment": (date(2025, 5, 20), "assignment"), "meeting": (date(2025, 2, 5), "meeting_record"),
                      "judgment": (date(2025, 1, 10), "judgment"), "filing": (date(2025, 4, 7), "cover")})
    assert order_window(d, d.facts.events, "assignment", frozenset({"meeting", "power_of_attorney"})) == \
        (None, date(2025, 4, 7))
