"""Case facts read from a segmented dossier: case number, kind, people, dates.

The checks never read raw text for these; they read CaseFacts, so every
value carries the page and text it came from (a reviewer must be able to
verify it). Values voted over pages (case number, client) tolerate one
mistyped form; the cover is read separately because cover-vs-content
contradictions are themselves a checklist item.

Value conventions: case_kind is a case-kind code (criminal_defense ...),
stage is investigation|prosecution|trial|first_instance|appeal|retrial|
arbitration|mediation, outcome is a code from OUTCOMES (Chinese keyword in
.text). cover maps printed labels (案号, 受援人, 承办人, 结案日期 ...) and the
aliases case_no/client/lawyer/closing_date/cause/filing_date to the strings
as printed (parse dates with dates.parse_date).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import yaml

from .datamodel import (DATE_READING_CONF, DECISIVE_READING_CONF, CaseFacts, DatedEvent, Document, Dossier, Fact,
                        Page, TocEntry)
from .dates import DateReading, find_date_readings, find_dates, parse_date
from .pagenumbers import physical_pages
from .readings import date_conf, digit_lost
from .toc import is_toc_page, parse_toc

# ------------------------------------------------------------------ case numbers
_OPEN, _CLOSE = r"[（(〔\[【［]", r"[）)〕\]】］]"
CASE_NO_RE = re.compile(
    rf"{_OPEN}\s*((?:19|20)\d\d)\s*{_CLOSE}\s*([\u4e00-\u9fff\dA-Za-z]{{0,12}}?援[\u4e00-\u9fff]{{0,4}}?)"
    r"\s*第?\s*(\d{1,6})\s*号")
# 苏0508法援刑（2025）123号: the year bracket after the prefix
CASE_NO_RE2 = re.compile(
    rf"((?:[\u4e00-\u9fff]\d{{2,6}})?[\u4e00-\u9fff]{{0,2}}援[\u4e00-\u9fff]{{0,4}}?)\s*"
    rf"{_OPEN}\s*((?:19|20)\d\d)\s*{_CLOSE}\s*第?\s*(\d{{1,6}})\s*号")
# 西湖法援（2025）刑代303号: the kind marker after the year bracket
CASE_NO_RE3 = re.compile(
    rf"((?:[\u4e00-\u9fff]\d{{2,6}})?[\u4e00-\u9fff]{{0,4}}援)\s*"
    rf"{_OPEN}\s*((?:19|20)\d\d)\s*{_CLOSE}\s*([\u4e00-\u9fff]{{1,3}}?)字?\s*第?\s*(\d{{1,6}})\s*号")
# marker after 援 -> kind family; two-char markers first
_KIND_MARKERS = [("刑辩", "criminal_defense"), ("刑代", "criminal_agency"), ("民非", "non_litigation"),
                 ("非诉", "non_litigation"), ("刑", "criminal"), ("仲", "arbitration"), ("劳", "arbitration"),
                 ("行", "administrative"), ("非", "non_litigation"), ("民", "civil")]


def _iter_case_numbers(text: str, documents: bool = False):
    """Spans refer to the text with line breaks removed (numbers wrap across lines).

    Legal-aid case numbers only, unless ``documents``: a document's own reference
    number (泉山法援决字〔2025〕第112号 on a decision, 法援指字 on an assignment) has a
    document infix after 援 and names the document, not a case.
    """
    t = _fw(_flat(text))
    hits = [(m.start(), m.end(), m.group(1), m.group(2), m.group(3)) for m in CASE_NO_RE.finditer(t)]
    hits += [(m.start(), m.end(), m.group(2), m.group(1), m.group(3)) for m in CASE_NO_RE2.finditer(t)]
    hits += [(m.start(), m.end(), m.group(2), m.group(1) + m.group(3), m.group(4)) for m in CASE_NO_RE3.finditer(t)]
    for hit in hits:
        if documents or not (is_document_number(hit[3]) or _other_issuer(t, hit[0], hit[3])):
            yield hit


def _around_aid(prefix: str) -> tuple[str, str]:
    """A number's prefix before and after its 援 (spaces dropped; without 援 all of it is after)."""
    flat = re.sub(r"\s", "", prefix)
    before, aid, after = flat.partition("援")
    return (before, after) if aid else ("", flat)


def _other_issuer(text: str, start: int, prefix: str) -> bool:
    """A number of another issuer that uses 援 too: a law firm's 律援字 letter, the police's
    公援字 notice, or the tail of a longer number whose department sits in brackets before 援
    (姑苏公（刑）援字（2024）184号 read from 援 on)."""
    before, _ = _around_aid(prefix)
    if before:
        return before[-1] in OTHER_ISSUER_BEFORE_AID
    return start > 0 and re.match(_CLOSE, text[start - 1]) is not None


def is_document_number(prefix: str) -> bool:
    """'泉山法援决字' -> True: the character after 援 is a document infix (决/指/函 ...), not a kind marker."""
    _, after = _around_aid(prefix)
    return bool(after) and after[0] in DOCUMENT_NUMBER_MARKERS and not any(after.startswith(m) for m, _ in _KIND_MARKERS)


def _key(year: str, prefix: str, num: str) -> str:
    """year|area code|kind marker|number: document-specific infixes (决字, 指字) and 字/第 ignored."""
    prefix = re.sub(r"\s", "", prefix)
    area = "".join(re.findall(r"\d", prefix))
    after = prefix.split("援", 1)[1] if "援" in prefix else prefix
    marker = next((mk for mk, _ in _KIND_MARKERS if after.startswith(mk)), after[:1])
    return f"{year}|{area}|{marker}|{int(num)}"


def case_no_key(s: str) -> str | None:
    """Normalised comparison key of a legal-aid case number (brackets/width/spaces/字/第 ignored)."""
    for _, _, y, pre, num in _iter_case_numbers(s):
        return _key(y, pre, num)
    return None


def find_case_numbers(text: str) -> list[tuple[str, str]]:
    """(as printed, key) for every legal-aid case number in text (court numbers lack 援; documents' own numbers skipped)."""
    return list(_case_numbers(text))


@lru_cache(maxsize=4096)
def _case_numbers(text: str) -> tuple[tuple[str, str], ...]:
    """Cached: the facts, BD-07 and BD-08 read the case numbers of the same pages."""
    flat = _flat(text)
    return tuple((flat[a:b], _key(y, pre, num)) for a, b, y, pre, num in sorted(_iter_case_numbers(text)))


GENERIC_KIND_MARKERS = ("字", "案", "")


def same_kind(key_a: str, key_b: str) -> bool:
    """Two case-number keys of the same kind marker (a generic 法援字 or 法援案字 number, as
    Zhengzhou numbers every case, matches any kind)."""
    ma, mb = key_a.split("|")[2], key_b.split("|")[2]
    return ma == mb or ma in GENERIC_KIND_MARKERS or mb in GENERIC_KIND_MARKERS


_FWT = str.maketrans("０１２３４５６７８９", "0123456789")


def _fw(s: str) -> str:
    return s.translate(_FWT)


# ------------------------------------------------------------------ labels
_NAME = r"([\u4e00-\u9fff·]{2,4}?)"
_NAME_END = r"(?=$|[\s，,。；;：:、（()）/]|性别|男|女|身份|民族|出生|年龄|住|电话|联系|律师|等|会见人|谈话人|记录人|签名)"
_SEP = r"\s*[:：]\s*|\s+"
_NOT_NAME = set("受援人 申请人 当事人 律师 姓名 本人 男 女 性别 基本情况 情况 身份证 签名 签字 盖章 同意 委托人 "
                "代理人 辩护人 承办人 联系 电话 地址 无 年龄 民族 汉族 住址 身份".split())


_NOT_IN_NAME = ("律师", "姓名", "情况", "签", "人员", "机关", "法院", "笔录", "记录", "谈话", "委托", "事项", "协议")


@lru_cache(maxsize=32)
def _label_patterns(labels: tuple[str, ...], strict_sep: bool) -> list[re.Pattern]:
    """_label_values' patterns, built once per label set (not per page)."""
    alt = "|".join(sorted(map(re.escape, labels), key=len, reverse=True))
    qual = r"(?:\s*[（(][^）)\n]{1,6}[）)])?"  # 受援人（被害人）：, 受援人 (申请人) 苏楠
    pats = [rf"({alt}){qual}\s*[:：]\s*{_NAME}{_NAME_END}"]
    if not strict_sep:
        pats += [rf"({alt}){qual}[ \t\u3000]+{_NAME}(?=[ \t]*(?:\n|$)|[ \t]{{2,}}|[，,（(、])",
                 rf"({alt}){_NAME}(?=[，,（(、])"]
    return [re.compile(rf"(?<!对方)(?<!对方当事){pat}") for pat in pats]


def _label_values(text: str, labels: tuple[str, ...], strict_sep: bool = False) -> list[tuple[str, str, int]]:
    """(label, name, offset) for 'LABEL：NAME', 'LABEL NAME' (a form cell) and 'LABEL NAME，' occurrences.

    Without a colon the name must close its cell (line end / wide gap) or be
    followed by punctuation, so running text ('受援人进行了…') and titles
    ('当事人谈话笔录') are not read as names.
    """
    out = []
    seen: set[int] = set()
    for rx in _label_patterns(labels, strict_sep):
        for m in rx.finditer(text):
            name = m.group(2)
            if m.start() in seen or name in _NOT_NAME or any(w in name for w in _NOT_IN_NAME):
                continue
            seen.add(m.start())
            out.append((m.group(1), name, m.start()))
    out.sort(key=lambda t: t[2])
    return out


def cover_fields(text: str) -> dict[str, str]:
    """'LABEL：value' pairs of the cover, value up to the next label or a wide gap."""
    alt = "|".join(sorted(map(re.escape, _COVER_LABELS), key=len, reverse=True))
    out: dict[str, str] = {}
    spaced = re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff][\u4e00-\u9fff ]{0,6}[:：])", "", text)
    for m in re.finditer(rf"({alt})\s*[:：]?\s*", spaced):
        rest = spaced[m.end():]
        stop = re.search(rf"\n|\s{{2,}}|\t|(?:{alt})\s*[:：]|\s(?:{alt})(?=\s|$)", rest)
        val = (rest[:stop.start()] if stop else rest).strip(" _：:")
        if val and m.group(1) not in out:
            out[m.group(1)] = val
    return out


# ------------------------------------------------------------------ wording tables (data file)
WORDING_FILE = Path(__file__).parent / "data" / "facts_wording.yaml"


def _load_wording(path: Path = WORDING_FILE) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


_W = _load_wording()
CLIENT_LABELS: tuple[str, ...] = tuple(_W["client_labels"])
LAWYER_LABELS: tuple[str, ...] = tuple(_W["lawyer_labels"])
OTHER_CASE_LABELS: tuple[str, ...] = tuple(_W["other_case_labels"])
DOCUMENT_NUMBER_MARKERS: frozenset[str] = frozenset(_W["document_number_markers"])
OTHER_ISSUER_BEFORE_AID: frozenset[str] = frozenset(_W["other_issuer_before_aid"])
# answers after a speaker label in transcripts (受援人：明白) are not names
NOT_NAMES: frozenset[str] = frozenset(_W["not_names"])
OTHER_CASE_EXEMPT_TYPES: frozenset[str] = frozenset(_W["other_case_exempt_types"])
_COVER_LABELS: tuple[str, ...] = tuple(_W["cover_labels"])
COVER_LABELS = _COVER_LABELS  # printed cover labels: never a field's value (an empty cell reads the next label)
COVER_ALIASES: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _W["cover_aliases"].items()}
OUTCOMES: list[tuple[str, tuple[str, ...]]] = [(code, tuple(words)) for code, words in _W["outcomes"]]
OUTCOMES_BY_KIND: dict[str, set[str]] = {k: set(v) for k, v in _W["outcomes_by_kind"].items()}
EXEMPT_RE = re.compile("|".join(_W["exempt_patterns"]))
_NEG = re.compile("|".join(_W["exempt_negations"]))
KIND_WORDS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _W["kind_words"].items()}
_KIND_FIELD: list[tuple[str, tuple[str, ...]]] = [(code, tuple(words)) for code, words in _W["kind_field"]]
EVENT_SOURCES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    k: (tuple(v["types"]), tuple(v["labels"])) for k, v in _W["event_sources"].items()}
EVENT_WITNESSES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    k: (tuple(v["types"]), tuple(v["labels"])) for k, v in _W["event_witnesses"].items()}


# ------------------------------------------------------------------ helpers
def _vote(items: list[tuple[str, int, str, float]]) -> Fact | None:
    """items: (value, page, evidence, weight) -> the value with the highest total weight."""
    if not items:
        return None
    score: Counter = Counter()
    first: dict[str, tuple[int, str]] = {}
    for val, page, ev, w in items:
        score[val] += w
        first.setdefault(val, (page, ev))
    best = max(score, key=lambda v: (score[v], -first[v][0]))
    return Fact(best, first[best][0], first[best][1])


def _flat(text: str) -> str:
    """Text with line breaks removed: Chinese lines wrap mid-word ('提起公' / '诉')."""
    return re.sub(r"[ \t]*\n[ \t]*", "", text)


def _line_at(text: str, pos: int) -> str:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return text[a:b if b >= 0 else len(text)].strip()


def _doc_pages(dossier: Dossier, doc: Document) -> list[Page]:
    """The document's pages that are this case's: a page of another case bound into it (BD-07)
    dates and states nothing of ours."""
    return [pg for pg in (dossier.page(i) for i in doc.pages if 1 <= i <= len(dossier.pages))
            if "other_case" not in pg.flags]


# ------------------------------------------------------------------ dates
DATE_WORDING_FILE = Path(__file__).parent / "data" / "date_wording.yaml"
_DW = _load_wording(DATE_WORDING_FILE)


def _alt(words: list[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_QUOTE_BEFORE = re.compile(rf"(?:{_alt(_DW['quote_before'])})$")
_QUOTE_AFTER = re.compile(rf"^(?:{_alt(_DW['quote_after'])})")
_SIGNING = re.compile(_alt(_DW["signing_words"]))
_SIGNING_LABEL = re.compile(rf"(?:^|[\s（(）)])(?:{_alt(_DW['signing_labels'])})[:：]?$")
_OTHER_LABEL = re.compile(r"(?:日期|时间|生日|出生|[年月日])[:：]?$")
_TIME_OF_DAY = re.compile(r"^(?:[上下]午|晚上?|凌晨|中午|早上)?(?:\d{1,2}\s*[时点:：]\s*(?:\d{1,2}\s*分?)?)?(?:许|左右)?")
_SENTENCE_END = re.compile(r"[。；;！？!?]")
_WRAP = 16  # a neighbouring line this long is running prose that may wrap around a date
Place = str  # 'signature' | 'quoted' | 'field' | 'prose'
Dated = tuple[date, int, str, str]  # (day, page, evidence line, how: see datamodel.DATE_READING_CONF)


def _nospace(s: str) -> str:
    return re.sub(r"\s+", "", s)


def date_place(text: str, r: DateReading) -> Place:
    """Where a date sits in a page's text: why it is (not) the document's own date.

    quoted: inside a sentence, after 于/自/在 or before 提出/申请/起 (the wrapped
    neighbour line counts when it is running prose); signature: alone on its
    line, or after a signer, a seal holder or a signing label (the 落款);
    field: after another field label (出生日期); prose: any other running text.
    """
    a = text.rfind("\n", 0, r.start) + 1
    b = text.find("\n", r.end)
    b = len(text) if b < 0 else b
    left, right = _nospace(text[a:r.start]), _nospace(text[r.end:b])
    prev = _nospace(text[text.rfind("\n", 0, max(a - 1, 0)) + 1:max(a - 1, 0)]) if a else ""
    nxt_end = text.find("\n", b + 1)
    nxt = _nospace(text[b + 1:nxt_end if nxt_end >= 0 else len(text)]) if b < len(text) else ""
    before = left or (prev if len(prev) >= _WRAP and not _SENTENCE_END.search(prev[-1:]) else "")
    after = right or (nxt if len(left) >= _WRAP else "")
    if _QUOTE_BEFORE.search(before[-4:]) or _QUOTE_AFTER.search(after[:4]):
        return "quoted"
    tail = right[_TIME_OF_DAY.match(right).end():].strip("，,。.；;")
    if re.fullmatch(r"[\u4e00-\u9fff★]{1,6}", tail) and seal_explains(text, r.start, r.end, tail):
        tail = ""  # seal glyphs landed after the date on its line (二〇二五年六月二十七日 沧 李 区 人)
    head = _SENTENCE_END.split(left)[-1].strip("，,：:")
    if tail and not _SIGNING.search(tail):
        return "prose"
    raw_head = _SENTENCE_END.split(text[a:r.start])[-1].rstrip()  # spaces kept: 签名 戴红贵 日期
    if len(head) <= 2 or _SIGNING_LABEL.search(raw_head):
        return "signature"
    if _OTHER_LABEL.search(head):
        return "field"
    if len(head) <= 30 and not re.search(r"[，,]", head) and _SIGNING.search(head):
        return "signature"
    return "prose"


def placed_dates(text: str) -> list[tuple[DateReading, Place]]:
    """Every date of a page's text with where it sits, in text order."""
    return [(r, date_place(text, r)) for r in find_date_readings(text)]


def labelled_reading(text: str, labels: tuple[str, ...]) -> tuple[DateReading, int] | None:
    """The date right after one of the labels ('会见时间：2025年6月3日上午', spans in `text`) and
    the label's offset; label order = priority."""
    for lab in labels:
        # a generic label (时间, 日期) must stand alone: not 出生日期, 案发时间
        guard = r"(?<![\u4e00-\u9fff])" if len(lab) <= 2 else ""
        for m in re.finditer(rf"{guard}{re.escape(lab)}\s*[:：]?\s*", text):
            hits = find_date_readings(text[m.end():m.end() + 28])
            if hits and hits[0].start <= 2:
                return replace(hits[0], start=m.end() + hits[0].start, end=m.end() + hits[0].end), m.start()
    return None


def labelled_date(text: str, labels: tuple[str, ...]) -> tuple[date, int] | None:
    """The date right after one of the labels and the label's offset (see labelled_reading)."""
    hit = labelled_reading(text, labels)
    return (hit[0].day, hit[1]) if hit else None


def _written(pages: list[Page]) -> list[Page]:
    """Pages with Chinese text (a blank last page carries no date)."""
    return [p for p in pages if re.search(r"[\u4e00-\u9fff]", p.text)] or pages


_SEAL_HOLDER = re.compile(r"法院|检察院|中心|事务所|公安局|分局|司法局|委员会|★")


def seal_explains(text: str, start: int, end: int, glyphs: str, organs: Iterable[str] = ()) -> bool:
    """The stray glyphs in or right after a date (text[start:end]) are a seal's own text.

    Either each glyph is on a line near the date (the issuing body printed above
    it, the seal's other characters below), or a round seal's characters follow
    the date line as short fragments that name a seal holder (…法院, …中心, ★).
    On a text layer every character of the date is still there, so such a date
    reads as a whole one.
    """
    if not glyphs or len(glyphs) > 6:
        return False
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    below = text[b + 1:].split("\n")[:12] if b >= 0 else []
    if all(ch in "".join(text[:a].split("\n")[-4:] + below) for ch in glyphs):
        return True
    fragments = "".join(t for t in map(_nospace, below) if 0 < len(t) <= 6)
    return bool(_SEAL_HOLDER.search(fragments)) or _seal_of_issuer(text, glyphs, fragments, organs)


SEAL_SHARE = 0.8  # share of the fragments' characters that must belong to the issuer's name


def _seal_of_issuer(text: str, glyphs: str, fragments: str, organs: Iterable[str] = ()) -> bool:
    """A round seal's characters scattered below the date (宝山 律援 / 海市 助中 / 上 心) and the
    glyphs in it are all characters of an issuing body named on the page (上海市宝山区法律援助中心),
    or in ``organs`` (the firm a report's seal names, printed on the dossier's other pages)."""
    chars = {ch for ch in fragments if "\u4e00" <= ch <= "\u9fff"}
    if len(chars) < 3:
        return False
    named = [ln for ln in map(_nospace, text.split("\n")) if 4 <= len(ln) <= 24 and _SEAL_HOLDER.search(ln[-4:])]
    return any(set(glyphs) <= set(o) and len(chars & set(o)) >= SEAL_SHARE * len(chars) for o in [*named, *organs])


_ORGAN_NAME = re.compile(r"[\u4e00-\u9fff]{2,14}?(?:律师事务所|法律服务所|法律援助中心|人民法院|人民检察院|公安局|司法局|委员会)")


def organ_names(dossier: Dossier) -> set[str]:
    """Every issuing body's name printed on a text-layer page of the dossier (seal holders)."""
    return {m.group() for p in dossier.pages if p.text_source != "ocr" for m in _ORGAN_NAME.finditer(_nospace(p.text))}


def _dated(r: DateReading, pg: Page, how: str, dossier: Dossier | None = None) -> Dated:
    """(day, page, line, how) of a reading: a broken one is `sealed_` when a seal explains its
    glyphs on a text layer (on a scan the seal may hide a digit: it stays `broken_`)."""
    if r.broken:
        sealed = pg.text_source != "ocr" and seal_explains(pg.text, r.start, r.end, r.glyphs,
                                                           organ_names(dossier) if dossier else ())
        how = f"{'sealed' if sealed else 'broken'}_{how}"
    return r.day, pg.index, _line_at(pg.text, r.start), how


def _signature_date(dossier: Dossier, doc: Document, fallback: Dated | None = None) -> Dated | None:
    """The 落款 date: the last signing-line date of the last written page that has one.

    Dates quoted in the body (你于…提出的申请) are never the 落款, however late on the page."""
    for pg in reversed(_written(_doc_pages(dossier, doc))):
        signed = [r for r, place in placed_dates(pg.text) if place == "signature"]
        if signed:
            return _dated(signed[-1], pg, "signature", dossier)
    return fallback


def document_date(dossier: Dossier, doc: Document, labels: tuple[str, ...]) -> Dated | None:
    """The document's own date: a labelled field anywhere, else the 落款, else (fragile) the last
    unquoted date of its last (then first) page, else a date quoted in its body."""
    pages = _doc_pages(dossier, doc)
    for pg in pages:
        hit = labelled_reading(pg.text, labels)
        if hit:
            return _dated(hit[0], pg, "labelled", dossier)
    signed = _signature_date(dossier, doc)
    if signed:
        return signed
    written = _written(pages)
    ends = [written[-1], written[0]] if len(written) > 1 else written
    for places, how in ((("prose",), "fallback"), (("quoted",), "quoted"), (("field",), "fallback")):
        for pg in ends:
            found = [r for r, place in placed_dates(pg.text) if place in places]
            if found:
                return found[-1].day, pg.index, _line_at(pg.text, found[-1].start), how
    return None


# "根据XX市公安局XX分局的通知，指派…": the assignment names the organ's notice even
# when the notice itself is missing from the file
_ORGAN_NOTICE = re.compile(r"根据[^。；，,]{2,30}(?:人民法院|人民检察院|检察院|公安局|分局|公安机关)[^。；，,]{0,30}通知")


def _toc_days(toc: list[TocEntry], physical: dict[int, int]) -> dict[int, TocEntry]:
    """Physical first page -> the dated toc row that lists a document starting there."""
    out: dict[int, TocEntry] = {}
    for e in toc:
        at = physical.get(e.first) if e.first is not None and e.day is not None else None
        if at is not None:
            out.setdefault(at, e)
    return out


def _against_toc(dossier: Dossier, got: Dated | None, row: TocEntry) -> tuple[Dated | None, str | None]:
    """A document's own date read against its toc row's date cell: (own reading, how the row's
    date joins the events or None).

    The row dates a document whose own date is unread or fragile (a seal over the signing line).
    On a scan, an own date that disagrees with the row is contested, and so is the row: OCR drops
    a 十 from 五月十三日, and the toc may be wrong too, so neither decides a failure alone."""
    if not got or DATE_READING_CONF.get(got[3], 0.5) < DECISIVE_READING_CONF:
        return got, "toc"
    if got[0] != row.day and dossier.page(got[1]).text_source == "ocr":
        return (got[0], got[1], got[2], "contested"), "contested"
    return got, None


# ------------------------------------------------------------------ main
def extract_facts(dossier: Dossier) -> CaseFacts:
    """Fill CaseFacts from dossier.documents (types set) and page texts; sets `other_case` flags."""
    f = CaseFacts()
    pages = dossier.pages
    docs = dossier.documents
    by_type = lambda *t: [d for d in docs if d.type in t]  # noqa: E731
    # only a page recognised as the cover is read as one (a missing cover must not
    # turn the toc's rows into "cover fields")
    cover_pages = [dossier.page(i) for d in by_type("cover") for i in d.pages]
    cover_idx = {p.index for p in cover_pages}

    # cover fields, as printed (strings); English aliases for the checks' field names
    for pg in cover_pages:
        for k, v in cover_fields(pg.text).items():
            if k not in f.cover:
                f.cover[k] = Fact(v, pg.index, f"{k}：{v}")
    for alias, labels in COVER_ALIASES.items():
        hit = next((f.cover[lab] for lab in labels if lab in f.cover), None)
        if hit is not None:
            f.cover[alias] = hit

    # case number: vote over pages, the cover counts triple
    items = []
    printed: dict[str, Counter] = {}
    for pg in pages:
        for raw_no, key in find_case_numbers(pg.text):
            items.append((key, pg.index, raw_no, 3.0 if pg.index in cover_idx else 1.0))
            printed.setdefault(key, Counter())[raw_no] += 3 if pg.index in cover_idx else 1
    best = _vote(items)
    if best:
        raw_no = printed[best.value].most_common(1)[0][0]
        f.case_no = Fact(raw_no, best.page, best.text)
    case_key = best.value if best else None

    # people
    f.client = _people(pages, cover_idx, docs, dossier, CLIENT_LABELS, client=True)
    f.lawyer = _people(pages, cover_idx, docs, dossier, LAWYER_LABELS, client=False)
    f.firm = _firm(pages, cover_idx)
    f.cause = _labelled_text(pages, cover_idx, ("案由", "涉嫌罪名", "罪名", "案件事由"))
    # a cover that disagrees is a cover defect (BD-08), not another case's page; flagged before
    # anything is read from documents, so another case's page dates no event of ours
    _flag_other_case(dossier, f, case_key)

    # kind, stage, flags
    f.case_kind = _case_kind(dossier, f, case_key)
    f.stage = _stage(pages, cover_idx, f.case_kind.value if f.case_kind else None)
    notice_text = "\n".join(dossier.text_of(d) for d in by_type("cover", "decision", "court_notice", "assignment", "approval"))
    f.appointed_by_notice = bool(by_type("court_notice")) or bool(
        re.search(r"通知辩护|指定辩护|通知(?:本中心|我中心)?(?:为|指派)|提供法律援助通知书", notice_text)
        or _ORGAN_NOTICE.search(_flat(notice_text)))
    exempt_text = _flat("\n".join(dossier.text_of(d) for d in by_type("application", "approval", "decision")))
    for m in EXEMPT_RE.finditer(exempt_text):
        if not _NEG.search(exempt_text[max(0, m.start() - 12):m.end() + 8]):
            f.means_test_exempt = True
            break
    all_text = _flat("\n".join(p.text for p in pages))
    f.pleaded_guilty = bool(by_type("plea_agreement")) or bool(
        re.search(r"(?<![不未拒])认罪认罚(?!.{0,3}(?:不|未))", all_text))
    hear_text = _flat("\n".join(dossier.text_of(d) for d in by_type("closing_report", "judgment")))
    f.had_hearing = bool(by_type("hearing_record")) or bool(
        re.search(r"(?<![未不没])(?:公开)?开庭审理|出庭(?:参加|参与)?(?:诉讼|辩护|代理)|参加(?:了)?庭审|出席庭审|参加开庭", hear_text))
    got = _outcome(dossier, f.case_kind.value if f.case_kind else None)
    f.outcome, outcome_day = got if got else (None, None)
    if f.outcome and f.case_kind and f.case_kind.value == "non_litigation" and f.outcome.value == "mediation":
        f.outcome.value = "agreement"  # out of court, a mediated settlement is an agreement

    # toc: its rows' date cells witness documents whose own date is unread or seal-broken
    toc_pages = [dossier.page(i) for d in by_type("toc") for i in d.pages]
    if not toc_pages:
        toc_pages = [p for p in pages[:4] if is_toc_page(p)]
    f.toc = parse_toc(toc_pages)
    toc_day = _toc_days(f.toc, physical_pages(pages))

    # events
    for kind, (types, labels) in EVENT_SOURCES.items():
        for doc in by_type(*types):
            got = document_date(dossier, doc, labels)
            row = toc_day.get(doc.first_page) if kind != "closing" else None
            if row is not None:
                got, toc_how = _against_toc(dossier, got, row)
                if toc_how:
                    f.events.append(DatedEvent(kind, row.day, row.page, f"{row.title} {row.day.isoformat()}", toc_how))
            if not got:
                continue
            if kind == "closing":
                # 结案日期 field, else the date of the outcome named in the report
                if got[3].endswith("labelled"):
                    f.events.append(DatedEvent("closing", *got))
                elif outcome_day and f.outcome:
                    f.events.append(DatedEvent("closing", outcome_day, f.outcome.page, f.outcome.text, "stated"))
                f.events.append(DatedEvent("closing_report", *_signature_date(dossier, doc, got)))
                continue
            f.events.append(DatedEvent(kind, *got))
    _contest_outcome_dates(dossier, f, outcome_day)
    _corroborate_broken(dossier, f)
    _witnessed_events(dossier, f)
    _stated_outcome(dossier, f, outcome_day)
    if not f.first_date("closing"):
        # content before the cover: a falsified cover date must stay detectable (BD-08)
        jd = f.dates("judgment")[-1] if f.dates("judgment") else None
        cf = f.cover.get("closing_date")
        day = parse_date(cf.value) if cf else None
        if jd:
            f.events.append(DatedEvent("closing", jd.day, jd.page, jd.text, jd.how))
        elif day:
            f.events.append(DatedEvent("closing", day, cf.page, cf.text, "cover"))
    for lab in ("立卷日期", "归档日期", "立卷时间", "归档时间"):
        cf = f.cover.get(lab)
        day = parse_date(cf.value) if cf else None
        if day:
            f.events.append(DatedEvent("filing", day, cf.page, cf.text, "cover"))

    return f


def _contest_outcome_dates(dossier: Dossier, f: CaseFacts, outcome_day: date | None) -> None:
    """A scanned judgment dated a lost digit away from the day the closing report says it was
    given (法院于2025年5月13日作出…) is contested: a seal over 5月13日 leaves 5月3日 read with full
    confidence. Other differences are real (an agreement reached on 10日, its 调解书 of 20日)."""
    judged = [e for e in f.events if e.kind == "judgment"]
    if outcome_day is None or any(e.day == outcome_day for e in judged):
        return
    for e in judged:
        if e.page and dossier.page(e.page).text_source == "ocr" and not e.fragile and _seal_bitten(e.day, outcome_day):
            e.how = "contested_report"


def _sure(dossier: Dossier, e: DatedEvent) -> bool:
    """A reading a failure may rest on: a sure method, and on a scan a sure OCR score."""
    return not e.fragile and bool(e.page) and date_conf(dossier.page(e.page), e.day) >= DECISIVE_READING_CONF


def _stated_outcome(dossier: Dossier, f: CaseFacts, outcome_day: date | None) -> None:
    """A bound judgment whose own date is not surely read (only the hearing date its body quotes,
    a seal over the 落款) is dated by the day the closing report says it was given (于…作出…判决)."""
    if outcome_day is None or f.outcome is None or not dossier.documents_of("judgment"):
        return
    if not any(e.kind == "judgment" and _sure(dossier, e) for e in f.events):
        f.events.append(DatedEvent("outcome", outcome_day, f.outcome.page, f.outcome.text, "stated"))


def _witnessed_events(dossier: Dossier, f: CaseFacts) -> None:
    """Events whose own document gives no sure date (none, seal-broken, or an unsure OCR reading),
    dated by a later document's labelled field that restates it (EVENT_WITNESSES: the closing
    report's 指派日期); two readings of one day corroborate each other (readings.event_conf)."""
    for kind, (types, labels) in EVENT_WITNESSES.items():
        if any(e.kind == kind and _sure(dossier, e) for e in f.events):
            continue
        for doc in dossier.documents_of(*types):
            for pg in _doc_pages(dossier, doc):
                hit = labelled_reading(pg.text, labels)
                if hit and not hit[0].broken:
                    f.events.append(DatedEvent(kind, *_dated(hit[0], pg, "reported", dossier)))
                    break


def _corroborate_broken(dossier: Dossier, f: CaseFacts) -> None:
    """A seal-broken date that a surely read date of the same document repeats (the closing
    report's 落款 under the seal, its own 结案日期 field above) is that day: two readings agree."""
    doc_at = dossier.documents_by_page()
    for e in f.events:
        doc = doc_at.get(e.page) if e.page else None
        if doc is None or not e.how.startswith("broken_"):
            continue
        if any(o is not e and o.day == e.day and not o.fragile and o.page in doc.pages for o in f.events):
            e.how = "corroborated"


def _seal_bitten(read: date, said: date) -> bool:
    """read is said with one digit of its month or day lost."""
    return read.year == said.year and (
        (read.month == said.month and digit_lost(read.day, said.day))
        or (read.day == said.day and digit_lost(read.month, said.month)))


PROSE_LINE_CHARS = 24  # longer lines are running text, not form cells


def _people(pages, cover_idx, docs, dossier, labels, client: bool) -> Fact | None:
    items = []
    doc_at = dossier.documents_by_page()
    for pg in pages:
        doc = doc_at.get(pg.index)
        dtype = doc.type if doc else None
        for lab, name, pos in _label_values(pg.text, labels):
            if name in NOT_NAMES:  # a transcript's answer (受援人：明白)
                continue
            w = 1.0
            if pg.index in cover_idx:
                w = 1.0  # the cover is one witness; a falsified cover must not outvote the file
            elif dtype in ("application", "decision", "assignment", "approval", "closing_report", "court_notice"):
                w = 2.0
            if client and lab in ("被害人",):
                w *= 0.5 if dtype not in ("cover", "application") else 1.0
            if client and lab in ("受援人", "受援人姓名"):
                w *= 1.5
            line = _line_at(pg.text, pos)
            after = pg.text[pos + len(lab):]
            if after[:1] not in (":", "：", " ", "\t", "\u3000", "（", "(") and len(line) > PROSE_LINE_CHARS:
                # "受援人年逾七十，…" in running prose is no name; "受援人张三，男，…" is
                if not re.match(rf"{re.escape(name)}\s*[，,]\s*[男女]|{re.escape(name)}\s*[（(]", after):
                    continue
            items.append((name, pg.index, line, w))
    return _vote(items)


_FIRM_RE = re.compile(r"([\u4e00-\u9fff（）()]{2,30}?律师事务所)")
_FIRM_LABEL = re.compile(r"(?:承办单位|律师事务所|所在律所|执业机构|承办机构|工作单位|指派单位)\s*[:：]\s*([\u4e00-\u9fff（）()]{2,30}?律师事务所)")


def _firm(pages, cover_idx) -> Fact | None:
    items = []
    for pg in pages:
        for m in _FIRM_LABEL.finditer(pg.text):
            items.append((m.group(1), pg.index, _line_at(pg.text, m.start()), 3.0))
        for m in _FIRM_RE.finditer(pg.text):
            name = re.sub(r"^.*?(?:指派|委托|由|系|为|是|到|经|派|贵|至|给|在|和|与|及)(?=[\u4e00-\u9fff]{4,})", "", m.group(1))
            items.append((name, pg.index, _line_at(pg.text, m.start()), 1.0))
    return _vote(items)


def _labelled_text(pages, cover_idx, labels) -> Fact | None:
    items = []
    alt = "|".join(map(re.escape, labels))
    for pg in pages:
        for m in re.finditer(rf"(?:{alt})\s*[:：]\s*([^\s，。；;,]{{2,24}})", pg.text):
            items.append((m.group(1), pg.index, _line_at(pg.text, m.start()), 3.0 if pg.index in cover_idx else 1.0))
    return _vote(items)


def _case_kind(dossier: Dossier, f: CaseFacts, case_key: str | None) -> Fact | None:
    # 1. an explicit kind field on the cover
    for lab in ("案件类别", "案件类型", "援助形式"):
        cf = f.cover.get(lab)
        if cf:
            for code, words in _KIND_FIELD:
                if any(w in str(cf.value) for w in words):
                    return Fact(code, cf.page, cf.text)
    # 2. wording on cover/application/decision/notice pages
    head_types = ("cover", "application", "decision", "court_notice", "approval", "assignment", "closing_report")
    score: Counter = Counter()
    ev: dict[str, tuple[int, str]] = {}
    for d in dossier.documents:
        if d.type not in head_types:
            continue
        w = 3.0 if d.type == "cover" else 1.0
        for pg in _doc_pages(dossier, d):
            for code, words in KIND_WORDS.items():
                for word in words:
                    n = pg.text.count(word)
                    if n:
                        score[code] += w * min(n, 3) * (2 if len(word) >= 4 else 1)
                        ev.setdefault(code, (pg.index, word))
    # 3. the case-number marker decides the family
    marker = None
    if case_key:
        mk = case_key.split("|")[2]
        marker = next((kind for m, kind in _KIND_MARKERS if m == mk), None)
    if marker in ("criminal_defense", "criminal_agency", "non_litigation", "administrative"):
        return Fact(marker, f.case_no.page if f.case_no else None, f.case_no.value if f.case_no else "")
    if marker == "civil" and score["arbitration"] > max(score["civil"], 1) * 0.5:
        marker = "arbitration"  # arbitration files often carry the 民 marker
    elif marker == "civil" and score["non_litigation"] > max(score["civil"], 1):
        marker = "non_litigation"
    page = f.case_no.page if f.case_no else None
    evtext = f.case_no.value if f.case_no else ""
    if marker == "criminal":
        agency, defense = score["criminal_agency"], score["criminal_defense"]
        code = "criminal_agency" if agency > defense * 0.6 and agency > 0 else "criminal_defense"
        return Fact(code, ev.get(code, (page, evtext))[0], f"{evtext} {ev.get(code, (0, ''))[1]}".strip())
    if marker:
        return Fact(marker, page, str(evtext))
    if score:
        code = max(score, key=score.get)
        return Fact(code, ev[code][0], ev[code][1])
    return None


_STAGE_ORDER = ["investigation", "prosecution", "trial", "first_instance", "appeal", "retrial"]
_COURT_NO = [  # court / procuratorate / police case-number markers -> stage
    ("retrial", re.compile(r"[刑民行]再\d+号|[刑民行]申\d+号")),
    ("appeal", re.compile(r"[刑民行]终\d+号")),
    ("first_instance", re.compile(r"[刑民行]初\d+号")),
    ("prosecution", re.compile(r"检[\u4e00-\u9fff]{0,4}诉\s*[（(〔\[]")),
    ("investigation", re.compile(r"公[\u4e00-\u9fff]{0,4}立字")),
]


def _stage(pages, cover_idx, kind: str | None) -> Fact | None:
    """Stage from a labelled field, else the most advanced organ case number, else the case kind."""
    def fix(code: str) -> str:
        if code == "first_instance" and kind and kind.startswith("criminal"):
            return "trial"
        return code

    rules = [("investigation", r"侦查"), ("prosecution", r"审查起诉"), ("retrial", r"再审"),
             ("appeal", r"二审|第二审|上诉审"), ("first_instance", r"一审|第一审"), ("trial", r"审判")]
    for pg in sorted(pages, key=lambda p: (p.index not in cover_idx, p.index)):
        m = re.search(r"(?:办理阶段|诉讼阶段|案件阶段|承办阶段|所处阶段)\s*[:：]?\s*(\S{2,10})", pg.text)
        if m:
            for code, rx in rules:
                if re.search(rx, m.group(1)):
                    return Fact(fix(code), pg.index, _line_at(pg.text, m.start()))
    if kind == "arbitration":
        return Fact("arbitration", None, "")
    if kind == "non_litigation":
        return Fact("mediation", None, "")
    best: tuple[int, Fact] | None = None
    for pg in pages:
        t = _fw(pg.text)
        for code, rx in _COURT_NO:
            m = rx.search(t)
            if m:
                rank = _STAGE_ORDER.index(code)
                if best is None or rank > best[0]:
                    best = (rank, Fact(fix(code), pg.index, _line_at(pg.text, m.start())))
    if best:
        return best[1]
    if kind == "criminal_agency":
        return Fact("trial", None, "")
    for pg in sorted(pages, key=lambda p: (p.index not in cover_idx, p.index))[:12]:
        for code, rx in [("investigation", r"侦查阶段"), ("prosecution", r"审查起诉阶段"), ("trial", r"审判阶段"),
                         ("appeal", r"二审|第二审"), ("first_instance", r"一审|第一审")]:
            m = re.search(rx, pg.text)
            if m:
                return Fact(fix(code), pg.index, _line_at(pg.text, m.start()))
    if kind in ("civil", "administrative"):
        return Fact("first_instance", None, "")  # no appeal/retrial marker anywhere
    return None


_RESULT_HEAD = re.compile(r"(?:办理结果|案件结果|结案方式|处理结果|案件结局|办案结果|结案情况|裁判结果|[一二三四五六七八九]、\s*结果|结果)\s*[:：]?\s*")


def _classify(text: str, kind: str | None) -> tuple[str, int] | None:
    """(outcome code, position) of the earliest-listed outcome keyword in text."""
    for code, words in OUTCOMES:
        if kind in OUTCOMES_BY_KIND and code not in OUTCOMES_BY_KIND[kind]:
            continue
        hits = [text.find(w) for w in words if w in text]
        if hits:
            return code, min(hits)
    return None


def _outcome(dossier: Dossier, kind: str | None = None) -> tuple[Fact, date | None] | None:
    """Outcome named in the closing report and the date of that closing event.

    The result field/heading is read first ('处理结果：…于2025年6月3日作出判决'); without
    one, the last outcome keyword in the report. The date is the one in the
    result text (the closing event), not the report's own signature date.
    """
    for doc in dossier.documents_of("closing_report"):
        pages = _doc_pages(dossier, doc)
        text = "\n".join(p.text for p in pages)
        offsets, pos = [], 0
        for p in pages:
            offsets.append((pos, p.index))
            pos += len(p.text) + 1
        page_at = lambda i: max((pi for off, pi in offsets if off <= i), default=doc.first_page)  # noqa: E731
        windows = [(m.end(), _flat(text[m.end():m.end() + 140])) for m in _RESULT_HEAD.finditer(text)]
        for start, window in windows:
            hit = _classify(window, kind)
            if hit:
                at = start + hit[1]
                dates = [d for d, a, _ in _event_dates(window) if a < hit[1] + 30]
                return Fact(hit[0], page_at(at), _line_at(text, at)), (dates[0] if dates else None)
        best = None
        for code, words in OUTCOMES:
            if kind in OUTCOMES_BY_KIND and code not in OUTCOMES_BY_KIND[kind]:
                continue
            for w in words:
                at = _flat(text).rfind(w)
                if at >= 0 and (best is None or at > best[1]):
                    best = (code, at)
        if best:
            flat = _flat(text)
            a = max(flat.rfind("。", 0, best[1]), flat.rfind("，", 0, best[1] - 25)) + 1
            sentence = flat[a:best[1] + 10]
            dates = _event_dates(sentence)
            return Fact(best[0], doc.first_page, sentence), (dates[-1][0] if dates else None)
    return None


_TERM_BEFORE = re.compile(r"[自从]\s*$")
_TERM_AFTER = re.compile(r"^\s*(?:起|之前|以前|前)")


def _event_dates(text: str) -> list[tuple[date, int, int]]:
    """Dates of events, not the terms an outcome sets (自2025年8月3日起每月支付, 于8月30日前付清)."""
    return [(d, a, b) for d, a, b in find_dates(text)
            if not (_TERM_BEFORE.search(text[max(0, a - 2):a]) or _TERM_AFTER.match(text[b:b + 3]))]


def _flag_other_case(dossier: Dossier, f: CaseFacts, case_key: str | None) -> None:
    """Flag pages of another case (BD-07) and record what each flag rests on in ``f.other_case``.

    Only another legal-aid case number of the same kind, on a page that carries
    neither ours nor our client's name, or another client's name where this dossier's client is not
    named at all, marks a page. Documents' own reference numbers, court and
    procuratorate numbers, and letters that list several cases never do.
    """
    client = f.client.value if f.client else None
    f.other_case.clear()
    doc_at = dossier.documents_by_page()
    for pg in dossier.pages:
        pg.flags.discard("other_case")
        doc = doc_at.get(pg.index)
        if doc is not None and doc.type in OTHER_CASE_EXEMPT_TYPES:
            continue
        if case_key:
            found = find_case_numbers(pg.text)
            keys = {k for _, k in found}
            others = [raw for raw, k in found if k != case_key and same_kind(k, case_key)]
            # a page that names this case's client is this case's, whatever number it carries
            # (a procuratorate's or firm's own 援字 number on the notice or the agreement)
            if others and case_key not in keys and not (client and client in _flat(pg.text)):
                pg.flags.add("other_case")
                f.other_case[pg.index] = ("case_no", others[0])
                continue
        if client and client not in _flat(pg.text):
            names = {n for lab, n, _ in _label_values(pg.text, OTHER_CASE_LABELS, strict_sep=True)} - NOT_NAMES
            strangers = [n for n in names if not (client in n or n in client)]
            if strangers and len(strangers) == len(names):
                pg.flags.add("other_case")
                f.other_case[pg.index] = ("client", strangers[0])
