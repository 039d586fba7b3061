"""办案补贴 statements from the database: final grades of a period -> store.subsidy_rules."""
from __future__ import annotations

from sqlalchemy.engine import Engine

from store import repo
from store.final_grades import FinalResult, final_results
from store.letters import rectified_dossiers
from store.orm import SubsidyStatement
from store.reporting_period import Period
from store.subsidy_rules import Statement, SubsidyCase, SubsidyRules, compute_statement


def subsidy_case(r: FinalResult, rectified: bool = False) -> SubsidyCase:
    """The subsidy view of one final result (kind and stage from the contract's case profile)."""
    d, c = r.dossier, r.dossier.contract or {}
    profile, case = c.get("case_profile") or {}, c.get("case") or {}
    return SubsidyCase(dossier_id=d.id, case_key=r.case_key, reviewed_on=r.reviewed_on,
                       firm=d.firm.name if d.firm else None, lawyer=d.lawyer or case.get("lawyer"),
                       grade=r.grade, grade_status=r.grade_status, grade_source=r.source,
                       case_kind=profile.get("case_kind") or d.case_kind or case.get("case_kind"),
                       stage=profile.get("stage"), case_no=d.case_no, file_name=d.file_name,
                       rectified=rectified)


def period_cases(engine: Engine, period: Period, center_id: int | None = None) -> list[SubsidyCase]:
    """Every review of the period, of one center's dossiers when ``center_id`` is given (the pure
    computation keeps the latest review per case)."""
    fixed = rectified_dossiers(engine)
    return [subsidy_case(r, r.dossier.id in fixed) for r in final_results(engine)
            if r.reviewed_on in period and center_id in (None, r.dossier.center_id)]


def statement_for(engine: Engine, period: Period, rules: SubsidyRules, center_id: int | None = None) -> Statement:
    return compute_statement(period_cases(engine, period, center_id), rules, period.label)


def record_statement(engine: Engine, st: Statement, user_id: int | None = None) -> SubsidyStatement:
    """Keep what finance was given (period, scheme, total, counts)."""
    with repo.session(engine) as s, s.begin():
        row = SubsidyStatement(period=st.period, scheme=st.scheme, total=float(st.total), paid=len(st.rows),
                               held=len(st.held), created_by_id=user_id)
        s.add(row)
    return row
