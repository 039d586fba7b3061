"""Family-partitioned phrasing choice and date formatting.

A template family ("A".."D") sees only its own slice of every phrasing pool
of 4+ entries (pool[f::4]), its own titles and its own layout habits, so a
held-out family is genuinely unseen text (leave-template-out evaluation).
Pools with fewer than 4 entries are shared by all families.
"""
from __future__ import annotations

import random
from datetime import date

_CN_DIGITS = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    """1..31 in Chinese numerals as used in dates (十一, 二十, 三十一)."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def cn_date(d: date, zero: str = "〇") -> str:
    """二〇二五年三月四日; zero="○" or "零" gives the look-alikes real documents use."""
    year = "".join(_CN_DIGITS[int(c)] for c in str(d.year)).replace("〇", zero)
    return year + f"年{cn_number(d.month)}月{cn_number(d.day)}日"


def fmt_date(d: date, style: str) -> str:
    if style == "cn":
        return cn_date(d)
    if style == "cn_o":
        return cn_date(d, "○")
    if style == "cn_z":
        return cn_date(d, "零")
    if style == "dot":
        return f"{d.year}.{d.month}.{d.day}"
    if style == "dash":
        return d.isoformat()
    if style == "slash":
        return f"{d.year}/{d.month}/{d.day}"
    return f"{d.year}年{d.month}月{d.day}日"


# date style habits per family: (forms, letters)
_DATE_HABITS = {"A": (["ymd", "ymd", "dash"], ["ymd", "cn", "cn_o"]),
                "B": (["dot", "ymd", "dot"], ["ymd", "ymd", "cn"]),
                "C": (["ymd", "slash", "cn"], ["cn", "cn", "ymd", "cn_z"]),
                "D": (["dash", "dash", "ymd"], ["ymd", "cn", "cn_o"])}


class Phraser:
    """Chooses phrasings for one document of one family."""

    def __init__(self, rng: random.Random, family: str):
        self.rng = rng
        self.family = family
        self.fi = "ABCD".index(family)
        forms, letters = _DATE_HABITS[family]
        self.form_date_style = rng.choice(forms)
        self.letter_date_style = rng.choice(letters)

    def pick(self, pool: list[str] | tuple) -> str:
        pool = list(pool)
        if len(pool) >= 4:
            pool = pool[self.fi::4]
        return self.rng.choice(pool)

    def any(self, pool):
        return self.rng.choice(list(pool))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def fd(self, d: date) -> str:
        """Date as written in a form field."""
        return fmt_date(d, self.form_date_style)

    def ld(self, d: date) -> str:
        """Date as written in a letter's 落款 or running text."""
        return fmt_date(d, self.letter_date_style)

    def layout(self, weights: dict[str, dict[str, float]]) -> str:
        """Pick a layout name with family-specific weights."""
        w = weights[self.family]
        names = list(w)
        return self.rng.choices(names, [w[n] for n in names])[0]
