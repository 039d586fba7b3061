"""Applicability and conditional-veto conditions, evaluated as data.

Checklist items say *when* they apply (``applies_when``) and when a failure is
a veto (``veto_when``) as small maps over a :class:`CaseProfile`, so a province
changes applicability by editing YAML, not code. Evaluation is three-valued:
``True``, ``False`` or ``None`` when a needed fact is unknown (e.g. no stage
was read), which lets checks answer ``uncertain`` instead of guessing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from ingest.datamodel import Dossier

LITIGATION_KINDS = ("criminal_defense", "criminal_agency", "civil", "arbitration", "administrative")

# outcomes that come with their own document (判决/裁定/调解/裁决/不起诉/撤案); an
# indictment or a transfer for prosecution ends the stage without one, and a
# non-litigation agreement is attached to the closing report.
DOCUMENTED_OUTCOMES = frozenset({"judgment", "ruling", "mediation", "award", "non_prosecution", "withdrawal"})

LIST_KEYS = ("case_kind", "not_case_kind", "stage", "text_mentions")
BOOL_KEYS = ("appointed_by_notice", "means_test_exempt", "had_hearing", "has_outcome",
             "pleaded_guilty", "litigation")
CONDITION_KEYS = LIST_KEYS + BOOL_KEYS + ("any_of",)


class ConditionError(ValueError):
    """A condition in a checklist file is malformed."""


@dataclass(frozen=True)
class CaseProfile:
    """The case properties conditions talk about, derived once per dossier.

    Facts come from ``CaseFacts``; where a document settles the question
    (a court notice without an application means 通知辩护; a hearing record
    means there was a hearing) the documents complete the facts.
    """

    case_kind: str | None = None
    stage: str | None = None
    appointed_by_notice: bool = False
    means_test_exempt: bool = False
    had_hearing: bool = False
    has_outcome: bool = False
    pleaded_guilty: bool = False
    texts: tuple[tuple[str, str], ...] = field(default=(), repr=False)  # (doc type, text)

    @property
    def litigation(self) -> bool | None:
        if self.case_kind is None:
            return None
        return self.case_kind in LITIGATION_KINDS

    def to_contract(self) -> dict:
        """What the applicability and veto rules read (contract v2 ``case_profile``)."""
        return {"case_kind": self.case_kind, "stage": self.stage, "heard": self.had_hearing,
                "court_appointed": self.appointed_by_notice, "means_test_exempt": self.means_test_exempt,
                "plea": self.pleaded_guilty, "has_outcome": self.has_outcome}

    @classmethod
    def from_contract(cls, contract: Mapping[str, Any]) -> "CaseProfile":
        """The profile a stored contract carries (v2 ``case_profile``; a v1 contract has only the
        case kind), so rescoring applies the rules to the same facts the engine did."""
        p = contract.get("case_profile") or {}
        case = contract.get("case") or {}
        return cls(case_kind=p.get("case_kind", case.get("case_kind")), stage=p.get("stage"),
                   appointed_by_notice=bool(p.get("court_appointed", False)),
                   means_test_exempt=bool(p.get("means_test_exempt", False)), had_hearing=bool(p.get("heard", False)),
                   has_outcome=bool(p.get("has_outcome", False)), pleaded_guilty=bool(p.get("plea", False)))

    def mentions(self, words: list[str], exclude_types: tuple[str, ...] = ()) -> bool:
        return any(w in text for t, text in self.texts if t not in exclude_types for w in words)


def profile_of(dossier: Dossier) -> CaseProfile:
    """Build the :class:`CaseProfile` of a dossier from its facts and documents."""
    facts = dossier.facts
    kind = facts.value("case_kind")
    stage = facts.value("stage")
    notice_only = dossier.has("court_notice") and not dossier.has("application")
    texts: list[tuple[str, str]] = []
    for doc in dossier.documents:
        texts.append((doc.type, dossier.text_of(doc)))
    covered = {i for d in dossier.documents for i in d.pages}
    for page in dossier.pages:
        if page.index not in covered:
            texts.append(("unknown", page.text))
    return CaseProfile(
        case_kind=str(kind) if kind else None,
        stage=str(stage) if stage else None,
        appointed_by_notice=bool(facts.appointed_by_notice or notice_only),
        means_test_exempt=bool(facts.means_test_exempt),
        had_hearing=bool(facts.had_hearing or dossier.has("hearing_record")),
        # a heard case ends in a judgment, ruling or mediation even when no closing report says so
        has_outcome=facts.value("outcome") in DOCUMENTED_OUTCOMES or (
            facts.value("outcome") is None and bool(facts.had_hearing or dossier.has("hearing_record"))),
        pleaded_guilty=bool(facts.pleaded_guilty),
        texts=tuple(texts),
    )


def validate_condition(cond: Any, where: str) -> None:
    """Raise :class:`ConditionError` naming ``where`` if ``cond`` is malformed."""
    if cond is None:
        return
    if not isinstance(cond, Mapping):
        raise ConditionError(f"{where}: condition must be a mapping, got {cond!r}")
    for key, value in cond.items():
        if key not in CONDITION_KEYS:
            raise ConditionError(f"{where}: unknown condition key {key!r} (known: {', '.join(CONDITION_KEYS)})")
        if key in LIST_KEYS and not isinstance(value, list):
            raise ConditionError(f"{where}: {key} must be a list")
        if key in BOOL_KEYS and not isinstance(value, bool):
            raise ConditionError(f"{where}: {key} must be true or false")
        if key == "any_of":
            if not isinstance(value, list) or not value:
                raise ConditionError(f"{where}: any_of must be a non-empty list")
            for i, sub in enumerate(value):
                validate_condition(sub, f"{where}.any_of[{i}]")


def _and(values: list[bool | None]) -> bool | None:
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def _or(values: list[bool | None]) -> bool | None:
    if any(v is True for v in values):
        return True
    if any(v is None for v in values):
        return None
    return False


def evaluate(cond: Mapping[str, Any] | None, profile: CaseProfile,
             exclude_types: tuple[str, ...] = ()) -> bool | None:
    """Evaluate a condition: True / False / None (a needed fact is unknown).

    ``None`` (no condition) is always true. ``exclude_types`` are document
    types whose text does not count for ``text_mentions``.
    """
    if not cond:
        return True
    results: list[bool | None] = []
    for key, value in cond.items():
        if key == "case_kind":
            results.append(None if profile.case_kind is None else profile.case_kind in value)
        elif key == "not_case_kind":
            results.append(None if profile.case_kind is None else profile.case_kind not in value)
        elif key == "stage":
            results.append(None if profile.stage is None else profile.stage in value)
        elif key == "text_mentions":
            results.append(profile.mentions(list(value), exclude_types))
        elif key == "litigation":
            lit = profile.litigation
            results.append(None if lit is None else lit == value)
        elif key in BOOL_KEYS:
            results.append(bool(getattr(profile, key)) == value)
        elif key == "any_of":
            results.append(_or([evaluate(sub, profile, exclude_types) for sub in value]))
    return _and(results)
