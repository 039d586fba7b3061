"""Bind laid-out documents into physical pages: page-level defects, page numbers, TOC, cover.

Printed numbers start at 1 on the first page after the toc; cover and toc are
unnumbered; blank pages get no number; every other page (backup sheet included)
is numbered. TOC ranges use the printed numbers. A page of another case is its
own document but sits inside its neighbour's TOC range.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from .defects import Defect
from .layout import PAGE_H, PAGE_W, Style, paginate, text_width
from .templates.common import Doc

DEFAULT_TOC_NAME = {"identity": "受援人身份证明", "evidence": "证据材料", "other": "法院通知"}


@dataclass
class PhysPage:
    doc: Doc
    ops: list
    start: bool
    printed: int | None = None
    rotated: bool = False
    flags: list[str] = field(default_factory=list)


def content_pages(docs: list[Doc]) -> list[PhysPage]:
    return [PhysPage(d, ops, k == 0) for d in docs for k, ops in enumerate(d.pages)]


def apply_page_defects(rng: random.Random, pages: list[PhysPage], defects: list[Defect]) -> None:
    """BD-04 duplicate, BD-05 blank, BD-06 upside-down (in place). Pages are then 0-based
    positions among content pages; the caller turns them into physical indexes."""
    items = {d.item: d for d in defects}
    body = [i for i, p in enumerate(pages) if p.doc.type != "backup_sheet"]
    if "BD-04" in items:
        multi = [i for i in body if len(pages[i].doc.pages) > 1 and not pages[i].start] or body
        i = rng.choice(multi)
        src = pages[i]
        pages.insert(i + 1, PhysPage(src.doc, src.ops, False, flags=["duplicate"]))
        items["BD-04"].detail = f"page duplicated ({src.doc.type})"
    if "BD-05" in items:
        body = [i for i, p in enumerate(pages) if p.doc.type != "backup_sheet" and not p.flags]
        i = rng.choice(body)
        pages.insert(i + 1, PhysPage(pages[i].doc, [], False, flags=["blank"]))
        items["BD-05"].detail = f"blank page inside/after {pages[i].doc.type}"
    if "BD-06" in items:
        body = [i for i, p in enumerate(pages) if not p.flags]
        i = rng.choice(body)
        pages[i].rotated = True
        pages[i].flags.append("rotated")
        items["BD-06"].detail = f"page of {pages[i].doc.type} upside down"


def number_pages(rng: random.Random, pages: list[PhysPage], defect: Defect | None) -> None:
    """Assign printed numbers; BD-03 variants: gap, repeat, unnumbered."""
    numbered = [i for i, p in enumerate(pages) if "blank" not in p.flags]
    target = rng.choice(numbered[2:-1]) if defect and len(numbered) > 4 else None
    n = 0
    for i, p in enumerate(pages):
        if "blank" in p.flags:
            continue
        if i == target and defect.variant == "unnumbered":
            p.flags.append("unnumbered")
            continue
        if i == target and defect.variant == "repeat":
            p.printed = n
            continue
        n += 1
        if i == target and defect.variant == "gap":
            n += rng.randint(1, 2)
        p.printed = n
    if defect is not None:
        defect.detail = f"page number {defect.variant}"
        defect.pages = [target]


def toc_entries(rng: random.Random, pages: list[PhysPage], family: str) -> list[dict]:
    """One entry per document (other-case pages fold into the previous entry);
    families B and C merge consecutive meeting records / evidence into one entry."""
    entries: list[dict] = []
    prev_doc = None
    for p in pages:
        if p.doc is prev_doc:
            if p.printed is not None:
                entries[-1]["last"] = p.printed
            continue
        prev_doc = p.doc
        d = p.doc
        merge_types = ("evidence",) + (("meeting_record",) if family in "BC" else ())
        if entries and (d.other_case or (d.type in merge_types and entries[-1]["type"] == d.type)):
            if p.printed is not None:
                entries[-1]["last"] = p.printed
            entries[-1]["count"] += 1
            continue
        name = d.toc_name or d.title or DEFAULT_TOC_NAME.get(d.type, d.type)
        entries.append({"type": d.type, "name": name, "first": p.printed, "last": p.printed,
                        "date": d.date, "count": 1})
    for e in entries:
        if e["count"] > 1 and e["type"] == "meeting_record":
            e["name"] = f"{e['name']}（{e['count']}份）"
    return entries


def toc_blocks(rng: random.Random, entries: list[dict], family: str, title: str, date_fmt,
               case_no: str = "") -> list[tuple]:
    sep = {"A": "-", "B": "—", "C": "～", "D": "-"}[family]
    with_date = family in "AD"
    heads = {"A": ["序号", "文件名称", "日期", "起止页号", "备注"], "B": ["序号", "文件材料名称", "页号", "备注"],
             "C": ["顺序号", "文件题名", "页次", "备注"], "D": ["序号", "文件名称", "形成日期", "页号", "备注"]}[family]
    rows = []
    for i, e in enumerate(entries):
        a, b = e["first"], e["last"]
        rng_s = "" if a is None else (str(a) if a == b and family != "A" else f"{a}{sep}{b}")
        row = [str(i + 1), e["name"]] + ([date_fmt(e["date"]) if e["date"] else ""] if with_date else []) + [rng_s, ""]
        rows.append(row)
    fr = [0.1, 0.45, 0.2, 0.15, 0.1] if with_date else [0.12, 0.55, 0.2, 0.13]
    head = [("sub", f"案号：{case_no}", "L" if family in "AB" else "R")] if case_no else []
    return [("title", title)] + head + [("grid", heads, rows, fr)]


def page_number_ops(style: Style, n: int, other_case_no: str | None, case_no: str) -> list[tuple]:
    ops: list[tuple] = []
    size = style.body - 1
    if style.pn == "top_right":
        s = str(n)
        ops.append(("t", PAGE_W - style.right - text_width(s, size), 12.0, size, s))
    else:
        s = {"bottom_center": str(n), "bottom_dash": f"- {n} -", "bottom_di": f"第 {n} 页"}[style.pn]
        ops.append(("t", (PAGE_W - text_width(s, size)) / 2, PAGE_H - 10.0, size, s))
    return ops


def header_ops(style: Style, case_no: str) -> list[tuple]:
    if style.header == "rule":
        return [("l", style.left, style.top - 6, PAGE_W - style.right, style.top - 6)]
    if style.header == "case_no":
        size = style.body - 2
        return [("t", style.left, style.top - 8, size, case_no),
                ("l", style.left, style.top - 6, PAGE_W - style.right, style.top - 6)]
    return []


def layout_toc(entries_blocks: list[tuple], style: Style) -> list[list[tuple]]:
    return paginate(entries_blocks, style)
