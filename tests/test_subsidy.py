"""The pure subsidy computation: grades and factors, scheme variants, held-back dossiers, periods."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from store.reporting_period import PeriodError, parse_month, parse_period
from store.subsidy_rules import SubsidyCase, compute_statement, load_rules, scheme_names


def case(i: int, grade: str | None = "优秀", **kw) -> SubsidyCase:
    base = dict(dossier_id=i, case_key=f"k{i}", reviewed_on=date(2026, 11, 5), firm="甲律师事务所", lawyer="张律师",
                grade=grade, case_kind="civil", stage="first_instance", case_no=f"（2026）苏0507法援民字第{i}号",
                file_name=f"{i}.pdf")
    return SubsidyCase(**(base | kw))


def test_amount_is_base_times_grade_factor_to_the_cent():
    rules = load_rules("default")
    st = compute_statement([case(1, "优秀"), case(2, "良好"), case(3, "合格"),
                            case(4, "合格", case_kind="criminal_defense", stage="prosecution")], rules, "2026-11")
    amounts = {r.case.dossier_id: r.amount for r in st.rows}
    assert amounts == {1: Decimal("1500.00"), 2: Decimal("1500.00"), 3: Decimal("1200.00"), 4: Decimal("800.00")}
    assert st.total == Decimal("5000.00") and not st.held


def test_unknown_stage_takes_the_kinds_default_amount():
    rules = load_rules("default")
    assert rules.base("civil", None) == rules.base("civil", "mediation") == Decimal("1500")
    assert rules.base("criminal_defense", "trial") == Decimal("1500") and rules.base("nope", "trial") is None


def test_scheme_variant_overrides_amounts_and_factors_and_keeps_the_rest():
    default, suzhou = load_rules("default"), load_rules("jiangsu_suzhou")
    assert {"default", "jiangsu_suzhou"} <= set(scheme_names())
    assert suzhou.name == "jiangsu_suzhou" and "苏州" in suzhou.label
    assert suzhou.factors["优秀"] == Decimal("1.1") and default.factors["优秀"] == Decimal("1.0")
    assert suzhou.base("civil", "first_instance") == Decimal("2000")
    cases = [case(1, "优秀"), case(2, "合格")]
    assert compute_statement(cases, suzhou).total == Decimal("2200.00") + Decimal("1600.00")
    assert compute_statement(cases, default).total == Decimal("1500.00") + Decimal("1200.00")
    with pytest.raises(ValueError, match="未知的补贴标准"):
        load_rules("mars")


def test_held_back_with_a_reason_and_not_paid():
    rules = load_rules("default")
    st = compute_statement([
        case(1, "待复核", grade_status="provisional"),
        case(2, "不合格"),
        case(3, case_kind=None),
        case(4, lawyer=None),
        case(5, grade=None, grade_status="pending"),
        case(6, firm=None),
        case(7, case_kind="space_law"),
        case(8, "优秀"),
    ], rules)
    reasons = {h.case.dossier_id: h.reason for h in st.held}
    assert "待复核" in reasons[1] and "不合格" in reasons[2] and "待整改" in reasons[2]
    assert "案件类型未识别" in reasons[3] and "承办律师" in reasons[4] and "待裁决" in reasons[5]
    assert "律师事务所" in reasons[6] and "space_law" in reasons[7]
    assert [r.case.dossier_id for r in st.rows] == [8] and st.total == Decimal("1500.00")


def test_rectified_fail_is_paid_at_the_rectified_factor():
    rules = load_rules("default")
    st = compute_statement([case(1, "不合格", rectified=True)], rules)
    assert st.rows[0].factor == rules.rectified_factor and st.rows[0].amount == Decimal("900.00")


def test_latest_review_of_a_case_counts():
    """A rectified dossier re-reviewed later replaces its failed first version (paid once)."""
    rules = load_rules("default")
    first = case(1, "不合格", case_key="same", reviewed_on=date(2026, 11, 3))
    again = case(2, "良好", case_key="same", reviewed_on=date(2026, 11, 25))
    st = compute_statement([again, first], rules)
    assert [r.case.dossier_id for r in st.rows] == [2] and not st.held


def test_totals_per_firm_and_lawyer():
    rules = load_rules("default")
    st = compute_statement([case(1), case(2, lawyer="李律师"), case(3, firm="乙律师事务所"), case(4, "合格")], rules)
    by_lawyer = {k: sum(r.amount for r in v) for k, v in st.by_lawyer().items()}
    assert by_lawyer == {("乙律师事务所", "张律师"): Decimal("1500.00"), ("甲律师事务所", "张律师"): Decimal("2700.00"),
                         ("甲律师事务所", "李律师"): Decimal("1500.00")}
    assert list(st.by_firm()) == ["乙律师事务所", "甲律师事务所"]
    assert sum(by_lawyer.values()) == st.total


@pytest.mark.parametrize("text,label,start,end", [
    ("2026Q4", "2026Q4", date(2026, 10, 1), date(2027, 1, 1)),
    ("2026q1", "2026Q1", date(2026, 1, 1), date(2026, 4, 1)),
    ("2026-11", "2026-11", date(2026, 11, 1), date(2026, 12, 1)),
    ("2026-2", "2026-02", date(2026, 2, 1), date(2026, 3, 1)),
    ("2026年12月", "2026-12", date(2026, 12, 1), date(2027, 1, 1)),
    ("2026", "2026", date(2026, 1, 1), date(2027, 1, 1)),
])
def test_period_forms(text, label, start, end):
    p = parse_period(text)
    assert (p.label, p.start, p.end) == (label, start, end)
    assert end not in p and start in p


@pytest.mark.parametrize("bad", ["", "2026Q5", "2026-13", "Q4", "next month", "26-11"])
def test_unknown_period_is_a_clear_error(bad):
    with pytest.raises(PeriodError, match="无法识别的期间"):
        parse_period(bad)


def test_letters_need_a_month():
    assert parse_month("2026-11").zh == "2026年11月"
    with pytest.raises(PeriodError, match="按月"):
        parse_month("2026Q4")
