"""Reading the project's own source for tests that forbid a pattern in code (literal confidences,
literal messages): the calls of a function anywhere in review/, found by AST."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REVIEW = ROOT / "review"


def calls(tree: ast.AST, name: str) -> list[ast.Call]:
    """Every call of ``name`` (plain or as an attribute) in a tree."""
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)
            and ((isinstance(node.func, ast.Name) and node.func.id == name)
                 or (isinstance(node.func, ast.Attribute) and node.func.attr == name))]


def review_calls(name: str) -> list[tuple[Path, ast.Call]]:
    """Every call of ``name`` in review/."""
    return [(path, call) for path in sorted(REVIEW.rglob("*.py"))
            for call in calls(ast.parse(path.read_text(encoding="utf-8")), name)]
