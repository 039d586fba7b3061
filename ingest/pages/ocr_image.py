"""Page-image helpers for OCR: colour conversion, text-box geometry and crops, ink share.

Kept apart from the engine (ingest.pages.ocr) because they are plain array work on one
image: no model, no PDF.
"""
from __future__ import annotations

import numpy as np


def to_bgr(image) -> np.ndarray:
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


def without_seal_ink(grey: np.ndarray, share: float = 0.4) -> np.ndarray:
    """Greyscale page with its mid-grey ink turned to paper: a red seal scanned in grey.

    A red seal scans to mid grey (about 110-130 on 220-240 paper) while printed or
    written text is near black, and where the seal lies over a stroke the stroke stays
    dark. Everything lighter than `share` of the way from the ink to the paper becomes
    paper, which leaves the text a seal covered (骑年压月) readable again. Only for
    re-reading doubtful lines: it also thins anti-aliased strokes.
    """
    paper = float(np.percentile(grey, 60))
    dark = grey[grey < paper - 40]
    if dark.size < 100:  # no ink to speak of
        return grey
    ink = float(np.percentile(dark, 5))
    return np.where(grey > ink + share * (paper - ink), paper, grey).astype(np.uint8)


def box_wh(box: np.ndarray) -> tuple[float, float]:
    """(length along the text, thickness) of a det quadrilateral tl, tr, br, bl."""
    w = (np.linalg.norm(box[0] - box[1]) + np.linalg.norm(box[3] - box[2])) / 2
    h = (np.linalg.norm(box[0] - box[3]) + np.linalg.norm(box[1] - box[2])) / 2
    return float(w), float(h)


def crop_box(img: np.ndarray, box: np.ndarray) -> np.ndarray:
    """Perspective crop of one text box (as rapidocr does, without its auto-rot90)."""
    import cv2

    pts = box.astype(np.float32)
    w = int(max(np.linalg.norm(pts[0] - pts[1]), np.linalg.norm(pts[2] - pts[3])))
    h = int(max(np.linalg.norm(pts[0] - pts[3]), np.linalg.norm(pts[1] - pts[2])))
    w, h = max(w, 1), max(h, 1)
    dst = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(pts, dst)
    return cv2.warpPerspective(img, m, (w, h), borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC)


def ink_share(img: np.ndarray) -> float:
    """Share of dark pixels inside the page margins (10% each side, away from scan shadows).

    A scanned blank sheet stays below about 0.0005 even with noise and speckles;
    a text page is at 0.01-0.08.
    """
    grey = img[:, :, 0] if img.ndim == 3 else img
    h, w = grey.shape[:2]
    centre = grey[h // 10: h - h // 10, w // 10: w - w // 10]
    return float((centre < 128).mean()) if centre.size else 0.0
