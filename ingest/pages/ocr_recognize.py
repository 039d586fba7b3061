"""Line recognition on top of rapidocr's recogniser: per-character scores, merged look-alike
digits, and the lone margin page numbers its detector misses."""
from __future__ import annotations

import re

import numpy as np

# Glyphs the date and page-number parsers read as one digit (ingest.dates): a zero drawn
# as 〇 splits the recogniser's probability between 〇, ○, O and 0, so the top-1 score of
# any one of them understates how sure the digit is (measured: 26 of the 54 correct dates
# scored below 0.9 had their worst character at a zero). It changes per-character scores
# only (text and box scores are the same), and it is part of the cache key.
SAME_DIGIT = ("0〇○◯零OoＯ", "1lI|ｌＩ")


class MergedDigitConf:
    """CTC decoder wrapper: a look-alike digit's per-character score is its group's total
    probability. Text and box scores stay the decoder's own (argmax unchanged)."""

    def __init__(self, decoder):
        self.decoder = decoder
        chars = list(decoder.character)
        self.groups = [np.array([i for i, c in enumerate(chars) if c in g], dtype=int) for g in SAME_DIGIT]

    def __getattr__(self, name):
        return getattr(self.decoder, name)

    def __call__(self, preds: np.ndarray, return_word_box: bool = False, **kw):
        res = self.decoder(preds, return_word_box, **kw)
        if not return_word_box:
            return res
        idx = preds.argmax(axis=2)
        merged = preds.max(axis=2)
        for members in self.groups:
            if len(members):
                merged = np.where(np.isin(idx, members), preds[:, :, members].sum(axis=2), merged)
        for b, r in enumerate(res):
            keep = np.ones(idx.shape[1], dtype=bool)  # CTC: collapse repeats, drop blanks (token 0)
            keep[1:] = idx[b, 1:] != idx[b, :-1]
            keep &= idx[b] != 0
            if len(r[2][4]) == int(keep.sum()):
                r[2][4] = np.minimum(merged[b][keep], 1.0).tolist()
        return res


def recognize(rec, crops: list[np.ndarray]) -> list[tuple[str, float, list[float]]]:
    """(text, box score, one score per character of text) for each crop, text stripped.

    rapidocr only reports a box's mean score unless asked for word boxes; the
    per-character scores tell a doubtful digit inside an otherwise sure line.
    """
    if not crops:
        return []
    out = []
    for r in rec(crops, return_word_box=True)[0]:
        raw, score = str(r[0]), float(r[1])
        chars = [float(c) for c in r[2][4]] if len(r) > 2 and len(r[2]) > 4 else []
        if len(chars) != len(raw):  # no per-character scores: every character gets the box score
            chars = [score] * len(raw)
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        out.append((text, score, [round(c, 4) for c in chars[lead:lead + len(text)]]))
    return out


_PAGE_NO = re.compile(r"^[-—–~·第页共/\s\d]*\d[-—–~·第页共/\s\d]*$")


def margin_page_numbers(gray: np.ndarray, taken: list[np.ndarray], rec, min_score: float) -> list[tuple]:
    """Lone page numbers in the top/bottom margins that the detector missed.

    PP-OCRv4's detector reliably skips an isolated one- or two-digit number;
    here dark blobs in the top and bottom 12% of the upright page, outside
    every detected box, are grouped into small clusters, recognised, and kept
    only when they read as a page number ("7", "- 7 -", "第 7 页", "7/20").
    """
    out = _margin_blobs(gray, taken)
    if not out:
        return []
    found = []
    for (pts, _), (text, score, chars) in zip(out, recognize(rec, [c for _, c in out])):
        if text and score >= min_score and _PAGE_NO.match(text):
            found.append((pts, text, score, chars))
    return found


def _margin_blobs(gray: np.ndarray, taken: list[np.ndarray]) -> list[tuple[np.ndarray, np.ndarray]]:
    """(box, 3-channel crop) of each digit-sized ink cluster in the top and bottom 12% of the
    page, outside the boxes already taken."""
    import cv2

    h, w = gray.shape[:2]
    band = int(h * 0.12)
    mask = np.zeros((h, w), dtype=np.uint8)
    for pts in taken:
        x0, y0 = np.maximum(pts.min(axis=0).astype(int) - 2, 0)
        x1, y1 = pts.max(axis=0).astype(int) + 2
        mask[y0:y1, x0:x1] = 1
    out = []
    for y_off, strip in ((0, gray[:band]), (h - band, gray[h - band:])):
        if strip.size == 0:
            continue
        # ink is what is clearly darker than the paper: a fixed cap (128) lost thin serif digits
        # that scanning blur had greyed to 130-170 on light paper
        thr = int(np.median(strip)) - 50
        ink = ((strip < thr) & (mask[y_off:y_off + strip.shape[0]] == 0)).astype(np.uint8)
        # drop long rules (header/footer lines) before grouping glyphs
        ink &= ~cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, max(8, w // 25)), np.uint8)).astype(bool)
        ink = ink.astype(np.uint8)
        unit = max(4, h // 180)  # ~ half a character at 10-12 pt
        grown = cv2.dilate(ink, np.ones((max(3, unit // 2), unit * 2), np.uint8))
        n, _, st, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
        for x, y, bw, bh, area in st[1:]:
            if not (unit * 1.2 <= bh <= unit * 6 and bw <= w * 0.2 and bw >= unit * 0.6):
                continue
            if int(ink[y:y + bh, x:x + bw].sum()) < unit * 2:
                continue  # speckle
            pad = max(2, bh // 4)
            ya, yb = max(0, y_off + y - pad), min(h, y_off + y + bh + pad)
            xa, xb = max(0, x - pad), min(w, x + bw + pad)
            out.append((np.array([[xa, ya], [xb, ya], [xb, yb], [xa, yb]], dtype=np.float64),
                        np.ascontiguousarray(np.repeat(gray[ya:yb, xa:xb, None], 3, axis=2))))
    return out
