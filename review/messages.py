"""Named finding-message templates (review/data/messages.yaml), grouped by check family.

The words a reviewer reads are data: kept in one file they can be reworded and kept
consistent across checks without touching check logic. Checks ask for a template by its
``family.name`` and fill its ``str.format`` placeholders; a misspelt name or a forgotten value
fails loudly, naming the template, instead of printing a half-filled sentence.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from string import Formatter
from types import MappingProxyType
from typing import Any, Mapping

import yaml

MESSAGES_FILE = Path(__file__).parent / "data" / "messages.yaml"


class MessageError(ValueError):
    """A template is unknown, malformed, or lacks a value for one of its placeholders."""


def _placeholders(text: str) -> set[str]:
    """Field names a template asks for (raises ValueError on a malformed template)."""
    return {field.split(".")[0].split("[")[0] for _, field, _, _ in Formatter().parse(text) if field is not None}


def load_messages(path: Path | str = MESSAGES_FILE) -> dict[str, str]:
    """Read a templates file (``family: {name: template}``) into ``family.name -> template``.

    Checked at load so a bad file fails once, at start, not as a wrong finding.
    """
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise MessageError(f"{path}: expected a mapping of check families to templates")
    out: dict[str, str] = {}
    for family, templates in data.items():
        if not isinstance(family, str) or not isinstance(templates, dict):
            raise MessageError(f"{path}: family {family!r} must map template names to texts")
        for name, text in templates.items():
            full = f"{family}.{name}"
            if not isinstance(name, str) or not isinstance(text, str):
                raise MessageError(f"{path}: template {full!r} must be a name with a text, got {text!r}")
            try:
                fields = _placeholders(text)
            except ValueError as exc:
                raise MessageError(f"{path}: template {full!r} is malformed: {exc}") from None
            if "" in fields:
                raise MessageError(f"{path}: template {full!r} has an unnamed placeholder")
            out[full] = text
    return out


@lru_cache(maxsize=1)
def templates() -> Mapping[str, str]:
    """The bundled templates, read once."""
    return MappingProxyType(load_messages())


def message(name: str, /, **values: Any) -> str:
    """Template ``name`` filled with ``values``; MessageError naming it if unknown or a value is missing."""
    try:
        text = templates()[name]
    except KeyError:
        raise MessageError(f"unknown message template {name!r}: not in {MESSAGES_FILE}") from None
    try:
        return text.format(**values)
    except KeyError as exc:
        raise MessageError(f"message template {name!r} needs a value for {exc.args[0]!r}") from None


def labels(family: str) -> Mapping[str, str]:
    """Every template of ``family`` by its short name: fixed labels picked by a key read from data
    (a date's event kind, why its reading is fragile), so the key chooses the words."""
    prefix = family + "."
    found = {name[len(prefix):]: text for name, text in templates().items() if name.startswith(prefix)}
    if not found:
        raise MessageError(f"unknown message family {family!r}: not in {MESSAGES_FILE}")
    return MappingProxyType(found)
