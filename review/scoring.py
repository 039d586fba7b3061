"""Deductions, veto and grade: the 百分制 arithmetic of the 评查表, nothing else."""
from __future__ import annotations

from review.checklist import ChecklistItem, GradeBands
from review.findings import Finding


def deduction_for(item: ChecklistItem, finding: Finding) -> float:
    """Points lost by one finding: only failures deduct; 'each' items per occurrence up to the cap."""
    if finding.status != "fail":
        return 0.0
    if item.each:
        total = item.points * max(1, finding.occurrences)
        return min(total, item.cap) if item.cap is not None else total
    return item.points


def apply_scoring(item: ChecklistItem, finding: Finding, veto: bool) -> Finding:
    """Fill in ``deduction`` and ``veto`` of a finding (veto only when it failed)."""
    finding.deduction = deduction_for(item, finding)
    finding.veto = bool(veto and finding.status == "fail")
    return finding


def score_of(findings: list[Finding], grades: GradeBands) -> float:
    """Base score minus all deductions, never below 0."""
    return max(0.0, grades.base_score - sum(f.deduction for f in findings))


def grade_of(findings: list[Finding], score: float, grades: GradeBands) -> str:
    """Grade band of the score; any failed veto item forces the veto grade."""
    return grades.grade_for(score, vetoed=any(f.veto and f.status == "fail" for f in findings))
