"""How much a file's text says "legal-aid case dossier": the text evidence that decides
whether a file is reviewed as a dossier (review.verdict) and whether an obviously unrelated
file's image pages are worth OCR (ingest.pipeline).

A real dossier, even scanned and OCR'd, even without its cover, names legal aid on many of
its pages (法律援助决定书, 指派通知书, 受援人, a 法援 case number). A paper, a manual or a
spreadsheet printout has no such words, and most of them are not even in Chinese.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.datamodel import Page

__all__ = ["TextEvidence", "text_evidence"]

_CJK = re.compile("[\u4e00-\u9fff\u3400-\u4dbf]")
_LEGAL_AID = re.compile(r"法\s*律\s*援\s*助|法\s*援|受\s*援\s*人|援\s*助\s*律\s*师|受\s*援")
MIN_LETTERS = 4  # letters of any script (CJK included) that make a text: "Test" is a document
FOREIGN_CJK_SHARE = 0.2  # at most this share of the letters Chinese: a text in another language
# a file mostly of pages that could hide text (undecodable, or images not OCR'd) needs this many
# letters elsewhere before its text may speak for the whole file
MIN_LETTERS_PARTLY_UNREAD = 200


@dataclass(frozen=True)
class TextEvidence:
    """Counts over the pages of a file."""

    pages: int = 0  # pages counted
    readable: int = 0  # of which with readable text
    garbled: int = 0  # of which with a text layer that could not be decoded
    unread: int = 0  # of which garbled, or images without any text (not OCR'd, or OCR found none)
    letters: int = 0  # alphabetic characters of any script (CJK included) on readable pages
    cjk: int = 0  # Chinese characters
    legal_aid: int = 0  # legal-aid words (法律援助, 法援, 受援人 ...)
    legal_aid_pages: int = 0  # pages naming legal aid

    @property
    def cjk_share(self) -> float:
        return self.cjk / self.letters if self.letters else 0.0

    @property
    def no_text(self) -> bool:
        """Not one letter to read, and nothing undecoded that might be text."""
        return self.letters == 0 and self.garbled == 0

    @property
    def foreign(self) -> bool:
        """Mostly letters of another script than Chinese."""
        return self.cjk_share < FOREIGN_CJK_SHARE

    @property
    def unrelated(self) -> bool:
        """Positive evidence from the text that this is not a legal-aid file: readable text and
        not one legal-aid word, unless most pages could not be read and the rest says little."""
        if self.legal_aid or self.letters < MIN_LETTERS:
            return False
        return not (2 * self.unread >= self.pages and self.letters < MIN_LETTERS_PARTLY_UNREAD)


def text_evidence(pages: Iterable[Page]) -> TextEvidence:
    """Count letters, Chinese characters and legal-aid words on the readable pages."""
    n = readable = garbled = unread = letters = cjk = aid = aid_pages = 0
    for pg in pages:
        n += 1
        if pg.garbled:
            garbled += 1
            unread += 1
            continue
        text = pg.text
        if not text.strip():
            unread += pg.image_only
            continue
        readable += 1
        letters += sum(map(str.isalpha, text))  # C-level loop: a page is read twice per review
        cjk += len(_CJK.findall(text))
        hits = len(_LEGAL_AID.findall(text))
        aid += hits
        aid_pages += hits > 0
    return TextEvidence(n, readable, garbled, unread, letters, cjk, aid, aid_pages)
