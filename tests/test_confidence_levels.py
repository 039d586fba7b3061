"""Raw finding confidences are named levels in review/data/confidence.yaml, not literals in code.

A literal would hide a level from the file where levels are compared and tuned; a misspelt
level name would raise inside a check, which the engine turns into an ``uncertain`` finding,
so every name the code asks for is checked here.
"""
from __future__ import annotations

import ast

import pytest

from review.confidence import CONFIDENCE_FILE, ConfidenceLevelError, level, levels, load_levels
from source_scan import REVIEW, ROOT, calls, review_calls


def _numeric(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    return isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool)


def test_levels_load_and_lie_in_unit_interval():
    loaded = levels()
    assert loaded, "no levels"
    assert all(isinstance(v, float) and 0.0 <= v <= 1.0 for v in loaded.values())
    assert level("rule_pass") == 0.85 and level("check_error") == 0.0


def test_unknown_level_raises_naming_the_file():
    with pytest.raises(KeyError, match="confidence.yaml"):
        level("no_such_level")


@pytest.mark.parametrize("text", ["just a string\n", "bad: 1.5\n", "bad: yes\n", "bad: high\n"])
def test_bad_levels_file_is_refused(tmp_path, text):
    path = tmp_path / "confidence.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfidenceLevelError):
        load_levels(path)


def _literal_confidences(tree: ast.AST) -> list[int]:
    """Lines of ``Finding(...)`` calls whose confidence (3rd positional: item, status, confidence;
    or ``confidence=``) is a number written in the code."""
    lines = []
    for call in calls(tree, "Finding"):
        args = call.args[2:3] + [k.value for k in call.keywords if k.arg == "confidence"]
        lines += [call.lineno for a in args if _numeric(a)]
    return lines


def test_scan_sees_literal_confidences():
    tree = ast.parse('Finding("MD-01", "pass", 0.9)\nfindings.Finding("x", "fail", confidence=-1)\n'
                     'Finding("x", "pass", level("rule_pass"))\nFinding("x", "pass")\n')
    assert _literal_confidences(tree) == [1, 2]


def test_no_finding_gets_a_literal_confidence():
    found = [f"{path.relative_to(ROOT)}:{line}" for path in sorted(REVIEW.rglob("*.py"))
             for line in _literal_confidences(ast.parse(path.read_text(encoding="utf-8")))]
    assert not found, f"literal confidences (name them in {CONFIDENCE_FILE.name}): {found}"
    assert len(review_calls("Finding")) > 50  # the scan reads the checks


def test_every_level_the_code_names_exists():
    calls = review_calls("level")
    assert len(calls) > 50
    bad = [f"{p.relative_to(ROOT)}:{c.lineno}" for p, c in calls
           if len(c.args) != 1 or not isinstance(c.args[0], ast.Constant) or c.args[0].value not in levels()]
    assert not bad, f"level() without a known literal name: {bad}"


def test_every_level_is_used():
    used = {c.args[0].value for _, c in review_calls("level") if c.args and isinstance(c.args[0], ast.Constant)}
    assert set(levels()) - used == set()
