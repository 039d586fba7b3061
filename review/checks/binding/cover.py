"""BD-08: the cover's 案号, 受援人, 承办人 and 结案日期 agree with the documents."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ingest.facts.casenumbers import case_no_key, find_case_numbers
from ingest.datamodel import DECISIVE_READING_CONF, DatedEvent, Dossier, Page
from ingest.dates import find_dates
from ingest.facts.wording import NOT_NAMES
from ingest.readings import event_conf, is_ocr, misread_variants, reading, text_conf
from review.checklist import ChecklistItem
from review.checks.binding.cover_values import clean_cover_value, cover_values, plausible_cover_value
from review.checks.doubt import identifying_conf, serial, serial_reading
from review.checks.registry import check
from review.checks.text import normalize, parse_date
from review.confidence import level
from review.messages import labels, message
from review.context import CheckContext
from review.findings import Evidence, Finding


def _norm_value(key: str, value: object) -> str:
    if key.endswith("date"):
        d = parse_date(value)
        return d.isoformat() if d else normalize(str(value))
    return normalize(str(value))


def _content_value(key: str, raw: str, not_names: set[str]) -> str | None:
    """A content reading in comparable form, or None when it is not a value of the field.

    Case numbers: only legal-aid case numbers (a document's own 文号 such as
    (2024)东莞援指第325号 names the document), compared by their normalised key.
    Names: answers in transcripts (受援人：明白) are not names.
    """
    v = normalize(raw)
    if key == "case_no":
        return case_no_key(v)
    if key in ("client", "lawyer") and v in not_names:
        return None
    return v


def _named_throughout(pages: list[Page], key: str, cover_value: str, usual: str, doubted: frozenset[int] = frozenset()) -> bool:
    """A name the contents label once but write on two or more pages (an addressee, a signature,
    a transcript's heading), while the cover's name appears on none: the cover is wrong. A
    character of a scanned cover's name that OCR doubted (``doubted``, its positions) may be
    misread, so a name differing there only counts as the cover's."""
    if key not in ("client", "lawyer") or len(usual) < 2:
        return False
    flat_pages = [re.sub(r"\s+", "", pg.text) for pg in pages]
    cover_name = clean_cover_value(key, cover_value)
    if not isinstance(cover_name, str) or not cover_name:
        return False
    return (sum(usual in t for t in flat_pages) >= 2
            and not any(_names(t, cover_name, doubted) for t in flat_pages))


def _written_on_pages(pages: list[Page], key: str, name: str) -> bool:
    """The cover's lawyer is one the files write on two or more pages (会见人 田志楠, a signature):
    a label the patterns missed (承办律师田志楠, its cell gap lost) or another 承办人 (the
    court's) does not make the cover wrong. Not for the client: a relative who signs for a
    defendant is written throughout too, and is not the client (kind_patterns)."""
    if key != "lawyer" or len(name) < 2:
        return False
    return sum(name in re.sub(r"\s+", "", pg.text) for pg in pages) >= 2


def _names(text: str, name: str, doubted: frozenset[int]) -> bool:
    """The text writes the name, or a string that differs from it in one doubted position."""
    if name in text:
        return True
    n = len(name)
    return bool(doubted) and any(
        len(diff := [k for k, (a, b) in enumerate(zip(text[i:i + n], name)) if a != b]) == 1 and diff[0] in doubted
        for i in range(len(text) - n + 1))


def _doubted_chars(dossier: Dossier, page: int | None, key: str, value: object) -> frozenset[int]:
    """Positions in a scanned cover's name whose characters OCR doubted (none on a text layer)."""
    name = clean_cover_value(key, value)
    if not page or not isinstance(name, str) or not is_ocr(dossier.page(page)):
        return frozenset()
    read = reading(dossier.page(page), name)
    if len(read) != len(name):  # not found as written: every character is in doubt
        return frozenset(range(len(name)))
    return frozenset(k for k, (_, c) in enumerate(read) if c < DECISIVE_READING_CONF)


def _number_of_this_case(dossier: Dossier, key: str, cover_value: str, usual: str, witnesses: set[int],
                         cover_page: int | None) -> bool:
    """A case number the contents print once still decides against the cover when the page is
    surely this case's: the dossier's own table of contents, or a page naming the client that
    the contents name elsewhere too (another case's document names another client). On a scan
    the number must stay off the cover's under every misreading OCR doubted."""
    if key != "case_no":
        return False
    doc_at = dossier.documents_by_page()
    client = dossier.facts.client.value if dossier.facts.client else ""
    flat = {pg.index: re.sub(r"\s+", "", pg.text) for pg in dossier.pages if pg.index != cover_page}
    named = {i for i, t in flat.items() if len(client) >= 2 and client in t}
    for at in sorted(witnesses):
        toc = doc_at.get(at) is not None and doc_at[at].type == "toc"
        if not (toc or (at in named and len(named) >= 2)):
            continue
        pg = dossier.page(at)
        if not is_ocr(pg) or identifying_conf(reading(pg, usual), serial(cover_value), serial_reading) >= DECISIVE_READING_CONF:
            return True
    return False


def _cover_conf(dossier: Dossier, key: str, value: object, page: int | None, usual: str, spec: dict,
                ctx: CheckContext) -> float | None:
    """BD-08 decisive readings: the cover value (shape-checked) and, for dates, the content date."""
    if not page:
        return None
    cover = dossier.page(page)
    if not is_ocr(cover):
        conf = 1.0
    elif not plausible_cover_value(key, value):
        conf = 0.0
    elif key == "case_no":  # 96 against the contents' 88: no doubtful digit makes them one number
        conf = identifying_conf(reading(cover, str(value)), serial(usual), serial_reading)
    else:
        conf = text_conf(cover, str(value))
    if spec.get("event"):
        names = spec["event"] if isinstance(spec["event"], list) else [spec["event"]]
        kinds = {k for n in names for k in ctx.time_limits.events[n].kinds}
        found = [event_conf(dossier, e) for e in dossier.facts.events if e.kind in kinds and e.day.isoformat() == usual]
        conf = min(conf, max((c for c in found if c is not None), default=1.0))
    return conf


def _agrees(key: str, want: str, found: Counter[str], tolerance: tuple[int, int] = (0, 0),
            not_before: set[str] = frozenset(), not_after: set[str] = frozenset()) -> bool:
    """The cover value is among the content values.

    Names: one contains the other (seal glyphs join names). Dates: the cover's
    结案日期 is often the day the center approved the closing, some days after the
    closing report, so a date within ``tolerance`` (days before, days after) agrees; never
    before a day in ``not_before`` (an outcome: a case does not close before its judgment) nor
    after one in ``not_after`` (the filing: a case is not archived before it closes).
    """
    if key.endswith("date") and _filed_before(want, not_after):
        return False
    if want in found:
        return True
    if key == "case_no" and want.count("|") == 3:
        # the same year, region and serial: one number, its kind marker misread (刑 as 型) or abridged
        same = want.split("|")[:2] + want.split("|")[3:]
        return any(v.count("|") == 3 and v.split("|")[:2] + v.split("|")[3:] == same for v in found)
    if key in ("client", "lawyer"):
        return any(want in v or v in want for v in found if len(v) >= 2)
    if key.endswith("date"):
        try:
            cover_day = date.fromisoformat(want)
        except ValueError:
            return False
        for v in found:
            try:
                gap = (cover_day - date.fromisoformat(v)).days
            except ValueError:
                continue
            if -(0 if v in not_before else tolerance[0]) <= gap <= tolerance[1]:
                return True
    return False


_EVENT_NAMES = labels("events")  # how messages name the events a cover date may stand for


@dataclass
class _Readings:
    """What the contents say for one cover field, and what may explain a disagreement."""
    found: Counter[str] = field(default_factory=Counter)
    printed: dict[str, str] = field(default_factory=dict)  # a case number's normalised key -> as printed, for messages
    witnesses: dict[str, set[int]] = field(default_factory=dict)  # value -> the pages that read it
    weak: bool = False  # read from role_patterns: decisive only when the cover's value is on no page
    mentioned: set[str] = field(default_factory=set)  # days the event's documents name in their text
    unread: list[str] = field(default_factory=list)  # events the cover date may stand for that no page dates
    unbound: list[str] = field(default_factory=list)  # ... whose document is not bound: before the closing, as an outcome is
    not_before: set[str] = field(default_factory=set)  # days the cover date cannot precede (the outcome's)
    not_after: set[str] = field(default_factory=set)  # days it cannot follow (the filing's, surely read)


@check("cover_agrees")
def cover_agrees(dossier: Dossier, item: ChecklistItem, ctx: CheckContext) -> Finding:
    """BD-08: 案号, 受援人, 承办人, 结案日期 on the cover agree with the documents.

    An empty, bracketed or mis-shaped cover cell (“）”, “（签名）”) is not a
    value and is not compared; a date is compared with every event it may
    stand for (closing, outcome); a contradiction read once is not decisive.
    """
    rule = f"rule:{item.id}"
    p = item.params
    cover_docs = dossier.documents_of(*p.get("cover_types", ["cover"]))
    cover_pages = {i for d in cover_docs for i in d.pages}
    cover = {k: v for k, v in cover_values(dossier, cover_docs).items() if plausible_cover_value(k, v[0])}
    if not cover:
        if not cover_docs:
            return Finding(item.id, "not_applicable", level("source_absent"), message=message("cover.absent"), decided_by=rule)
        return Finding(item.id, "uncertain", level("source_unread"), pages=sorted(cover_pages), message=message("cover.unread"),
                       decided_by=rule)
    skip_types = {"toc", *p.get("dialogue_types", [])}
    doc_at = dossier.documents_by_page()
    own_pages = [pg for pg in dossier.pages if pg.index not in cover_pages and "other_case" not in pg.flags]
    # transcripts label speakers (受援人：明白) and the toc lists titles: no name fields there,
    # but their headers print the case number as every other form does
    content_pages = [pg for pg in own_pages if doc_at.get(pg.index) is None or doc_at[pg.index].type not in skip_types]
    tolerance = tuple(p.get("date_tolerance_days", (0, 0)))
    problems: list[Evidence] = []
    compared = []
    for key, spec in (p.get("fields") or {}).items():
        if key not in cover:
            continue
        want = _norm_value(key, cover[key][0])
        if key == "case_no":
            want = case_no_key(want) or want
        read = _event_readings(dossier, spec, ctx, cover_pages) if spec.get("event") else \
            _field_readings(dossier, key, want, spec, own_pages if key == "case_no" else content_pages, cover_pages)
        if not read.found and spec.get("role_patterns"):  # nothing labels it: the parts the client plays
            read = _field_readings(dossier, key, want, {"content_patterns": spec["role_patterns"]}, own_pages,
                                   cover_pages)
            read.weak = True
        if not read.found:
            continue
        compared.append(spec.get("label", key))
        if not _agrees(key, want, read.found, tolerance, read.not_before, read.not_after) \
                and not (spec.get("event") and want in read.mentioned) and not _written_on_pages(own_pages, key, want):
            problems.append(_disagreement(dossier, ctx, key, spec, cover[key], want, read, own_pages))
    if problems:
        return Finding(item.id, "fail", level("value_disagrees"), pages=[e.page for e in problems if e.page],
                       message="；".join(e.text for e in problems), evidence=problems, decided_by=rule)
    if not compared:
        return Finding(item.id, "uncertain", level("nothing_to_compare"), pages=sorted(cover_pages),
                       message=message("cover.nothing_to_compare"), decided_by=rule)
    return Finding(item.id, "pass", level("read_and_matched"), pages=sorted(cover_pages),
                   message=message("cover.agrees", fields="、".join(compared)), decided_by=rule)


def _event_readings(dossier: Dossier, spec: dict, ctx: CheckContext, cover_pages: set[int]) -> _Readings:
    """The days the contents give the events a cover date may stand for (closing, outcome), and
    the events whose day was not read or whose document is not bound."""
    read = _Readings()
    names = spec["event"] if isinstance(spec["event"], list) else [spec["event"]]
    for n in names:
        kinds = set(ctx.time_limits.events[n].kinds)
        dated = [e for e in dossier.facts.events if e.kind in kinds and e.page not in cover_pages]
        # a fragile reading (a hearing day quoted in the award) stands only where nothing surer does
        days = [e.day.isoformat() for e in ([e for e in dated if not e.fragile] or dated)]
        read.found.update(days)
        if n in spec.get("not_before", []):
            read.not_before.update(days)
        if dated and all(e.fragile for e in dated):  # seal-broken: its true day may be the cover's
            read.unread.append(n)
            continue
        # a dated document whose date was not read, or an outcome whose document is not
        # bound at all (the cover's 结案 may be the judgment's day): either may be the cover's
        if not days and dossier.has(*ctx.time_limits.events[n].documents):
            read.unread.append(n)
        elif not days and n in spec.get("may_be_unbound", []):
            read.unbound.append(n)
    for n in spec.get("not_after", []):
        kinds = set(ctx.time_limits.events[n].kinds)
        read.not_after.update(e.day.isoformat() for e in dossier.facts.events if e.kind in kinds
                              and e.page not in cover_pages and _sure_day(dossier, e))
    # the report names the outcome's day in its text (法院于2025年11月20日作出调解书): the cover
    # may carry that day though no outcome document is bound
    docs = dossier.documents_of(*{t for n in names for t in ctx.time_limits.events[n].documents})
    read.mentioned = {d.isoformat() for doc in docs for d, _, _ in find_dates(re.sub(r"\s+", "", dossier.text_of(doc)))}
    return read


def _field_readings(dossier: Dossier, key: str, want: str, spec: dict, pages: list[Page],
                    cover_pages: set[int]) -> _Readings:
    """The values the contents give a field (its case fact, every case number printed, the
    field's content patterns), one page being one witness."""
    read = _Readings()
    not_names = set(NOT_NAMES)
    readings: set[tuple[str, int]] = set()  # (value, page): one page is one witness
    fact = getattr(dossier.facts, key, None)
    if fact is not None and getattr(fact, "value", None) and fact.page not in cover_pages \
            and fact.page is not None and any(pg.index == fact.page for pg in pages):
        v = _content_value(key, _norm_value(key, fact.value), not_names)
        if v:
            readings.add((v, fact.page))
    if key == "case_no":  # both printed forms; documents' own 文号 are not case numbers
        numbers = [(raw, k, pg.index) for pg in pages for raw, k in find_case_numbers(pg.text)]
        readings.update((k, at) for _, k, at in numbers)
        read.printed.update({k: raw for raw, k, _ in reversed(numbers)})  # the first printing of a key
    kind = dossier.facts.case_kind.value if dossier.facts.case_kind else None
    for pat in [*spec.get("content_patterns", []), *spec.get("kind_patterns", {}).get(kind, [])]:
        rx = re.compile(pat)
        for pg in pages:
            for m in rx.finditer(pg.text):
                v = _content_value(key, m.group(1) if rx.groups else m.group(0), not_names)
                if v:
                    readings.add((v, pg.index))
    if key == "case_no" and want.count("|") == 3 and want.split("|")[2]:
        # a number without a kind marker (检刑援〔2024〕368号: the procuratorate's own
        # reference) is another numbering scheme, not a reading of the centre's case number
        readings = {(v, pg) for v, pg in readings if v.count("|") != 3 or v.split("|")[2]}
    # page order, not the set's hash order: of values read equally often, the message
    # names the one read first in the dossier, the same on every run
    read.found.update(v for v, _ in sorted(readings, key=lambda r: (r[1], r[0])))
    for v, at in readings:
        read.witnesses.setdefault(v, set()).add(at)
    return read


def _disagreement(dossier: Dossier, ctx: CheckContext, key: str, spec: dict, cover_field: tuple[object, int | None],
                  want: str, read: _Readings, own_pages: list[Page]) -> Evidence:
    """The cover value against the contents' usual one, with how surely the cover is wrong: not
    decisively when the contents state the value once, or the event's own date was not read."""
    value, page = cover_field
    usual_key, times = read.found.most_common(1)[0]
    usual = read.printed.get(usual_key, usual_key)
    late = _filed_before(want, read.not_after) if key.endswith("date") else []
    if late:  # after the surely read filing: no unread event's day can make that right
        conf = _after_filing_conf(dossier, key, value, page, late[0], spec, ctx)
        return Evidence(page, message("cover.after_filing", label=spec.get("label", key), value=value, filing=late[0]),
                        "cover", conf)
    conf = _cover_conf(dossier, key, value, page, usual, spec, ctx)
    note = ""
    throughout = _named_throughout(own_pages, key, str(value), usual, _doubted_chars(dossier, page, key, value))
    if (read.weak and not throughout) or (
            times < 2 and not spec.get("event") and not throughout
            and not _number_of_this_case(dossier, key, str(value), usual, read.witnesses.get(usual_key, set()), page)):
        conf, note = min(conf if conf is not None else 1.0, level("single_reading")), \
            message("cover.single_reading", label=spec.get("label", key), usual=usual)
    unread = read.unread
    if read.unbound and want <= max(read.found):  # an unbound outcome's day comes before the closing
        unread = unread + read.unbound
    if unread and not note:  # the cover may name the event whose date was not read (the judgment's)
        conf, note = min(conf if conf is not None else 1.0, level("single_reading")), \
            message("cover.event_unread", events="、".join(_EVENT_NAMES.get(n, n) for n in unread))
    return Evidence(page, message("cover.disagrees", label=spec.get("label", key), value=value, usual=usual),
                    "cover", conf, note=note)


def _after_filing_conf(dossier: Dossier, key: str, value: object, page: int | None, filing: str, spec: dict,
                       ctx: CheckContext) -> float | None:
    """How surely a cover date is after the filing: its own reading, and on a scan only when every
    misreading OCR could have made of it (a lost digit, a dropped numeral) is after it too."""
    conf = _cover_conf(dossier, key, value, page, "", {k: v for k, v in spec.items() if k != "event"}, ctx)
    day = parse_date(value)
    if page and day and is_ocr(dossier.page(page)):
        variants = misread_variants(dossier, DatedEvent("cover", day, page, str(value)))
        if variants is None or min(variants).isoformat() <= filing:
            conf = min(conf if conf is not None else 1.0, 0.0)
    return conf


def _filed_before(day: str, filings: set[str]) -> list[str]:
    """The filing days (ISO, compared as text) that come before a cover date, earliest first."""
    return sorted(v for v in filings if day > v)


def _sure_day(dossier: Dossier, e: DatedEvent) -> bool:
    """A date read by a sure method, and surely if by OCR (a bound the cover must respect)."""
    conf = event_conf(dossier, e)
    return not e.fragile and (conf is None or conf >= DECISIVE_READING_CONF)
