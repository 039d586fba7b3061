from ingest.datamodel import Page
from ingest.documents.toc import is_toc_page, parse_toc, parse_toc_text

ROWS = """卷内目录
案号：（2025）苏0508法援刑字第123号
序号 文件名称 页号 备注
1 法律援助申请表 1-2
2 | 受援人身份证明 | 3
3 | 会见笔录 | 5—7
4 授权委托书 8
５ 结案报告 ９～１１
6 回访记录 12 - 13
- 1 -"""

CELLS = "卷内目录\n序号\n文件名称\n页号\n1\n法律援助申请表\n1-2\n2\n身份证明\n3\n3\n会见笔录\n4\n4\n回访记录\n5-6"


def as_tuples(entries):
    return [(e.seq, e.title, e.first, e.last) for e in entries]


def test_rows():
    assert as_tuples(parse_toc_text(ROWS, 2)) == [
        (1, "法律援助申请表", 1, 2), (2, "受援人身份证明", 3, 3), (3, "会见笔录", 5, 7),
        (4, "授权委托书", 8, 8), (5, "结案报告", 9, 11), (6, "回访记录", 12, 13)]


def test_cells_on_separate_lines():
    assert as_tuples(parse_toc_text(CELLS, 2)) == [
        (1, "法律援助申请表", 1, 2), (2, "身份证明", 3, 3), (3, "会见笔录", 4, 4), (4, "回访记录", 5, 6)]


def test_row_without_pages_and_page_index():
    entries = parse_toc([Page(index=2, text="1 申请表 1\n2 备考表\n3 结案报告 2-3")])
    assert as_tuples(entries) == [(1, "申请表", 1, 1), (2, "备考表", None, None), (3, "结案报告", 2, 3)]
    assert all(e.page == 2 for e in entries)


def test_from_pdf(make_pdf):
    from ingest.pages.pdf import extract_pages

    rows = [("卷内目录", 90, 20, 18), ("序号", 20, 40, 11), ("文件名称", 60, 40, 11), ("页号", 160, 40, 11)]
    for k, (title, rng) in enumerate([("法律援助申请表", "1-2"), ("给予法律援助决定书", "3"), ("会见笔录", "4—6")]):
        y = 50 + 10 * k
        rows += [(str(k + 1), 22, y, 11), (title, 60, y, 11), (rng, 160, y, 11)]
    page = extract_pages(make_pdf([rows]))[0]
    assert is_toc_page(page)
    assert as_tuples(parse_toc([page])) == [(1, "法律援助申请表", 1, 2), (2, "给予法律援助决定书", 3, 3),
                                           (3, "会见笔录", 4, 6)]


def test_wrapped_cells():
    text = ("卷内目录\n序号 文件名称 日期 起止页号 备注\n12 出庭记录 2024年10月16\n日\n13-13\n"
            "13 上海市闵行区人民法院刑事判 2025年10月7日 16-16\n决书\n14 代理词 2024年10月18\n日\n17-17 复印件\n15 结案报告 18")
    assert as_tuples(parse_toc_text(text, 2)) == [(12, "出庭记录", 13, 13), (13, "上海市闵行区人民法院刑事判决书", 16, 16),
                                                  (14, "代理词", 17, 17), (15, "结案报告", 18, 18)]


def test_toc_rows_that_lost_cells_and_headers_run_into_rows():
    """Scans and table extraction: a header run into the first row, a row whose numbers OCR lost,
    a row number read as a letter, a date cell wrapped after 月."""
    rows = parse_toc_text("序号 文件材料题名 日期 页号 备注法律援助申请表 1-2\n"
                          "法律援助审批表\n"
                          "3 指派通知书 2024年10月\n12日\n4\n"
                          "q 授权委托书 2024.2.21 5-6\n"
                          "形成日期 页号 备注", 2)
    assert [(e.seq, e.title, e.first, e.last) for e in rows] == [
        (None, "法律援助申请表", 1, 2), (None, "法律援助审批表", None, None), (3, "指派通知书", 4, 4),
        (9, "授权委托书", 5, 6)]


def test_date_cell_leftovers_are_no_rows():
    rows = parse_toc_text("1 法律援助申请表 2024年3月\n日\n1\n2 身份证明 2024年3月4\n日 2", 2)
    assert [(e.seq, e.title, e.first) for e in rows] == [(1, "法律援助申请表", 1), (2, "身份证明", 2)]


def test_rows_keep_their_date_cell():
    """The 日期 column is kept per row (a wrapped cell too); a toc without a date column has none."""
    from datetime import date
    text = ("卷内目录\n序号 文件名称 日期 起止页号 备注\n12 出庭记录 2024年10月16\n日\n13-13\n"
            "13 上海市闵行区人民法院刑事判 2025年10月7日 16-16\n决书\n14 代理词 2024年10月18\n日\n17-17 复印件")
    assert [(e.seq, e.day) for e in parse_toc_text(text, 2)] == [
        (12, date(2024, 10, 16)), (13, date(2025, 10, 7)), (14, date(2024, 10, 18))]
    assert [e.day for e in parse_toc_text("1 法律援助申请表 1\n2 身份证明 2", 2)] == [None, None]


def test_a_range_end_split_off_its_line_extends_the_row():
    """'21-22' read as '21' and, a hair lower, '-22' on a line of its own: the row's range, not
    the tail of its title (which gave a false BD-02 on a digital dossier). A lone '-22' with no
    single-page row before it stays what it was."""
    text = "目录\n顺序号 文件名称 起止页号 备注\n17 法律援助案件结案报告 21\n-22\n18 受援人回访表 23\n19 卷内备考表 24"
    assert as_tuples(parse_toc_text(text, 3)) == [(17, "法律援助案件结案报告", 21, 22), (18, "受援人回访表", 23, 23),
                                                  (19, "卷内备考表", 24, 24)]
    ranged = "目录\n17 法律援助案件结案报告 21-22\n-23\n18 受援人回访表 24"
    assert as_tuples(parse_toc_text(ranged, 3))[0][2:] == (21, 22)


def test_a_page_cell_with_an_ocr_speck_after_it_is_still_the_page():
    """9° (a speck read as a degree sign after the number) is page 9, not part of the title."""
    text = ("卷内文件目录\n序号 文件材料题名 日期 页号 备注\n6 法律援助委托代理协议 2025年5月20日 7-8\n"
            "7 当事人谈话记录 2025年5月21日 9°\n8 谈话笔录 2025年5月28日 10")
    assert as_tuples(parse_toc_text(text, 2)) == [
        (6, "法律援助委托代理协议", 7, 8), (7, "当事人谈话记录", 9, 9), (8, "谈话笔录", 10, 10)]


def test_a_row_whose_page_cell_was_lost_takes_the_pages_its_neighbours_leave():
    """Row 7 lost its page cell between row 6 (page 6) and row 8 (page 8): it lists page 7 when
    its title names the type of the document there; a title naming another type stays unpaged,
    and so does a row whose neighbour lost its cell too."""
    from ingest.documents.toc import pin_lost_page_cells

    text = ("卷内目录\n序号 文件材料题名 日期 页号\n6 法律援助公函 2025年5月12日 6\n7 刑事辩护委托协议 2025年5月14日\n"
            "8 法律援助受援人权利义务告知书 2025年5月14日 8")
    physical = {n: n + 3 for n in range(1, 12)}
    rows = parse_toc_text(text, 2)
    pin_lost_page_cells(rows, physical, {9: "aid_letter", 10: "power_of_attorney", 11: "rights_notice"})
    assert as_tuples(rows)[1] == (7, "刑事辩护委托协议", 7, 7)
    rows = parse_toc_text(text, 2)
    pin_lost_page_cells(rows, physical, {9: "aid_letter", 10: "meeting_record", 11: "rights_notice"})
    assert as_tuples(rows)[1] == (7, "刑事辩护委托协议", None, None)
    rows = parse_toc_text(text.replace("法律援助公函 2025年5月12日 6", "法律援助公函 2025年5月12日"), 2)
    pin_lost_page_cells(rows, physical, {10: "power_of_attorney"})
    assert [r.first for r in rows] == [None, None, 8]


def test_a_dated_row_that_lost_its_page_cell_does_not_swallow_the_next_row():
    """法律援助经济困难状况说明表 2024.3.26 (its page lost) then 给予法律援助决定书 2024.3.29 4 (its seq
    lost): two rows, each with its own date; a title wrapped before its date stays one row."""
    text = ("卷内文件目录\n序号 文件材料题名 日期 页号 备注\n2 居民身份证复印件 2024.3.26 2\n"
            "3 法律援助经济困难状况说明表 2024.3.26\n给予法律援助决定书 2024.3.29 4\n5 法律援助指派通知书 2024.4.1 5")
    rows = parse_toc_text(text, 2)
    assert [(e.title, e.first, e.day.day if e.day else None) for e in rows] == [
        ("居民身份证复印件", 2, 26), ("法律援助经济困难状况说明表", None, 26), ("给予法律援助决定书", 4, 29),
        ("法律援助指派通知书", 5, 1)]
    wrapped = "卷内目录\n序号 文件材料题名 日期 页号\n3 法律援助经济困难\n状况说明表 2024.3.26 3\n4 给予法律援助决定书 2024.3.29 4"
    assert [(e.title, e.first) for e in parse_toc_text(wrapped, 2)] == [("法律援助经济困难状况说明表", 3), ("给予法律援助决定书", 4)]


def test_a_scanned_first_rows_range_whose_dash_was_lost_fills_the_pages_before_the_next_row():
    """1 法律援助申请表 12, then 2 受援人身份证明 3, on a scan: OCR lost the dash of 1-2; on a text
    layer 12 stays what is printed."""
    from ingest.documents.toc import parse_toc

    text = "目录\n顺序号 文件名称 起止页号 备注\n1 法律援助申请表 12\n2 受援人身份证明 3\n3 给予法律援助决定书 4"
    scan = Page(index=2, text=text, text_source="ocr")
    assert as_tuples(parse_toc([scan]))[0] == (1, "法律援助申请表", 1, 2)
    assert as_tuples(parse_toc([Page(index=2, text=text)]))[0] == (1, "法律援助申请表", 12, 12)


def test_a_date_cell_whose_day_mark_wrapped_below_the_page_cell_dates_its_row():
    """A scanned toc whose date column wraps 日 onto the next line, the row's page cell read
    between (提供法律援助通知书 2024年10月17 1 / 日): the row is dated 10-17 and starts on page 1,
    and the date's month and day are where date_conf scores them."""
    from datetime import date

    from ingest.datamodel import Line, Page
    from ingest.readings import date_conf
    texts = ["卷内目录", "序号 文件材料题名 日期 页号 备注", "提供法律援助通知书 2024年10月17 1", "日",
             "2 身份证复印件 2024年10月17 2", "日", "法律援助指派函 2024年10月25 3~4", "日"]
    rows = parse_toc_text("\n".join(texts), 2)
    assert [(r.first, r.last, r.day) for r in rows] == [(1, 1, date(2024, 10, 17)), (2, 2, date(2024, 10, 17)),
                                                         (3, 4, date(2024, 10, 25))]
    lines = [Line(t, 50, 100 + 20 * k, 400, 114 + 20 * k, 12, conf=0.99, char_conf=[0.99] * len(t))
             for k, t in enumerate(texts)]
    toc = Page(index=2, text="\n".join(texts), lines=lines, text_source="ocr", image_only=True)
    assert date_conf(toc, date(2024, 10, 25)) > 0.9
