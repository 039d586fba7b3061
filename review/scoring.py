"""Deductions, veto and grade: the 百分制 arithmetic of the 评查表, nothing else.

An ``uncertain`` item is neither passed nor failed: the score assumes it
passes, and :func:`grading_of` says how far the score could fall and which
grades the dossier could end in once a reviewer has decided (contract v2:
``score_range``, ``grade_status``, ``grade_if_confirmed``).
"""
from __future__ import annotations

from dataclasses import dataclass

from review.checklist import ChecklistItem, GradeBands
from review.findings import Finding

PROVISIONAL_GRADE = "待复核"


def deduction_for(item: ChecklistItem, finding: Finding, status: str | None = None) -> float:
    """Points lost by one finding if its status is ``status`` (default: its own).

    Only failures deduct; 'each' items per occurrence up to the cap.
    """
    if (status or finding.status) != "fail":
        return 0.0
    if item.each:
        total = item.points * max(1, finding.occurrences)
        return min(total, item.cap) if item.cap is not None else total
    return item.points


def apply_scoring(item: ChecklistItem, finding: Finding, veto: bool) -> Finding:
    """Fill in ``deduction`` and ``veto`` of a finding (veto only when it failed).

    An uncertain finding also records what it would cost if the reviewer
    fails it (``at_stake``, ``veto_at_stake``): the bounds of the score range.
    """
    finding.deduction = deduction_for(item, finding)
    finding.veto = bool(veto and finding.status == "fail")
    if finding.status == "uncertain":
        finding.at_stake = deduction_for(item, finding, "fail")
        finding.veto_at_stake = bool(veto)
    else:
        finding.at_stake, finding.veto_at_stake = 0.0, False
    return finding


def score_of(findings: list[Finding], grades: GradeBands) -> float:
    """Base score minus all deductions, never below 0."""
    return max(0.0, grades.base_score - sum(f.deduction for f in findings))


def grade_of(findings: list[Finding], score: float, grades: GradeBands) -> str:
    """Grade band of the score; any failed veto item forces the veto grade."""
    return grades.grade_for(score, vetoed=any(f.veto and f.status == "fail" for f in findings))


@dataclass(frozen=True)
class Grading:
    """Score, the range the uncertain items leave open, and the grade or grades it allows."""

    score: float                 # every uncertain item passes
    low: float                   # every uncertain item fails
    grade: str                   # the final grade, or PROVISIONAL_GRADE
    status: str                  # 'final' | 'provisional'
    if_confirmed: tuple[str, ...]  # grades the range spans (best first)
    reason: str = ""             # why provisional (Chinese)

    @property
    def score_range(self) -> tuple[float, float]:
        return (self.low, self.score)


def _grades_between(low: float, high: float, grades: GradeBands) -> list[str]:
    """Grade bands a score in [low, high] can fall into, best first."""
    out = []
    upper = float("inf")
    for grade, minimum in grades.bands:  # highest first
        if high >= minimum and low < upper:
            out.append(grade)
        upper = minimum
    return out


def grading_of(findings: list[Finding], grades: GradeBands, unreadable_pages: int = 0) -> Grading:
    """Final or provisional grade of a reviewed dossier (output-contract.md, version 2).

    Final when every score in the range gives the same grade and no veto is
    uncertain. A dossier whose unreadable pages leave items uncertain is never
    final: what the model could not read cannot earn a grade.
    """
    score = score_of(findings, grades)
    vetoed = any(f.veto and f.status == "fail" for f in findings)
    unsure = [f for f in findings if f.status == "uncertain"]
    low = max(0.0, score - sum(f.at_stake for f in unsure))
    if vetoed:  # nothing a reviewer decides on the open items changes a veto grade
        return Grading(score, low, grades.veto_grade, "final", (grades.veto_grade,))
    spanned = _grades_between(low, score, grades)
    if any(f.veto_at_stake for f in unsure) and grades.veto_grade not in spanned:
        spanned.append(grades.veto_grade)
    reasons = []
    if len(spanned) > 1:
        reasons.append(f"{len(unsure)}项待人工复核，得分可能在{low:g}-{score:g}之间")
    if any(f.veto_at_stake for f in unsure):
        reasons.append("否决项待人工复核")
    if unreadable_pages and unsure:
        reasons.append(f"{unreadable_pages}页无法识别")
    if not reasons:
        return Grading(score, low, spanned[0], "final", tuple(spanned))
    return Grading(score, low, PROVISIONAL_GRADE, "provisional", tuple(spanned), "；".join(reasons))
