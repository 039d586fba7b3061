"""The monthly 提醒函 loop as rules: letter numbers, reply deadlines, whether a point is still open.

Suzhou Xiangcheng sends every firm a numbered letter each month and expects a written
rectification per point. The rules (number scheme, days to reply, which replies close a
point) are data in store/data/letters.yaml; persistence stores letters and replies.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import yaml

LETTERS_YAML = Path(__file__).parent / "data" / "letters.yaml"
RECTIFIED = "rectified"
BY_REREVIEW = "rereview"  # derived state: a later review no longer fails the item


@dataclass(frozen=True)
class LetterRules:
    number_format: str
    center: str
    reply_days: int
    replies: dict[str, str]        # reply kind -> Chinese label
    closing_replies: frozenset[str]

    def number(self, year: int, month: int, seq: int) -> str:
        """相法援提〔2026〕11-03号 for the third letter of November 2026."""
        return self.number_format.format(year=year, month=month, seq=seq)

    def due(self, issued_on: date) -> date:
        return issued_on + timedelta(days=self.reply_days)

    def label(self, state: str | None) -> str:
        if state == BY_REREVIEW:
            return "已整改（复查通过）"
        return self.replies.get(state or "", "未回复")


@lru_cache(maxsize=4)
def load_letter_rules(path: Path = LETTERS_YAML) -> LetterRules:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return LetterRules(number_format=data["number_format"], center=data.get("center", ""),
                       reply_days=int(data.get("reply_days", 15)), replies=dict(data["replies"]),
                       closing_replies=frozenset(data.get("closing_replies", [RECTIFIED])))


def point_state(reply: str | None, later_status: str | None) -> str | None:
    """The state of one point: the firm's reply, else rectified by re-review when a later review
    of the same case no longer fails the item, else None (no answer yet)."""
    if reply:
        return reply
    if later_status is not None and later_status != "fail":
        return BY_REREVIEW
    return None


def is_open(state: str | None, rules: LetterRules) -> bool:
    """Still open: unanswered, or answered in a way that does not close it (e.g. disputed)."""
    return state != BY_REREVIEW and state not in rules.closing_replies


def days_overdue(issued_on: date, unanswered: int, today: date, rules: LetterRules) -> int:
    """Days past the reply deadline while points are unanswered (0 when not overdue)."""
    if not unanswered:
        return 0
    return max(0, (today - rules.due(issued_on)).days)
