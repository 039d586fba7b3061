from datetime import date

import pytest

from ingest.dates import find_date_readings, find_dates, parse_date

D = date(2025, 6, 3)


@pytest.mark.parametrize("text,expected", [
    ("2025年6月3日", D), ("2025 年 6 月 3 日", D), ("2025年06月03日", D), ("２０２５年６月３日", D),
    ("2025.6.3", D), ("2025.06.03", D), ("2025-06-03", D), ("2025/6/3", D),
    ("二〇二五年六月三日", D), ("二〇二五年六月三十日", date(2025, 6, 30)),
    ("二零二五年十二月二十一日", date(2025, 12, 21)), ("二〇二五年十月十日", date(2025, 10, 10)),
    ("二○ 二四年八月七日", date(2024, 8, 7)),
    ("贰零贰伍年陆月叁日", D), ("二O二五年六月三日", D), ("时间：2025年6月3日上午9时", D),
    ("2025年2月30日", None), ("2025-13-01", None), ("二〇二五年二月三十日", None),
    ("（2025）苏0508法援刑字第123号", None), ("第12页", None), ("2025.6-3", None), ("", None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_find_dates_spans_in_order():
    text = "决定日期：2025年6月3日，指派日期2025-06-05；落款 二〇二五年六月十日"
    hits = find_dates(text)
    assert [d for d, _, _ in hits] == [D, date(2025, 6, 5), date(2025, 6, 10)]
    for d, a, b in hits:
        assert parse_date(text[a:b]) == d


def test_invalid_date_is_skipped_not_clamped():
    assert find_dates("2025年2月30日 与 2025年3月1日") == [(date(2025, 3, 1), 13, 22)]


def test_chinese_year_missing_its_zero_is_read_as_20xx():
    """OCR drops the small 〇 of 二〇二四; only 二[一二三]X years are repaired, nothing else."""
    assert find_dates("双方于二二四年八月十八日达成协议")[0][0] == date(2024, 8, 18)
    assert parse_date("二一九年三月一日") == date(2019, 3, 1)
    assert find_dates("十二二四年八月十八日") == [] and find_dates("二二年一月一日") == []
    assert parse_date("一九九年三月一日") is None


@pytest.mark.parametrize("text,expected", [
    ("二〇二五年苏三月四日", date(2025, 3, 4)), ("2025年3月州4日", date(2025, 3, 4)),
    ("20苏25年3月4日", date(2025, 3, 4)), ("二〇苏二五年三月四日", date(2025, 3, 4)),
    ("二〇二五年苏州市三月四日", date(2025, 3, 4)), ("2025年 援 12月 中心 1日", date(2025, 12, 1)),
    ("二〇族二四年四月十九日", date(2024, 4, 19)), ("二〇二五年十二苏月二十一日", date(2025, 12, 21)),  # 十 is no glyph
])
def test_seal_glyphs_inside_a_date_are_read_as_broken(text, expected):
    """An electronic seal's characters land inside the signing line's text: still the date, but fragile."""
    (r,) = find_date_readings(text)
    assert (r.day, r.broken, r.start, r.end) == (expected, True, 0, len(text)) and r.conf < 1.0
    assert parse_date(text) == expected  # find_dates / parse_date read them too


@pytest.mark.parametrize("text", [
    "2025年3月至4日", "2025年度3月份4日", "2025年3月上旬4日", "二〇二五年苏州市法三月四日",  # a joining word / 4 glyphs
    "2025年3月与4日", "二〇二五年三月及四日",
])
def test_joining_words_and_long_gaps_are_not_seal_glyphs(text):
    assert find_date_readings(text) == []


def test_whole_dates_are_not_broken_and_win_overlaps():
    rs = find_date_readings("你于2025年3月3日提出的申请。\n二〇二五年苏三月四日")
    assert [(r.day, r.broken) for r in rs] == [(date(2025, 3, 3), False), (date(2025, 3, 4), True)]
    assert [r.broken for r in find_date_readings("2025年3月3日至2025年3月5日")] == [False, False]


def test_seal_glyphs_on_lines_of_their_own_split_a_date_across_lines():
    """A seal character grouped as a line of its own splits the signing date ("2025年\\n区\\n5月9日")."""
    assert [(r.day, r.glyphs) for r in find_date_readings("2025年\n区\n5月9日")] == [(date(2025, 5, 9), "区")]
    column = "二〇二\n楼\n四\n区\n年九\n法\n月\n律\n九日"  # up to 6 glyphs when each is its own line
    assert [(r.day, r.glyphs) for r in find_date_readings(column)] == [(date(2024, 9, 9), "楼区法律")]
    assert find_date_readings("截至2025年\n5月9日") == []  # a wrapped sentence is no seal
    assert find_date_readings("2025年苏州市法3月4日") == []  # four glyphs on one line: not a date


def test_a_seal_column_beside_each_part_of_a_date_over_several_lines():
    """A text layer that puts each seal character beside a part of the date, one at every line
    break ("202水\\n4年\\n区11法月律\\n22日"), still gives the date: up to 6 glyphs, as in a column."""
    assert [(r.day, r.glyphs) for r in find_date_readings("202水\n4年\n区11法月律\n22日")] == [
        (date(2024, 11, 22), "水区法律")]
    assert [(r.day, r.glyphs) for r in find_date_readings("二〇二五侯\n年区\n三月法\n三律\n十一日")] == [
        (date(2025, 3, 31), "侯区法律")]
    assert find_date_readings("2025年苏州\n市法3月4日") == []  # two lines only: the 3-glyph limit holds
    assert find_date_readings("202水\n4年\n11法月律\n22日") == []  # a line break with no glyph at it
