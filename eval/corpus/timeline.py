"""Consistent case dates, bent only where a timeliness defect is injected.

Clean gaps stay inside the limits and defect gaps outside: assignment 0-3
days after decision (defect 6-15), first criminal meeting 0-3 days after
assignment (defect 10-25), POA 0-5 days after assignment (defect 8-20), filing
5-28 days after the closing event (defect 40-90). The review counts limits as
statutory periods (review.periods: a period ending on a rest day or holiday
runs on to the next working day), so a defect date that the rule finds on time
(six days across the National Day week) is moved past the due date: the
ground truth is what the rule says, from the one home of the rule.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from review.checklist import DATA_DIR, load_time_limits
from review.periods import due_date, on_time

from .case import Case

_LIMITS = load_time_limits(DATA_DIR / "time_limits.yaml")


@dataclass
class Timeline:
    start: date  # application or organ notice
    approval: date
    decision: date
    assignment: date
    aid_letter: date
    rights: date
    poa: date
    meetings: list[date] = field(default_factory=list)
    post_meeting: date | None = None  # meeting after the outcome (appeal talk)
    file_review: date | None = None
    investigation: date | None = None
    pleading: date | None = None
    plea: date | None = None
    collective: date | None = None
    opinion: date | None = None
    court_request: date | None = None
    hearing: date | None = None
    outcome: date | None = None  # closing event (judgment, mediation, agreement ...)
    closing_report: date | None = None
    opinion_form: date | None = None
    callback: date | None = None
    filing: date | None = None
    reminder: date | None = None
    reply: date | None = None


def _d(base: date, lo: int, hi: int, rng: random.Random) -> date:
    return base + timedelta(days=rng.randint(lo, hi))


def _late(base: date, lo: int, hi: int, rng: random.Random, limit: str, unit: str = "days") -> date:
    """A defect date lo-hi days after base that the statutory rule finds late: if a rest-day
    extension makes it on time, it moves to as many days past the due date (no extra draw, so
    the rest of the dossier stays as the seed made it)."""
    end = _d(base, lo, hi, rng)
    n = int(_LIMITS.limits[limit])
    period = due_date(base, n, unit, _LIMITS.calendar)  # type: ignore[arg-type]
    return end if not on_time(end, period) else period.due + timedelta(days=max((end - base).days - n, 1))


def sample_timeline(rng: random.Random, case: Case, defects: dict[str, str], n_meetings: int,
                    post_meeting: bool) -> Timeline:
    """defects: item id -> variant for the injected ones (only TL-* shape dates)."""
    t = _intake_dates(rng, case, defects)
    t.meetings = _meeting_dates(rng, case, defects, t.assignment, n_meetings)
    work_end = _work_dates(rng, case, t)
    _course_dates(rng, case, defects, t, work_end)
    if post_meeting:
        t.post_meeting = _d(t.outcome, 1, 5, rng)
    _closing_dates(rng, defects, t)
    return t


def _intake_dates(rng: random.Random, case: Case, defects: dict[str, str]) -> Timeline:
    """Start, approval, decision, assignment and the lawyer's papers (TL-01, TL-04)."""
    start = date(case.year, rng.randint(1, 9), rng.randint(1, 28))
    approval = _d(start, 0, 2, rng)
    decision = _d(approval, 0, 1, rng) if not case.appointed else start
    if case.appointed:
        approval = _d(start, 0, 1, rng)
    base = decision
    assignment = _late(base, 6, 15, rng, "assignment_days") if "TL-01" in defects else _d(base, 0, 3, rng)
    approval = min(approval, assignment)
    aid_letter = _d(assignment, 0, 1, rng)
    poa = _late(assignment, 8, 20, rng, "power_of_attorney_days") if "TL-04" in defects else _d(assignment, 0, 5, rng)
    rights = _d(assignment, 0, 3, rng)
    return Timeline(start, approval, decision, assignment, aid_letter, rights, poa)


def _meeting_dates(rng: random.Random, case: Case, defects: dict[str, str], assignment: date,
                   n_meetings: int) -> list[date]:
    """First meeting (late for TL-02, before assignment for one TL-05 variant), then 4-14 days apart."""
    if "TL-02" in defects:
        first = _late(assignment, 10, 25, rng, "first_meeting_working_days", "working_days")
    elif defects.get("TL-05") == "meeting_before_assignment":
        first = assignment - timedelta(days=rng.randint(2, 8))
    else:
        first = _d(assignment, 0, 3, rng) if case.kind == "criminal_defense" else _d(assignment, 0, 6, rng)
    meetings = [first]
    for _ in range(n_meetings - 1):
        meetings.append(_d(meetings[-1], 4, 14, rng))
    return meetings


def _work_dates(rng: random.Random, case: Case, t: Timeline) -> date:
    """File review, investigation, pleading, plea and discussion; returns when that work ends."""
    meetings, assignment = t.meetings, t.assignment
    last = meetings[-1]
    if case.file_review:
        t.file_review = _d(meetings[0], 1, 6, rng) if case.kind == "criminal_defense" else _d(assignment, 2, 10, rng)
    t.investigation = _d(meetings[0], 2, 10, rng)
    if case.kind == "criminal_defense" and case.stage == "trial":
        t.pleading = t.start - timedelta(days=rng.randint(3, 15))
    else:
        t.pleading = _d(assignment, 1, 8, rng)
    t.plea = _d(max(meetings[0], t.file_review or meetings[0]), 2, 10, rng)
    t.collective = _d(last, 1, 5, rng)
    return max([last, t.file_review or last, t.investigation, t.plea, t.collective])


def _course_dates(rng: random.Random, case: Case, defects: dict[str, str], t: Timeline, work_end: date) -> None:
    """Hearing, court request, opinion and outcome (a judgment may precede the hearing: TL-05)."""
    if case.had_hearing:
        t.hearing = _d(work_end, 4, 20, rng)
        t.court_request = t.hearing - timedelta(days=rng.randint(6, 15))
        if t.court_request <= t.assignment:
            t.court_request = t.assignment + timedelta(days=1)
        if case.kind == "criminal_defense":
            t.opinion = t.hearing - timedelta(days=rng.randint(0, 3))
            t.opinion = max(t.opinion, work_end)
        else:
            t.opinion = _d(t.hearing, 0, 5, rng)
        t.outcome = _d(t.hearing, 0, 25, rng) if case.outcome != "mediation" else t.hearing
        if t.outcome < t.opinion:
            t.outcome = t.opinion
        if defects.get("TL-05") == "judgment_before_hearing":
            t.hearing = _d(t.outcome, 3, 15, rng)
    else:
        t.opinion = _d(work_end, 1, 6, rng)
        t.court_request = _d(t.assignment, 2, 8, rng)
        t.outcome = _d(t.opinion, 3, 25, rng)


def _closing_dates(rng: random.Random, defects: dict[str, str], t: Timeline) -> None:
    """Closing report, opinion form, callback, filing (late for TL-03) and a supervision reminder."""
    if defects.get("TL-05") == "report_before_outcome":
        t.closing_report = t.outcome - timedelta(days=rng.randint(3, 12))
    else:
        t.closing_report = _d(max(t.outcome, t.post_meeting or t.outcome), 1, 8, rng)
    t.opinion_form = _d(t.outcome, 1, 8, rng)
    t.callback = _d(max(t.closing_report, t.outcome), 1, 6, rng)
    lo = max(t.closing_report, t.callback, t.opinion_form, t.post_meeting or t.outcome)
    if "TL-03" in defects:
        floor = (max(lo, t.outcome + timedelta(days=40)) - t.outcome).days
        t.filing = _late(t.outcome, floor, floor + 40, rng, "filing_days")
    else:
        t.filing = _d(lo, 0, 4, rng)
        if (t.filing - t.outcome).days > 28:
            raise ValueError("timeline too long")  # caller resamples
        if (t.filing - t.outcome).days < 5:
            t.filing = t.outcome + timedelta(days=rng.randint(5, 10))
            if t.filing < lo:
                t.filing = lo
    t.reminder = _d(t.filing, 5, 20, rng)
    t.reply = _d(t.reminder, 3, 10, rng)
