"""Toy dossiers for the page-model tests: a few document types, each with title variants and
body phrases, laid out with a large title line above 12-pt body lines (no PDFs)."""
from __future__ import annotations

import random

from ingest.datamodel import Line, Page

# type -> (title variants, body phrases)
TOY = {
    "cover": (["法律援助案件卷宗", "承办卷宗"], ["案号", "受援人", "承办人", "保管期限"]),
    "toc": (["卷内目录", "卷内文件目录"], ["序号 文件名称 页号", "1 申请表 1-2"]),
    "application": (["法律援助申请表", "法律援助申请书"], ["申请人基本情况", "申请事项", "联系电话"]),
    "meeting_record": (["会见笔录", "谈话笔录"], ["问：你的基本情况？", "答：我叫张某。", "问：有什么要求？"]),
    "judgment": (["刑事判决书", "民事判决书"], ["本院认为", "判决如下", "审判长", "书记员"]),
    "closing_report": (["结案报告", "承办情况报告"], ["办理结果", "意见采纳情况", "结案日期"]),
}


def toy_page(index: int, title: str | None, body: list[str], printed_number: int | None = None) -> Page:
    lines, top = [], 60.0
    if title:
        lines.append(Line(title, 220, top, 380, top + 22, 22.0))
        top += 40
    for text in body:
        lines.append(Line(text, 70, top, 70 + 12 * len(text), top + 12, 12.0))
        top += 20
    return Page(index=index, text="\n".join(ln.text for ln in lines), lines=lines, printed_number=printed_number)


def toy_corpus(n: int, seed: int, npages: dict[str, int], body_lines: tuple[int, int] = (3, 8),
               numbered: bool = True) -> tuple[list[list[Page]], list[list[str]], list[list[bool]]]:
    """n dossiers of the types in `npages` (in TOY order, `npages[type]` pages each):
    (pages, type labels, document starts) per dossier. `numbered`: pages after the first two
    carry their index as printed page number."""
    rng = random.Random(seed)
    pages, labels, starts = [], [], []
    for _ in range(n):
        p, lab, st = [], [], []
        for typ, (titles, phrases) in TOY.items():
            for k in range(npages.get(typ, 0)):
                body = [rng.choice(phrases) + f" {rng.randint(1, 999)}" for _ in range(rng.randint(*body_lines))]
                index = len(p) + 1
                p.append(toy_page(index, rng.choice(titles) if k == 0 else None, body,
                                  index if numbered and index > 2 else None))
                lab.append(typ)
                st.append(k == 0)
        pages.append(p)
        labels.append(lab)
        starts.append(st)
    return pages, labels, starts
