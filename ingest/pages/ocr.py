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
- a second reading of each line OCR doubted, on the page with its mid-grey ink turned to paper
  (a red seal scanned in grey over a signing date): kept only when surer, and only where it
  changes what the first reading doubted (it never changes or drops a numeral read surely);
- layout: boxes are mapped into upright PDF points, de-skewed with the median
  line angle, grouped into visual rows (top to bottom) and joined left to
  right; Line.size is estimated from the box height.

`Page.rotation` is the clockwise rotation of the content as bound (the same
convention as ingest.pages.pdf): 180 for an upside-down sheet. The mean
recognition confidence of the last page is `engine.last_confidence` (also
`engine.last_stats`, a dict with timings and counts).

Usage: `ocr = OcrEngine(); page = ocr(path, 3)` (1-based page index), the
signature ingest.pipeline expects for its `ocr` hook.

The steps live next door: ingest.pages.ocr_image (crops, colour, ink), ingest.pages.ocr_recognize
(per-character scores, margin page numbers), ingest.pages.ocr_layout (rows -> Lines); the
speed/accuracy benchmark is `python -m eval.ocr_bench`.
"""
from __future__ import annotations

import difflib
import functools
import os
import statistics
import threading
import time
from pathlib import Path

import numpy as np

from ingest.datamodel import Page
from ingest.pages.ocr_backend import available_backend, backend_label, replace_sessions
from ingest.pages.ocr_cache import OcrCache, default_cache, settings_key
from ingest.pages.ocr_image import box_wh, crop_box, ink_share, to_bgr, without_seal_ink
from ingest.pages.ocr_layout import SIZE_OFFSET, SIZE_SLOPE, layout_lines
from ingest.pages.ocr_recognize import MergedDigitConf, margin_page_numbers, recognize

POSTPROCESS_VERSION = 7  # our handling of rapidocr's output (margin numbers, layout): bump when it changes
DEFAULT_DPI = 150
DEFAULT_DET_LIMIT = 1120  # detector input: longest side in pixels (A4 at ~96 dpi)
MIN_SCORE = 0.5  # drop recognised lines below this confidence (rapidocr default)
REREAD_BELOW = 0.9  # a line whose weakest character is below this is read again without seal ink


def _threads() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


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
                "size_fit": [SIZE_SLOPE, SIZE_OFFSET], "reread_below": REREAD_BELOW} | ({"merge_digit_conf": True} if self.merge_digit_conf else {})

    def __call__(self, pdf_path: str | Path, page_index: int, password: str | None = None) -> Page:
        """OCR one page, through the on-disk cache when there is one (ingest.pages.ocr_cache)."""
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
        img = to_bgr(image)
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
        crops = [crop_box(img, b) for b in boxes]
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
        rec, stats["reread"] = self._reread_weak(img, boxes, flip, rec)
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
            items += margin_page_numbers(np.ascontiguousarray(upright), [it[0] for it in items],
                                         ocr.text_rec, self.min_score)
        up_w_pt, up_h_pt = (page_height_pt, page_width_pt) if rot in (90, 270) else (page_width_pt, page_height_pt)
        sx, sy = up_w_pt / work_w, up_h_pt / work_h
        lines = layout_lines(items, work_w, work_h, sx, sy)
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

    def _reread_weak(self, img: np.ndarray, boxes: np.ndarray, flip: bool,
                     rec: list[tuple[str, float, list[float]]]) -> tuple[list, int]:
        """Read again, on the page without its mid-grey seal ink, every line OCR doubted
        (dropped, or a character below REREAD_BELOW); the new reading replaces the old
        only when it is surer. Returns the readings and how many were replaced."""
        weak = [i for i, (text, score, chars) in enumerate(rec)
                if not text or score < self.min_score or min(chars, default=score) < REREAD_BELOW]
        if not weak:
            return rec, 0
        clean = np.ascontiguousarray(np.repeat(without_seal_ink(img[:, :, 0])[:, :, None], 3, axis=2))
        crops = [crop_box(clean, boxes[i]) for i in weak]
        if flip:
            crops = [np.ascontiguousarray(np.rot90(c, 2)) for c in crops]
        out, replaced = list(rec), 0
        for i, new in zip(weak, recognize(self.rapid.text_rec, crops)):
            if _surer(new, rec[i], self.min_score):
                out[i], replaced = new, replaced + 1
        return out, replaced

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
            w, h = box_wh(b)
            weight = max(w / max(h, 1.0), 1.0)  # longer lines say more than a lone digit
            p180 = score if "180" in str(label) else 1.0 - score
            num += weight * p180
            den += weight
        vote = num / den if den else 0.0
        if 0.3 < vote < 0.7:  # unsure: read a sample both ways
            order = sorted(range(len(crops)), key=lambda i: -box_wh(boxes[i])[0])[:6]
            sample = [crops[i] for i in order]
            up = ocr.text_rec(sample)[0]
            down = ocr.text_rec([np.ascontiguousarray(np.rot90(c, 2)) for c in sample])[0]
            s_up = statistics.fmean(float(r[1]) for r in up)
            s_down = statistics.fmean(float(r[1]) for r in down)
            return s_down > s_up, vote
        return vote >= 0.5, vote


def _surer(new: tuple[str, float, list[float]], old: tuple[str, float, list[float]], min_score: float) -> bool:
    """A re-read line is kept when it reads something, at least as sure overall, its weakest
    character clearly surer than the old reading's (a dropped line counts as 0), and it changes
    only what the first reading doubted: removing a seal also thins strokes, and a 4 whose
    diagonal went with it reads as a sure 1."""
    text, score, chars = new
    if not text or score < min_score:
        return False
    old_text, old_score, old_chars = old
    if not old_text or old_score < min_score:
        return min(chars, default=score) > 0.05
    return (score >= old_score and min(chars, default=score) > min(old_chars, default=old_score) + 0.05
            and _changes_only_doubted(old_text, old_chars, text))


def _changes_only_doubted(old: str, old_chars: list[float], new: str) -> bool:
    """Every character of the old reading that the new one replaces or drops was doubted
    (below REREAD_BELOW), no numeral is lost (a thin 1 of 17 may go with the seal's ink) and
    none becomes another (a doubted 4 whose diagonal went with it reads as a sure 1): a seal
    glyph may become a numeral, and characters the seal hid may be added anywhere."""
    if _numerals(new) < _numerals(old):
        return False
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("replace", "delete") and any(c >= REREAD_BELOW for c in old_chars[i1:i2]):
            return False
        if tag == "replace" and not _kept_in_order(_numeral_chars(old[i1:i2]), new[j1:j2]):
            return False
        # what a seal hides and a re-read may reveal is a date's numerals and marks; a word
        # (武刚凤 read as 武刚风, its inner stroke thinned away) or a dash (1—2 joined as 12) is not
        if tag == "delete" and not all(_is_word(ch) for ch in old[i1:i2]):
            return False
        if tag in ("replace", "insert") and not all(_revealed(new, j) for j in range(j1, j2)):
            return False
    return True


_NUMERALS = "0123456789〇○零一二三四五六七八九十"
_REVEALED = _NUMERALS + "年月日号"


def _revealed(text: str, j: int) -> bool:
    """A numeral, or a date's mark beside one (14日, not the 日 of 情况日无收入)."""
    ch = text[j]
    return ch in _NUMERALS or (ch in _REVEALED and any(
        0 <= k < len(text) and text[k] in _NUMERALS for k in (j - 1, j + 1)))


def _is_word(ch: str) -> bool:
    """A Chinese character that is no numeral (a seal's glyph landed in the line)."""
    return "\u4e00" <= ch <= "\u9fff" and ch not in _REVEALED


def _kept_in_order(chars: str, text: str) -> bool:
    """The characters all appear in text, in order (1 of 1 -> 14 is kept; 4 -> 1 is not)."""
    rest = iter(text)
    return all(ch in rest for ch in chars)


def _numerals(text: str) -> int:
    """How many Arabic and Chinese numerals a text has."""
    return len(_numeral_chars(text))


def _numeral_chars(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit() or ch in _NUMERALS)


@functools.cache
def _rapid_version() -> str:
    try:
        from importlib.metadata import version
        return version("rapidocr_onnxruntime")
    except Exception:  # noqa: BLE001 - metadata missing: key on the settings alone
        return "?"


_default: OcrEngine | None = None


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

