"""Registry of check functions: checklist items name them, the engine calls them.

A check is a pure function ``(dossier, item, ctx) -> Finding``. Families
register with :func:`check` at import; :func:`available_checks` imports the
family modules so the registry is complete before a checklist is validated.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from ingest.datamodel import Dossier
    from review.checklist import ChecklistItem
    from review.context import CheckContext
    from review.findings import Finding

CheckFn = Callable[["Dossier", "ChecklistItem", "CheckContext"], "Finding"]

REGISTRY: dict[str, CheckFn] = {}
FAMILY_MODULES = ("review.checks.missing", "review.checks.followups",
                  "review.checks.binding", "review.checks.timeliness")


def check(name: str) -> Callable[[CheckFn], CheckFn]:
    """Register a check function under ``name`` (the ``check:`` key in YAML)."""
    def deco(fn: CheckFn) -> CheckFn:
        if name in REGISTRY and REGISTRY[name] is not fn:
            raise ValueError(f"check {name!r} registered twice")
        REGISTRY[name] = fn
        return fn
    return deco


def available_checks() -> dict[str, CheckFn]:
    """All registered checks, importing the family modules first."""
    for mod in FAMILY_MODULES:
        importlib.import_module(mod)
    return dict(REGISTRY)


def get_check(name: str) -> CheckFn:
    checks = available_checks()
    if name not in checks:
        raise KeyError(f"no check function named {name!r}")
    return checks[name]
