"""The documents of the monthly loop from the database: the month's letters as DOCX files and
the period's subsidy statement as XLSX (the CLI and the console call these)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine

from store.exports.reminder import letter_file_name, reminder_letter_docx
from store.exports.subsidy import subsidy_statement_xlsx
from store.letter_rules import load_letter_rules
from store import letters as letter_repo
from store.orm import Letter
from store.statements import record_statement, statement_for
from store.reporting_period import Period, parse_month
from store.subsidy_rules import Statement, SubsidyRules


def statement_file_name(period: Period) -> str:
    return f"办案补贴_{period.label}.xlsx"


def letter_docx(engine: Engine, letter: Letter) -> bytes:
    rules = load_letter_rules()
    month = parse_month(letter.month)
    return reminder_letter_docx(letter.firm.name, letter.center_name, letter_repo.letter_content(engine, letter),
                                day=letter.issued_on, number=letter.number, period=month.zh,
                                reply_days=rules.reply_days)


@dataclass(frozen=True)
class WrittenLetter:
    letter: Letter
    path: Path
    points: int


def write_month_letters(engine: Engine, month: Period, out_dir: Path, center: str | None = None,
                        today: date | None = None) -> list[WrittenLetter]:
    """Issue (or re-issue with the same numbers) the month's letters and write one DOCX per firm."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for letter in letter_repo.issue_month_letters(engine, month, center, today):
        path = out_dir / letter_file_name(letter.firm.name, month.zh)
        path.write_bytes(letter_docx(engine, letter))
        written.append(WrittenLetter(letter, path, len(letter_repo.points(engine, letter.id))))
    return written


def write_statement(engine: Engine, period: Period, rules: SubsidyRules, out: Path,
                    user_id: int | None = None) -> tuple[Statement, Path]:
    """The period's statement as XLSX at ``out`` (a folder gets the human file name)."""
    st = statement_for(engine, period, rules)
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        out.mkdir(parents=True, exist_ok=True)
        out = out / statement_file_name(period)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(subsidy_statement_xlsx(st, period.zh))
    record_statement(engine, st, user_id)
    return st, out
