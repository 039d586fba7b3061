"""pdfplumber / pdfminer: the second opinion for pages whose pdfium text looks garbled.

Different font decoding paths fail differently: pdfminer shows (cid:N) where a font lacks
a Unicode map (pdfium then shows plausible but wrong characters), and it sometimes decodes
a page pdfium garbles. One bad page never raises here: it is recorded as unreadable.
"""
from __future__ import annotations

import statistics
from pathlib import Path

from ingest.datamodel import Line, Page
from ingest.pages.garbled import is_garbled


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


def plumber_pages(path: Path, password: str | None, which: list[int] | None, n: int) -> dict[int, Page]:
    """Pages ``which`` (0-based; None: all n) read by pdfplumber, keyed by index."""
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


def fonts_lack_unicode(path: Path, password: str | None, pages: list[Page]) -> bool:
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
