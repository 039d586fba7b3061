"""Is a page's text layer usable text? Shared by both PDF engines (ingest.pages.pdf, ingest.pages.pdf_plumber).

A text layer can exist and still be unusable: pdfminer's (cid:NN) codes, U+FFFD or
private-use glyph codes, control characters, or Latin-1 mojibake of GBK bytes. Such pages
are re-read by the other engine or left to OCR.
"""
from __future__ import annotations

import re

_CID = re.compile(r"\(cid:\d+\)")
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
