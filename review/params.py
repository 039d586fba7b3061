"""Typed params of checklist items, checked when the checklist is loaded.

Each check declares the params it reads as a ``TypedDict`` (registered with
``@check(name, params=...)`` or listed in review/checks/schemas.py); the
loader checks every item against it, so a misspelt key, a missing vocabulary
or a list where a number belongs fails at load time naming the item and key,
not as a silent default mid-review. ``EventName``/``LimitName`` mark values
that must name an entry of time_limits.yaml.
"""
import types
from dataclasses import dataclass
from typing import (Annotated, Any, Collection, Literal, Mapping, NotRequired, Required, TypedDict, Union, get_args,
                    get_origin, get_type_hints, is_typeddict)


@dataclass(frozen=True)
class Known:
    """``Annotated`` marker: the value must be one of the names ``kind`` lists in a companion file."""

    kind: str  # 'event' or 'limit' (time_limits.yaml)


EventName = Annotated[str, Known("event")]
LimitName = Annotated[str, Known("limit")]


class CommonParams(TypedDict, total=False):
    """Params any item may carry: read by the engine and the applicability rule, not by its check."""

    ocr_sensitive: bool  # review.engine.require_decisive
    text_mentions_exclude: list[str]  # review.context.CheckContext.applicability


class ParamsError(ValueError):
    """Params that do not match their schema; the message starts with the key path."""

    def __init__(self, where: str, problem: str, wrong_type: bool = False):
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.wrong_type = wrong_type  # the value itself has the wrong type (not something inside it)


def validate_params(params: Mapping[str, Any], schema: type | None,
                    known: Mapping[str, Collection[str]]) -> None:
    """Raise :class:`ParamsError` unless ``params`` match ``schema`` plus :class:`CommonParams`.

    ``known``: the names each :class:`Known` kind may take ({'event': ..., 'limit': ...}).
    """
    _check_mapping(params, schema, "params", known, CommonParams)


def _check_mapping(value: Any, schema: type | None, where: str, known: Mapping[str, Collection[str]],
                   common: type | None = None) -> None:
    if not isinstance(value, Mapping):
        raise ParamsError(where, f"must be a mapping, got {type(value).__name__}", wrong_type=True)
    hints = get_type_hints(common, include_extras=True) if common else {}
    hints.update(get_type_hints(schema, include_extras=True) if schema else {})
    for key in value:
        if key not in hints:
            raise ParamsError(f"{where}.{key}", f"unknown key (known: {', '.join(sorted(hints)) or 'none'})")
    for key in sorted(schema.__required_keys__ if schema else ()):
        if key not in value:
            raise ParamsError(f"{where}.{key}", "missing required key")
    for key, v in value.items():
        _check(v, hints[key], f"{where}.{key}", known)


def _check(value: Any, tp: Any, where: str, known: Mapping[str, Collection[str]]) -> None:
    origin = get_origin(tp)
    if tp is Any:
        return
    if origin in (Required, NotRequired):  # kept by include_extras along with Annotated
        _check(value, get_args(tp)[0], where, known)
    elif origin is Annotated:
        base, *marks = get_args(tp)
        _check(value, base, where, known)
        for mark in marks:
            if isinstance(mark, Known) and value not in known.get(mark.kind, ()):
                raise ParamsError(where, f"unknown {mark.kind} {value!r}")
    elif is_typeddict(tp):
        _check_mapping(value, tp, where, known)
    elif origin in (Union, types.UnionType):
        _check_union(value, get_args(tp), where, known)
    elif origin is list:
        _require(isinstance(value, list), value, tp, where)
        for i, x in enumerate(value):
            _check(x, get_args(tp)[0], f"{where}[{i}]", known)
    elif origin is dict:
        _require(isinstance(value, dict), value, tp, where)
        key_tp, value_tp = get_args(tp)
        for k, v in value.items():
            _check(k, key_tp, f"{where}.{k}", known)
            _check(v, value_tp, f"{where}.{k}", known)
    elif origin is Literal:
        _require(value in get_args(tp), value, tp, where)
    else:
        _require(_is_instance(value, tp), value, tp, where)


def _check_union(value: Any, alternatives: tuple, where: str, known: Mapping[str, Collection[str]]) -> None:
    """One alternative must hold; a value of an alternative's type that fails inside reports that failure."""
    failures: list[ParamsError] = []
    for alt in alternatives:
        try:
            _check(value, alt, where, known)
            return
        except ParamsError as exc:
            failures.append(exc)
    inner = [e for e in failures if not (e.wrong_type and e.where == where)]
    if inner:
        raise inner[0]
    raise ParamsError(where, f"must be {_type_name(Union[alternatives])}, got {value!r}", wrong_type=True)


def _is_instance(value: Any, tp: type) -> bool:
    """YAML reads 1 as an int where a float is meant; a bool is never a number here."""
    if isinstance(value, bool):
        return tp is bool
    if tp is float:
        return isinstance(value, (int, float))
    return isinstance(value, tp)


def _require(ok: bool, value: Any, tp: Any, where: str) -> None:
    if not ok:
        raise ParamsError(where, f"must be {_type_name(tp)}, got {value!r}", wrong_type=True)


def _type_name(tp: Any) -> str:
    """``list[str]``, ``str or list[str]``: a schema type as an error message names it."""
    origin = get_origin(tp)
    if origin is Annotated:
        return _type_name(get_args(tp)[0])
    if is_typeddict(tp):
        return "a mapping"
    if origin in (Union, types.UnionType):
        return " or ".join(map(_type_name, get_args(tp)))
    if origin is Literal:
        return "one of " + ", ".join(map(repr, get_args(tp)))
    if origin in (list, dict):
        return f"{origin.__name__}[{', '.join(map(_type_name, get_args(tp)))}]"
    return getattr(tp, "__name__", str(tp))
