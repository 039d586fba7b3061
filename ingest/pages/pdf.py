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
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from ingest.datamodel import Page
from ingest.errors import CorruptPdfError, DossierError, EmptyPdfError, EncryptedPdfError, NotPdfError
from ingest.pages.garbled import is_garbled
from ingest.pages.pdf_plumber import fonts_lack_unicode, plumber_pages
from ingest.pages.pdfium_lines import join_fragments, page_lines
from ingest.pages.textnorm import clean_page


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


def open_pdfium(path: Path, data: bytes, password: str | None) -> pdfium.PdfDocument:
    """Open checked PDF bytes with pdfium, its errors as DossierError subclasses (encrypted, corrupt)."""
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


# ---------------------------------------------------------------- pdfium page assembly
def _has_image(page: pdfium.PdfPage) -> bool:
    return bool(_image_objects(page))


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
            lines, angle = page_lines(textpage, page_rot, w, h, cl, cb)
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


# ---------------------------------------------------------------- public API
def extract_pages(path: str | Path, password: str | None = None, engine: str = "pdfium",
                  fallback: bool = True) -> list[Page]:
    """Extract every page of a PDF (1-based Page.index), in physical order.

    engine="pdfium" (default, fast) or "pdfplumber". With fallback, pages whose
    pdfium text is garbled are re-read with pdfplumber and the better result
    is kept. Text is normalised (ingest.pages.textnorm) after the garbled checks.
    Raises DossierError subclasses only for whole-file problems.
    """
    return [clean_page(pg) for pg in _extract_pages(Path(path), password, engine, fallback)]


def _extract_pages(p: Path, password: str | None, engine: str, fallback: bool) -> list[Page]:
    data = check_file(p)
    pdf = open_pdfium(p, data, password)
    try:
        n = len(pdf)
        if engine == "pdfplumber":
            got = plumber_pages(p, password, None, n)
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
    if fallback and fonts_lack_unicode(p, password, pages):
        try:
            cid = {i for i, alt_page in plumber_pages(p, password, None, n).items() if "(cid:" in alt_page.text}
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
            alt = plumber_pages(p, password, bad, n)
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
    pdf = open_pdfium(p, check_file(p), password)
    try:
        return len(pdf)
    finally:
        pdf.close()
