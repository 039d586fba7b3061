"""Template filling ([[a|b]] alternatives, {key} facts) and Chinese date formats."""
from __future__ import annotations

import random
import re
from datetime import date

_ALT = re.compile(r"\[\[([^\[\]]*)\]\]")
_KEY = re.compile(r"\{(\w+)\}")
_CN_DIGITS = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    """1..31 as Chinese numerals (十一, 二十, 三十一)."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def date_formats(d: date) -> dict[str, str]:
    """The date written in the ways dossiers write it."""
    return {
        "": f"{d.year}年{d.month}月{d.day}日",
        "_cn": "".join(_CN_DIGITS[int(c)] for c in str(d.year)) + f"年{cn_number(d.month)}月{cn_number(d.day)}日",
        "_dot": f"{d.year}.{d.month}.{d.day}",
        "_md": f"{d.month}月{d.day}日",
    }


def fill(text: str, ctx: dict[str, str], rng: random.Random) -> str:
    """Resolve alternatives and keys (values may hold templates themselves)."""
    for _ in range(4):
        text = _ALT.sub(lambda m: rng.choice(m.group(1).split("|")), text)
        new = _KEY.sub(lambda m: str(ctx[m.group(1)]), text)
        if new == text:
            break
        text = new
    return text
