"""Split the ordered pages of a dossier into typed documents.

The page model (models/, passed in; ingest never imports it) scores each
page's type and the chance it starts a document. A Viterbi decode over the
whole page sequence then picks, per page, the document type and whether the
page opens a new document: a document keeps one type, and opening a document
of type t' after one of type t adds an optional soft prior from the binding
order (ingest.documents.sequence_prior). The prior is bounded, so it settles ambiguous
pages (scans, unseen templates) but cannot reorder confident ones: binding
errors stay visible. Pages that carry no content of their own (blank,
duplicate) never open a document; rotated and unreadable pages carry weak or
no type evidence and a rotated page needs a stronger start signal.
"""
from __future__ import annotations

import re
from typing import Protocol

import numpy as np

from ingest.datamodel import Document, Page
from ingest.doctypes import occasion_types
from ingest.organs import NAME_ENDINGS, SCATTERED_NAMES, SIGNING_LINE_ENDINGS, either
from ingest.pages.pageflags import content_hash, is_blank
from ingest.documents.sequence_prior import TransitionPrior
from ingest.pages.titles import heading_lines, title_line, titled_type
from ingest.documents.toc_groups import group_by_toc

EPS = 1e-4  # probability floor: one page's evidence is worth at most ~9 nats
ROTATED_START = 0.8  # a rotated page opens a document only above this start probability
ROTATED_TYPE_WEIGHT = 0.5  # a rotated page's text is read less reliably


class PageModel(Protocol):
    classes_: list[str]

    def predict_proba(self, pages: list[Page]) -> np.ndarray: ...

    def start_proba(self, pages: list[Page]) -> np.ndarray: ...


def _scores(pages: list[Page], model: PageModel) -> tuple[np.ndarray, np.ndarray]:
    """Type matrix (n x k) and start vector (n) from the page model."""
    probs = np.asarray(model.predict_proba(pages), dtype=float).reshape(len(pages), -1)
    starts = np.asarray(model.start_proba(pages), dtype=float).reshape(len(pages))
    return probs, starts


TITLE_WEIGHT = 0.5  # share of a titled page's type distribution given to the type its title names


def title_evidence(pages: list[Page], classes: list[str], probs: np.ndarray) -> np.ndarray:
    """Blend each titled page's type scores with the type its title line names (ingest.pages.titles):
    a 法律援助案件质量征询意见表 the model reads as a closing report is an opinion form. Pages
    without a title line keep the model's scores."""
    out = probs.copy()
    index = {c: i for i, c in enumerate(classes)}
    for i, page in enumerate(pages):
        named = titled_type(page)
        if named is None or named not in index:
            continue
        out[i] *= 1.0 - TITLE_WEIGHT
        out[i, index[named]] += TITLE_WEIGHT
    return out


OCCASION_START = 0.9  # start floor of a page headed as the record of a new occasion or another form
# a section heading inside a document (三、辩护意见, （二）承办经过) names a type too, but is no title
_ENUMERATED = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）])")


def titles_open(pages: list[Page], classes: list[str], probs: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """A page headed by a title of the type it reads as opens a document when that type is an
    occasion record (会见被告人笔录 above its own time and place: a second meeting's record is not
    the first one's continuation page) or differs from the page before (a 征询意见表 bound after
    the closing report is not the report's second page), whatever the start model says. A 续
    heading continues; a numbered section heading is no title."""
    occasions = occasion_types()
    out = starts.copy()
    for i, page in enumerate(pages):
        found = title_line(page) if i else None
        if found is None or _ENUMERATED.match(found[0]) or any("续" in h for h in heading_lines(page)):
            continue
        named = found[1]
        if classes[int(probs[i].argmax())] == named and (
                named in occasions or classes[int(probs[i - 1].argmax())] != named):
            out[i] = max(out[i], OCCASION_START)
    return out


ATTACHMENT_START = 0.05  # start score of a page that opens with 附：/附件： (it belongs to the page before)
_ATTACHMENT = re.compile(r"^\s*附\s*(?:件|录|表)?\s*(?:[:：]|[一二三四五六七八九十\d]+\s*[:：、.])")


_ORGAN = re.compile(rf"({either(SIGNING_LINE_ENDINGS)})[（(]?(盖章|章)?[）)]?$")
_SIGN_LINE = re.compile(r"^(?:[\d\s\-—－第页共]*|[\u4e00-\u9fff★☆](?:\s*[\u4e00-\u9fff★☆]){0,3}|"
                        r"(?:审判长|审判员|书记员|人民陪审员|代理审判员|法官助理|检察官|检察员)[\s\u3000]*[\u4e00-\u9fff]{2,4}|(?:19|20)\d\d.{0,12}|[〇○零一二三四五六七八九十OＯ0\s]{2,6}年.{0,10}|.{0,12}[年月日])$")


_DATE_PIECE = re.compile(r"^[\d\s年月日〇○零一二三四五六七八九十]{1,8}$")  # 月2, 4日: a date a seal split


_FULL_DATE = re.compile(r"(?:19|20)\d\d\s*年.{1,6}日|[〇○零一二三四五六七八九十OＯ0]{4}\s*年.{1,8}日")


def _names_organ(lines: list[str]) -> bool:
    """An organ's name on a line, or spelt in order across the lines: a round seal's glyphs land
    between the characters of the signing line (宁 院 / 波市 检察 / 人 鄞 民). Beside a whole date
    line, the end of an organ's name is enough (OCR reads 检察 under a seal as 游擦)."""
    if any(_ORGAN.search(ln.replace(" ", "")) for ln in lines):
        return True
    flat = "".join("".join(lines).split())
    if any(re.search(".*?".join(map(re.escape, w)), flat) for w in SCATTERED_NAMES):
        return True
    return any(_FULL_DATE.search(ln) for ln in lines) and any(w in flat for w in NAME_ENDINGS)


def is_signature_tail(page: Page) -> bool:
    """A page carrying only a signing block: the organ's name, the date, seal glyphs and the page
    number (the last page of an indictment or a judgment). It ends the document before it."""
    lines = [ln.strip() for ln in page.text.splitlines() if ln.strip()]
    if not lines or not _names_organ(lines):
        return False
    return all(_ORGAN.search(ln.replace(" ", "")) or _SIGN_LINE.match(ln) or _DATE_PIECE.match(ln) for ln in lines)


def attachments_continue(pages: list[Page], starts: np.ndarray) -> np.ndarray:
    """A page that opens with 附：/附件： (本判决适用的法律条文, an agreement attached to the report),
    or carries only a signing block, continues the document before it, whatever it looks like."""
    out = starts.copy()
    for i, page in enumerate(pages):
        first = next((ln for ln in page.text.splitlines() if ln.strip()), "")
        if i > 0 and (_ATTACHMENT.match(first) or is_signature_tail(page)):
            out[i] = min(out[i], ATTACHMENT_START)
    return out


def _passive(pages: list[Page], blank: np.ndarray) -> np.ndarray:
    """Pages that cannot open a document: blank, or a duplicate of an earlier page."""
    seen: set[str] = set()
    out = blank.copy()
    for i, page in enumerate(pages):
        h = None if blank[i] else content_hash(page)
        out[i] |= h is not None and h in seen
        if h is not None:
            seen.add(h)
    return out


def _logit(p: np.ndarray | float) -> np.ndarray:
    p = np.clip(p, EPS, 1 - EPS)
    return np.log(p) - np.log1p(-p)


def emissions(pages: list[Page], probs: np.ndarray, starts: np.ndarray, passive: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-page log scores: type (n x k), opening a document (n), continuing one (n).

    Passive pages have no type say and cannot open; unreadable pages have no
    type say; rotated pages have half the type say and a stricter start.
    """
    rotated = np.array([bool(p.rotation % 360) for p in pages])
    readable = np.array([p.readable for p in pages])
    type_w = np.where(passive | ~readable, 0.0, np.where(rotated, ROTATED_TYPE_WEIGHT, 1.0))
    log_type = np.log(np.clip(probs, EPS, 1.0)) * type_w[:, None]
    odds = _logit(starts) - np.where(rotated, _logit(ROTATED_START), 0.0)
    log_open = -np.logaddexp(0.0, -odds)  # log sigmoid
    log_cont = -np.logaddexp(0.0, odds)
    return log_type, np.where(passive, -np.inf, log_open), log_cont


def decode(log_type: np.ndarray, log_open: np.ndarray, log_cont: np.ndarray,
           prior: TransitionPrior | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Viterbi path: per-page document type index and start flag (page 0 always starts)."""
    n, k = log_type.shape
    first = prior.log_first if prior is not None else np.zeros(k)
    trans = prior.log_trans if prior is not None else np.zeros((k, k))
    score = log_type[0] + first
    back_prev = np.zeros((n, k), dtype=np.int64)
    back_open = np.zeros((n, k), dtype=bool)
    for i in range(1, n):
        cand = score[:, None] + trans  # previous type x new type
        prev = cand.argmax(axis=0)
        opened = cand[prev, np.arange(k)] + log_open[i]
        cont = score + log_cont[i]
        back_open[i] = opened > cont
        back_prev[i] = np.where(back_open[i], prev, np.arange(k))
        score = np.maximum(opened, cont) + log_type[i]
    types = np.empty(n, dtype=np.int64)
    is_start = np.zeros(n, dtype=bool)
    types[-1] = int(score.argmax())
    for i in range(n - 1, 0, -1):
        is_start[i] = back_open[i, types[i]]
        types[i - 1] = back_prev[i, types[i]]
    is_start[0] = True
    return types, is_start


def _document(pages: list[Page], probs: np.ndarray, starts: np.ndarray, passive: np.ndarray,
              lo: int, hi: int, k: int, prev_k: int | None, classes: list[str]) -> Document:
    """pages[lo:hi] as one document of type k, with a confidence in [0, 1].

    Confidence = mean type probability over the pages with content of their own
    x how sure the cut is (start probability, or the type evidence when the type
    changed) and how sure those pages continue it (a start signal inside the
    document lowers it).
    """
    own = np.flatnonzero(~passive[lo:hi]) + lo
    mean = float(probs[own if len(own) else np.arange(lo, hi), k].mean())
    cut = 1.0 if prev_k is None else max(starts[lo], probs[lo, k] if k != prev_k else 0.0)
    inner = own[own > lo]
    keep = float(np.min(1.0 - 0.5 * starts[inner])) if len(inner) else 1.0
    return Document(type=classes[k], first_page=pages[lo].index, last_page=pages[hi - 1].index,
                    confidence=mean * min(float(cut), keep), title=pages[lo].title)


def segment(pages: list[Page], model: PageModel, prior: TransitionPrior | None = None) -> list[Document]:
    """Documents covering every page exactly once, in order; stores scores on the pages.

    `prior` (ingest.documents.sequence_prior, columns in model.classes_ order) breaks
    ties between document types; None decodes on the page model alone.
    """
    if not pages:
        return []
    classes = list(model.classes_)
    probs, starts = _scores(pages, model)
    probs = title_evidence(pages, classes, probs)
    starts = attachments_continue(pages, titles_open(pages, classes, probs, starts))
    for i in range(1, len(pages)):  # a signing block alone has the type of the document it ends
        if is_signature_tail(pages[i]):
            probs[i] = probs[i - 1]
    for pg, row, s in zip(pages, probs, starts):
        pg.type_scores = {c: float(v) for c, v in zip(classes, row)}
        pg.start_score = float(s)
    if prior is not None and list(prior.classes) != classes:
        raise ValueError("prior classes differ from the page model's classes_")
    passive = _passive(pages, np.array([is_blank(p) for p in pages]))
    types, is_start = decode(*emissions(pages, probs, starts, passive), prior)
    cuts = list(np.flatnonzero(is_start)) + [len(pages)]
    return group_by_toc(pages, [_document(pages, probs, starts, passive, lo, hi, int(types[lo]),
                                          int(types[lo - 1]) if lo else None, classes)
                                for lo, hi in zip(cuts[:-1], cuts[1:])])
