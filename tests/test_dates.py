from datetime import date

import pytest

from ingest.dates import find_dates, parse_date

D = date(2025, 6, 3)


@pytest.mark.parametrize("text,expected", [
    ("2025年6月3日", D), ("2025 年 6 月 3 日", D), ("2025年06月03日", D), ("２０２５年６月３日", D),
    ("2025.6.3", D), ("2025.06.03", D), ("2025-06-03", D), ("2025/6/3", D),
    ("二〇二五年六月三日", D), ("二〇二五年六月三十日", date(2025, 6, 30)),
    ("二零二五年十二月二十一日", date(2025, 12, 21)), ("二〇二五年十月十日", date(2025, 10, 10)),
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
