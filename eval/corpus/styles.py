"""Per-dossier visual style drawn from family habits (fonts are chosen separately)."""
from __future__ import annotations

import random

from .layout import Style

_PN = {"A": (["top_right", "bottom_center"], [9, 1]), "B": (["top_right", "bottom_dash"], [6, 4]),
       "C": (["top_right", "bottom_di"], [5, 5]), "D": (["top_right", "bottom_center"], [7, 3])}
_HEADER = {"A": (["none", "rule"], [7, 3]), "B": (["none", "rule"], [5, 5]),
           "C": (["none", "case_no"], [8, 2]), "D": (["case_no", "rule", "none"], [6, 2, 2])}
_BODY = {"A": [10.5, 12, 12, 13], "B": [11, 12, 12.5, 13], "C": [12, 13, 14, 14], "D": [10.5, 11, 12]}
_TITLE = {"A": (18, 22), "B": (16, 20), "C": (18, 22), "D": (16, 18)}


def sample_style(rng: random.Random, family: str) -> Style:
    names, w = _PN[family]
    pn = rng.choices(names, w)[0]
    hn, hw = _HEADER[family]
    header = rng.choices(hn, hw)[0]
    lo, hi = _TITLE[family]
    return Style(body=rng.choice(_BODY[family]), title=float(rng.randint(lo, hi)),
                 leading=round(rng.uniform(1.45, 1.9), 2), left=float(rng.randint(22, 30)),
                 right=float(rng.randint(18, 26)), top=float(rng.randint(24, 32)),
                 bottom=float(rng.randint(20, 28)), kv_label_chars=rng.choice([5, 6, 7]),
                 header=header, pn=pn)
