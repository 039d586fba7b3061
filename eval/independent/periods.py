"""Statutory period counting (期间计算) with the holiday calendar in data/holidays.yaml.

The day of the triggering event is not counted; a period whose last day is a
rest day (weekend or public holiday, make-up working days excepted) ends on
the next working day.
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from .resources import load


@lru_cache(maxsize=1)
def _calendar() -> tuple[frozenset[date], frozenset[date]]:
    d = load("holidays")
    as_date = lambda v: v if isinstance(v, date) else date.fromisoformat(str(v))  # noqa: E731
    return frozenset(map(as_date, d["holidays"])), frozenset(map(as_date, d["workdays"]))


def is_workday(d: date) -> bool:
    """A working day: not a public holiday, and Monday-Friday or a make-up working day."""
    holidays, workdays = _calendar()
    if d in holidays:
        return False
    return d.weekday() < 5 or d in workdays


def deadline_days(start: date, days: int) -> date:
    """Last day of a period of `days` calendar days after `start` (statutory counting)."""
    end = start + timedelta(days=days)
    while not is_workday(end):
        end += timedelta(days=1)
    return end


def deadline_working_days(start: date, days: int) -> date:
    """The `days`-th working day after `start`."""
    d, left = start, days
    while left:
        d += timedelta(days=1)
        left -= is_workday(d)
    return d


def next_workday(d: date) -> date:
    """d itself when it is a working day, else the next one."""
    while not is_workday(d):
        d += timedelta(days=1)
    return d
