"""TL: timeliness, from the dated events in ``CaseFacts.events``.

Logical events (decision, assignment, meeting ...) map to event kinds and to
the document types that carry their date in time_limits.yaml. A missing date
is ``not_applicable`` unless the document that should carry it is present,
then ``uncertain`` (the date could not be read). Limits are statutory periods
(review/periods.py): the trigger day is not counted and a period ending on a
rest day or holiday ends on the next working day. A date read in a fragile
way (quoted in prose, broken by seal glyphs, a fallback) is evidence with a
low confidence and a reason, so the engine gives ``uncertain``, not ``fail``.
"""
from __future__ import annotations

from ingest.datamodel import DatedEvent, Dossier
from ingest.facts.process_order import beyond, first_acts_ceiling, latest_sure_before, order_window
from ingest.readings import event_conf, is_ocr, misread_variants
from review.checklist import ChecklistItem
from review.checks.registry import check
from review.checks.text import snippet
from review.confidence import level
from review.messages import labels, message
from review.context import CheckContext
from review.findings import Evidence, Finding
from review.periods import days_late, due_date, longest_rest_run, on_time

_NAMES = labels("events")  # logical event name -> how a message names it


def events_of(dossier: Dossier, ctx: CheckContext, name: str) -> list[DatedEvent]:
    """Dated events of a logical event name, earliest first; decisive readings only when there
    are any (a fragile date from a mistyped page must not outrank the signed one)."""
    kinds = ctx.time_limits.events[name].kinds
    found = [e for e in dossier.facts.events if e.kind in kinds]
    return sorted([e for e in found if not e.fragile] or found, key=lambda e: e.day)


def pick(dossier: Dossier, ctx: CheckContext, names: str | list[str], which: str = "first") -> DatedEvent | None:
    """The first (or last) event of the first logical name that has any."""
    for name in [names] if isinstance(names, str) else names:
        found = events_of(dossier, ctx, name)
        if found:
            return found[0] if which == "first" else found[-1]
    return None


def _undated_docs(dossier: Dossier, ctx: CheckContext, names: str | list[str]) -> list[int]:
    pages = []
    for name in [names] if isinstance(names, str) else names:
        pages += [d.first_page for d in dossier.documents_of(*ctx.time_limits.events[name].documents)]
    return pages


def _name(names: str | list[str]) -> str:
    return _NAMES.get(names if isinstance(names, str) else names[0], str(names))


# Why a date read in a fragile way cannot decide a failure (DatedEvent.how -> reason)
_FRAGILE = labels("fragile_dates")


def _ev(e: DatedEvent, name: str, conf: float | None, note: str) -> Evidence:
    return Evidence(e.page, message("timeliness.event_date", event=_NAMES.get(name, name), day=e.day.isoformat())
                    + (message("timeliness.quote", text=snippet(e.text, 40)) if e.text else ""),
                    f"event:{e.kind}", conf, note)


def _reading(dossier: Dossier, e: DatedEvent, name: str, misreads_ruled_out: bool = False) -> tuple[float | None, str]:
    """Confidence of one date (OCR score and reading method, the lower) and, if fragile, why."""
    ocr = event_conf(dossier, e, misreads_ruled_out)
    if not e.fragile:
        return ocr, ""
    why = _FRAGILE[e.how] if e.how in _FRAGILE else message("timeliness.date_unreliable")
    return min(e.conf, 1.0 if ocr is None else ocr), message("timeliness.event_date_fragile",
                                                             event=_NAMES.get(name, name), why=why)


def pair_evidence(dossier: Dossier, first: tuple[DatedEvent, str], then: tuple[DatedEvent, str],
                  misreads_ruled_out: bool = False) -> list[Evidence]:
    """Two dates that decide one occurrence together: both carry the lower confidence and every reason."""
    readings = [_reading(dossier, e, name, misreads_ruled_out) for e, name in (first, then)]
    confs = [c for c, _ in readings if c is not None]
    conf = min(confs) if confs else None
    note = "；".join(n for _, n in readings if n)
    return [_ev(first[0], first[1], conf, note), _ev(then[0], then[1], conf, note)]


def _logical(ctx: CheckContext, e: DatedEvent) -> str:
    """The logical event name (decision, outcome ...) an event kind belongs to."""
    for name, spec in ctx.time_limits.events.items():
        if e.kind in spec.kinds:
            return name
    return e.kind


def _missing_date(dossier: Dossier, item: ChecklistItem, ctx: CheckContext, lacking: list) -> Finding:
    rule = f"rule:{item.id}"
    pages = [pg for names in lacking for pg in _undated_docs(dossier, ctx, names)]
    what = "、".join(_name(n) for n in lacking)
    if pages:
        return Finding(item.id, "uncertain", level("date_unread"), pages=pages, message=message("timeliness.date_unread", what=what),
                       decided_by=rule)
    return Finding(item.id, "not_applicable", level("no_dated_document"), message=message("timeliness.no_date", what=what),
                   decided_by=rule)


SURE_CONF = 0.7  # a reading this sure decides (the engine's decisive level)
# a bound only ever proves a pass, and a misread date (a dropped 二 in 十二月) lands far from the
# true one, so it rarely proves one wrongly: a signing-line reading this sure may serve as a bound
BOUND_CONF = 0.5


def _sure(dossier: Dossier, e: DatedEvent, name: str, level: float = SURE_CONF) -> bool:
    conf, _ = _reading(dossier, e, name)
    return not e.fragile and (conf is None or conf >= level)


def _bound(dossier: Dossier, ctx: CheckContext, names: list[str], which: str) -> tuple[DatedEvent, str] | None:
    """The latest ("lower" bound of a later event) or earliest ("upper" bound of an earlier one)
    sure reading among ``names``."""
    sure = [(e, n) for n in names for e in events_of(dossier, ctx, n) if _sure(dossier, e, n, BOUND_CONF)]
    if not sure:
        return None
    return (max if which == "lower" else min)(sure, key=lambda x: x[0].day)


def _on_time_by_bounds(dossier: Dossier, item: ChecklistItem, ctx: CheckContext, start: DatedEvent | None,
                       end: DatedEvent | None, limit: int, unit: str) -> Finding | None:
    """A pass proven from the process order when a date itself is unread or unsure.

    ``start_bound`` events never come after the start (the hearing before the judgment, the
    decision before the assignment), ``end_bound`` events never before the end: if the act is on
    time counted from the bound, it is on time counted from the true date (the due date only
    moves later with a later start). Only passes are proven this way, never failures."""
    p = item.params
    s_name = p["start"] if isinstance(p["start"], str) else p["start"][0]
    e_name = p["end"] if isinstance(p["end"], str) else p["end"][0]
    s = (start, s_name) if start is not None and _sure(dossier, start, s_name, BOUND_CONF) else \
        _bound(dossier, ctx, p.get("start_bound", []), "lower")
    e = (end, e_name) if end is not None and _sure(dossier, end, e_name, BOUND_CONF) else \
        _bound(dossier, ctx, p.get("end_bound", []), "upper")
    if s is None or e is None or (s[0] is start and e[0] is end):
        return None
    period = due_date(s[0].day, limit, unit, ctx.time_limits.calendar)
    if not on_time(e[0].day, period):
        return None
    via = "；".join(message("timeliness.event_date", event=_NAMES.get(n, n), day=x.day.isoformat()) for x, n in (s, e))
    return Finding(item.id, "pass", level("on_time_by_bound"), pages=[x.page for x, _ in (s, e) if x.page],
                   message=message("timeliness.on_time_by_bounds", what=p.get("message", _name(p["end"])), via=via,
                                   start=_NAMES.get(s_name, s_name), end=_NAMES.get(e_name, e_name)),
                   evidence=[_ev(x, n, None, "") for x, n in (s, e)], decided_by=f"rule:{item.id}+bound")


@check("deadline")
def deadline(dossier: Dossier, item: ChecklistItem, ctx: CheckContext) -> Finding:
    """TL-01..04: the end event happened by the statutory due date of the period from the start event."""
    p = item.params
    limit = int(ctx.time_limits.limits[p["limit"]])
    unit = "working_days" if p.get("unit") == "working_days" else "days"
    start = pick(dossier, ctx, p["start"], p.get("start_pick", "first"))
    end = pick(dossier, ctx, p["end"], p.get("end_pick", "first"))
    finding = _deadline(dossier, item, ctx, start, end, limit, unit)
    misread = _misread_deciding(dossier, ctx, finding.status, start, end)
    if misread is not None:  # a misread proves nothing; the process order may still prove a pass
        name = _logical(ctx, misread)
        return _on_time_by_bounds(dossier, item, ctx, start, end, limit, unit) or Finding(
            item.id, "uncertain", level("read_out_of_order"), pages=finding.pages, evidence=finding.evidence,
            decided_by=f"rule:{item.id}", message=message("timeliness.read_out_of_order", head=finding.message,
                                                          event=_NAMES.get(name, name), day=misread.day.isoformat()))
    if finding.status == "fail" and start is not None and not _sure(dossier, start, _logical(ctx, start)):
        late = _late_by_bounds(dossier, item, ctx, start, end, limit, unit)
        if late is not None:
            return late
    if finding.status != "pass":
        return _on_time_by_bounds(dossier, item, ctx, start, end, limit, unit) or finding
    return finding


def _late_by_bounds(dossier: Dossier, item: ChecklistItem, ctx: CheckContext, start: DatedEvent,
                    end: DatedEvent | None, limit: int, unit: str) -> Finding | None:
    """A failure proven when the start's own date is unsure: counted from a surely read event
    that never comes before the start (``start_upper`` per start event: the closing report after
    the judgment it reports), the act is still late, so it is late counted from the true start too.
    Not when the start's own reading already lies after the bound (a report dated before its
    judgment is a TL-05 defect: the order is not to be relied on)."""
    p = item.params
    s_name = _logical(ctx, start)
    e_name = p["end"] if isinstance(p["end"], str) else p["end"][0]
    if end is None or not _sure(dossier, end, e_name):
        return None
    uppers = (p.get("start_upper") or {}).get(s_name, [])
    sure = [(e, n) for n in uppers for e in events_of(dossier, ctx, n) if _sure(dossier, e, n)]
    if not sure:
        return None
    bound, b_name = min(sure, key=lambda x: x[0].day)
    if start.day > bound.day:
        return None
    period = due_date(bound.day, limit, unit, ctx.time_limits.calendar)
    if on_time(end.day, period):
        return None
    late = days_late(end.day, period)
    return Finding(item.id, "fail", level("rule_fail"), pages=[x.page for x in (bound, end) if x.page],
                   message=message("timeliness.late_by_bound", what=p.get("message", _name(p["end"])),
                                   end_day=end.day.isoformat(), bound=_NAMES.get(b_name, b_name),
                                   bound_day=bound.day.isoformat(), late=late, start=_NAMES.get(s_name, s_name)),
                   evidence=pair_evidence(dossier, (bound, b_name), (end, e_name)), decided_by=f"rule:{item.id}+bound")


def _deadline(dossier: Dossier, item: ChecklistItem, ctx: CheckContext, start: DatedEvent | None,
              end: DatedEvent | None, limit: int, unit: str) -> Finding:
    rule = f"rule:{item.id}"
    p = item.params
    start_names, end_names = p["start"], p["end"]
    lacking = [n for n, e in ((start_names, start), (end_names, end)) if e is None]
    if lacking:
        return _missing_date(dossier, item, ctx, lacking)
    period = due_date(start.day, limit, unit, ctx.time_limits.calendar)
    what = p.get("message", _name(end_names))
    s_name, e_name = _logical(ctx, start), _logical(ctx, end)
    # only a lateness can rest on every misreading agreeing (the read days are among them)
    robust = not on_time(end.day, period) and _late_however_read(dossier, ctx, start, end, limit, unit)
    evidence = pair_evidence(dossier, (start, s_name), (end, e_name), misreads_ruled_out=robust)
    pages = [e.page for e in (start, end) if e.page]
    head = message("timeliness.period", what=what, end_day=end.day.isoformat(), start=_NAMES.get(s_name, start.kind),
                   start_day=start.day.isoformat(), limit=limit,
                   unit=message("timeliness.working_days" if unit == "working_days" else "timeliness.days"),
                   due=period.due.isoformat(), note=period.note())
    if end.day < start.day and not (_sure(dossier, start, s_name) and _sure(dossier, end, e_name)):
        # an act dated before what it answers (assigned months before the decision): one of the two
        # unsure readings is wrong, and a wrong date proves neither lateness nor timeliness
        return Finding(item.id, "uncertain", level("dates_contradict"), pages=pages, evidence=evidence, decided_by=rule,
                       message=message("timeliness.dates_contradict", head=head, what=what,
                                       start=_NAMES.get(s_name, start.kind)))
    if on_time(end.day, period):
        return Finding(item.id, "pass", level("rule_pass"),
                       pages=pages, message=message("timeliness.on_time", head=head), evidence=evidence, decided_by=rule)
    late = days_late(end.day, period)
    if period.calendar_gaps and late <= longest_rest_run(ctx.time_limits.calendar):
        # a holiday of a year without a calendar file could have moved the due date this far
        return Finding(item.id, "uncertain", level("holiday_unknown"), pages=pages, evidence=evidence, decided_by=rule,
                       message=message("timeliness.holiday_unknown", head=head, late=late,
                                       years="、".join(map(str, period.calendar_gaps))))
    return Finding(item.id, "fail", level("missed_deadline"), pages=pages, message=message("timeliness.late", head=head, late=late), evidence=evidence,
                   decided_by=rule)


def _late_however_read(dossier: Dossier, ctx: CheckContext, start: DatedEvent, end: DatedEvent, limit: int,
                       unit: str) -> bool:
    """Late whichever day OCR's usual slips could hide in either date (八月九日 may be 八月十九日, a
    doubtful 6 any digit: late every way), among the days the order of the case's acts allows, so
    the doubt on the readings does not decide."""
    starts, ends = _possible_days(dossier, ctx, start), _possible_days(dossier, ctx, end)
    if starts is None or ends is None:
        return False
    for s in starts:
        period = due_date(s, limit, unit, ctx.time_limits.calendar)
        if any(e < s or on_time(e, period) for e in ends):
            return False
    return True


def _possible_days(dossier: Dossier, ctx: CheckContext, e: DatedEvent) -> set | None:
    """A doubtful reading's day and its misreadings (readings.misread_variants) that the surely dated acts
    around it allow (a decision between its application and its assignment), never bounded by an
    act whose order against it TL-05 tests (a meeting for an assignment); None: too unsure, or the
    read day itself out of that order."""
    if _sure(dossier, e, _logical(ctx, e)):
        return {e.day}  # a sure reading stands as read
    days = misread_variants(dossier, e)
    if days is None:
        return None
    lo, hi = order_window(dossier, dossier.facts.events, e.kind, _tested_against(ctx, _logical(ctx, e)))
    allowed = {d for d in days if (lo is None or lo <= d) and (hi is None or d <= hi)}
    return allowed if e.day in allowed else None  # a reading out of order is itself a misreading


def _misread_deciding(dossier: Dossier, ctx: CheckContext, status: str, start: DatedEvent | None,
                      end: DatedEvent | None) -> DatedEvent | None:
    """The reading read out of order (_read_out_of_order) that a verdict rests on: either one for
    a lateness; for a timeliness a scanned start read after the acts that follow every first act
    (an assignment read as 5月20日 for 1月20日 in a case filed on 4月7日 makes a February meeting
    look early): the true, earlier start would only keep a pass that the misreading moved the
    other way. A meeting before the decision is a defect of its own (TL-05), no sign that the
    decision was misread, so only the filing and the callback put a start too late for a pass."""
    if status == "fail":
        return next((e for e in (start, end) if e is not None and _read_out_of_order(dossier, ctx, e)), None)
    if status != "pass":
        return None
    if start is None or not _scanned(dossier, start):
        return None
    ceiling = first_acts_ceiling(dossier, dossier.facts.events, start.kind)
    return start if ceiling is not None and start.day > ceiling else None


def _read_out_of_order(dossier: Dossier, ctx: CheckContext, e: DatedEvent) -> bool:
    """A scanned date outside the window the surely dated acts around it leave (a decision read as
    5月2日 after a 5月6日 application: the 1 of 12 lost): one of them is misread, so it proves
    nothing, however sure OCR was of it."""
    if not _scanned(dossier, e):
        return False
    lo, hi = order_window(dossier, dossier.facts.events, e.kind, _tested_against(ctx, _logical(ctx, e)))
    return (lo is not None and e.day < lo) or (hi is not None and e.day > hi)


def _scanned(dossier: Dossier, e: DatedEvent) -> bool:
    return bool(e.page) and is_ocr(dossier.page(e.page))


def _tested_against(ctx: CheckContext, name: str) -> frozenset[str]:
    """Event kinds whose order against the logical event ``name`` an order rule checks, with the
    acts beyond them: a meeting before its assignment (TL-05) may come before the application too."""
    out: set[str] = set()
    for item in ctx.checklist.items:
        for r in item.params.get("rules", []) if item.check == "dates_in_order" else []:
            if name not in (r["before"], r["after"]):
                continue
            other = r["after"] if r["before"] == name else r["before"]
            kinds = frozenset(ctx.time_limits.events[other].kinds) if other in ctx.time_limits.events else frozenset()
            out |= kinds | beyond(kinds, later=r["before"] == name)
    return frozenset(out)


def _stand_in(dossier: Dossier, ctx: CheckContext, r: dict) -> DatedEvent | None:
    """For a rule's earlier act whose document is bound but whose date was not read (a seal over
    the assignment's signing date), the latest surely dated act the case's order puts before it
    (the decision): the act cannot be earlier, so a meeting before that day is before it too."""
    if not isinstance(r["before"], str) or r["before"] not in ctx.time_limits.events:
        return None
    if not _undated_docs(dossier, ctx, r["before"]):
        return None
    kinds = ctx.time_limits.events[r["before"]].kinds
    found = [latest_sure_before(dossier, dossier.facts.events, k) for k in kinds]
    found = [e for e in found if e is not None]
    return max(found, key=lambda e: e.day) if found else None


def _before_name(ctx: CheckContext, r: dict, b: DatedEvent) -> str | list[str]:
    """The logical name of the event a rule's earlier date comes from (its own, or a stand-in's)."""
    kinds = {k for n in ([r["before"]] if isinstance(r["before"], str) else r["before"])
             if n in ctx.time_limits.events for k in ctx.time_limits.events[n].kinds}
    return r["before"] if b.kind in kinds or not kinds else _logical(ctx, b)


def _out_of_order(r: dict, b: DatedEvent, before: str | list[str], a: DatedEvent) -> str:
    """One impossible pair as the finding says it; ``before``: the earlier date's own event name,
    which is not the rule's when a stand-in (_stand_in) dates it."""
    text = message("timeliness.out_of_order", rule=r["message"] if "message" in r else message("timeliness.order_default"),
                   after=_name(r["after"]), after_day=a.day.isoformat(), before=_name(before), before_day=b.day.isoformat())
    return text if before == r["before"] else text + message("timeliness.stand_in", event=_name(r["before"]), act=_name(before))


@check("dates_in_order")
def dates_in_order(dossier: Dossier, item: ChecklistItem, ctx: CheckContext) -> Finding:
    """TL-05: dates across documents in a possible order; each impossible pair is one occurrence."""
    rule = f"rule:{item.id}"
    bad: list[tuple[dict, DatedEvent, DatedEvent]] = []
    pairs = [(r, pick(dossier, ctx, r["before"], r.get("before_pick", "first")) or _stand_in(dossier, ctx, r),
              pick(dossier, ctx, r["after"], r.get("after_pick", "first"))) for r in item.params.get("rules", [])]
    pairs = [(r, b, a) for r, b, a in pairs if b is not None and a is not None]
    # a court cannot judge before its hearing: an unsure reading of either date is a misread, and a
    # misread date proves no order at all, in this pair or any other
    misread = {id(x) for r, b, a in pairs if a.day < b.day
               for x, n in ((b, r["before"]), (a, r["after"]))
               if (r.get("misread_if_unsure") and not _sure(dossier, x, n)) or _read_out_of_order(dossier, ctx, x)}
    checked = 0
    for r, before, after in pairs:
        if id(before) in misread or id(after) in misread:
            continue
        checked += 1
        if after.day < before.day:
            bad.append((r, before, after))
    if bad:
        named = [(r, b, _before_name(ctx, r, b), a) for r, b, a in bad]
        return Finding(item.id, "fail", level("rule_fail"), pages=[e.page for _, b, a in bad for e in (b, a) if e.page],
                       message="；".join(_out_of_order(r, b, name, a) for r, b, name, a in named),
                       evidence=[ev for r, b, name, a in named for ev in pair_evidence(dossier, (b, name), (a, r["after"]))],
                       occurrences=len(bad), decided_by=rule)
    if misread:
        pages = sorted({e.page for _, b, a in pairs for e in (b, a) if id(e) in misread and e.page})
        return Finding(item.id, "uncertain", level("dates_misread"), pages=pages, decided_by=rule,
                       message=message("timeliness.dates_misread", pages="、".join(map(str, pages))))
    if not checked:
        return Finding(item.id, "not_applicable", level("too_few_dates"), message=message("timeliness.too_few_dates"),
                       decided_by=rule)
    return Finding(item.id, "pass", level("rule_pass"), message=message("timeliness.in_order"), decided_by=rule)
