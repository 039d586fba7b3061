"""Reporting periods of finance and letters: a year (2026), a quarter (2026Q4) or a month (2026-11).

Not review/periods.py (statutory time limits): these are calendar ranges that group dossiers by
the day they were quality-checked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date


class PeriodError(ValueError):
    """A period string none of the accepted forms match (message in Chinese and English)."""


@dataclass(frozen=True)
class Period:
    start: date   # first day, inclusive
    end: date     # first day after the period
    label: str    # canonical form: 2026, 2026Q4, 2026-11

    def __contains__(self, day: date) -> bool:
        return self.start <= day < self.end

    @property
    def zh(self) -> str:
        """2026年第四季度 / 2026年11月 / 2026年度: for titles and file names."""
        if "Q" in self.label:
            return f"{self.start.year}年第{'一二三四'[(self.start.month - 1) // 3]}季度"
        if "-" in self.label:
            return f"{self.start.year}年{self.start.month}月"
        return f"{self.start.year}年度"


def _next_month(year: int, month: int) -> date:
    return date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)


def parse_period(text: str) -> Period:
    """'2026Q4', '2026-11' (or 2026-1, 2026年11月), '2026'; anything else raises PeriodError."""
    s = (text or "").strip().upper().replace("年", "-").replace("月", "").rstrip("-")
    if m := re.fullmatch(r"(\d{4})", s):
        y = int(m[1])
        return Period(date(y, 1, 1), date(y + 1, 1, 1), f"{y}")
    if (m := re.fullmatch(r"(\d{4})-?Q([1-4])", s)) and 2000 <= int(m[1]) <= 2100:
        y, q = int(m[1]), int(m[2])
        return Period(date(y, 3 * q - 2, 1), _next_month(y, 3 * q), f"{y}Q{q}")
    if (m := re.fullmatch(r"(\d{4})-(\d{1,2})", s)) and 1 <= int(m[2]) <= 12:
        return month_period(int(m[1]), int(m[2]))
    raise PeriodError(f"无法识别的期间「{text}」，应为 2026Q4、2026-11 或 2026 / "
                      f"unknown period {text!r}: use 2026Q4, 2026-11 or 2026")


def month_period(year: int, month: int) -> Period:
    return Period(date(year, month, 1), _next_month(year, month), f"{year}-{month:02d}")


def parse_month(text: str) -> Period:
    """Only a month (2026-11): letters are monthly."""
    p = parse_period(text)
    if "-" not in p.label:
        raise PeriodError(f"提醒函按月出具，请给出月份，如 2026-11（收到「{text}」）/ "
                          f"letters are monthly: give a month such as 2026-11, not {text!r}")
    return p
