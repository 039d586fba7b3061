"""Text normalisation at ingest: page text and lines that every later stage can trust.

PDF text layers carry what their fonts' maps say, not what a reader sees: lone UTF-16
surrogates (a ToUnicode map yielding D800-DFFF; ``json.dumps(..., ensure_ascii=False)``
then fails to encode), NUL and other control characters, private-use glyph codes,
zero-width and odd spaces, line and paragraph separators that ``str.splitlines`` breaks on,
Kangxi radicals and CJK compatibility ideographs standing in for ordinary characters.

``clean_text`` removes or maps exactly those; CJK, full-width punctuation (（）〔〕：，) and
the ideographic space U+3000 are kept as they are (no NFKC: it would turn （ into ( and
break the case-number patterns). Garbled-text detection (ingest.pages.garbled.is_garbled) runs on
the raw text first, so cleaning never hides a bad text layer.
"""
from __future__ import annotations

import re
import unicodedata

from ingest.datamodel import Line, Page

__all__ = ["clean_line", "clean_page", "clean_text"]

# characters that are never kept: lone surrogates, C0/C1 controls (but \t \n), DEL,
# zero-width marks, soft hyphen, BOM, private use, non-characters
_DROP = re.compile("[\ud800-\udfff\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b-\u200d\u2060-\u2064"
                   "\ufeff\ue000-\uf8ff\ufdd0-\ufdef\ufffe\uffff]")
# spaces and breaks that are mapped: odd spaces -> ' ', line breakers -> '\n' (or ' ' inside a line)
_SPACE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f]")
_BREAK = re.compile("[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Kangxi radicals, CJK radicals supplement, compatibility ideographs: NFKC gives the unified character
_COMPAT = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff]")
_ODD = re.compile(f"{_DROP.pattern}|{_SPACE.pattern}|{_BREAK.pattern}|{_COMPAT.pattern}|\n")
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def _join_pair(m: re.Match) -> str:
    hi, lo = (ord(c) for c in m.group())
    return chr(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))


def _compat(m: re.Match) -> str:
    return unicodedata.normalize("NFKC", m.group())


def _clean_char(ch: str, newlines: bool) -> str:
    """What one character (or a joined surrogate pair) becomes: '' when dropped."""
    if _DROP.fullmatch(ch):
        return ""
    if _SPACE.fullmatch(ch):
        return " "
    if ch == "\n" or _BREAK.fullmatch(ch):
        if ch == "\r":
            return ""  # \r\n and lone \r: the \n (or nothing) is the break
        return "\n" if newlines else " "
    if _COMPAT.fullmatch(ch):
        return unicodedata.normalize("NFKC", ch)
    return ch


def clean_text(text: str, newlines: bool = True) -> str:
    """``text`` without undecodable or invisible characters; ``newlines=False`` for one line."""
    if not text or not _ODD.search(text):
        return text
    text = _SURROGATE_PAIR.sub(_join_pair, text)
    text = _DROP.sub("", text)
    text = _SPACE.sub(" ", text).replace("\r\n", "\n").replace("\r", "\n" if newlines else " ")
    text = _BREAK.sub("\n" if newlines else " ", text)
    if not newlines:
        text = text.replace("\n", " ")
    return _COMPAT.sub(_compat, text)


def clean_line(line: Line) -> Line:
    """Clean a line's text in place; OCR character scores stay one per character."""
    text = line.text
    if not text or not _ODD.search(text):
        return line
    if line.char_conf and len(line.char_conf) == len(text):
        chars, confs = [], []
        for ch, conf in zip(text, line.char_conf):  # OCR output: no surrogate pairs to join
            out = _clean_char(ch, newlines=False)
            chars.append(out)
            confs.extend([conf] * len(out))
        line.text, line.char_conf = "".join(chars), confs
    else:
        line.text = clean_text(text, newlines=False)
    return line


def clean_page(page: Page) -> Page:
    """Clean a page's text and every line of it in place (returns the page)."""
    for ln in page.lines:
        clean_line(ln)
    page.text = clean_text(page.text)
    return page
