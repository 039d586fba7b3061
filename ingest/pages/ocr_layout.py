"""OCR text boxes -> Lines in reading order: de-skew, group into visual rows, join left to right.

Line.size is estimated from the box height with a fit measured on generated scans
(SIZE_SLOPE, SIZE_OFFSET; part of the OCR cache key, see ingest.pages.ocr).
"""
from __future__ import annotations

import math
import statistics

import numpy as np

from ingest.datamodel import Line
from ingest.pages.ocr_image import box_wh

# det box height (pt, includes the detector's unclip margin) -> font size (pt):
# least-squares fit on 251 matched lines of generated scans (10-22 pt text)
SIZE_SLOPE, SIZE_OFFSET = 1.248, -9.46


def layout_lines(items: list[tuple[np.ndarray, str, float, list[float]]], w: int, h: int, sx: float,
                 sy: float) -> list[Line]:
    """Boxes (upright pixels) -> Lines in PDF points, in reading order."""
    if not items:
        return []
    rows = _rows(_deskewed_boxes(items, w, h))
    return [_row_line(row, sx, sy) for row in rows]


def _deskewed_boxes(items: list[tuple[np.ndarray, str, float, list[float]]], w: int, h: int) -> list[dict]:
    """Each box's upright extent after turning the page by its median skew (a scan's tilt)."""
    # de-skew: median angle of the longer boxes' top edges
    angles = []
    for pts, _text, *_ in items:
        bw, bh = box_wh(pts)
        if bw > 3 * bh:
            dx, dy = pts[1] - pts[0]
            angles.append(math.atan2(dy, dx))
    ang = statistics.median(angles) if angles else 0.0
    if abs(ang) > math.radians(5):  # not a scan skew: leave the geometry alone
        ang = 0.0
    cos, sin = math.cos(-ang), math.sin(-ang)
    cx, cy = w / 2, h / 2
    boxes = []
    for pts, text, score, chars in items:
        x = cx + (pts[:, 0] - cx) * cos - (pts[:, 1] - cy) * sin
        y = cy + (pts[:, 0] - cx) * sin + (pts[:, 1] - cy) * cos
        x0, x1, y0, y1 = float(x.min()), float(x.max()), float(y.min()), float(y.max())
        thick = box_wh(pts)[1]
        boxes.append({"x0": x0, "x1": x1, "top": y0, "bottom": y1, "h": thick,
                      "cy": (y0 + y1) / 2, "text": text, "score": score, "chars": chars})
    return boxes


def _rows(boxes: list[dict]) -> list[list[dict]]:
    """Visual rows, top to bottom: a box joins the row whose vertical centre band it overlaps."""
    boxes.sort(key=lambda b: (b["cy"], b["x0"]))
    rows: list[list[dict]] = []
    for b in boxes:
        best = None
        for row in rows[-4:]:
            rc = statistics.fmean(x["cy"] for x in row)
            rh = statistics.fmean(x["h"] for x in row)
            if abs(b["cy"] - rc) < 0.45 * min(rh, b["h"]) + 1 and not any(_overlap_x(b, x) for x in row):
                best = row
        if best is None:
            rows.append([b])
        else:
            best.append(b)
    rows.sort(key=lambda r: statistics.fmean(x["cy"] for x in r))
    return rows


def _row_line(row: list[dict], sx: float, sy: float) -> Line:
    """One row's boxes joined left to right (a space where the gap is wide) as a Line in points."""
    row.sort(key=lambda x: x["x0"])
    parts, chars = [row[0]["text"]], list(row[0]["chars"])
    for prev, cur in zip(row, row[1:]):
        gap = cur["x0"] - prev["x1"]
        sep = " " if gap > 0.25 * min(prev["h"], cur["h"]) else ""
        parts.append(sep + cur["text"])
        chars += [1.0] * len(sep) + list(cur["chars"])
    hs = [x["h"] for x in row]
    size = round(max(5.0, statistics.median(hs) * sy * SIZE_SLOPE + SIZE_OFFSET), 1)
    return Line("".join(parts), min(x["x0"] for x in row) * sx, min(x["top"] for x in row) * sy,
                max(x["x1"] for x in row) * sx, max(x["bottom"] for x in row) * sy, size,
                conf=round(min(x["score"] for x in row), 4), char_conf=chars)


def _overlap_x(a: dict, b: dict) -> bool:
    return min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > 0.5 * min(a["x1"] - a["x0"], b["x1"] - b["x0"])
