"""Statutory periods: trigger day not counted, a last day on a rest day moves to the next working day."""
import datetime as dt

import pytest

from review.periods import (HOLIDAY_DIR, Calendar, CalendarError, days_late, due_date, load_calendar,
                            longest_rest_run, on_time, working_days_between)

D = dt.date
NATIONAL = load_calendar(["national"])


def test_thursday_decision_monday_assignment_is_on_time():
    p = due_date(D(2025, 3, 6), 3, "days", NATIONAL)  # day 3 = Sunday 03-09
    assert p.nominal == D(2025, 3, 9) and p.due == D(2025, 3, 10) and p.extended and not p.skipped_holiday
    assert p.note() == "（期满日遇休息日顺延）"
    assert on_time(D(2025, 3, 10), p) and not on_time(D(2025, 3, 11), p)
    assert days_late(D(2025, 3, 10), p) == 0 and days_late(D(2025, 3, 13), p) == 3


def test_trigger_day_not_counted_and_weekday_end_not_moved():
    p = due_date(D(2025, 3, 3), 3, "days", NATIONAL)  # Monday -> Thursday
    assert p.due == D(2025, 3, 6) and not p.extended and p.note() == ""
    assert on_time(D(2025, 3, 1), p)  # before the trigger: not late (order is TL-05's business)


def test_holiday_extension():
    p = due_date(D(2025, 9, 30), 3, "days", NATIONAL)  # 10-03 in the 10-01..10-08 holiday
    assert p.due == D(2025, 10, 9) and p.skipped_holiday
    assert p.note() == "（期满日遇法定节假日顺延）"
    p = due_date(D(2024, 4, 1), 3, "days", NATIONAL)  # 04-04 清明 (Thu..Sat), 04-07 Sunday is a workday
    assert p.due == D(2024, 4, 7)


def test_adjusted_weekend_workday_ends_the_period():
    # 2025-09-28 is a Sunday worked (调休) before the National Day holiday
    p = due_date(D(2025, 9, 25), 3, "days", NATIONAL)
    assert p.due == D(2025, 9, 28) and not p.extended
    assert NATIONAL.is_workday(D(2025, 9, 28)) and not NATIONAL.is_workday(D(2025, 9, 27))


def test_working_day_units():
    p = due_date(D(2025, 3, 7), 3, "working_days", NATIONAL)  # Friday -> Mon, Tue, Wed
    assert p.due == D(2025, 3, 12) and "按3个工作日计" in p.note()
    p = due_date(D(2025, 1, 24), 3, "working_days", NATIONAL)  # 01-26 调休 Sunday, 01-27, then 02-05
    assert p.due == D(2025, 2, 5)
    p = due_date(D(2025, 4, 30), 1, "working_days", NATIONAL)  # May Day 05-01..05-05
    assert p.due == D(2025, 5, 6)
    assert working_days_between(D(2025, 4, 30), D(2025, 5, 6), NATIONAL) == 1
    assert working_days_between(D(2025, 3, 7), D(2025, 3, 5), NATIONAL) == -2


def test_year_boundary():
    p = due_date(D(2025, 12, 29), 3, "days", NATIONAL)  # 2026-01-01..03 元旦, 01-04 Sunday worked
    assert p.due == D(2026, 1, 4) and p.skipped_holiday
    p = due_date(D(2023, 12, 28), 3, "days", NATIONAL)  # 12-31 Sunday (元旦 run 12-30..01-01)
    assert p.due == D(2024, 1, 2)
    p = due_date(D(2024, 12, 30), 30, "days", NATIONAL)  # 2025-01-29 in the Spring Festival
    assert p.due == D(2025, 2, 5)


def test_late_by_n_days():
    p = due_date(D(2025, 6, 3), 30, "days", NATIONAL)  # 07-03 Thursday
    assert p.due == D(2025, 7, 3) and days_late(D(2025, 7, 10), p) == 7 and days_late(D(2025, 7, 3), p) == 0


def test_zero_limit_and_bad_input():
    assert due_date(D(2025, 3, 8), 0, "days", NATIONAL).due == D(2025, 3, 8)
    with pytest.raises(ValueError):
        due_date(D(2025, 3, 8), -1, "days", NATIONAL)
    with pytest.raises(ValueError):
        due_date(D(2025, 3, 8), 1, "weeks", NATIONAL)  # type: ignore[arg-type]


def test_year_without_file_counts_weekends_and_says_so():
    p = due_date(D(2027, 2, 4), 3, "days", NATIONAL)
    assert p.calendar_gaps == (2027,) and "未载入2027年放假安排" in p.note()
    assert 7 <= longest_rest_run(NATIONAL) <= 9  # the longest holiday run bounds what a missing year can move


def test_national_files_cover_2023_to_2026_with_adjusted_workdays():
    assert {2023, 2024, 2025, 2026} <= NATIONAL.years and not NATIONAL.provisional
    for day in (D(2023, 1, 28), D(2024, 2, 4), D(2025, 1, 26), D(2026, 2, 28)):
        assert day.weekday() >= 5 and NATIONAL.is_workday(day)
    for day in (D(2023, 10, 6), D(2024, 2, 16), D(2025, 10, 8), D(2026, 2, 23)):
        assert NATIONAL.is_holiday(day) and not NATIONAL.is_workday(day)
    for day in NATIONAL.workdays:
        assert day.weekday() >= 5 and day not in NATIONAL.holidays  # 调休 only ever moves weekends


def test_province_layer_overrides(tmp_path):
    prov = tmp_path / "xx"
    prov.mkdir()
    (prov / "2025.yaml").write_text("year: 2025\nstatus: provisional\nholidays: {地方节: ['2025-03-10']}\n"
                                    "workdays: ['2025-10-08']\n", encoding="utf-8")
    cal = load_calendar(["national", "xx"], (tmp_path, HOLIDAY_DIR))
    assert not cal.is_workday(D(2025, 3, 10)) and cal.is_workday(D(2025, 10, 8))
    p = due_date(D(2025, 3, 6), 3, "days", cal)  # Sunday, then the local holiday Monday
    assert p.due == D(2025, 3, 11) and "2025年放假安排为暂定" in p.note()
    with pytest.raises(CalendarError, match="not found"):
        load_calendar(["nowhere"], (tmp_path,))
    (prov / "2025.yaml").write_text("year: 2025\nholidays: ['2025-13-01']\n", encoding="utf-8")
    with pytest.raises(CalendarError, match="bad date"):
        load_calendar(["xx"], (tmp_path,))


def test_empty_calendar_is_weekends_only():
    assert Calendar().is_workday(D(2025, 10, 1)) and not Calendar().is_workday(D(2025, 10, 4))

