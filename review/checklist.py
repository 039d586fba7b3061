"""Load and validate the checklist and its companion data files.

The checklist is data (``review/data/*.yaml``) so a province swaps files
instead of code. Everything is validated at load time: an item that names a
check function nobody registered, a malformed condition, params that do not
match the check's schema (review/params.py) or a missing limit fails here with
a message naming the file, item and key, not mid-review.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml

from ingest.binding_order import ORDER_FILE, BindingOrder, BindingOrderError, load_binding_orders
from review.conditions import ConditionError, validate_condition
from review.params import ParamsError, validate_params
from review.periods import HOLIDAY_DIR, Calendar, CalendarError, load_calendar, working_days_between

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_CHECKLIST = DATA_DIR / "checklist.yaml"
FAMILIES = ("MD", "FU", "BD", "TL")


class ChecklistError(ValueError):
    """A checklist or companion file is invalid."""


@dataclass(frozen=True)
class ChecklistItem:
    """One line of the 评查表: what is required, how much it costs, who checks it."""

    id: str
    family: str
    title: str
    points: float
    check: str
    each: bool = False
    cap: float | None = None
    veto: bool = False
    veto_when: Mapping[str, Any] | None = None
    applies_when: Mapping[str, Any] | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    decisive: str = ""  # what evidence decides a `fail`; anything less is `uncertain` (engine.require_decisive)

    @property
    def max_deduction(self) -> float:
        if self.each:
            return self.cap if self.cap is not None else float("inf")
        return self.points


@dataclass(frozen=True)
class EventSpec:
    """Which ``DatedEvent.kind`` values and which document types carry one logical date."""

    kinds: tuple[str, ...]
    documents: tuple[str, ...] = ()


@dataclass(frozen=True)
class TimeLimits:
    """Configurable deadlines, event vocabularies and the working-day calendar."""

    limits: Mapping[str, int]
    events: Mapping[str, EventSpec]
    calendar: Calendar = field(default_factory=Calendar)  # holiday files selected by `calendar:`

    def is_workday(self, day: dt.date) -> bool:
        return self.calendar.is_workday(day)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (<= 0 if end <= start)."""
        return working_days_between(start, end, self.calendar)


@dataclass(frozen=True)
class GradeBands:
    """Score bands and the grade forced by a failed veto item."""

    base_score: float
    bands: tuple[tuple[str, float], ...]  # (grade, minimum), highest first
    veto_grade: str

    def grade_for(self, score: float, vetoed: bool = False) -> str:
        if vetoed:
            return self.veto_grade
        for grade, minimum in self.bands:
            if score >= minimum:
                return grade
        return self.bands[-1][0]


@dataclass(frozen=True)
class Checklist:
    """A complete review configuration: items plus order, limits and grades."""

    name: str
    items: tuple[ChecklistItem, ...]
    binding_orders: Mapping[str, BindingOrder]
    time_limits: TimeLimits
    grades: GradeBands
    source: str = ""

    def item(self, item_id: str) -> ChecklistItem:
        for it in self.items:
            if it.id == item_id:
                return it
        raise KeyError(item_id)

    @property
    def ids(self) -> list[str]:
        return [it.id for it in self.items]

    def binding_order(self, case_kind: str | None) -> BindingOrder | None:
        return self.binding_orders.get(case_kind) if case_kind else None


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ChecklistError(f"{path}: file not found") from exc
    except yaml.YAMLError as exc:
        raise ChecklistError(f"{path}: invalid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ChecklistError(f"{path}: top level must be a mapping")
    return data


def _parse_item(raw: Any, path: Path, known_checks: set[str]) -> ChecklistItem:
    if not isinstance(raw, dict) or "id" not in raw:
        raise ChecklistError(f"{path}: every item needs an id, got {raw!r}")
    iid = str(raw["id"])
    where = f"{path}: item {iid}"
    for key in ("family", "title", "points", "check"):
        if key not in raw:
            raise ChecklistError(f"{where}: missing field {key!r}")
    if raw["family"] not in FAMILIES:
        raise ChecklistError(f"{where}: unknown family {raw['family']!r} (known: {', '.join(FAMILIES)})")
    if raw["check"] not in known_checks:
        raise ChecklistError(f"{where}: unknown check function {raw['check']!r} "
                             f"(registered: {', '.join(sorted(known_checks))})")
    points = float(raw["points"])
    cap = raw.get("cap")
    if points < 0 or (cap is not None and float(cap) < 0):
        raise ChecklistError(f"{where}: points and cap must be >= 0")
    unknown = set(raw) - {"id", "family", "title", "points", "check", "each", "cap", "veto",
                          "veto_when", "applies_when", "params", "decisive"}
    if unknown:
        raise ChecklistError(f"{where}: unknown field(s) {sorted(unknown)}")
    try:
        validate_condition(raw.get("applies_when"), f"{where} applies_when")
        validate_condition(raw.get("veto_when"), f"{where} veto_when")
        for i, alt in enumerate((raw.get("params") or {}).get("types_when", []) or []):
            validate_condition(alt.get("when"), f"{where} params.types_when[{i}]")
    except ConditionError as exc:
        raise ChecklistError(str(exc)) from exc
    return ChecklistItem(
        id=iid, family=raw["family"], title=str(raw["title"]), points=points,
        check=raw["check"], each=bool(raw.get("each", False)),
        cap=float(cap) if cap is not None else None, veto=bool(raw.get("veto", False)),
        veto_when=raw.get("veto_when"), applies_when=raw.get("applies_when"),
        params=dict(raw.get("params") or {}), decisive=str(raw.get("decisive") or ""))


def _binding_orders(path: Path) -> dict[str, BindingOrder]:
    """The binding orders (ingest.binding_order parses them) with the checklist's errors."""
    try:
        return load_binding_orders(path)
    except FileNotFoundError as exc:
        raise ChecklistError(f"{path}: file not found") from exc
    except yaml.YAMLError as exc:
        raise ChecklistError(f"{path}: invalid YAML: {exc}") from exc
    except BindingOrderError as exc:
        raise ChecklistError(str(exc)) from exc


def _dates(values: Any, path: Path) -> frozenset[dt.date]:
    out = set()
    for v in values or []:
        if isinstance(v, dt.date):
            out.add(v)
        else:
            try:
                out.add(dt.date.fromisoformat(str(v)))
            except ValueError as exc:
                raise ChecklistError(f"{path}: bad date {v!r}") from exc
    return frozenset(out)


def load_time_limits(path: Path) -> TimeLimits:
    """Parse ``time_limits.yaml``."""
    data = _read_yaml(path)
    limits = data.get("limits") or {}
    if not all(isinstance(v, int) and v >= 0 for v in limits.values()):
        raise ChecklistError(f"{path}: limits must be non-negative integers")
    events = {}
    for name, spec in (data.get("events") or {}).items():
        if not isinstance(spec, dict) or not spec.get("kinds"):
            raise ChecklistError(f"{path}: event {name} needs 'kinds'")
        events[name] = EventSpec(tuple(spec["kinds"]), tuple(spec.get("documents") or ()))
    layers = data.get("calendar", ["national"])
    if not isinstance(layers, list):
        raise ChecklistError(f"{path}: 'calendar' must be a list of holiday layers")
    try:
        calendar = load_calendar(layers, (path.parent / "holidays", HOLIDAY_DIR),
                                 _dates(data.get("holidays"), path), _dates(data.get("extra_workdays"), path))
    except CalendarError as exc:
        raise ChecklistError(f"{path}: {exc}") from exc
    return TimeLimits(dict(limits), events, calendar)


def load_grades(path: Path) -> GradeBands:
    """Parse ``grades.yaml``; bands are sorted highest minimum first."""
    data = _read_yaml(path)
    bands = data.get("bands")
    if not isinstance(bands, list) or not bands:
        raise ChecklistError(f"{path}: needs a non-empty 'bands' list")
    try:
        parsed = sorted(((str(b["grade"]), float(b["min"])) for b in bands), key=lambda b: -b[1])
    except (KeyError, TypeError, ValueError) as exc:
        raise ChecklistError(f"{path}: each band needs grade and min") from exc
    return GradeBands(float(data.get("base_score", 100)), tuple(parsed),
                      str(data.get("veto_grade", parsed[-1][0])))


def _validate_params(items: list[ChecklistItem], limits: TimeLimits, path: Path) -> None:
    """Every item's params against its check's schema; event and limit names against time_limits."""
    from review.checks.registry import params_schema

    known = {"event": limits.events, "limit": limits.limits}
    for it in items:
        try:
            validate_params(it.params, params_schema(it.check), known)
        except ParamsError as exc:
            raise ChecklistError(f"{path}: item {it.id}: {exc}") from exc


def load_checklist(path: str | Path | None = None, *, binding_order: str | Path | None = None,
                   time_limits: str | Path | None = None, grades: str | Path | None = None) -> Checklist:
    """Load a checklist file (default: the bundled one) and the files it names.

    Companion files are resolved relative to the checklist file unless given.
    Raises :class:`ChecklistError` with the file and item on any problem.
    """
    from review.checks.registry import available_checks

    path = Path(path) if path else DEFAULT_CHECKLIST
    data = _read_yaml(path)
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise ChecklistError(f"{path}: needs a non-empty 'items' list")
    known = set(available_checks())
    items = [_parse_item(raw, path, known) for raw in raw_items]
    seen: set[str] = set()
    for it in items:
        if it.id in seen:
            raise ChecklistError(f"{path}: duplicate item id {it.id}")
        seen.add(it.id)
    files = data.get("files") or {}
    base = path.parent

    def companion(given, key, default):  # an absolute default (ingest's binding order) stays itself
        return Path(given) if given else base / files.get(key, default)

    limits = load_time_limits(companion(time_limits, "time_limits", "time_limits.yaml"))
    _validate_params(items, limits, path)
    return Checklist(
        name=str(data.get("name", path.stem)), items=tuple(items),
        # the binding order is ingest's data (segmentation reads it too) unless the checklist names its own
        binding_orders=_binding_orders(companion(binding_order, "binding_order", ORDER_FILE)),
        time_limits=limits, grades=load_grades(companion(grades, "grades", "grades.yaml")),
        source=str(path))


@lru_cache(maxsize=1)
def default_checklist() -> Checklist:
    """The bundled checklist, loaded once for the engine and the reviewer sessions alike."""
    return load_checklist()
