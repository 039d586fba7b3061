"""Readings that decide despite OCR doubt, and the false alarms they must not raise (issue 9):
other case numbers and names on scans, dates a dropped character cannot explain, dates two
pages agree on, seal-bitten judgment dates, duplicate prints, lost page-number digits, toc
rows whose cells OCR lost, hollow closing statements, callbacks and court requests."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dossier_builders import CASE_NO, build, criminal_spec
from ingest.datamodel import DatedEvent, Dossier, Fact, Line, Page, TocEntry
from ingest.facts.case_flags import _ORGAN_NOTICE
from ingest.facts.casenumbers import find_case_numbers
from ingest.facts.events import _seal_bitten
from ingest.facts.outcome import _event_dates
from ingest.pages.pageflags import flag_pages, print_key
from ingest.readings import beyond_misreading, digit_lost, drop_safe, edit_distance, event_conf, han_small, quoted_in_prose, reading
from ingest.documents.toc import parse_toc, parse_toc_text
from review.checklist import load_checklist
from review.checks.binding.toc import _no_row_could_list
from review.checks.doubt import other_case_conf
from review.context import CheckContext
from review.engine import run_item

CL = load_checklist()


def run(dossier, item_id):
    return run_item(dossier, CL.item(item_id), CheckContext.build(dossier, CL))


def _line(text: str, conf: float = 0.99, low: dict[int, float] | None = None, top: float = 300.0) -> Line:
    chars = [conf] * len(text)
    for i, c in (low or {}).items():
        chars[i] = c
    return Line(text, 50, top, 400, top + 14, 12, conf=min(chars), char_conf=chars)


def _scan(index: int, *lines: Line) -> Page:
    return Page(index=index, text="\n".join(ln.text for ln in lines), lines=list(lines), text_source="ocr",
                image_only=True)


# ------------------------------------------------------------------ reading helpers
def test_edit_distance_and_lost_digit():
    assert edit_distance("212", "75") == 3 and edit_distance("熊家华", "熊家毕") == 1
    assert digit_lost(7, 17) and digit_lost(3, 13) and digit_lost(12, 112)
    assert not digit_lost(18, 17) and not digit_lost(20, 10)


def test_a_reading_beyond_misreading_needs_two_edits_past_its_doubt():
    sure = [("3", 0.99), ("0", 0.99), ("3", 0.99)]
    assert beyond_misreading(sure, "296")
    assert not beyond_misreading([("2", 0.99), ("9", 0.99), ("8", 0.99)], "296")  # one edit: a misread
    doubtful = [("2", 0.99), ("1", 0.99), ("2", 0.5)]
    assert beyond_misreading(doubtful, "75")       # 3 edits, 1 doubtful character
    assert not beyond_misreading(doubtful, "213")  # 1 edit, and that one is doubtful anyway


def test_reading_returns_the_surest_occurrence_with_its_characters():
    page = _scan(1, _line("案号 212号", low={3: 0.4}), _line("另见 212号"))
    got = reading(page, "212号")
    assert [c for c, _ in got] == list("212号") and min(x for _, x in got) > 0.9
    assert reading(page, "999") == []


@pytest.mark.parametrize("text,value", [("五", 5), ("十", 10), ("十二", 12), ("二十", 20), ("二十五", 25), ("三十一", 31),
                                        ("十十", None), ("二二", None), ("一十", None)])
def test_han_small_reads_standard_numerals_only(text, value):
    assert han_small(text) == value


@pytest.mark.parametrize("text,safe", [("五月二十二日", True), ("十一月二十五日", True), ("十月五日", False),
                                       ("十二月五日", False), ("五月十五日", False), ("三月四日", False),
                                       ("六月三十日", False), ("二月二十二日", False)])
def test_drop_safe_only_when_no_added_numeral_makes_another_date(text, safe):
    assert drop_safe(text) is safe


def test_a_drop_safe_chinese_numeral_date_decides_on_its_own_scores():
    from ingest.readings import HAN_DATE_OCR_CONF, date_conf
    safe = _scan(1, _line("二〇二四年五月二十二日"))
    unsafe = _scan(1, _line("二〇二四年五月十二日"))
    assert date_conf(safe, date(2024, 5, 22)) > HAN_DATE_OCR_CONF
    assert date_conf(unsafe, date(2024, 5, 12)) == pytest.approx(HAN_DATE_OCR_CONF)


def test_the_same_event_dated_alike_on_two_pages_corroborates_a_doubtful_reading():
    archive = _scan(2, _line("立卷人侯彬贵 立卷日期2024年7月16日", low={16: 0.6}))
    cover = _scan(1, _line("归档日期 2024年7月16日"))
    d = Dossier(path="x.pdf", pages=[cover, archive])
    mine = DatedEvent("filing", date(2024, 7, 16), 2, "", "labelled")
    d.facts.events = [mine]
    alone = event_conf(d, mine)
    assert alone < 0.7
    d.facts.events = [mine, DatedEvent("filing", date(2024, 7, 16), 1, "", "cover")]
    assert event_conf(d, mine) >= 0.7
    d.facts.events = [mine, DatedEvent("meeting", date(2024, 7, 16), 1, "", "labelled")]  # another event: no
    assert event_conf(d, mine) == pytest.approx(alone)


def test_a_date_in_the_second_field_of_a_form_row_is_not_prose():
    row = _scan(1, _line("收案日期2025.3.3 结案日期2025.5.28 承办律师王某某"))
    prose = _scan(1, _line("经审理查明，被告人于2025年5月28日晚在某某路口驾驶机动车时发生事故"))
    assert not quoted_in_prose(row, date(2025, 5, 28))
    assert quoted_in_prose(prose, date(2025, 5, 28))


# ------------------------------------------------------------------ facts
def test_terms_set_by_an_outcome_are_no_event_dates():
    text = "经调解，被告同意自2025年8月3日起每月支付600元，于2025年9月30日前付清，双方于2025年6月27日达成协议"
    assert [d for d, _, _ in _event_dates(text)] == [date(2025, 6, 27)]


def test_an_organs_numbered_notice_makes_it_an_appointed_defence():
    text = "根据南京市公安局鼓楼分局鼓楼公（刑）援字（2025）671号通知，现指派你所承办陆某诈骗一案"
    assert _ORGAN_NOTICE.search(text)


def test_a_seal_bitten_judgment_date_is_a_lost_digit_away_from_the_reports():
    assert _seal_bitten(date(2025, 5, 3), date(2025, 5, 13))
    assert _seal_bitten(date(2025, 1, 20), date(2025, 11, 20))
    assert not _seal_bitten(date(2025, 10, 20), date(2025, 10, 10))  # agreement day vs its 调解书: both real


# ------------------------------------------------------------------ BD-07 on scans
def _scanned_other_case(text_lines: list[Line]) -> Dossier:
    d = build(criminal_spec())
    page = d.documents_of("investigation")[0].first_page
    d.pages[page - 1] = _scan(page, *text_lines)
    return d


def test_another_clients_name_far_from_ours_decides_on_a_scan():
    d = _scanned_other_case([_line("调查笔录"), _line("被调查人尹明 事由 赡养纠纷", conf=0.9)])
    page = d.documents_of("investigation")[0].first_page
    d.facts.other_case[page] = ("client", "尹明")
    assert other_case_conf(d, d.page(page)) >= 0.7
    d.facts.other_case[page] = ("client", "张菜")  # one character from 张某: a misread, never decisive
    assert other_case_conf(d, d.page(page)) < 0.7


def test_another_case_number_decides_when_doubt_cannot_make_it_ours():
    other = "（2025）苏0508法援刑字第777号"
    d = _scanned_other_case([_line("调查笔录"), _line(other, low={0: 0.4, len(other) - 2: 0.5})])
    page = d.documents_of("investigation")[0].first_page
    assert other_case_conf(d, d.page(page)) >= 0.7  # 777 against 123, the bracket and one 7 doubtful
    near = "（2025）苏0508法援刑字第128号"
    d = _scanned_other_case([_line("调查笔录"), _line(near, low={len(near) - 2: 0.5})])
    assert other_case_conf(d, d.page(page)) < 0.7  # 12? against 123: the doubtful digit may be ours


# ------------------------------------------------------------------ BD-04
def _signed(body: list[str], tail: list[str], index: int) -> Page:
    lines = [Line(t, 50, 100 + 20 * k, 400, 114 + 20 * k) for k, t in enumerate(body + tail)]
    return Page(index=index, text="\n".join(ln.text for ln in lines), lines=lines)


NOTICE = ["郑州市金水区人民法院", "出庭通知书", "（2024）豫0105刑初512号", "曾庆宇：",
          "本院受理的交通肇事一案，定于2024年4月28日下午二时三十分在本院第五法庭公开开庭审理，请准时出庭。"]


def test_a_second_stamped_print_of_a_page_is_a_duplicate():
    first = _signed(NOTICE, ["郑州市金水区人民法院", "二〇二四年", "水", "四", "区", "月十七日", "金 人", "州市 民法", "郑 院", "13"], 1)
    second = _signed(NOTICE, ["二〇二四年", "水", "四", "区", "月十七日", "市金 人民", "州 法", "郑 院", "14"], 2)
    assert print_key(first) == print_key(second) is not None
    flag_pages([first, second])
    assert "duplicate" in second.flags


def test_the_same_notice_to_another_addressee_or_of_another_day_is_no_duplicate():
    tail = ["二〇二四年", "四", "月十七日", "郑州市金水区人民法院"]
    to_client = _signed(NOTICE, tail, 1)
    to_lawyer = _signed([t if t != "曾庆宇：" else "王律师：" for t in NOTICE], tail, 2)
    other_day = _signed(NOTICE, ["二〇二四年", "四", "月十八日", "郑州市金水区人民法院"], 3)
    assert print_key(to_client) != print_key(to_lawyer)
    assert print_key(to_client) != print_key(other_day)
    flag_pages([to_client, to_lawyer, other_day])
    assert not any("duplicate" in p.flags for p in (to_client, to_lawyer, other_day))


# ------------------------------------------------------------------ BD-03
def _as_scanned(d: Dossier) -> Dossier:
    """Every page read by OCR, surely."""
    for p in d.pages:
        p.text_source = "ocr"
        p.lines = [Line(ln, 50, 100, 400, 114, conf=0.99, char_conf=[0.99] * len(ln)) for ln in p.text.splitlines()]
    return d


def test_a_scanned_number_that_lost_a_digit_fills_its_slot():
    d = build(criminal_spec())
    last_numbered = max(p.index for p in d.pages if p.printed_number)
    target = last_numbered - 1
    true_no = d.page(target).printed_number
    assert true_no >= 10
    _as_scanned(d)
    d.page(target).printed_number = int(str(true_no)[1:])  # 17 read as 7
    assert run(d, "BD-03").status == "pass"
    d.page(target).printed_number = true_no - 1  # a real repeat (16, 16, 18) stays a finding
    assert run(d, "BD-03").status != "pass"


# ------------------------------------------------------------------ toc rows
def test_a_number_closing_the_titles_line_is_its_pages():
    text = "1 通知辩护公函 1\n3 法律援助指派通知书 3\n法律援助公函 4\n5 会见笔录 5"
    rows = parse_toc([Page(index=2, text=text)])
    assert [(e.seq, e.title, e.first) for e in rows] == [
        (1, "通知辩护公函", 1), (3, "法律援助指派通知书", 3), (4, "法律援助公函", 4), (5, "会见笔录", 5)]


def test_a_row_that_lost_its_number_is_no_wrapped_title_tail():
    text = "6 接待笔录 2025年5月22日 7\n谈话笔录 2025年6月2日 8\n8 谈话笔录 2025年6月9日 9"
    rows = parse_toc_text(text, 2)
    assert [(e.title, e.first) for e in rows] == [("接待笔录", 7), ("谈话笔录", 8), ("谈话笔录", 9)]
    wrapped = parse_toc_text("1 刑事判\n决书 3\n2 结案报告 4", 2)
    assert wrapped[0].title == "刑事判决书"


def test_an_unlisted_document_is_decided_only_when_no_pageless_row_could_list_it():
    doc = build(criminal_spec()).documents_of("judgment")[0]
    rows = [TocEntry(1, "通知辩护公函", None, None, 2), TocEntry(2, "起诉书", 2, 2, 2), TocEntry(3, "结案报告", 3, 3, 2)]
    assert _no_row_could_list(rows, [rows[0]], doc)
    assert not _no_row_could_list(rows, [TocEntry(1, "刑事判决书", None, None, 2)], doc)
    assert not _no_row_could_list(rows, [TocEntry(1, "材料", None, None, 2)], doc)  # names no type
    gap = [rows[0], TocEntry(3, "结案报告", 3, 3, 2)]  # row 2 lost on the scan
    assert not _no_row_could_list(gap, [rows[0]], doc)


def test_a_page_cell_with_an_ocr_speck_is_still_the_rows_pages():
    rows = parse_toc_text("15 整改情况回复 2025.5.1 15\n16 备考表 2025.3.4 16.", 2)
    assert [(e.seq, e.title, e.first) for e in rows] == [(15, "整改情况回复", 15), (16, "备考表", 16)]


def _scanned_toc_with_a_lost_cell():
    """A scanned dossier whose toc lost one row's page cell: which document each row names is
    open to doubt, except where a row claims a page another row matches exactly."""
    d = _as_scanned(build(criminal_spec()))
    d.facts.toc[4] = replace(d.facts.toc[4], first=None, last=None)
    return d


def test_a_toc_row_listing_an_absent_kind_on_anothers_page_is_decisive_despite_a_lost_cell():
    d = _scanned_toc_with_a_lost_cell()
    held = next(e for e in d.facts.toc if e.first is not None and e.first == e.last and e.seq > 8)
    d.facts.toc.insert(d.facts.toc.index(held), TocEntry(held.seq, "征询意见表", held.first, held.last, held.page))
    f = run(d, "BD-02")
    assert f.status == "fail" and "征询意见表" in f.message
    # a kind the dossier holds elsewhere: the row may list that document with a misread cell
    d.facts.toc[d.facts.toc.index(held) - 1] = TocEntry(held.seq, "会见笔录", held.first, held.last, held.page)
    assert run(d, "BD-02").status == "uncertain"


def test_a_pageless_row_for_an_unnumbered_backup_sheet_loses_no_cell():
    d = _scanned_toc_with_a_lost_cell()
    d.facts.toc[4] = replace(d.facts.toc[4], first=d.facts.toc[4].seq)  # the cell is back
    backup = d.documents_of("backup_sheet")[0]
    assert all(d.page(i).printed_number is None for i in backup.pages)
    d.facts.toc.append(TocEntry(len(d.facts.toc) + 1, "备考表", None, None, d.facts.toc[-1].page))
    extra = d.facts.toc[6]
    d.facts.toc[6] = replace(extra, first=extra.first + 1, last=extra.last + 1)  # a real range error
    f = run(d, "BD-02")
    assert f.status == "fail" and "页号" in f.message


def test_a_page_typed_against_its_toc_row_makes_an_order_inversion_fragile():
    """经济困难状况申报 as the second page of a 申请表 the toc lists over both pages: the toc says
    it is the application's page, so the identity page after it is in order. When that page's
    number is read unsurely (a scan) the row groups nothing surely: the identity page is out of
    order only by the model's type of the page the row claims."""
    spec = criminal_spec()
    types = [t for t, _ in spec]
    spec.insert(types.index("identity"), spec.pop(types.index("financial_status")))
    d = build(spec)
    assert run(d, "BD-01").status == "fail"
    app, fin = d.facts.toc[0], d.facts.toc[1]
    d.facts.toc[0:2] = [replace(app, last=fin.last)]
    assert run(d, "BD-01").status == "pass"
    page = d.page(d.documents_of("financial_status")[0].first_page)
    page.text_source, page.number_conf = "ocr", 0.5
    f = run(d, "BD-01")
    assert f.status == "uncertain" and "据目录属于" in f.evidence[0].note


def test_an_inversion_through_a_document_headed_as_another_type_is_fragile():
    """An indictment (起诉书) the page model typed as a judgment, before the defence opinion."""
    spec = criminal_spec()
    types = [t for t, _ in spec]
    spec[types.index("pleading")] = ("judgment", "起诉书\n被告人张某涉嫌盗窃罪一案，本院审查终结，提起公诉。")
    f = run(build(spec), "BD-01")
    assert f.status == "uncertain" and "标题表明其为" in f.evidence[0].note
    spec[types.index("pleading")] = ("judgment", "刑事判决书\n被告人张某犯盗窃罪，判处有期徒刑一年。")
    assert run(build(spec), "BD-01").status == "fail"  # a real judgment before the defence opinion


def test_an_inversion_through_a_page_that_says_nothing_is_fragile():
    """A signing tail (二〇二四年二月七日 and the seal's glyphs) the page model typed as a meeting
    record, before the rights notice: nothing read says the page is a meeting record, so the
    notice is out of order only by the model's type of that page. A real meeting record
    there (its heading and its questions) keeps the failure."""
    spec = criminal_spec()
    at = [t for t, _ in spec].index("rights_notice")  # the tail, then the rights notice, then the meetings
    tail = ("meeting_record", "二〇二四年二月七日\n洪 民\n院")
    f = run(build(spec[:at] + [tail] + spec[at:]), "BD-01")
    assert f.status == "uncertain" and "几乎无文字" in f.evidence[0].note
    meeting = ("meeting_record", "会见笔录\n会见时间：2024年2月7日\n问：你对指控有什么意见？\n答：我没有动手打人。")
    assert run(build(spec[:at] + [meeting] + spec[at:]), "BD-01").status == "fail"


def test_a_page_whose_number_ocr_lost_keeps_its_toc_row_after_a_numbering_gap():
    """The binder skipped 3-4 (BD-03), so positions no longer give printed numbers; a scanned
    rights notice whose 11 OCR lost between 10 and 12 is still the page its toc row lists, not
    a range error against its position 9."""
    d = build()
    first = d.documents_of("identity")[0].first_page
    for pg in d.pages:
        if pg.printed_number is not None and pg.index >= first:
            pg.printed_number += 2
    d.facts.toc = [replace(e, first=e.first + 2, last=(e.last or e.first) + 2) if e.first and e.first >= 3 else e
                   for e in d.facts.toc]
    assert run(d, "BD-02").status == "pass"
    notice = d.page(d.documents_of("rights_notice")[0].first_page)
    notice.printed_number, notice.text_source, notice.image_only = None, "ocr", True
    notice.flags.add("unnumbered")
    for pg in d.pages:
        pg.text_source, pg.image_only = "ocr", True
    f = run(d, "BD-02")
    assert f.status == "pass", f.message


def test_a_cover_closing_date_against_a_seal_broken_closing_report_date_is_no_failure():
    d = build()
    d.facts.cover["closing_date"] = Fact("2025年7月9日", 1)
    assert run(d, "BD-08").status == "fail"
    d.facts.events = [replace(e, how="broken_signature") if e.kind in ("closing_report", "closing") else e
                      for e in d.facts.events]
    f = run(d, "BD-08")
    assert f.status == "uncertain" and "未能可靠读出结案" in f.evidence[0].note


def test_a_weakly_typed_callback_that_never_mentions_one_is_no_callback_record():
    spec = [(t, x) for t, x in criminal_spec() if t != "callback_record"]
    spec.insert(len(spec) - 1, ("callback_record", "受援人对承办工作的评价：基本满意\n承办律师意见：本案已办结。"))
    d = build(spec, confidence={"callback_record": 0.3})
    f = run(d, "MD-14")
    assert f.status == "fail" and "未提及回访" in f.message
    spec[-2] = ("callback_record", "回访情况：电话接通，受援人表示满意。")
    assert run(build(spec, confidence={"callback_record": 0.3}), "MD-14").status == "uncertain"  # weak, but a callback


def test_a_scanned_last_number_that_may_have_lost_a_digit_is_no_failure():
    d = _as_scanned(build(criminal_spec()))
    last = max((p for p in d.pages if p.printed_number), key=lambda p: p.index)
    assert last.printed_number >= 11
    last.printed_number = int(str(last.printed_number)[1:])  # 17 read as 7, no later page to fit it
    f = run(d, "BD-03")
    assert f.status == "uncertain" and "漏读" in f.evidence[0].note
    last.printed_number = 3  # no lost digit explains it
    assert run(d, "BD-03").status == "fail"


def test_numbers_of_other_issuers_that_use_yuan_are_no_case_numbers():
    assert find_case_numbers("根据姑苏分局姑苏公（刑）援字（2024）184号通知") == []
    assert find_case_numbers("德和律援字[2024]270号") == []
    assert find_case_numbers("姑苏公援字（2024）5号") == []
    assert [k for _, k in find_case_numbers("苏0508法援刑（2025）123号")] == ["2025|0508|刑|123"]


# ------------------------------------------------------------------ TL
def test_an_act_read_as_dated_before_what_it_answers_is_no_pass_when_unsure():
    d = build(criminal_spec())
    dec = next(e for e in d.facts.events if e.kind == "decision")
    d.facts.events = [replace(e, day=date(dec.day.year, 1, 2) if dec.day.month > 1 else date(dec.day.year - 1, 12, 2),
                              how="broken_signature")
                      if e.kind == "assignment" else e for e in d.facts.events
                      if e.kind not in ("power_of_attorney", "poa")]  # no later act bounds the assignment
    f = run(d, "TL-01")
    assert f.status == "uncertain" and "早于" in f.message


# ------------------------------------------------------------------ FU
def test_a_closing_report_saying_only_that_the_case_ended_states_no_outcome():
    report = "结案登记表\n结案方式及结果：本案已办理完毕。\n代理意见被基本采纳。"
    d = build(criminal_spec(closing_report=report), outcome=None)
    f = run(d, "FU-05")
    assert f.status == "fail" and "案件结果" in f.message
    stated = "结案登记表\n结案方式及结果：法院主持调解，双方达成协议。\n代理意见被基本采纳。"
    assert run(build(criminal_spec(closing_report=stated), outcome=None), "FU-05").status == "pass"


def test_a_page_typed_as_callback_that_never_mentions_one_does_not_answer_fu03():
    spec = criminal_spec(callback_record="受援人回访表\n回访方式：电话回访\n回访情况：拨打受援人电话无人接听，待再次回访。")
    spec.insert(spec.index(("closing_report", criminal_spec()[18][1])) + 1,
                ("callback_record", "受援人对承办工作的评价：满意，无其他意见\n受援人签名张某"))
    f = run(build(spec), "FU-03")
    assert f.status == "fail" and "无人接听" in f.message


def test_a_reply_to_the_centres_reminder_answers_no_court_request():
    spec = criminal_spec()
    spec.insert(17, ("other", "补正材料通知书\n请你于2025年5月1日前补充提交以下材料：收入证明。"))
    spec.append(("rectification_reply", "整改回复\n关于结案报告未载明意见采纳情况的问题：已补充结案报告中意见采纳情况的内容。"))
    f = run(build(spec), "FU-04")
    assert f.status == "fail"


# ------------------------------------------------------------------ MD
def test_another_cases_document_does_not_count_as_this_cases():
    spec = criminal_spec(callback_record="受援人回访表\n（2025）苏0508法援刑字第777号\n回访情况：电话接通，表示满意。")
    d = build(spec)
    from ingest.facts.casenumbers import case_no_key
    from ingest.facts.other_case import flag_other_case as _flag_other_case
    _flag_other_case(d, d.facts, case_no_key(CASE_NO))
    f = run(d, "MD-14")
    assert f.status == "fail" and "他案材料" in f.message


# ------------------------------------------------------------------ dates restated or seal-broken
_SEALED_REPORT_END = "承办律师：李某\n二〇二五年六\n坊\n月\n法\n一日\n成 律\n苏大 服务\n江 所"


def _report(head: str, closing: str = "2025年6月1日") -> list[str]:
    return [f"法律援助案件结案报告\n{head}\n指派日期 2025年3月9日 结案日期 {closing}\n办理过程：略", _SEALED_REPORT_END]


def _events(dossier, kind: str) -> list[DatedEvent]:
    from ingest.facts.extract import extract_facts
    return [e for e in extract_facts(dossier).events if e.kind == kind]


def test_the_closing_reports_assignment_date_dates_an_assignment_notice_that_gives_none():
    undated = build(criminal_spec(assignment="指派通知书\n指派律师：李某", closing_report=_report("承办人 李某")))
    got = _events(undated, "assignment")
    assert [(e.day, e.how) for e in got] == [(date(2025, 3, 9), "reported")] and not got[0].fragile
    dated = build(criminal_spec(assignment="指派通知书\n指派律师：李某\n2025年3月4日", closing_report=_report("承办人 李某")))
    assert [(e.day, e.how) for e in _events(dated, "assignment")] == [(date(2025, 3, 4), "signature")]


def test_a_seal_of_a_firm_named_elsewhere_in_the_file_explains_the_glyphs_in_a_signing_date():
    named = build(criminal_spec(closing_report=_report("承办单位 江苏大成坊法律服务所 承办人 李某")))
    assert [e.how for e in _events(named, "closing_report")] == ["sealed_signature"]


def test_a_seal_broken_date_is_sure_only_when_a_sure_date_of_its_document_repeats_it():
    agreed = build(criminal_spec(closing_report=_report("承办人 李某")))
    assert [e.how for e in _events(agreed, "closing_report")] == ["corroborated"]
    other = build(criminal_spec(closing_report=_report("承办人 李某", closing="2025年6月8日")))
    got = _events(other, "closing_report")
    assert [e.how for e in got] == ["broken_signature"] and got[0].fragile


def test_a_scanned_page_may_hide_a_word_only_where_a_run_keeps_one_of_its_characters():
    from ingest.readings import may_hide
    misread = _scan(1, _line("申请鉴走已提交", low={3: 0.4}))
    assert may_hide(misread, ["鉴定"])
    doubtful_elsewhere = _scan(1, _line("依法去函调取证据", low={1: 0.4, 2: 0.6}))
    assert not may_hide(doubtful_elsewhere, ["鉴定"])  # 法去 shares nothing with 鉴定
    assert not may_hide(_scan(1, _line("申请鉴定已提交")), ["鉴定"])  # written out: named, not hidden
    assert not may_hide(Page(index=1, text="申请鉴走已提交"), ["鉴定"])  # a text layer hides nothing


def test_a_weakly_typed_exhibit_copy_that_names_no_meeting_is_no_meeting_record():
    """结婚证（复印件）（原件已核对） typed, weakly, as the meeting record: no 会见/谈话/笔录 on it,
    so the record is missing (MD-08); a weakly typed page that says 谈话 is still uncertain."""
    spec = [(t, x) for t, x in criminal_spec() if t != "meeting_record"]
    at = next(i for i, (t, _) in enumerate(spec) if t == "power_of_attorney") + 1
    spec.insert(at, ("meeting_record", "结婚证（复印件）\n（原件已核对）"))
    f = run(build(spec, confidence={"meeting_record": 0.3}), "MD-08")
    assert f.status == "fail" and "未提及会见" in f.message
    spec[at] = ("meeting_record", "谈话时间：2025年3月6日\n受援人陈述了案件经过。")
    assert run(build(spec, confidence={"meeting_record": 0.3}), "MD-08").status == "uncertain"
