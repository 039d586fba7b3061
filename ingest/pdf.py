"""Text extraction: PDF file -> list[Page] with text, lines, font sizes, rotation.

pypdfium2 is the default engine: ~50x faster than pdfplumber and it reads
CFF-outline CJK fonts that pdfminer returns empty for. pdfplumber is the
second opinion for pages whose pdfium text looks garbled (different font
decoding paths fail differently). One bad page never raises: it is recorded
as text_source="none"; only whole-file problems raise DossierError.
"""
from __future__ import annotations

import ctypes
import hashlib
import math
from bisect import bisect_left
from collections import Counter
from itertools import repeat
import re
import statistics
from pathlib import Path
from typing import Callable, Sequence

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from .datamodel import Line, Page
from .errors import CorruptPdfError, DossierError, EmptyPdfError, EncryptedPdfError, NotPdfError
from .textnorm import clean_page

_CID = re.compile(r"\(cid:\d+\)")


# ---------------------------------------------------------------- file checks
def looks_like_pdf(head: bytes) -> bool:
    """Whether a file's first bytes are a PDF's (a %PDF header, possibly after a BOM or junk)."""
    return head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n\x00").startswith(b"%PDF") or b"%PDF-" in head[:1024]


def check_file(path: str | Path) -> bytes:
    """Read the file and reject empty / non-PDF content before any engine sees it."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise DossierError(p, f"cannot open file ({exc.strerror or exc})", "无法打开文件") from exc
    if not data:
        raise EmptyPdfError(p, "file is empty (0 bytes)", "文件为空（0字节）")
    if not looks_like_pdf(data[:1024]):
        raise NotPdfError(p)
    return data


def _open_pdfium(path: Path, data: bytes, password: str | None) -> pdfium.PdfDocument:
    try:
        doc = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        if re.search(rb"/Count\s+0\b", data) and not re.search(rb"/Count\s+[1-9]", data):
            raise EmptyPdfError(path) from exc  # a well-formed page tree with no pages (before the
            # error code, which pdfium may leave stale from an earlier file)
        code = getattr(exc, "err_code", None)
        if code == raw.FPDF_ERR_PASSWORD:
            raise EncryptedPdfError(path, password=password) from exc
        if code == raw.FPDF_ERR_SECURITY:
            raise EncryptedPdfError(path, "unsupported PDF security handler", "不支持的PDF加密方式") from exc
        raise CorruptPdfError(path) from exc
    if len(doc) == 0:
        doc.close()
        if b"%%EOF" not in data[-2048:]:
            raise CorruptPdfError(path, "PDF is truncated (no pages readable, no %%EOF)",
                                  "PDF文件不完整（被截断）")
        raise EmptyPdfError(path)
    return doc


# ---------------------------------------------------------------- text quality
_GOOD_RUNS = re.compile("[\x21-\x7e\u4e00-\u9fff\u3400-\u4dbf\u3000-\u303f\uff01-\uff5e\u2000-\u206f"
                        "\u2460-\u24ff\u2500-\u27bf\xb7\xd7\xb0\xa7]+")
_BAD = re.compile("[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f\x80-\xa6\xa8-\xaf\xb1-\xb6\xb8-\xd6"
                  "\xd8-\u024f]")
_WS = re.compile(r"\s+")


_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def is_garbled(text: str) -> bool:
    """True when a text layer exists but is not usable Chinese/ASCII text.

    Covers pdfminer '(cid:NN)' output, U+FFFD / private-use glyph codes and
    Latin-1 mojibake of GBK bytes: too small a share of CJK/ASCII characters.
    """
    if _CID.search(text) and len(_CID.findall(text)) * 8 > len(text) * 0.2:
        return True
    if _CTRL.search(text):  # NUL and friends never occur in real text: glyph ids read as characters
        return True
    solid = _WS.sub("", text)
    if len(solid) < 4:
        return False
    bad = len(_BAD.findall(solid))
    good = len(solid) - len(_GOOD_RUNS.sub("", solid))  # what is left is not good (no list of every char)
    return bad / len(solid) > 0.2 or good / len(solid) < 0.6


# ---------------------------------------------------------------- pdfium engine
_POINTER = type(ctypes.POINTER(ctypes.c_double))


def _by_address(fn: Callable) -> Callable:
    """``fn`` taking each pointer as a plain address (an int): ctypes then skips a pointer type
    check on every call (~0.4 us), and a page makes some 300 char queries."""
    fast = type(fn)(ctypes.cast(fn, ctypes.c_void_p).value)
    fast.argtypes = [ctypes.c_void_p if isinstance(t, _POINTER) else t for t in fn.argtypes]
    fast.restype = fn.restype
    return fast


_get_char_box = _by_address(raw.FPDFText_GetCharBox)
_get_char_angle = _by_address(raw.FPDFText_GetCharAngle)
_get_font_size = _by_address(raw.FPDFText_GetFontSize)


class _BoxReader:
    """Char boxes through one C array: pdfium writes each char's box into its own slot and all
    are read back in one slice, instead of four ctypes reads per char."""

    def __init__(self) -> None:
        self._grow(64)

    def _grow(self, slots: int) -> None:
        self._buf = (ctypes.c_double * (4 * slots))()
        base = ctypes.addressof(self._buf)
        self._outs = [list(range(base + 8 * j, base + 32 * slots, 32)) for j in range(4)]  # slots' l, r, b, t

    def read(self, tp: int, chars: Sequence[int]) -> list[float]:
        """l, r, b, t (PDF space) of each of ``chars`` in turn, as one flat list; ``tp``: the
        text page's address."""
        n = len(chars)
        if n > len(self._outs[0]):
            self._grow(2 * n)
        list(map(_get_char_box, repeat(tp, n), chars, *self._outs))  # map: no bytecode per char
        return self._buf[:4 * n]


_BOXES = _BoxReader()


def _upright_boxes(tp: int, chars: Sequence[int], angle: int, w: float, h: float,
                   cl: float, cb: float) -> list[tuple[float, float, float, float]]:
    """Upright boxes (_upright of the char box shifted by the page's bounding-box origin)."""
    v = _BOXES.read(tp, chars)
    return [_upright(_shift(v[j:j + 4], cl, cb), angle, w, h) for j in range(0, len(v), 4)]


def _line_extent(tp: int, pick: list[int], angle: int, w: float, h: float,
                 cl: float, cb: float) -> tuple[float, float, float, float]:
    """(x0, top, x1, bottom) of chars ``pick`` upright: the extractor's innermost work."""
    if angle == 0 and not (cl or cb):  # most pages; the least h - t is h - the greatest t, exactly
        v = _BOXES.read(tp, pick)
        return min(v[0::4]), h - max(v[3::4]), max(v[1::4]), h - min(v[2::4])
    x0s, tops, x1s, bottoms = zip(*_upright_boxes(tp, pick, angle, w, h, cl, cb))
    return min(x0s), min(tops), max(x1s), max(bottoms)


def _shift(box, dx: float, dy: float) -> tuple[float, float, float, float]:
    if dx or dy:
        l, r, b, t = box
        return l - dx, r - dx, b - dy, t - dy
    return box


def _has_image(page: pdfium.PdfPage) -> bool:
    return bool(_image_objects(page))


def _dominant_angle(tp: int, idxs: list[int]) -> int:
    """Text direction from pdfium char angles, snapped to 90 degrees.

    Measured: pdfium reports the angle clockwise as seen on the page (fpdf2's
    counter-clockwise rotation(90) comes back as 270).
    """
    votes: dict[int, int] = {}
    sample = idxs[:: max(1, len(idxs) // 40)]
    angles = Counter(map(_get_char_angle, repeat(tp, len(sample)), sample))  # few distinct values
    for a, n in angles.items():
        if a < 0:
            continue
        deg = int(round(math.degrees(a) / 90.0)) % 4 * 90
        votes[deg] = votes.get(deg, 0) + n
    return max(votes, key=votes.get) if votes else 0


def _upright(box, angle: int, w: float, h: float) -> tuple[float, float, float, float]:
    """PDF box (l, r, b, t; origin bottom-left) -> upright (x0, top, x1, bottom; origin top-left).

    `angle` is the clockwise rotation of the text; rotating the page back by
    that angle makes the text upright (the upright page is h wide for 90/270).
    """
    l, r, b, t = box
    if angle == 180:
        return w - r, b, w - l, t
    if angle == 270:  # text runs bottom-to-top
        return b, l, t, r
    if angle == 90:  # text runs top-to-bottom
        return h - t, w - r, h - b, w - l
    return l, h - t, r, h - b


def _upright_runs(tp: int, text: str, a: int, b: int, angle: int, w: float, h: float,
                  cl: float, cb: float) -> str:
    """Text of chars a..b with whitespace-separated runs ordered left to right when upright."""
    runs: list[tuple[float, str]] = []
    start = None
    for k in range(a, b + 1):
        if k < b and not text[k].isspace():
            if start is None:
                start = k
            continue
        if start is not None:
            # each glyph at its upright x: a turned page's stream may run right to left
            boxes = _upright_boxes(tp, range(start, k), angle, w, h, cl, cb)
            xs = sorted(zip((box[0] for box in boxes), text[start:k]), key=lambda t: t[0])
            runs.append((xs[0][0], "".join(ch for _, ch in xs)))
            start = None
    runs.sort(key=lambda r: r[0])
    return " ".join(t for _, t in runs)


FRAGMENT_CHARS = 2          # a "line" this short is a fragment when most of the page is like it
FRAGMENTED_SHARE = 0.4      # share of fragment lines that marks a page written glyph by glyph


def join_fragments(lines: list[Line]) -> list[Line]:
    """Join the one-glyph "lines" of a page whose producer placed every glyph on its own
    (pdfium breaks lines at each placement): consecutive fragments on one baseline, left
    to right, become one line; gaps of a cell's width become two spaces (a table cell
    boundary, as elsewhere). Pages with ordinary lines are returned unchanged: seal glyphs
    between the parts of a date must stay apart there."""
    short = [ln for ln in lines if len(ln.text.replace(" ", "")) <= FRAGMENT_CHARS]
    if len(short) < 10 or len(short) < FRAGMENTED_SHARE * len(lines):
        return lines
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        size = max(ln.size, prev.size if prev else 0.0, 4.0)
        if (prev is not None and abs(ln.top - prev.top) < 0.35 * size
                and ln.x0 >= prev.x1 - 0.3 * size):
            gap = ln.x0 - prev.x1
            sep = "  " if gap > 1.5 * size else " " if gap > 0.3 * size else ""
            out[-1] = Line(prev.text + sep + ln.text, prev.x0, min(prev.top, ln.top), max(prev.x1, ln.x1),
                           max(prev.bottom, ln.bottom), prev.size or ln.size)
        else:
            out.append(ln)
    return out


_SOLID = re.compile(r"\S+")  # \s is exactly str.isspace


def _solid_chars(text: str) -> list[int]:
    """Indexes of the non-space chars of ``text``, a run at a time (a CJK line is mostly one run)."""
    out: list[int] = []
    for m in _SOLID.finditer(text):
        out.extend(range(*m.span()))
    return out


def _text_all(textpage: pdfium.PdfTextPage) -> str:
    """The text page's chars, one per char index."""
    n = textpage.count_chars()
    text = textpage.get_text_range(0, n) if n > 0 else ""
    if len(text) != n:  # surrogate pairs etc.: rebuild one char per index
        text = "".join(chr(raw.FPDFText_GetUnicode(textpage.raw, k) or 0xFFFD) for k in range(n))
    return text


def _line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line of the char stream, at pdfium's own line breaks."""
    spans: list[tuple[int, int]] = []
    start = 0
    for part in text.split("\n"):
        spans.append((start, start + len(part)))
        start += len(part) + 1
    return spans


def _page_lines(textpage: pdfium.PdfTextPage, page_rot: int, w: float, h: float,
                cl: float, cb: float) -> tuple[list[Line], int]:
    """The text page's lines (text, upright extent, median font size) and the text's angle."""
    tp = ctypes.cast(textpage.raw, ctypes.c_void_p).value  # an address: see _by_address
    text_all = _text_all(textpage)
    solid = _solid_chars(text_all)
    angle = _dominant_angle(tp, solid) if solid else 0
    lines: list[Line] = []
    for a, b in _line_spans(text_all):
        idx = solid[bisect_left(solid, a):bisect_left(solid, b)]  # the line's non-space chars
        if not idx:
            continue
        ltext = text_all[a:b].replace("\r", "").strip()
        if angle != 0 or page_rot:  # pdfium orders a turned line by displayed x: re-sort in upright x
            ltext = _upright_runs(tp, text_all, a, b, angle, w, h, cl, cb)
        # first/last chars fix the extent; a sample of the rest fixes top/bottom (speed); ascending
        pick = idx if len(idx) <= 8 else idx[:2] + idx[2:-2:3] + idx[-2:]
        sample = idx[:: max(1, len(idx) // 8)]
        sizes = list(map(_get_font_size, repeat(tp, len(sample)), sample))
        lines.append(Line(ltext, *_line_extent(tp, pick, angle, w, h, cl, cb),
                          round(statistics.median(sizes), 2) if sizes else 0.0))
    return lines, angle


def _image_objects(page: pdfium.PdfPage) -> list:
    """The page's image objects, also those inside form XObjects (at most 500 / 200 looked at)."""
    out = []
    for i in range(min(raw.FPDFPage_CountObjects(page), 500)):
        obj = raw.FPDFPage_GetObject(page, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            out.append(obj)
        elif kind == raw.FPDF_PAGEOBJ_FORM:
            subs = (raw.FPDFFormObj_GetObject(obj, j) for j in range(min(raw.FPDFFormObj_CountObjects(obj), 200)))
            out += [sub for sub in subs if raw.FPDFPageObj_GetType(sub) == raw.FPDF_PAGEOBJ_IMAGE]
    return out


def image_key(page: pdfium.PdfPage) -> str:
    """Digest of the page's embedded images (their encoded data; "" when it has none): two
    exhibit pages captioned alike (照片（复印件）) are one page bound twice only if their
    photos are the same too."""
    digests = []
    for obj in _image_objects(page):
        size = raw.FPDFImageObj_GetImageDataRaw(obj, None, 0)
        buf = (ctypes.c_ubyte * size)()
        raw.FPDFImageObj_GetImageDataRaw(obj, buf, size)
        digests.append(hashlib.sha1(bytes(buf)).hexdigest())
    return hashlib.sha1("|".join(sorted(digests)).encode()).hexdigest() if digests else ""


SHORT_PAGE_CHARS = 60  # pages with less text than this get an image_key (captions, signing tails)


def _pdfium_page(pdf: pdfium.PdfDocument, i: int) -> Page:
    page = pdf[i]
    try:
        page_rot = page.get_rotation() or 0
        w, h = page.get_size()  # already swapped by /Rotate; char boxes are unrotated
        if page_rot in (90, 270):
            w, h = h, w
        rect = raw.FS_RECTF()
        cl = cb = 0.0
        if raw.FPDF_GetPageBoundingBox(page, ctypes.byref(rect)):
            cl, cb = rect.left, rect.bottom
        textpage = page.get_textpage()
        try:
            lines, angle = _page_lines(textpage, page_rot, w, h, cl, cb)
        finally:
            textpage.close()
        vw, vh = (h, w) if angle in (90, 270) else (w, h)
        if angle != 0 or page_rot:  # reading order of rotated content: top to bottom in upright space
            lines.sort(key=lambda ln: (round(ln.top / 3), ln.x0))
        lines = join_fragments(lines)
        text = "\n".join(ln.text for ln in lines)
        content_rot = (angle + page_rot) % 360  # both clockwise: how the page looks when viewed
        result = Page(index=i + 1, width=vw, height=vh, text=text, lines=lines,
                      rotation=content_rot, text_source="pdfium")
        if not text.strip():
            result.text_source = "none"
            result.image_only = _has_image(page)
        elif is_garbled(text):
            result.garbled = True
        elif len("".join(text.split())) < SHORT_PAGE_CHARS:
            result.image_key = image_key(page)
        return result
    finally:
        page.close()


# ---------------------------------------------------------------- pdfplumber engine
def _plumber_page(ppage, index: int) -> Page:
    """One page via pdfplumber words (with sizes) grouped into lines by top."""
    words = ppage.extract_words(extra_attrs=["size"], keep_blank_chars=False, use_text_flow=True)
    rows: list[list[dict]] = []
    for wd in sorted(words, key=lambda d: (d["top"], d["x0"])):
        if rows and abs(rows[-1][0]["top"] - wd["top"]) < 0.5 * max(wd["size"], 1):
            rows[-1].append(wd)
        else:
            rows.append([wd])
    lines = []
    for row in rows:
        row.sort(key=lambda d: d["x0"])
        lines.append(Line(" ".join(d["text"] for d in row), min(d["x0"] for d in row),
                          min(d["top"] for d in row), max(d["x1"] for d in row),
                          max(d["bottom"] for d in row),
                          round(statistics.median(d["size"] for d in row), 2)))
    text = "\n".join(ln.text for ln in lines)
    pg = Page(index=index, width=float(ppage.width), height=float(ppage.height), text=text,
              lines=lines, rotation=int(ppage.rotation or 0) % 360, text_source="pdf")
    if not text.strip():
        pg.text_source = "none"
        pg.image_only = bool(ppage.images)
    elif is_garbled(text):
        pg.garbled = True
    return pg


def _plumber_pages(path: Path, password: str | None, which: list[int] | None, n: int) -> dict[int, Page]:
    import pdfplumber

    out: dict[int, Page] = {}
    with pdfplumber.open(path, password=password or "") as pdf:
        for i in (which if which is not None else range(n)):
            ppage = pdf.pages[i]
            try:
                out[i] = _plumber_page(ppage, i + 1)
            except Exception:  # noqa: BLE001 - one bad page must not stop the file
                out[i] = Page(index=i + 1, text_source="none", garbled=True)
            finally:
                ppage.close()
    return out


def _fonts_lack_unicode(path: Path, password: str | None, pages: list[Page]) -> bool:
    """Does the first page with text use a font without a Unicode map?

    pdfium then maps glyph ids through the font's cmap to plausible but wrong
    characters (no cid codes to see), while pdfminer shows (cid:N). One
    pdfplumber page per dossier keeps this cheap.
    """
    first = next((i for i, pg in enumerate(pages) if pg.text.strip()), None)
    if first is None:
        return False
    try:
        return "(cid:" in _pdfminer_page_text(path, password, first)
    except Exception:  # noqa: BLE001 - a cross-check only
        return False


def _pdfminer_page_text(path: Path, password: str | None, index: int) -> str:
    """pdfminer's chars of one page (0-based) in content-stream order, walking the page tree
    only up to it: pdfplumber would resolve every page of a 300-page dossier first (0.2 s on
    100 pages). No layout analysis (a fifth of the time): the chars, (cid:N) among them, are
    the same; only the line breaks and spaces that layout inserts between them are not."""
    import io

    from pdfminer.converter import TextConverter
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    with open(path, "rb") as fp:
        doc = PDFDocument(PDFParser(fp), password=password or "")
        for k, page in enumerate(PDFPage.create_pages(doc)):
            if k < index:
                continue
            out = io.StringIO()
            rsrc = PDFResourceManager()
            with TextConverter(rsrc, out, laparams=None) as dev:
                PDFPageInterpreter(rsrc, dev).process_page(page)
            return out.getvalue()
    return ""


# ---------------------------------------------------------------- public API
def extract_pages(path: str | Path, password: str | None = None, engine: str = "pdfium",
                  fallback: bool = True) -> list[Page]:
    """Extract every page of a PDF (1-based Page.index), in physical order.

    engine="pdfium" (default, fast) or "pdfplumber". With fallback, pages whose
    pdfium text is garbled are re-read with pdfplumber and the better result
    is kept. Text is normalised (ingest.textnorm) after the garbled checks.
    Raises DossierError subclasses only for whole-file problems.
    """
    return [clean_page(pg) for pg in _extract_pages(Path(path), password, engine, fallback)]


def _extract_pages(p: Path, password: str | None, engine: str, fallback: bool) -> list[Page]:
    data = check_file(p)
    pdf = _open_pdfium(p, data, password)
    try:
        n = len(pdf)
        if engine == "pdfplumber":
            got = _plumber_pages(p, password, None, n)
            pages = [got[i] for i in range(n)]
            for i, pg in enumerate(pages):
                alt = _safe_pdfium(pdf, i)  # cheap next to pdfminer
                if alt.rotation:  # pdfplumber has no upright transform: use pdfium's lines
                    pages[i] = alt
                elif not pg.readable and fallback and alt.readable:
                    pages[i] = alt  # pdfminer cannot read CFF CJK fonts
                else:
                    pg.rotation = alt.rotation
            for pg in pages:
                if pg.garbled:
                    pg.text_source = "none"
            return pages
        if engine != "pdfium":
            raise ValueError(f"unknown engine {engine!r}")
        pages = [_safe_pdfium(pdf, i) for i in range(n)]
    finally:
        pdf.close()
    if fallback and _fonts_lack_unicode(p, password, pages):
        try:
            cid = {i for i, alt_page in _plumber_pages(p, password, None, n).items() if "(cid:" in alt_page.text}
        except Exception:  # noqa: BLE001 - pdfminer cannot parse the damaged file: trust the first check
            cid = {i for i, pg in enumerate(pages) if pg.text.strip()}
        suspect = cid | {i for i, pg in enumerate(pages) if pg.garbled}
        if len(suspect) * 3 >= n:  # the file's fonts lack Unicode maps: no page's text can be trusted
            suspect = {i for i, pg in enumerate(pages) if pg.text.strip()}
        for i in suspect:
            pages[i].garbled = True
        for i in range(n):  # pdfminer cannot do better on such pages: OCR must read them
            pages[i].text_source = "none" if pages[i].garbled else pages[i].text_source
        return pages
    bad = [i for i, pg in enumerate(pages) if pg.garbled]
    if fallback and bad:
        try:
            alt = _plumber_pages(p, password, bad, n)
        except Exception:  # noqa: BLE001 - fallback is best effort
            alt = {}
        for i, pg in alt.items():
            if pg.readable:
                pg.rotation = pages[i].rotation
                pages[i] = pg
    for pg in pages:
        if pg.garbled:  # neither engine decoded it: the text is kept as evidence only
            pg.text_source = "none"
    return pages


def _safe_pdfium(pdf: pdfium.PdfDocument, i: int) -> Page:
    try:
        return _pdfium_page(pdf, i)
    except Exception:  # noqa: BLE001 - record the page as unreadable instead
        return Page(index=i + 1, text_source="none", garbled=True)


def page_count(path: str | Path, password: str | None = None) -> int:
    """Number of pages, with the same whole-file checks as extract_pages."""
    p = Path(path)
    pdf = _open_pdfium(p, check_file(p), password)
    try:
        return len(pdf)
    finally:
        pdf.close()
