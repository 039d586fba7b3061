"""Registry of check functions: checklist items name them, the engine calls them.

A check is a pure function ``(dossier, item, ctx) -> Finding``. Families
register with :func:`check` at import, each check with the typed schema of the
params it reads (review/params.py); :func:`available_checks` imports the
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
PARAMS: dict[str, type] = {}  # check name -> the TypedDict of its items' params
FAMILY_MODULES = ("review.checks.missing", "review.checks.followups", "review.checks.replies",
                  "review.checks.closing_records", "review.checks.binding", "review.checks.timeliness")


def check(name: str, params: type | None = None) -> Callable[[CheckFn], CheckFn]:
    """Register a check function under ``name`` (the ``check:`` key in YAML), with the schema
    (a TypedDict) its items' ``params`` must match."""
    def deco(fn: CheckFn) -> CheckFn:
        if name in REGISTRY and REGISTRY[name] is not fn:
            raise ValueError(f"check {name!r} registered twice")
        REGISTRY[name] = fn
        if params is not None:
            PARAMS[name] = params
        return fn
    return deco


def available_checks() -> dict[str, CheckFn]:
    """All registered checks, importing the family modules first."""
    for mod in FAMILY_MODULES:
        importlib.import_module(mod)
    return dict(REGISTRY)


def params_schema(name: str) -> type | None:
    """The params schema of check ``name``: registered with it, else declared in review/checks/schemas.py."""
    from review.checks.schemas import DECLARED

    available_checks()
    return PARAMS.get(name) or DECLARED.get(name)


def get_check(name: str) -> CheckFn:
    checks = available_checks()
    if name not in checks:
        raise KeyError(f"no check function named {name!r}")
    return checks[name]
