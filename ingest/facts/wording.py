"""The wording case facts are read from (data/facts_wording.yaml), loaded once.

A province swaps in its own phrasing in the data file, not in code; this module turns the
file's lists into the tuples, sets and compiled patterns the fact readers use.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from ingest import organs
from ingest.organs import either

WORDING_FILE = Path(__file__).resolve().parents[1] / "data" / "facts_wording.yaml"


def load_wording(path: Path = WORDING_FILE) -> dict:
    """A wording data file as a dict (the facts' wording by default)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _coded(rows: list) -> list[tuple[str, tuple[str, ...]]]:
    """[code, [words]] rows of the data file, order kept (first match wins)."""
    return [(code, tuple(words)) for code, words in rows]


_W = load_wording()
CLIENT_LABELS: tuple[str, ...] = tuple(_W["client_labels"])
LAWYER_LABELS: tuple[str, ...] = tuple(_W["lawyer_labels"])
OTHER_CASE_LABELS: tuple[str, ...] = tuple(_W["other_case_labels"])
CAUSE_LABELS: tuple[str, ...] = tuple(_W["cause_labels"])
FIRM_LABELS: tuple[str, ...] = tuple(_W["firm_labels"])
FIRM_NAME_LEAD: str = either(_W["firm_name_lead"])
# words after a name label that are labels or form words, and words no name contains
NOT_A_NAME: frozenset[str] = frozenset(_W["not_a_name"])
NEVER_IN_NAME: tuple[str, ...] = tuple(_W["never_in_name"])
# answers after a speaker label in transcripts (受援人：明白) are not names
NOT_NAMES: frozenset[str] = frozenset(_W["not_names"])
KIND_MARKERS: list[tuple[str, str]] = [(marker, code) for marker, code in _W["kind_markers"]]
DOCUMENT_NUMBER_MARKERS: frozenset[str] = frozenset(_W["document_number_markers"])
OTHER_ISSUER_BEFORE_AID: frozenset[str] = frozenset(_W["other_issuer_before_aid"])
OTHER_CASE_EXEMPT_TYPES: frozenset[str] = frozenset(_W["other_case_exempt_types"])
# printed cover labels: never a field's value (an empty cell reads the next label)
COVER_LABELS: tuple[str, ...] = tuple(_W["cover_labels"])
COVER_ALIASES: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _W["cover_aliases"].items()}
STAGE_LABELS: str = either(_W["stage_labels"])
STAGE_FIELD_WORDS: list[tuple[str, str]] = [(code, either(words)) for code, words in _W["stage_field_words"]]
STAGE_PHRASES: list[tuple[str, str]] = [(code, either(words)) for code, words in _W["stage_phrases"]]
RESULT_HEADS: str = either(_W["result_heads"])
ISSUING_VERBS: tuple[str, ...] = tuple(_W["issuing_verbs"])
OUTCOMES: list[tuple[str, tuple[str, ...]]] = _coded(_W["outcomes"])
OUTCOMES_BY_KIND: dict[str, set[str]] = {k: set(v) for k, v in _W["outcomes_by_kind"].items()}
NOTICE_CUES: str = either(_W["notice_cues"])
NOTICE_ORGANS: str = either(organs.NOTICE_ORGANS)
PLEA_CUES: str = either(_W["plea_cues"])
HEARING_CUES: str = either(_W["hearing_cues"])
SEAL_HOLDERS: str = either(organs.SEAL_HOLDERS)
ORGAN_SUFFIXES: str = either(organs.ORGAN_SUFFIXES)
EXEMPT_RE = re.compile(either(_W["exempt_patterns"]))
EXEMPT_NEGATION_RE = re.compile(either(_W["exempt_negations"]))
KIND_WORDS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _W["kind_words"].items()}
KIND_FIELD_LABELS: tuple[str, ...] = tuple(_W["kind_field_labels"])
KIND_FIELD: list[tuple[str, tuple[str, ...]]] = _coded(_W["kind_field"])
EVENT_SOURCES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    k: (tuple(v["types"]), tuple(v["labels"])) for k, v in _W["event_sources"].items()}
EVENT_WITNESSES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[re.Pattern, ...]]] = {
    k: (tuple(v["types"]), tuple(v["labels"]), tuple(re.compile(x) for x in v.get("phrases", [])))
    for k, v in _W["event_witnesses"].items()}
PROCESS_ORDER: tuple[tuple[str, ...], ...] = tuple(tuple(t) for t in _W["process_order"])
AFTER_THE_FIRST_ACTS: tuple[str, ...] = tuple(_W["after_the_first_acts"])
