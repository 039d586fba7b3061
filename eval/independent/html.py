"""HTML+CSS of a dossier's pages (rendered by headless Chromium), with seals in the text layer."""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from html import escape

from .layout import PAGE_H_PX, PAGE_W_PX, Style, kv_cells, width


COLUMN_WIDTHS = {4: [10, 60, 18, 12], 5: [9, 45, 20, 14, 12]}


@dataclass
class PageSpec:
    """What one physical page shows."""

    lines: list[tuple[str, str]]
    number: str | None = None          # archivist's stamped page number text
    footer: str | None = None          # the document's own printed footer (第1页 共3页)
    seal_texts: dict[int, str] = field(default_factory=dict)  # line index of a sign line -> seal text
    sign_dates: dict[int, str] = field(default_factory=dict)  # line index -> written signing date


def css(st: Style) -> str:
    return f"""@page {{ size: A4; margin: 0 }}
* {{ box-sizing: border-box }}
body {{ margin: 0; font-family: "{st.font}"; font-size: {st.size}px; line-height: {st.lh}px; color: #111 }}
.pg {{ width: {PAGE_W_PX}px; height: {PAGE_H_PX}px; position: relative; overflow: hidden;
       padding: {st.margin_top}px {st.margin_x}px {st.margin_bottom}px {st.margin_x}px; page-break-after: always }}
.title {{ font-family: "{st.title_font}", "{st.font}"; font-size: {round(st.size * 1.45)}px; line-height: {2 * st.lh}px;
          text-align: center; letter-spacing: 2px }}
.c {{ text-align: center }} .r {{ text-align: right }} .no {{ text-align: {st.no_align} }}
.p {{ text-indent: 2em }}
table {{ border-collapse: collapse; width: 100%; table-layout: auto }}
td {{ border: 1px solid #333; padding: {round(st.lh * 0.08)}px 4px; vertical-align: top }}
td.k {{ white-space: nowrap; width: 1%; }}
.sl {{ height: {st.lh}px; white-space: pre; overflow: visible }}
.z {{ display: inline-block; width: 0; white-space: nowrap }}
.zc {{ color: {st.seal_color}; opacity: 0.82 }}
.ring {{ position: absolute; border: 3px solid {st.seal_color}; border-radius: 50%; opacity: 0.8 }}
.pn {{ position: absolute; font-size: {st.size + 4}px }}
.hand {{ font-family: "Humor Sans"; color: #1a3a8a }}
.ft {{ position: absolute; bottom: 40px; width: 100%; left: 0; text-align: center; font-size: {st.size - 3}px }}
"""


def _seal_block(texts: tuple[str, str], seal: str, st: Style, rng: random.Random) -> str:
    """Signing block (who, date, trailing lines) with a round seal whose characters sit in the lines."""
    who, when = texts
    lh, size = st.lh, st.size
    content_w = PAGE_W_PX - 2 * st.margin_x
    right_pad = rng.choice([2, 3, 4]) * size
    lines = ["", who, when, "", "", ""]
    date_w = width(when) * size
    cx = content_w - right_pad - date_w / 2 + rng.uniform(-0.6, 0.6) * size
    r = 2.1 * lh
    cy = 2.5 * lh + r + rng.uniform(0.2, 0.45) * lh
    n = len(seal)
    placed: dict[int, list[tuple[float, str]]] = {}
    for k, ch in enumerate(seal):
        a = math.radians(200 - k * 220 / max(1, n - 1))
        x, y = cx + r * math.cos(a), cy - r * math.sin(a)
        placed.setdefault(min(5, int(y // lh)), []).append((x, ch))
    ring_r = r + 0.75 * size
    out = []
    for i, text in enumerate(lines):
        x0 = content_w - right_pad - width(text) * size
        pos = [x0]
        for ch in text:
            pos.append(pos[-1] + width(ch) * size)
        chars = sorted(placed.get(i, []))
        html = [f'<span style="display:inline-block;width:{max(0, round(x0))}px"></span>']
        if i == 0:
            html.append(f'<span class="ring" style="margin-left:{round(cx - ring_r - x0)}px;margin-top:{round(cy - ring_r)}px;'
                        f'width:{round(2 * ring_r)}px;height:{round(2 * ring_r)}px"></span>')
        j = 0
        for idx in range(len(text) + 1):
            while j < len(chars) and (idx == len(text) or chars[j][0] < (pos[idx] + pos[idx + 1]) / 2):
                inside = 0 < idx < len(text)
                dx = 0 if inside else chars[j][0] - pos[idx] - size / 2  # inside the text: keep x increasing
                html.append(f'<span class="z"><span class="zc" style="margin-left:{round(dx)}px">{escape(chars[j][1])}</span></span>')
                j += 1
            if idx < len(text):
                html.append(escape(text[idx]))
        out.append(f'<div class="sl">{"".join(html)}</div>')
    return "".join(out)


def _kv(text: str) -> str:
    cells = "".join(f'<td class="k">{escape(k)}</td><td>{escape(v)}</td>' if v or k else "<td></td>"
                    for k, v in kv_cells(text))
    return f"<tr>{cells}</tr>"


def page_html(spec: PageSpec, st: Style, rng: random.Random) -> str:
    """One page's HTML."""
    parts: list[str] = []
    table: list[str] = []

    def flush() -> None:
        if table:
            parts.append(f"<table>{''.join(table)}</table>")
            table.clear()

    for i, (kind, text) in enumerate(spec.lines):
        if kind in ("kv", "grid", "row"):
            if kind == "kv":
                table.append(_kv(text))
            else:
                cells = text.split("|")
                widths = COLUMN_WIDTHS.get(len(cells), [round(100 / len(cells))] * len(cells))
                table.append("<tr>" + "".join(f'<td style="width:{w}%">{escape(x)}</td>' for w, x in zip(widths, cells))
                             + "</tr>")
            continue
        flush()
        if kind == "sign":
            parts.append(_seal_block((text, spec.sign_dates.get(i, "")), spec.seal_texts.get(i, ""), st, rng))
        elif kind == "gap":
            parts.append(f'<div style="height:{int(text or 1) * st.lh}px"></div>')
        elif kind == "blank":
            parts.append(f"<div>{escape(text)}：{'_' * 24}</div>")
        elif kind in ("title", "c", "r", "no", "p"):
            parts.append(f'<div class="{kind}">{escape(text)}</div>')
        else:
            parts.append(f"<div>{escape(text)}</div>")
    flush()
    if spec.number is not None:
        hand = "hand" if st.number_style.endswith("hand") else ""
        if st.number_style.startswith("top_right"):
            pos = f"top:{rng.randint(28, 44)}px;right:{rng.randint(36, 60)}px"
        else:
            pos = f"bottom:{rng.randint(24, 34)}px;left:{PAGE_W_PX // 2 - 20}px"
        parts.append(f'<div class="pn {hand}" style="{pos}">{escape(spec.number)}</div>')
    if spec.footer:
        parts.append(f'<div class="ft">{escape(spec.footer)}</div>')
    return f'<div class="pg">{"".join(parts)}</div>'


def document_html(pages: list[PageSpec], st: Style, seed: int) -> str:
    """The whole dossier as one HTML document."""
    rng = random.Random(seed)
    body = "".join(page_html(p, st, rng) for p in pages)
    return f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>{css(st)}</style></head><body>{body}</body></html>'
