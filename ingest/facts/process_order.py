"""The order a case's first acts happen in (application, decision, assignment, then the power of
attorney and meetings), as data (facts_wording.yaml ``process_order``): the window of days an act
whose own date is unsure can lie in, between the surely dated acts before and after it."""
from __future__ import annotations

from datetime import date

from ingest.datamodel import DECISIVE_READING_CONF, DatedEvent, Dossier
from ingest.facts.wording import AFTER_THE_FIRST_ACTS, PROCESS_ORDER
from ingest.readings import date_conf, event_conf


def surely_dated(dossier: Dossier, e: DatedEvent) -> bool:
    """A reading a failure may rest on: a sure method, and on a scan a sure OCR score."""
    if e.fragile or not e.page:
        return False
    if e.how == "report_corroborated":  # its page writes the day only in part: the report completes it
        return (event_conf(dossier, e) or 0.0) >= DECISIVE_READING_CONF
    return date_conf(dossier.page(e.page), e.day) >= DECISIVE_READING_CONF


def _tier(kind: str) -> int | None:
    return next((i for i, t in enumerate(PROCESS_ORDER) if kind in t), None)


def _sure_acts(dossier: Dossier, events: list[DatedEvent], tiers: tuple[tuple[str, ...], ...],
               exclude: frozenset[str] = frozenset()) -> list[DatedEvent]:
    """The surely dated events of the kinds in ``tiers`` (less ``exclude``)."""
    kinds = {k for t in tiers for k in t} - exclude
    return [e for e in events if e.kind in kinds and surely_dated(dossier, e)]


def order_window(dossier: Dossier, events: list[DatedEvent], kind: str,
                 exclude: frozenset[str] = frozenset()) -> tuple[date | None, date | None]:
    """(latest sure day of the acts before ``kind``, earliest sure day of the acts after it, the
    filing and the callback included: they follow every first act); None
    on a side with no sure act, both None for a kind outside the order. ``exclude``: kinds whose
    order against this one is itself in question (a meeting before its assignment is a defect)."""
    tier = _tier(kind)
    if tier is None:
        return None, None
    before = [e.day for e in _sure_acts(dossier, events, PROCESS_ORDER[:tier], exclude)]
    after = [e.day for e in _sure_acts(dossier, events, PROCESS_ORDER[tier + 1:] + (AFTER_THE_FIRST_ACTS,), exclude)]
    return (max(before) if before else None), (min(after) if after else None)


def first_acts_ceiling(dossier: Dossier, events: list[DatedEvent], kind: str) -> date | None:
    """The earliest sure day of the acts that follow every first act (the filing, the callback):
    no application, decision or assignment is later, whatever else the dossier's defects are.
    None for a ``kind`` that is no first act (a closing report may follow the callback)."""
    if _tier(kind) is None:
        return None
    days = [e.day for e in _sure_acts(dossier, events, (AFTER_THE_FIRST_ACTS,))]
    return min(days) if days else None


def latest_sure_before(dossier: Dossier, events: list[DatedEvent], kind: str) -> DatedEvent | None:
    """The latest surely dated act the order puts before ``kind`` (the decision before an
    assignment): the earliest day an act of ``kind`` whose own date is unread can lie on."""
    tier = _tier(kind)
    sure = _sure_acts(dossier, events, PROCESS_ORDER[:tier]) if tier else []
    return max(sure, key=lambda e: e.day) if sure else None


def beyond(kinds: frozenset[str], later: bool) -> frozenset[str]:
    """The kinds of the order's tiers after (``later``) or before the last (first) tier holding
    one of ``kinds``: what is beyond an act in one direction."""
    tiers = [i for i, t in enumerate(PROCESS_ORDER) if set(t) & kinds]
    if not tiers:
        return frozenset()
    picked = PROCESS_ORDER[max(tiers) + 1:] if later else PROCESS_ORDER[:min(tiers)]
    return frozenset(k for t in picked for k in t)
