"""Dependencies point one way, PDF -> pages -> documents -> facts -> findings -> review -> session.

Every import in the project's packages, function-level ones included, is read from the source
(AST) and must point to its own layer or one below. A new upward import fails here with the
file, line and both layers named; docs/DESIGN.md describes the same table.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# lowest first; a module belongs to the layer of its longest matching prefix
LAYERS: list[tuple[str, ...]] = [
    ("ingest",),                                              # PDF -> pages -> documents -> case facts
    ("models",),                                              # page/follow-up classifiers at inference
    ("review",),                                              # checklist, checks, findings, scores, contract
    ("eval.corpus", "eval.independent", "eval.dataset", "eval.metrics"),  # labelled dossiers, metrics
    ("store", "training"),                                    # database and reviewer sessions; training
    ("service",),                                             # one file, e-dossier, batch, HTTP API
    ("eval",),                                                # evaluation runs and benchmarks
    ("console",),                                             # Streamlit pages
    ("app", "cli"),                                           # entry points
]
PROJECT = {p.split(".")[0] for layer in LAYERS for p in layer}


def layer_of(module: str) -> int | None:
    best, rank = -1, None
    for i, layer in enumerate(LAYERS):
        for prefix in layer:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, rank = len(prefix), i
    return rank


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(tree: ast.AST, here: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, absolute module) of every import in the tree, relative ones resolved."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".") if is_package else here.split(".")[:-1]
                base = base[:len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from eval import metrics` imports eval.metrics: judge the name under its package
            out += [(node.lineno, f"{target}.{a.name}") for a in node.names]
    return out


def project_files() -> list[Path]:
    files = [ROOT / "app.py", ROOT / "cli.py"]
    for top in sorted(PROJECT - {"app", "cli"}):
        files += sorted((ROOT / top).rglob("*.py"))
    return files


def test_every_import_points_down():
    upward = []
    for path in project_files():
        here = module_name(path)
        mine = layer_of(here)
        assert mine is not None, f"{here} belongs to no layer"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, target in imported(tree, here, path.name == "__init__.py"):
            if target.split(".")[0] not in PROJECT:
                continue
            theirs = layer_of(target)
            if theirs is not None and theirs > mine:
                upward.append(f"{path.relative_to(ROOT)}:{line} {here} ({LAYERS[mine][0]}) imports "
                              f"{target} ({LAYERS[theirs][0]})")
    assert not upward, "upward imports:\n" + "\n".join(upward)


def test_the_layer_table_covers_every_package():
    tops = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()}
    assert tops <= PROJECT, f"packages without a layer: {sorted(tops - PROJECT)}"


def test_an_upward_import_is_caught(tmp_path):
    """The walker sees a function-level upward import (what the repository must never contain)."""
    src = "def f():\n    from console.pages import review\n    return review\n"
    found = imported(ast.parse(src), "ingest.facts.extract", False)
    assert found == [(2, "console.pages.review")]
    assert layer_of("console.pages.review") > layer_of("ingest.facts.extract")
    rel = imported(ast.parse("from ..checks import binding\n"), "review.checks.missing", False)
    assert rel == [(1, "review.checks.binding")]
