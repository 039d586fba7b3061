"""OCR for image-only (scanned) or garbled pages: PDF page -> Page(text_source="ocr").

Engine: rapidocr_onnxruntime (PP-OCRv4 det/rec + mobile angle classifier,
ONNX models shipped inside the wheel; this module never downloads anything).
The model is loaded lazily, once per OcrEngine.

Per page: render with pypdfium2 at `dpi`, run the text detector on a copy
scaled to at most `det_limit_side_len` pixels, then
- orientation: if most detected boxes are tall and narrow the content lies on
  its side (90/270): the image is turned a quarter and detected again; 0 vs
  180 is a page-level vote of the angle classifier over all line crops
  (weighted by box length); a close vote is settled by recognising a sample
  of lines both ways and keeping the higher mean confidence;
- recognition of the line crops in the upright orientation;
- layout: boxes are mapped into upright PDF points, de-skewed with the median
  line angle, grouped into visual rows (top to bottom) and joined left to
  right; Line.size is estimated from the box height.

`Page.rotation` is the clockwise rotation of the content as bound (the same
convention as ingest.pdf): 180 for an upside-down sheet. The mean
recognition confidence of the last page is `engine.last_confidence` (also
`engine.last_stats`, a dict with timings and counts).

Usage: `ocr = OcrEngine(); page = ocr(path, 3)` (1-based page index), the
signature ingest.pipeline expects for its `ocr` hook.
"""
from __future__ import annotations

import functools
import math
import os
import re
import statistics
import threading
import time
from pathlib import Path

import numpy as np

from .datamodel import Line, Page
from .readings import edit_distance
from .ocr_backend import available_backend, backend_label, replace_sessions
from .ocr_cache import OcrCache, default_cache, settings_key

POSTPROCESS_VERSION = 2  # our handling of rapidocr's output (margin numbers, layout): bump when it changes
DEFAULT_DPI = 150
DEFAULT_DET_LIMIT = 1120  # detector input: longest side in pixels (A4 at ~96 dpi)
MIN_SCORE = 0.5  # drop recognised lines below this confidence (rapidocr default)
# det box height (pt, includes the detector's unclip margin) -> font size (pt):
# least-squares fit on 251 matched lines of generated scans (10-22 pt text)
SIZE_SLOPE, SIZE_OFFSET = 1.248, -9.46


def _threads() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _box_wh(box: np.ndarray) -> tuple[float, float]:
    """(length along the text, thickness) of a det quadrilateral tl, tr, br, bl."""
    w = (np.linalg.norm(box[0] - box[1]) + np.linalg.norm(box[3] - box[2])) / 2
    h = (np.linalg.norm(box[0] - box[3]) + np.linalg.norm(box[1] - box[2])) / 2
    return float(w), float(h)


def _crop(img: np.ndarray, box: np.ndarray) -> np.ndarray:
    """Perspective crop of one text box (as rapidocr does, without its auto-rot90)."""
    import cv2

    pts = box.astype(np.float32)
    w = int(max(np.linalg.norm(pts[0] - pts[1]), np.linalg.norm(pts[2] - pts[3])))
    h = int(max(np.linalg.norm(pts[0] - pts[3]), np.linalg.norm(pts[1] - pts[2])))
    w, h = max(w, 1), max(h, 1)
    dst = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(pts, dst)
    return cv2.warpPerspective(img, m, (w, h), borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC)


class OcrEngine:
    """Lazily loaded rapidocr engine; `engine(path, page_index) -> Page`."""

    def __init__(self, dpi: int = DEFAULT_DPI, det_limit_side_len: int = DEFAULT_DET_LIMIT,
                 threads: int | None = None, min_score: float = MIN_SCORE, detect_rotation: bool = True,
                 margin_numbers: bool = True, cache: OcrCache | None | str = "auto",
                 merge_digit_conf: bool = True, backend: str | None = None):
        self.dpi = dpi
        self.backend = backend or available_backend()
        self.det_limit_side_len = det_limit_side_len
        self.threads = threads or _threads()
        self.min_score = min_score
        self.detect_rotation = detect_rotation
        self.margin_numbers = margin_numbers
        self.merge_digit_conf = merge_digit_conf
        self.cache = default_cache() if cache == "auto" else cache  # None: always OCR
        self._ocr = None
        self._lock = threading.Lock()
        self.last_confidence: float | None = None
        self.last_stats: dict = {}

    # ------------------------------------------------------------ model
    @property
    def rapid(self):
        """The RapidOCR object (loaded on first use; models come from the wheel only)."""
        if self._ocr is None:
            with self._lock:
                if self._ocr is None:
                    self._ocr = self._load()
        return self._ocr

    def _load(self):
        import rapidocr_onnxruntime
        from rapidocr_onnxruntime import RapidOCR

        models = Path(rapidocr_onnxruntime.__file__).parent / "models"
        det = models / "ch_PP-OCRv4_det_infer.onnx"
        rec = models / "ch_PP-OCRv4_rec_infer.onnx"
        cls = models / "ch_ppocr_mobile_v2.0_cls_infer.onnx"
        missing = [p.name for p in (det, rec, cls) if not p.exists()]
        if missing:  # never fetch: the wheel is supposed to carry them
            raise RuntimeError(f"rapidocr_onnxruntime models missing from the wheel: {missing}")
        ocr = RapidOCR(det_model_path=str(det), rec_model_path=str(rec), cls_model_path=str(cls),
                       intra_op_num_threads=self.threads, inter_op_num_threads=1,
                       det_limit_type="max", det_limit_side_len=self.det_limit_side_len,
                       print_verbose=False)
        ocr.text_det.limit_type = "max"  # with "max" rapidocr never upscales; _detect downscales
        replace_sessions(ocr, self.threads, self.backend)
        if self.merge_digit_conf:
            ocr.text_rec.postprocess_op = MergedDigitConf(ocr.text_rec.postprocess_op)
        ocr.text_rec.rec_batch_num = 8
        ocr.text_cls.cls_batch_num = 16
        return ocr

    # ------------------------------------------------------------ public API
    def settings(self) -> dict:
        """Everything that changes the OCR output (the cache key); threads do not."""
        return {"engine": "rapidocr_onnxruntime", "rapidocr": _rapid_version(), "post": POSTPROCESS_VERSION,
                "backend": backend_label(self.backend),
                "dpi": self.dpi,
                "det_limit": self.det_limit_side_len, "min_score": self.min_score,
                "rotation": self.detect_rotation, "margin_numbers": self.margin_numbers,
                "size_fit": [SIZE_SLOPE, SIZE_OFFSET]} | ({"merge_digit_conf": True} if self.merge_digit_conf else {})

    def __call__(self, pdf_path: str | Path, page_index: int, password: str | None = None) -> Page:
        """OCR one page, through the on-disk cache when there is one (ingest.ocr_cache)."""
        if self.cache is None:
            return self.ocr_page(pdf_path, page_index, password)
        key = settings_key(self.settings())
        hit = self.cache.get(pdf_path, page_index, key)
        if hit is not None:
            confs = [ln.conf for ln in hit.lines]
            self.last_confidence = float(statistics.fmean(confs)) if confs else 0.0
            self.last_stats = {"cached": True}
            return hit
        page = self.ocr_page(pdf_path, page_index, password)
        self.cache.put(pdf_path, page_index, key, page)
        return page

    def ocr_page(self, pdf_path: str | Path, page_index: int, password: str | None = None) -> Page:
        """OCR one page (1-based index) of a PDF; the Page has PDF-point geometry."""
        import pypdfium2 as pdfium

        t0 = time.perf_counter()
        pdf = pdfium.PdfDocument(str(pdf_path), password=password)
        try:
            if not 1 <= page_index <= len(pdf):
                raise IndexError(f"page {page_index} out of range 1..{len(pdf)}")
            page = pdf[page_index - 1]
            try:
                w_pt, h_pt = page.get_size()  # as displayed (/Rotate applied)
                img = page.render(scale=self.dpi / 72).to_pil()
            finally:
                page.close()
        finally:
            pdf.close()
        t_render = time.perf_counter() - t0
        result = self.ocr_image(img, w_pt, h_pt)
        result.index = page_index
        self.last_stats["render_s"] = round(t_render, 3)
        self.last_stats["total_s"] = round(time.perf_counter() - t0, 3)
        return result

    def ocr_image(self, image, page_width_pt: float, page_height_pt: float) -> Page:
        """OCR a page image (PIL image or HxW[x3] array) showing a page of the given size."""
        t0 = time.perf_counter()
        img = _to_bgr(image)
        ih, iw = img.shape[:2]
        ocr = self.rapid
        stats: dict = {"det_passes": 1}
        boxes = self._detect(img)
        rot = 0  # clockwise rotation of the content = counter-clockwise turns needed to fix it
        if self.detect_rotation and len(boxes) and self._sideways(boxes):
            turned = np.ascontiguousarray(np.rot90(img, 1))  # turn counter-clockwise
            boxes2 = self._detect(turned)
            stats["det_passes"] = 2
            if len(boxes2) and not self._sideways(boxes2):
                img, boxes, rot = turned, boxes2, 90
        work_h, work_w = img.shape[:2]
        crops = [_crop(img, b) for b in boxes]
        flip, rot_conf = False, 1.0
        if self.detect_rotation and crops:
            flip, vote = self._upside_down(crops, boxes)
            stats["vote_180"] = round(float(vote), 3)
            rot_conf = max(float(vote), 1.0 - float(vote))
        if flip:
            crops = [np.ascontiguousarray(np.rot90(c, 2)) for c in crops]
            rot = (rot + 180) % 360
        t1 = time.perf_counter()
        rec = recognize(ocr.text_rec, crops)
        stats["rec_s"] = round(time.perf_counter() - t1, 3)
        # geometry in the upright working frame (pixels)
        items = []
        for b, (text, score, chars) in zip(boxes, rec):
            if not text or score < self.min_score:
                continue
            pts = b.astype(np.float64)
            if flip:
                pts = np.stack([work_w - pts[:, 0], work_h - pts[:, 1]], axis=1)[[2, 3, 0, 1]]
            items.append((pts, text, score, chars))
        if self.margin_numbers:
            upright = img[::-1, ::-1, 0] if flip else img[:, :, 0]
            items += _margin_numbers(np.ascontiguousarray(upright), [it[0] for it in items],
                                     ocr.text_rec, self.min_score)
        up_w_pt, up_h_pt = (page_height_pt, page_width_pt) if rot in (90, 270) else (page_width_pt, page_height_pt)
        sx, sy = up_w_pt / work_w, up_h_pt / work_h
        lines = _layout(items, work_w, work_h, sx, sy)
        text = "\n".join(ln.text for ln in lines)
        scores = [it[2] for it in items]
        self.last_confidence = float(statistics.fmean(scores)) if scores else 0.0
        stats.update({"boxes": len(boxes), "lines": len(lines), "chars": sum(len(it[1]) for it in items),
                      "confidence": round(self.last_confidence, 4), "rotation": rot,
                      "image": (iw, ih), "ocr_s": round(time.perf_counter() - t0, 3)})
        self.last_stats = stats
        return Page(index=0, width=float(up_w_pt), height=float(up_h_pt), text=text, lines=lines,
                    rotation=rot, image_only=True, text_source="ocr", ink=ink_share(img),
                    rotation_conf=round(rot_conf, 4))

    # ------------------------------------------------------------ steps
    def _detect(self, img: np.ndarray) -> np.ndarray:
        """Text boxes (n x 4 x 2, tl tr br bl) in img pixels; the detector sees a copy
        scaled down to det_limit_side_len (rapidocr's own "max" limit is ignored)."""
        import cv2

        h, w = img.shape[:2]
        ratio = min(1.0, self.det_limit_side_len / max(h, w))
        small = img
        if ratio < 1.0:
            small = cv2.resize(img, (max(32, round(w * ratio / 32) * 32), max(32, round(h * ratio / 32) * 32)),
                               interpolation=cv2.INTER_AREA)
        boxes, _ = self.rapid.text_det(small)
        if boxes is None or len(boxes) == 0:
            return np.zeros((0, 4, 2), dtype=np.float32)
        boxes = np.asarray(boxes, dtype=np.float32)
        boxes[:, :, 0] *= w / small.shape[1]
        boxes[:, :, 1] *= h / small.shape[0]
        return boxes

    @staticmethod
    def _sideways(boxes: np.ndarray) -> bool:
        """Most of the detected text length lies in tall, narrow boxes (text runs vertically)."""
        tall = wide = 0.0
        for b in boxes:
            xs, ys = b[:, 0], b[:, 1]
            bw, bh = float(xs.max() - xs.min()), float(ys.max() - ys.min())
            if bh > 1.6 * bw and bh > 12:
                tall += bh
            elif bw > 1.6 * bh and bw > 12:
                wide += bw
        return tall > 1.5 * wide and tall > 0

    def _upside_down(self, crops: list[np.ndarray], boxes: np.ndarray) -> tuple[bool, float]:
        """Page-level 0/180 decision: weighted cls vote, recognition as tie-breaker."""
        ocr = self.rapid
        _, cls_res, _ = ocr.text_cls(crops)
        num = den = 0.0
        for (label, score), b in zip(cls_res, boxes):
            w, h = _box_wh(b)
            weight = max(w / max(h, 1.0), 1.0)  # longer lines say more than a lone digit
            p180 = score if "180" in str(label) else 1.0 - score
            num += weight * p180
            den += weight
        vote = num / den if den else 0.0
        if 0.3 < vote < 0.7:  # unsure: read a sample both ways
            order = sorted(range(len(crops)), key=lambda i: -_box_wh(boxes[i])[0])[:6]
            sample = [crops[i] for i in order]
            up = ocr.text_rec(sample)[0]
            down = ocr.text_rec([np.ascontiguousarray(np.rot90(c, 2)) for c in sample])[0]
            s_up = statistics.fmean(float(r[1]) for r in up)
            s_down = statistics.fmean(float(r[1]) for r in down)
            return s_down > s_up, vote
        return vote >= 0.5, vote


@functools.cache
def _rapid_version() -> str:
    try:
        from importlib.metadata import version
        return version("rapidocr_onnxruntime")
    except Exception:  # noqa: BLE001 - metadata missing: key on the settings alone
        return "?"


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


def _to_bgr(image) -> np.ndarray:
    """Page image -> 3-channel uint8 for the models, from the red channel.

    Black and blue ink stay dark in the red channel while red seals and red
    stamps nearly vanish, so a seal over a signature date no longer garbles
    it (greyscale scans are unaffected: R = G = B).
    """
    if hasattr(image, "convert"):  # PIL
        image = np.asarray(image.convert("RGB"))
    arr = np.asarray(image)
    if arr.ndim == 3:
        arr = arr[:, :, 0]  # RGB order (PIL / pypdfium2 to_pil)
    return np.ascontiguousarray(np.repeat(arr[:, :, None], 3, axis=2), dtype=np.uint8)


_PAGE_NO = re.compile(r"^[-—–~·第页共/\s\d]*\d[-—–~·第页共/\s\d]*$")


def _margin_numbers(gray: np.ndarray, taken: list[np.ndarray], rec, min_score: float) -> list[tuple]:
    """Lone page numbers in the top/bottom margins that the detector missed.

    PP-OCRv4's detector reliably skips an isolated one- or two-digit number;
    here dark blobs in the top and bottom 12% of the upright page, outside
    every detected box, are grouped into small clusters, recognised, and kept
    only when they read as a page number ("7", "- 7 -", "第 7 页", "7/20").
    """
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
    if not out:
        return []
    found = []
    for (pts, _), (text, score, chars) in zip(out, recognize(rec, [c for _, c in out])):
        if text and score >= min_score and _PAGE_NO.match(text):
            found.append((pts, text, score, chars))
    return found


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


def _layout(items: list[tuple[np.ndarray, str, float, list[float]]], w: int, h: int, sx: float,
            sy: float) -> list[Line]:
    """Boxes (upright pixels) -> Lines in PDF points, in reading order."""
    if not items:
        return []
    # de-skew: median angle of the longer boxes' top edges
    angles = []
    for pts, _text, *_ in items:
        bw, bh = _box_wh(pts)
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
        thick = _box_wh(pts)[1]
        boxes.append({"x0": x0, "x1": x1, "top": y0, "bottom": y1, "h": thick,
                      "cy": (y0 + y1) / 2, "text": text, "score": score, "chars": chars})
    # rows: a box joins the row whose vertical centre band it overlaps
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
    lines = []
    for row in rows:
        row.sort(key=lambda x: x["x0"])
        parts, chars = [row[0]["text"]], list(row[0]["chars"])
        for prev, cur in zip(row, row[1:]):
            gap = cur["x0"] - prev["x1"]
            sep = " " if gap > 0.25 * min(prev["h"], cur["h"]) else ""
            parts.append(sep + cur["text"])
            chars += [1.0] * len(sep) + list(cur["chars"])
        hs = [x["h"] for x in row]
        size = round(max(5.0, statistics.median(hs) * sy * SIZE_SLOPE + SIZE_OFFSET), 1)
        lines.append(Line("".join(parts), min(x["x0"] for x in row) * sx, min(x["top"] for x in row) * sy,
                          max(x["x1"] for x in row) * sx, max(x["bottom"] for x in row) * sy, size,
                          conf=round(min(x["score"] for x in row), 4), char_conf=chars))
    return lines


def _overlap_x(a: dict, b: dict) -> bool:
    return min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > 0.5 * min(a["x1"] - a["x0"], b["x1"] - b["x0"])


_default: OcrEngine | None = None


def ink_share(img: np.ndarray) -> float:
    """Share of dark pixels inside the page margins (10% each side, away from scan shadows).

    A scanned blank sheet stays below about 0.0005 even with noise and speckles;
    a text page is at 0.01-0.08.
    """
    grey = img[:, :, 0] if img.ndim == 3 else img
    h, w = grey.shape[:2]
    centre = grey[h // 10: h - h // 10, w // 10: w - w // 10]
    return float((centre < 128).mean()) if centre.size else 0.0


def default_engine() -> OcrEngine:
    """A process-wide engine (one model load), for callers that just need `ocr(path, i)`."""
    global _default
    if _default is None:
        _default = OcrEngine()
    return _default


def ocr_confidence(engine: OcrEngine | None = None) -> float | None:
    """Mean recognition confidence of the last page OCRed by `engine` (default engine)."""
    eng = engine or _default
    return eng.last_confidence if eng is not None else None


# ---------------------------------------------------------------- benchmark CLI
def char_accuracy(ocr_text: str, ref_text: str) -> tuple[float, float]:
    """(bag-of-characters F1, 1 - normalised edit distance), whitespace ignored."""
    from collections import Counter

    a, b = re.sub(r"\s+", "", ocr_text), re.sub(r"\s+", "", ref_text)
    if not a and not b:
        return 1.0, 1.0
    inter = sum((Counter(a) & Counter(b)).values())
    return 2 * inter / (len(a) + len(b)), 1 - edit_distance(a, b) / max(len(a), len(b))


def main(argv: list[str] | None = None) -> int:
    """`python -m ingest.ocr SCAN.pdf [--digital TWIN.pdf] [--pages 1,3] [--dpi N] [--det-limit N]`:
    OCR pages, print seconds, confidence and (with a digital twin) character accuracy."""
    import argparse
    import resource

    ap = argparse.ArgumentParser(prog="python -m ingest.ocr")
    ap.add_argument("pdf", nargs="+", type=Path, help="scanned PDF(s)")
    ap.add_argument("--digital", nargs="*", type=Path, default=[], help="digital twin(s), same order")
    ap.add_argument("--pages", default="", help="1-based pages (default all)")
    ap.add_argument("--dpi", type=int, default=DEFAULT_DPI)
    ap.add_argument("--det-limit", type=int, default=DEFAULT_DET_LIMIT)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--cached", action="store_true", help="read pages through the OCR cache (no timing)")
    a = ap.parse_args(argv)
    import pypdfium2 as pdfium

    eng = OcrEngine(dpi=a.dpi, det_limit_side_len=a.det_limit, threads=a.threads)
    read = eng if a.cached else eng.ocr_page
    checks: list[tuple[str, bool, float]] = []
    t = time.perf_counter()
    eng.rapid
    print(f"model load {time.perf_counter() - t:.2f}s, threads={eng.threads}, dpi={a.dpi}, det_limit={a.det_limit}")
    wall, cpu, f1s, neds = [], [], [], []
    for k, path in enumerate(a.pdf):
        twin = None
        if k < len(a.digital):
            from .pdf import extract_pages

            twin = extract_pages(a.digital[k])
        doc = pdfium.PdfDocument(str(path))
        n = len(doc)
        doc.close()
        pages = [int(x) for x in a.pages.split(",") if x.strip()] or list(range(1, n + 1))
        for i in pages:
            c0, w0 = time.process_time(), time.perf_counter()
            pg = read(path, i)
            wall.append(time.perf_counter() - w0)
            cpu.append(time.process_time() - c0)
            row = (f"{path.name} p{i:>3} {wall[-1]:5.2f}s cpu {cpu[-1]:5.2f}s "
                   f"conf {eng.last_confidence:.3f} rot {pg.rotation:>3}")
            if twin is not None:
                from .pagenumbers import read_printed_number
                from .readings import reading_checks

                twin[i - 1].printed_number = read_printed_number(twin[i - 1])[0]
                checks += reading_checks(pg, twin[i - 1])
                f1, ned = char_accuracy(pg.text, twin[i - 1].text)
                f1s.append(f1)
                neds.append(ned)
                row += f" f1 {f1:.3f} 1-ned {ned:.3f} twin_rot {twin[i - 1].rotation}"
            print(row, flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pages {len(wall)}: mean {statistics.fmean(wall):.2f}s wall, {statistics.fmean(cpu):.2f}s cpu, "
          f"median {statistics.median(wall):.2f}s; max RSS {rss:.0f} MB")
    if f1s:
        print(f"char accuracy vs digital text: bag-of-chars F1 {statistics.fmean(f1s):.4f}, "
              f"1-NED {statistics.fmean(neds):.4f} (mean over {len(f1s)} pages)")
        print(reading_table(checks))
    return 0


def reading_table(checks: list[tuple[str, bool, float]],
                  thresholds: tuple[float, ...] = (0.5, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97)) -> str:
    """Per kind and threshold: readings at or above it, and how many of those are wrong.

    The decisive-confidence threshold (review.engine.OCR_DECISIVE_CONF) is the
    lowest one that keeps wrong readings out while keeping most right ones.
    """
    rows = ["kind | n | wrong | " + " | ".join(f">={t:g} kept/wrong" for t in thresholds)]
    for kind in sorted({k for k, _, _ in checks}):
        sel = [(ok, c) for k, ok, c in checks if k == kind]
        cells = [f"{sum(c >= t for _, c in sel)}/{sum(c >= t and not ok for ok, c in sel)}" for t in thresholds]
        rows.append(f"{kind} | {len(sel)} | {sum(not ok for ok, _ in sel)} | " + " | ".join(cells))
    wrong = sorted(round(c, 3) for _, ok, c in checks if not ok)
    return "\n".join(rows + [f"confidences of wrong readings: {wrong}"])


if __name__ == "__main__":
    raise SystemExit(main())
