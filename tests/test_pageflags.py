from conftest import page_number_item

from ingest.datamodel import Line, Page
from ingest.pages.pageflags import flag_pages
from ingest.pages.pdf import extract_pages

TEXT = ["会见笔录", "会见时间：2025年6月3日上午九时", "会见地点：某某看守所", "受援人：张三，男，汉族",
        "律师：我们是法律援助中心指派的律师，依法为你提供辩护。"]


def test_flags_on_real_pdf(make_pdf):
    specs = [
        ["卷宗封面 法律援助案件卷宗"],                                # 1 cover (exempt)
        TEXT + [page_number_item(1)],                                 # 2
        [],                                                           # 3 blank
        TEXT + [page_number_item(2)],                                 # 4 duplicate of 2 (other number)
        [("rotate", 180)] + ["阅卷笔录 阅卷时间：2025年6月9日", "摘录起诉意见书要点。", page_number_item(3)],  # 5
        ["结案报告 案件已审结，判决已生效，现申请结案。"],              # 6 unnumbered
        [("image",)],                                                 # 7 scan: unreadable
        [page_number_item(5)],                                        # 8 only a number: blank
    ]
    pages = extract_pages(make_pdf(specs))
    flag_pages(pages, exempt={1})
    got = {p.index: p.flags for p in pages}
    assert got[1] == set()
    assert got[2] == set()
    assert got[3] == {"blank"}
    assert got[4] == {"duplicate"}
    assert got[5] == {"rotated"} and pages[4].printed_number == 3
    assert got[6] == {"unnumbered"}
    assert got[7] == {"unreadable"}
    assert got[8] == {"blank"}


def test_short_pages_are_not_duplicates():
    pages = [Page(index=i, text="签字：", lines=[Line("签字：", 50, 300, 90, 310, 12)]) for i in (1, 2)]
    flag_pages(pages)
    assert all("duplicate" not in p.flags for p in pages)


def test_garbled_is_unreadable():
    p = Page(index=1, text="(cid:1)(cid:2)", garbled=True, text_source="pdfium")
    flag_pages([p])
    assert "unreadable" in p.flags and "unnumbered" not in p.flags


def test_short_page_repeated_next_to_itself_is_duplicate():
    def pg(i, text):
        return Page(index=i, text=text, lines=[Line(text, 50, 300, 200, 312, 12), Line(str(i), 520, 30, 530, 40, 10)])

    pages = [pg(1, "会见笔录正文第一页内容"), pg(2, "2025年1月26日"), pg(3, "2025年1月26日"), pg(4, "2025年1月26日 签字")]
    flag_pages(pages)
    assert [sorted(p.flags) for p in pages] == [[], [], ["duplicate"], []]


def test_scanned_blank_sheet_is_blank_but_a_textless_photo_is_not():
    from ingest.datamodel import Page
    from ingest.pages.pageflags import flag_pages

    sheet = Page(index=1, image_only=True, text_source="ocr", text="", ink=0.0001)
    photo = Page(index=2, image_only=True, text_source="ocr", text="", ink=0.2)
    unknown = Page(index=3, image_only=True, text_source="ocr", text="")  # ink not measured
    flag_pages([sheet, photo, unknown])
    assert "blank" in sheet.flags
    assert "blank" not in photo.flags and "blank" not in unknown.flags


def test_a_caption_page_is_bound_twice_only_when_its_photo_is_the_same_too(tmp_path):
    """Exhibit pages captioned alike (照片（复印件）) are normal; the same caption over the same
    embedded photo is one page bound twice (BD-04). Real PDF, real images, pdfium's image data."""
    from fpdf import FPDF
    from PIL import Image

    from ingest.pages.pdf import extract_pages

    photos = []
    for k, colour in enumerate([(200, 40, 40), (40, 160, 60)]):
        img = Image.new("RGB", (120, 90), colour)
        img.paste((250, 250, 250), (10 + 30 * k, 10, 60 + 30 * k, 50))
        photos.append(tmp_path / f"photo{k}.png")
        img.save(photos[-1])
    pdf = FPDF()
    pdf.add_font("w", "", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
    for n, photo in enumerate([photos[0], photos[0], photos[1]], 1):
        pdf.add_page()
        pdf.set_font("w", size=14)
        pdf.cell(text="照片（复印件）")
        pdf.image(str(photo), x=40, y=40, w=120)
        pdf.set_xy(150, 270)
        pdf.cell(text=str(n))
    path = tmp_path / "exhibits.pdf"
    pdf.output(str(path))
    pages = extract_pages(path)
    flag_pages(pages)
    assert ["duplicate" in p.flags for p in pages] == [False, True, False]
    assert pages[0].image_key and pages[0].image_key == pages[1].image_key != pages[2].image_key


def _scan(i: int, lines: list[tuple[str, list[float]]]) -> Page:
    """An OCR'd page whose lines carry per-character confidences, and a page number line."""
    ls = [Line(t, 50, 40 + 20 * k, 500, 52 + 20 * k, 0.0, min(c), c) for k, (t, c) in enumerate(lines)]
    ls.append(Line(str(i), 520, 800, 530, 810, 0.0, 1.0, [1.0] * len(str(i))))
    return Page(index=i, text="\n".join(ln.text for ln in ls), lines=ls, image_only=True, text_source="ocr")


_JUDGMENT = ["原告梁金成不服被告焦作市解放区街道办事处不予认定工伤决定，于2025年5月30日向本院提起行政诉讼。",
             "本院依法组成合议庭，公开开庭审理了本案。被告在未依法作出决定、未履行告知程序的情况下，强制拆除房屋。",
             "本院认为，被告实施强制拆除行为未依法履行法定程序，程序违法。依照行政诉讼法第七十条之规定，判决如下："]


def test_a_scanned_sheet_bound_twice_differs_only_where_ocr_doubted():
    """Two scans of one sheet read a speckle as 朔 once: a duplicate (BD-04). A surely read
    difference (another addressee, another date) keeps them two pages."""
    sure = [(t, [0.99] * len(t)) for t in _JUDGMENT]
    speckled = [sure[0], sure[1], (_JUDGMENT[2] + "朔", [0.99] * len(_JUDGMENT[2]) + [0.41])]
    other_date = [(_JUDGMENT[0].replace("5月30日", "6月30日"), [0.99] * len(_JUDGMENT[0])), sure[1], sure[2]]
    doubtful_date = [(_JUDGMENT[0].replace("5月30日", "6月30日"),
                      [0.6 if ch == "6" else 0.99 for ch in _JUDGMENT[0].replace("5月30日", "6月30日")]),
                     sure[1], sure[2]]
    pages = [_scan(1, sure), _scan(2, other_date), _scan(3, speckled), _scan(4, doubtful_date)]
    flag_pages(pages)
    assert ["duplicate" in p.flags for p in pages] == [False, False, True, True]
    # the same readings on a text layer are not scans: exact hashes decide there
    digital = [Page(index=p.index, text=p.text, lines=p.lines) for p in pages[:3]]
    flag_pages(digital)
    assert ["duplicate" in p.flags for p in digital] == [False, False, False]


def test_an_ocr_stutter_is_as_sure_as_its_least_sure_copy():
    """物业业自住: OCR doubled a character on the second scan; the alignment may call either copy
    the extra one, so the doubt of the doubtful copy counts (a duplicate). A surely read doubled
    character is a different text (two pages)."""
    base = _JUDGMENT[0] + "家庭自有物业自住房一处。"
    stutter = base.replace("物业自住", "物业业自住")
    confs = [0.99] * len(stutter)
    confs[stutter.index("业业") + 1] = 0.71
    first = _scan(1, [(base, [0.99] * len(base)), *[(t, [0.99] * len(t)) for t in _JUDGMENT[1:]]])
    doubtful = _scan(2, [(stutter, confs), *[(t, [0.99] * len(t)) for t in _JUDGMENT[1:]]])
    sure = _scan(3, [(stutter, [0.99] * len(stutter)), *[(t, [0.99] * len(t)) for t in _JUDGMENT[1:]]])
    flag_pages([first, doubtful])
    assert "duplicate" in doubtful.flags
    flag_pages([first, sure])
    assert "duplicate" not in sure.flags


def test_one_character_one_scan_doubted_and_the_other_read_otherwise_is_still_one_sheet():
    """A check box OCR read as 回 (fairly sure) on one scan and as a doubtful 日 on the other: one
    sheet bound twice. Not when the doubted character is a numeral (5 against a doubtful 6 may
    be two signing dates), nor when two such characters differ."""
    def with_char(ch: str, conf: float, line: str = "家庭每月基本经济情况□无收入，家庭自有物业自住房一处。") -> Page:
        text = _JUDGMENT[0] + line.replace("□", ch)
        confs = [conf if k == len(_JUDGMENT[0]) + line.index("□") else 0.99 for k in range(len(text))]
        return [(text, confs), *[(t, [0.99] * len(t)) for t in _JUDGMENT[1:]]]

    first = _scan(1, with_char("回", 0.94))
    second = _scan(2, with_char("日", 0.35))
    flag_pages([first, second])
    assert "duplicate" in second.flags
    digit_first, digit_second = _scan(1, with_char("5", 0.99)), _scan(2, with_char("6", 0.35))
    flag_pages([digit_first, digit_second])
    assert "duplicate" not in digit_second.flags
    both_sure = [_scan(1, with_char("回", 0.99)), _scan(2, with_char("日", 0.99))]
    flag_pages(both_sure)
    assert "duplicate" not in both_sure[1].flags
    two = "家庭每月基本经济情况□无收入，家庭自有物业□自住房一处。"
    twice = [_scan(1, with_char("回", 0.94, two.replace("物业□", "物业口"))),
             _scan(2, with_char("日", 0.35, two.replace("物业□", "物业日")))]
    twice[1].lines[0].char_conf[len(_JUDGMENT[0]) + two.index("物业□") + 2] = 0.35
    flag_pages(twice)
    assert "duplicate" not in twice[1].flags


def test_a_second_print_whose_seal_covered_the_signing_organ_is_still_the_same_sheet():
    """The organ's signing line is under the seal on the second print, whose ring glyphs (泉山 律援,
    徐 心: the organ's name) fall on lines of their own: one sheet bound twice (BD-04). Two
    notices that differ in a short line naming a person (张伟 / 李娜) stay two pages."""
    body = ["法律援助指派函", "泉山法援派字〔2025〕第81号", "江苏德和律师事务所：",
            "经研究，决定由你所曾敏涛律师作为邹平的仲裁代理人，为其提供法律援助。",
            "案由 劳动争议 办案机关 徐州市泉山区劳动人事争议仲裁委员会"]
    ring = ["二〇二五年四", "区", "月二十八日", "法", "泉山 律援", "州市 助中", "徐 心"]
    first = Page(index=9, text="\n".join(body + ["徐州市泉山区法律援助中心"] + ring + ["- 6 -"]))
    second = Page(index=10, text="\n".join(body + ring + ["- 7 -"]))
    flag_pages([first, second])
    assert "duplicate" in second.flags
    one = Page(index=1, text="\n".join(body + ["受援人签名", "张伟", "- 1 -"]))
    other = Page(index=2, text="\n".join(body + ["受援人签名", "李娜", "- 2 -"]))
    flag_pages([one, other])
    assert "duplicate" not in other.flags


def test_a_seal_split_years_digits_on_a_line_of_their_own_are_no_page_number():
    """202 / 5年2 / 月26日 on the first print (numbered 11), 2025年 / 2月 / 26日 on the second:
    the 202 is part of the date, not a page number, so both prints carry the same date digits."""
    body = ["郑州市金水区人民检察院", "起诉书", "金水检刑诉〔2025〕32号",
            "被告人汪亮因琐事与受援人发生争执，持械将受援人打伤，经鉴定为轻伤二级。", "此致", "郑州市金水区人民法院"]
    first = Page(index=13, text="\n".join(body + ["202", "水", "5年2", "月26日", "郑 院", "11"]), printed_number=11)
    second = Page(index=14, text="\n".join(body + ["2025年", "水", "2月", "26日", "郑 院"]))
    flag_pages([first, second])
    assert "duplicate" in second.flags
    other_day = Page(index=14, text="\n".join(body + ["2025年", "水", "3月", "26日", "郑 院"]))
    flag_pages([first, other_day])
    assert "duplicate" not in other_day.flags


def test_a_text_layer_second_print_whose_seal_landed_elsewhere_is_the_same_sheet():
    """A born-digital closing report printed twice: on one print the firm's seal breaks the
    Chinese-numeral signing date (二〇二四年 / 律 / 九月八日) and hides the firm's name, on the other
    the name and the date are whole lines and the ring glyphs sit below them. One sheet (BD-04).
    A second sheet signed a day later in Chinese numerals stays a page of its own."""
    body = ["受援人意见：对承办律师的工作满意，无其他意见", "受援人签名 周晓兰 日期 2024.9.8",
            "承办律师意见：本案已办结，现将办理情况报告如上。", "承办人签名 钱文博 律师事务所意见 情况属实，同意结案"]
    ring = ["德 和 师 事", "苏 务", "江 所"]
    first = Page(index=16, text="\n".join(body + ["二〇二四年", "律", "九月八日"] + ring + ["- 14 -"]))
    second = Page(index=17, text="\n".join(body + ["江苏德和律师事务所", "二〇二四年九月八日", "律"] + ring + ["- 15 -"]))
    flag_pages([first, second])
    assert "duplicate" in second.flags
    next_day = Page(index=17, text="\n".join(body + ["二〇二四年", "律", "九月九日"] + ring + ["- 15 -"]))
    flag_pages([second, next_day])
    assert "duplicate" not in next_day.flags


def test_a_numeral_the_seal_split_off_the_date_is_the_dates_not_the_seals():
    """A village committee's certificate printed twice: on one print the seal breaks the date as
    二〇二五年十 / 月十四日, on the other as 二〇二五年 / 十 / 月十四日 with the 十 on a line of its
    own among the ring glyphs. The lone 十 is the date's numeral, so one sheet (BD-04); a second
    certificate signed on the fifteenth keeps its own page."""
    body = ["困难证明", "兹证明曹荣（身份证号：205787196802769981）系我村居民，家庭人口三人，家庭生活困难，家庭人均月收入不足600元，低保证号为22857。",
            "特此证明。"]
    ring = ["放区 区居", "市解 民委", "作焦 会员"]
    first = Page(index=8, text="\n".join(body + ["二〇二五年十", "苑", "月十四日", "放区西 社区居"] + ring[1:] + ["5"]))
    second = Page(index=9, text="\n".join(body + ["焦作市解放区西苑社区居民委员会", "二〇二五年", "西苑", "十", "社",
                                                  "月十四日"] + ring + ["6"]))
    flag_pages([first, second])
    assert "duplicate" in second.flags
    other = Page(index=9, text="\n".join(body + ["二〇二五年", "西苑", "十", "社", "月十五日"] + ring + ["6"]))
    flag_pages([first, other])
    assert "duplicate" not in other.flags
