"""办案补贴 (case subsidy) statement: pure computation from final grades and the rules in data.

Subsidies are paid after the quality check, by grade (Suzhou Xiangcheng: 案件质量审核后予以发放补贴).
Input is one ``SubsidyCase`` per review of a case; the latest review of a case counts, so a
re-reviewed, rectified dossier replaces its failed first version. Nothing here reads a database.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

import yaml

SUBSIDY_YAML = Path(__file__).parent / "data" / "subsidy.yaml"
FAIL_GRADE = "不合格"
ANY_STAGE = "*"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class SubsidyRules:
    """One scheme of subsidy.yaml with its ``extends`` chain resolved."""

    name: str
    label: str
    amounts: dict[str, dict[str, Decimal]]
    factors: dict[str, Decimal]
    rectified_factor: Decimal

    def base(self, case_kind: str | None, stage: str | None) -> Decimal | None:
        """The amount for a kind and stage (the kind's '*' when the stage has none); None if unknown."""
        by_stage = self.amounts.get(case_kind or "")
        if not by_stage:
            return None
        return by_stage.get(stage or ANY_STAGE, by_stage.get(ANY_STAGE))


@lru_cache(maxsize=8)
def _schemes(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["schemes"]


def scheme_names(path: Path = SUBSIDY_YAML) -> list[str]:
    return list(_schemes(path))


def load_rules(name: str = "default", path: Path = SUBSIDY_YAML) -> SubsidyRules:
    """The scheme ``name``; a scheme that ``extends`` another overrides its keys (amounts per kind)."""
    schemes = _schemes(path)
    if name not in schemes:
        raise ValueError(f"未知的补贴标准「{name}」，可选：{'、'.join(schemes)} / unknown subsidy scheme {name!r}")
    asked, chain, seen = name, [], set()
    while name and name not in seen:
        seen.add(name)
        chain.append(schemes[name])
        name = schemes[name].get("extends")
    merged: dict = {"amounts": {}, "factors": {}}
    for spec in reversed(chain):
        merged["amounts"] |= spec.get("amounts", {})
        merged["factors"] |= spec.get("factors", {})
        merged |= {k: v for k, v in spec.items() if k not in ("amounts", "factors", "extends")}
    money = lambda v: Decimal(str(v))  # noqa: E731 - yaml floats to exact decimals
    return SubsidyRules(name=asked, label=merged.get("label", ""),
                        amounts={k: {s: money(a) for s, a in v.items()} for k, v in merged["amounts"].items()},
                        factors={g: money(f) for g, f in merged["factors"].items()},
                        rectified_factor=money(merged.get("rectified_factor", 0)))


@dataclass(frozen=True)
class SubsidyCase:
    """One quality-checked dossier with its final grade (DB glue builds these)."""

    dossier_id: int
    case_key: str                 # one case across re-reviews (firm + case number, or the file hash)
    reviewed_on: date             # the latest review of this dossier (model, peer review, adjudication)
    firm: str | None
    lawyer: str | None
    grade: str | None
    grade_status: str = "final"   # final | provisional (待复核) | pending (peer reviewers disagree)
    grade_source: str = "模型"    # 模型 | 同行评查 | 裁决
    case_kind: str | None = None
    stage: str | None = None
    case_no: str | None = None
    file_name: str = ""
    rectified: bool = False       # every point of its 提醒函 closed as rectified


@dataclass(frozen=True)
class StatementRow:
    case: SubsidyCase
    base: Decimal
    factor: Decimal
    amount: Decimal


@dataclass(frozen=True)
class HeldRow:
    case: SubsidyCase
    reason: str


@dataclass
class Statement:
    period: str
    scheme: str
    rows: list[StatementRow] = field(default_factory=list)
    held: list[HeldRow] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((r.amount for r in self.rows), Decimal("0.00"))

    def by_firm(self) -> dict[str, list[StatementRow]]:
        return _group(self.rows, lambda r: (r.case.firm,))

    def by_lawyer(self) -> dict[tuple[str, str], list[StatementRow]]:
        """(firm, lawyer) -> rows, firms and lawyers in name order."""
        return _group(self.rows, lambda r: (r.case.firm, r.case.lawyer))


def _group(rows: list[StatementRow], key) -> dict:
    out: dict = defaultdict(list)
    for r in rows:
        k = key(r)
        out[k[0] if len(k) == 1 else k].append(r)
    return dict(sorted(out.items()))


def held_reason(case: SubsidyCase, rules: SubsidyRules) -> str | None:
    """Why a case is not paid in this statement, or None when it is."""
    if not case.firm:
        return "未登记承办律师事务所"
    if not case.lawyer:
        return "未登记承办律师"
    if case.grade_status == "provisional":
        return "等级待复核（存在待人工复核项），复核后发放"
    if case.grade_status == "pending" or not case.grade:
        return "同行评查意见不一致，待裁决"
    if not case.case_kind:
        return "案件类型未识别"
    if rules.base(case.case_kind, case.stage) is None:
        return f"无该类案件（{case.case_kind}）的补贴标准"
    if case.grade == FAIL_GRADE and not case.rectified:
        return "评查不合格，待整改后发放"
    if case.grade not in rules.factors:
        return f"未知等级「{case.grade}」"
    return None


def latest_per_case(cases: list[SubsidyCase]) -> list[SubsidyCase]:
    """The latest review of every case (a later review of a rectified dossier replaces the first)."""
    best: dict[str, SubsidyCase] = {}
    for c in cases:
        cur = best.get(c.case_key)
        if cur is None or (c.reviewed_on, c.dossier_id) > (cur.reviewed_on, cur.dossier_id):
            best[c.case_key] = c
    return list(best.values())


def compute_statement(cases: list[SubsidyCase], rules: SubsidyRules, period: str = "") -> Statement:
    """Paid rows (base x grade factor, to the cent) and held-back rows, ordered by firm, lawyer, case."""
    out = Statement(period=period, scheme=rules.label or rules.name)
    order = lambda c: (c.firm or "", c.lawyer or "", c.case_no or "", c.file_name, c.dossier_id)  # noqa: E731
    for case in sorted(latest_per_case(cases), key=order):
        reason = held_reason(case, rules)
        if reason:
            out.held.append(HeldRow(case, reason))
            continue
        base = rules.base(case.case_kind, case.stage)
        factor = rules.rectified_factor if case.grade == FAIL_GRADE else rules.factors[case.grade]
        out.rows.append(StatementRow(case, base, factor, (base * factor).quantize(CENT, ROUND_HALF_UP)))
    return out
