"""Domain data classes shared by every stage: Dossier, Page, Document, CaseFacts.

Stages fill these in turn (extract -> classify -> segment -> facts); nothing
here knows how. Page indexes are 1-based physical PDF page indexes, as in the
output contract.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

PAGE_FLAGS = ("blank", "rotated", "duplicate", "other_case", "unnumbered", "unreadable")


@dataclass
class Line:
    """One visual text line in upright page coordinates (points, origin top-left)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float = 0.0  # dominant font size in points; 0 when unknown (OCR)
    conf: float = 1.0  # recognition confidence (OCR: lowest box score in the line; text layer: 1.0)
    char_conf: list[float] = field(default_factory=list)  # OCR: one score per character of text

    def span_conf(self, start: int = 0, end: int | None = None) -> float:
        """Lowest character confidence of text[start:end]: a date is as sure as its worst digit."""
        if not self.char_conf:
            return self.conf
        part = self.char_conf[start:len(self.text) if end is None else end]
        return min(part) if part else self.conf

    def char_confs(self) -> list[float]:
        """One confidence per character of text: its own, else the line's (a text layer's, or an
        OCR line whose scores do not align with its text)."""
        return self.char_conf if len(self.char_conf) == len(self.text) else [self.conf] * len(self.text)


_CJK = re.compile("[\u4e00-\u9fff]")


def _looks_like_title(text: str) -> bool:
    """A heading has a few Chinese characters; seal glyphs (★ 院) and page numbers do not."""
    return len(_CJK.findall(text)) >= 3 and "★" not in text


@dataclass
class Page:
    """One physical page with its text layer (or OCR text) and layout cues."""

    index: int
    width: float = 595.0
    height: float = 842.0
    text: str = ""
    lines: list[Line] = field(default_factory=list)
    rotation: int = 0  # rotation of the content as bound: 0, 90, 180, 270
    image_only: bool = False  # no text layer, only an image (scan)
    garbled: bool = False  # text layer present but unusable (cid codes, mojibake)
    text_source: str = "pdf"  # pdf | pdfium | ocr | none
    printed_number: int | None = None  # Arabic page number printed in a margin
    number_conf: float = 1.0  # recognition confidence of printed_number's digits (OCR), 1.0 otherwise
    rotation_conf: float = 1.0  # how sure the OCR orientation vote was about `rotation` (0.5 = coin toss)
    flags: set[str] = field(default_factory=set)  # subset of PAGE_FLAGS
    type_scores: dict[str, float] = field(default_factory=dict)  # page classifier output
    start_score: float | None = None  # P(page starts a new document)
    ink: float | None = None  # share of dark pixels in the page centre (scans only): tells a blank sheet
    image_key: str | None = None  # digest of a short text-layer page's embedded images ("" none; ingest.pages.pdf)
    picture: tuple[float, ...] | None = None  # a short scan's ink outside its text, per cell (ingest.pages.picture)

    @property
    def readable(self) -> bool:
        return bool(self.text.strip()) and not self.garbled

    @property
    def title(self) -> str:
        """The most prominent line in the upper part of the page (largest font)."""
        upper = [ln for ln in self.lines if ln.top < self.height * 0.45 and _looks_like_title(ln.text)]
        if not upper:
            return ""
        best = max(upper, key=lambda ln: (round(ln.size, 1), -ln.top))
        return best.text.strip()

    @property
    def predicted_type(self) -> str | None:
        if not self.type_scores:
            return None
        return max(self.type_scores, key=self.type_scores.get)


@dataclass
class Document:
    """A run of pages forming one document of one type."""

    type: str
    first_page: int
    last_page: int
    confidence: float = 1.0
    title: str = ""

    @property
    def pages(self) -> range:
        return range(self.first_page, self.last_page + 1)

    def to_contract(self) -> dict:
        return {"type": self.type, "first_page": self.first_page,
                "last_page": self.last_page, "confidence": round(self.confidence, 3)}


@dataclass
class Fact:
    """A value read from the dossier together with where it was read."""

    value: object
    page: int | None = None
    text: str = ""


# How a document's date was read, and how far a time-limit verdict may rest on it.
# labelled: after a field label (决定日期：); signature: the signing line (落款);
# stated: the date a report gives for an event (…于X日作出判决); cover: a cover field;
# sealed_*: interrupted by glyphs that are the seal's own text (found on the issuing-body line
# or the seal's other lines nearby): every character of the date is there, decisive;
# broken_*: interrupted by glyphs nothing explains (二〇二五年苏三月四日 with no 苏 near);
# fallback: an unlabelled date that is neither a signing line nor quoted;
# quoted: only a date quoted in prose (你于2025年3月3日提出的申请);
# toc: the date cell of the toc row listing a document whose own date is unread or fragile;
# contested: a scan's own date and its toc row's date disagree (both readings are marked so);
# yearless: a scanned signing line whose year a seal made unreadable, the year taken from the case;
# ordered: one whose month a seal covered, the one month its day fits between the acts around it;
# contested_report: a scanned judgment's date that the closing report states otherwise;
# report_corroborated: a seal-broken judgment date (十泽月) that, with a numeral under the glyph, is
# the day the closing report states (十一月): the two readings agree.
DATE_READING_CONF: dict[str, float] = {
    "labelled": 1.0, "signature": 1.0, "stated": 0.9, "cover": 0.9, "sealed_labelled": 0.9,
    "sealed_signature": 0.9, "corroborated": 0.9, "toc": 0.8, "reported": 0.8, "broken_labelled": 0.6, "contested": 0.5, "contested_report": 0.5, "report_corroborated": 0.9, "broken_signature": 0.5, "yearless": 0.5, "ordered": 0.8,
    "fallback": 0.5, "quoted": 0.3}
# Lowest confidence at which an OCR reading is decisive (below it a `fail` resting on it is `uncertain`:
# review.engine.require_decisive). Measured
# with `python -m eval.ocr_bench SCANS --digital TWINS --cached` on 115 scanned pages (family D, seed
# 4242): no misread date (271) or page number (77) there, and 0.6 kept 89% of the correct dates;
# the bar was raised to 0.7 after a decision date's 8 read as 3 scored 0.61 (twins, seed 2468).
# The misreads seen in evals (a birth date taken for a decision date, 刑 read as 型, a missed
# margin number, a date quoted in prose) were confident: plausibility checks score those 0.0.
DECISIVE_READING_CONF = 0.7


@dataclass
class DatedEvent:
    """A dated event (decision, meeting, hearing ...) with its evidence and how it was read."""

    kind: str
    day: date
    page: int | None = None
    text: str = ""
    how: str = "labelled"  # a key of DATE_READING_CONF; events built by hand count as labelled

    @property
    def conf(self) -> float:
        """How sure the reading method is (not OCR: see ingest.readings.event_conf)."""
        return DATE_READING_CONF.get(self.how, 0.5)

    @property
    def fragile(self) -> bool:
        """A date a `fail` cannot rest on alone (quoted, seal-broken, fallback)."""
        return self.conf < DECISIVE_READING_CONF


@dataclass
class TocEntry:
    """One row of the table of contents (卷内目录)."""

    seq: int | None
    title: str
    first: int | None
    last: int | None
    page: int  # physical page the row was read on
    day: date | None = None  # the row's date cell (形成日期), when it has one


@dataclass
class CaseFacts:
    """What the dossier says about the case, each value with its evidence."""

    case_no: Fact | None = None
    case_kind: Fact | None = None
    client: Fact | None = None
    lawyer: Fact | None = None
    firm: Fact | None = None
    cause: Fact | None = None  # 案由 / offence
    stage: Fact | None = None  # investigation | prosecution | trial | first_instance | appeal ...
    appointed_by_notice: bool = False  # 通知辩护: no application / means test needed
    means_test_exempt: bool = False  # 特定群体 exempt from 经济困难审查
    pleaded_guilty: bool = False  # 认罪认罚 mentioned
    had_hearing: bool = False
    outcome: Fact | None = None  # outcome named in the closing report
    cover: dict[str, Fact] = field(default_factory=dict)  # fields as printed on the cover
    events: list[DatedEvent] = field(default_factory=list)
    toc: list[TocEntry] = field(default_factory=list)
    # page -> ("case_no" | "client", the text that marks it as another case's page): what BD-07 rests on
    other_case: dict[int, tuple[str, str]] = field(default_factory=dict)

    def dates(self, kind: str) -> list[DatedEvent]:
        return sorted((e for e in self.events if e.kind == kind), key=lambda e: e.day)

    def first_date(self, kind: str) -> DatedEvent | None:
        found = self.dates(kind)
        return found[0] if found else None

    def value(self, name: str):
        fact = getattr(self, name)
        return fact.value if isinstance(fact, Fact) else None

    def to_contract(self) -> dict:
        closing = self.first_date("closing")
        return {"case_no": self.value("case_no"), "case_kind": self.value("case_kind"),
                "client": self.value("client"), "lawyer": self.value("lawyer"), "firm": self.value("firm"),
                "closing_date": closing.day.isoformat() if closing else None}


@dataclass
class ProcessingError:
    """An error recorded as data so one bad page does not stop a dossier."""

    stage: str
    message: str
    page: int | None = None


@dataclass
class Dossier:
    """A bound case file: pages, the documents found in them, and case facts."""

    path: Path
    pages: list[Page] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    facts: CaseFacts = field(default_factory=CaseFacts)
    errors: list[ProcessingError] = field(default_factory=list)
    sha256: str = ""

    @property
    def name(self) -> str:
        return Path(self.path).name

    def page(self, index: int) -> Page:
        return self.pages[index - 1]

    def documents_of(self, *types: str) -> list[Document]:
        return [d for d in self.documents if d.type in types]

    def has(self, *types: str) -> bool:
        return any(d.type in types for d in self.documents)

    def text_of(self, doc: Document) -> str:
        return "\n".join(self.page(i).text for i in doc.pages)

    def document_at(self, index: int) -> Document | None:
        for doc in self.documents:
            if doc.first_page <= index <= doc.last_page:
                return doc
        return None

    def documents_by_page(self) -> dict[int, Document]:
        """Page index -> ``document_at(index)`` for the pages documents cover: one pass, for loops
        over all pages (``document_at`` scans every document)."""
        out: dict[int, Document] = {}
        for doc in self.documents:
            for i in doc.pages:
                out.setdefault(i, doc)
        return out

    def flagged(self, flag: str) -> list[int]:
        return [p.index for p in self.pages if flag in p.flags]

    def page_flags_contract(self) -> list[dict]:
        return [{"page": p.index, "flag": f} for p in self.pages for f in PAGE_FLAGS if f in p.flags]
