"""Statutory periods (期间) the way Chinese procedure counts them.

期间开始之日不计算在期间内；期间届满的最后一日是法定休假日的，以休假日后的第一日为期满日期.
The trigger day is not counted, and a period in days whose last day is a
weekend or public holiday ends on the next working day (a 调休 weekend day is
a working day). A limit in working days ends on the N-th working day after
the trigger day. Which days are working days is data (review/data/holidays/),
so a province or a new year is a file, not code. Pure functions only.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal, Sequence

import yaml

from review.messages import message

HOLIDAY_DIR = Path(__file__).parent / "data" / "holidays"
Unit = Literal["days", "working_days"]
_RANGE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})\s*$")


class CalendarError(ValueError):
    """A holiday file is malformed."""


@dataclass(frozen=True)
class Calendar:
    """Public holidays and 调休 working weekends, merged over the selected layers."""

    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()  # weekend days that are working days (调休)
    years: frozenset[int] = frozenset()  # years some layer describes
    provisional: frozenset[int] = frozenset()  # years whose arrangement is not confirmed
    sources: tuple[str, ...] = ()

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def is_holiday(self, day: dt.date) -> bool:
        """A public holiday (not merely a weekend)."""
        return day in self.holidays and day not in self.workdays

    def gaps(self, days: Iterable[dt.date]) -> tuple[int, ...]:
        """Years among `days` that no layer describes (counted with weekends only)."""
        return tuple(sorted({d.year for d in days} - self.years))


@dataclass(frozen=True)
class Period:
    """The due date of one period and how it was reached (for the finding's message)."""

    start: dt.date
    limit: int
    unit: Unit
    nominal: dt.date  # last day before any extension (working days: the N-th working day)
    due: dt.date
    skipped_holiday: bool = False  # the extension passed a public holiday, not only a weekend
    calendar_gaps: tuple[int, ...] = ()  # years counted without a holiday file
    provisional: tuple[int, ...] = ()  # years counted with a provisional holiday file

    @property
    def extended(self) -> bool:
        return self.due != self.nominal

    def note(self) -> str:
        """Chinese note on the due date: why it moved, which calendar data is missing."""
        parts = []
        if self.extended:
            parts.append(message("periods.holiday_extended" if self.skipped_holiday else "periods.weekend_extended"))
        if self.unit == "working_days":
            parts.append(message("periods.working_days", limit=self.limit))
        if self.provisional:
            parts.append(message("periods.provisional", years="、".join(map(str, self.provisional))))
        if self.calendar_gaps:
            parts.append(message("periods.calendar_gap", years="、".join(map(str, self.calendar_gaps))))
        return message("common.aside", text="；".join(parts)) if parts else ""


def due_date(start: dt.date, limit: int, unit: Unit, calendar: Calendar) -> Period:
    """The last day on which an act triggered on `start` is still on time.

    days: start + limit, the start day not counted, moved to the next working
    day if it falls on a rest day. working_days: the limit-th working day after
    start. A limit of 0 means the same day.
    """
    if limit < 0:
        raise ValueError("limit must be >= 0")
    if unit == "working_days":
        day, n = start, 0
        while n < limit:
            day += dt.timedelta(days=1)
            n += calendar.is_workday(day)
        nominal = due = day
    elif unit == "days":
        nominal = due = start + dt.timedelta(days=limit)
        while limit and not calendar.is_workday(due):
            due += dt.timedelta(days=1)
    else:
        raise ValueError(f"unknown period unit {unit!r}")
    counted = [start + dt.timedelta(days=i) for i in range(1, (due - start).days + 1)] or [start]
    skipped = any(calendar.is_holiday(d) for d in counted if nominal <= d < due)
    years = {d.year for d in counted}
    return Period(start, limit, unit, nominal, due, skipped, calendar.gaps(counted),
                  tuple(sorted(years & calendar.provisional)))


def on_time(end: dt.date, period: Period) -> bool:
    """The act on `end` falls within the period (an act before the trigger is not late)."""
    return end <= period.due


def days_late(end: dt.date, period: Period) -> int:
    """Calendar days after the due date (0 when on time)."""
    return max((end - period.due).days, 0)


def working_days_between(start: dt.date, end: dt.date, calendar: Calendar) -> int:
    """Working days after `start` up to and including `end` (calendar difference if end <= start)."""
    if end <= start:
        return (end - start).days
    return sum(calendar.is_workday(start + dt.timedelta(days=i)) for i in range(1, (end - start).days + 1))


def longest_rest_run(calendar: Calendar) -> int:
    """Most consecutive non-working days in the calendar (at least a weekend): the most a
    missing year's holidays could move a due date."""
    if not calendar.holidays:
        return 2
    best = run = 0
    day, last = min(calendar.holidays) - dt.timedelta(days=2), max(calendar.holidays) + dt.timedelta(days=2)
    while day <= last:
        run = 0 if calendar.is_workday(day) else run + 1
        best = max(best, run)
        day += dt.timedelta(days=1)
    return max(best, 2)


# ------------------------------------------------------------------ data files
def _days(value: object, path: Path) -> set[dt.date]:
    """A date, an ISO string, 'a..b' (inclusive), or a list/mapping of these."""
    if value is None:
        return set()
    if isinstance(value, dict):
        return {d for v in value.values() for d in _days(v, path)}
    if isinstance(value, list):
        return {d for v in value for d in _days(v, path)}
    if isinstance(value, dt.date):
        return {value}
    m = _RANGE.match(str(value))
    try:
        if m:
            a, b = dt.date.fromisoformat(m.group(1)), dt.date.fromisoformat(m.group(2))
            if b < a:
                raise ValueError("range ends before it starts")
            return {a + dt.timedelta(days=i) for i in range((b - a).days + 1)}
        return {dt.date.fromisoformat(str(value).strip())}
    except ValueError as exc:
        raise CalendarError(f"{path}: bad date {value!r}: {exc}") from exc


def _layer_files(name: str | Path, bases: Sequence[Path]) -> list[Path]:
    """The YAML files of one layer: a folder name under a base, a folder path or a file path."""
    candidates = [Path(name)] + [b / str(name) for b in bases]
    for c in candidates:
        if c.is_file():
            return [c]
        if c.is_dir():
            return sorted(c.glob("*.yaml"))
    raise CalendarError(f"holiday calendar {name!r} not found (looked in {', '.join(map(str, bases))})")


def load_calendar(layers: Sequence[str | Path] = ("national",), bases: Sequence[Path] = (HOLIDAY_DIR,),
                  holidays: Iterable[object] = (), workdays: Iterable[object] = ()) -> Calendar:
    """Merge the holiday files of `layers` in order (a later layer wins for the days it names);
    `holidays`/`workdays` given inline are the last layer."""
    off: set[dt.date] = set()
    on: set[dt.date] = set()
    years: set[int] = set()
    provisional: set[int] = set()
    sources: list[str] = []

    def apply(h: set[dt.date], w: set[dt.date]) -> None:
        off.difference_update(w)
        on.difference_update(h)
        off.update(h)
        on.update(w)

    for name in layers:
        for path in _layer_files(name, bases):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            if not isinstance(data, dict) or not isinstance(data.get("year"), int):
                raise CalendarError(f"{path}: needs 'year'")
            apply(_days(data.get("holidays"), path), _days(data.get("workdays"), path))
            years.add(data["year"])
            if str(data.get("status", "official")) != "official":
                provisional.add(data["year"])
            sources.append(str(data.get("source", path.name)))
    inline = Path("time_limits.yaml")
    apply(_days(list(holidays), inline), _days(list(workdays), inline))
    return Calendar(frozenset(off), frozenset(on), frozenset(years), frozenset(provisional), tuple(sources))
