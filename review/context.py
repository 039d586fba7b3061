"""What a check may look at besides the dossier: configuration, derived case profile and the
learned follow-up models (handed in by the caller, so no check loads a model or reads the
environment itself)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING

from ingest.datamodel import Document, Dossier
from review.checklist import BindingOrder, Checklist, ChecklistItem, TimeLimits
from review.conditions import CaseProfile, evaluate, profile_of

if TYPE_CHECKING:
    from models.followups import AnswerMatcher, RequestDetector

FollowupModels = tuple["RequestDetector", "AnswerMatcher"]


class Bundled(Enum):
    """The default follow-up models: the bundled artifacts (models/artifacts/followups)."""

    MODELS = "bundled"


BUNDLED = Bundled.MODELS


def bundled_followup_models() -> FollowupModels | None:
    """The bundled follow-up models, loaded once (models.followups caches them); None when they are
    missing or broken, and then the rules decide."""
    try:
        from models.followups import default_followup_models
        return default_followup_models()
    except Exception:  # noqa: BLE001 - a broken model install falls back to the rules
        return None


@dataclass(frozen=True)
class CheckContext:
    """Per-dossier context shared by all checks (read-only)."""

    checklist: Checklist
    profile: CaseProfile
    doc_dates: dict[int, date] = field(default_factory=dict)  # first page of a document -> its date
    followup_models: FollowupModels | None = None  # FU-01's learned models; None: its rules decide
    # the caller's switch over the items' `model.use` (JUANPING_FOLLOWUP_MODEL); None: as the item says
    use_followup_models: bool | None = None

    @classmethod
    def build(cls, dossier: Dossier, checklist: Checklist,
              followup_models: FollowupModels | None | Bundled = BUNDLED,
              use_followup_models: bool | None = None) -> "CheckContext":
        models = bundled_followup_models() if followup_models is BUNDLED else followup_models
        return cls(checklist, profile_of(dossier), document_dates(dossier), models, use_followup_models)

    def date_of(self, doc: Document) -> date | None:
        return self.doc_dates.get(doc.first_page)

    @property
    def binding_order(self) -> BindingOrder | None:
        return self.checklist.binding_order(self.profile.case_kind)

    @property
    def time_limits(self) -> TimeLimits:
        return self.checklist.time_limits

    def applicability(self, item: ChecklistItem) -> bool | None:
        """Whether ``item`` applies: True, False, or None when a needed fact is unknown."""
        exclude = tuple(item.params.get("text_mentions_exclude", ()))
        return evaluate(item.applies_when, self.profile, exclude)

    def is_veto(self, item: ChecklistItem) -> bool:
        """A failure of ``item`` vetoes the dossier (static or conditional veto)."""
        return is_veto(item, self.profile)


def is_veto(item: ChecklistItem, profile: CaseProfile) -> bool:
    """The one veto rule: the engine and the console's rescoring both call it."""
    if item.veto:
        return True
    return bool(item.veto_when) and evaluate(item.veto_when, profile) is True


def document_dates(dossier: Dossier) -> dict[int, date]:
    """Each document's date: the earliest dated event read on its pages (events grouped by page
    once, not scanned per document)."""
    by_page: dict[int, list[date]] = {}
    for e in dossier.facts.events:
        if e.page is not None:
            by_page.setdefault(e.page, []).append(e.day)
    out: dict[int, date] = {}
    for doc in dossier.documents:
        days = [day for i in doc.pages for day in by_page.get(i, ())]
        if days:
            out[doc.first_page] = min(days)
    return out
