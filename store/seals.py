"""Red seals on page images: found by colour and covered for blind reviewers, since a round seal
spells the firm's or center's name in a circle that no text search can find."""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw
from scipy import ndimage

COVER = (128, 128, 128)


def red_mask(img: Image.Image) -> np.ndarray:
    """Pixels of seal red: strong red, little green and blue (black text and grey rules are not)."""
    a = np.asarray(img.convert("RGB")).astype(np.int16)
    r, g, b = a[..., 0], a[..., 1], a[..., 2]
    return (r > 130) & (r - g > 50) & (r - b > 50)


def seal_boxes(img: Image.Image, min_side: int | None = None) -> list[tuple[int, int, int, int]]:
    """Bounding boxes (x0, y0, x1, y1) of red regions big enough to be a seal; the ring, its
    characters and its star are joined by a dilation into one region."""
    mask = red_mask(img)
    if not mask.any():
        return []
    side = min_side or max(12, min(img.size) // 25)
    grown = ndimage.binary_dilation(mask, iterations=max(2, side // 6))
    grown = ndimage.binary_fill_holes(grown)  # a ring and what it encloses are one seal
    labels, n = ndimage.label(grown)
    boxes = []
    for sl in ndimage.find_objects(labels):
        if sl is None:
            continue
        y0, y1, x0, x1 = sl[0].start, sl[0].stop, sl[1].start, sl[1].stop
        if x1 - x0 >= side and y1 - y0 >= side and mask[sl].sum() >= side:
            boxes.append((x0, y0, x1, y1))
    return boxes


def cover_seals(img: Image.Image, margin: int = 4) -> Image.Image:
    """A copy of ``img`` with every seal-sized red region painted over in grey."""
    boxes = seal_boxes(img)
    if not boxes:
        return img
    out = img.copy()
    draw = ImageDraw.Draw(out)
    for x0, y0, x1, y1 in boxes:
        draw.rectangle((x0 - margin, y0 - margin, x1 + margin, y1 + margin), fill=COVER)
    return out
