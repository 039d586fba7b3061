"""Build small Dossier objects in code for review tests (no PDFs).

``build(spec)`` takes a list of ``(type, pages)`` where ``pages`` is one text
or a list of page texts, lays the documents out page by page, numbers the
pages after the toc (1, 2, ...; blank-flagged and backup pages unnumbered),
writes a matching table of contents and returns a Dossier. Keyword arguments
override facts, events, flags and printed numbers so each test states only
the defect it injects.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ingest.datamodel import CaseFacts, DatedEvent, Document, Dossier, Fact, Page, TocEntry
from ingest.doctypes import type_name

CASE_NO = "（2025）苏0508法援刑字第123号"
D = dt.date

TEXTS = {
    "cover": f"法律援助案件卷宗\n案号：{CASE_NO}\n受援人：张某\n承办律师：李某\n结案日期：2025年6月1日\n归档日期：2025年6月15日",
    "application": f"法律援助申请表\n案号：{CASE_NO}\n受援人：张某 性别：男\n申请事项：刑事辩护",
    "identity": "居民身份证复印件\n姓名 张某",
    "financial_status": "经济困难状况说明表\n家庭人均收入低于当地标准",
    "approval": "法律援助审批表\n审批意见：同意给予法律援助",
    "decision": f"给予法律援助决定书\n{CASE_NO}\n经审查，决定给予法律援助。\n2025年3月3日",
    "court_notice": "法律援助通知书\n本院受理的被告人张某盗窃一案，被告人没有委托辩护人，请指派律师。",
    "assignment": "指派通知书\n指派律师：李某\n承办律师：李某\n2025年3月4日",
    "aid_letter": "法律援助公函\n致某某人民法院",
    "power_of_attorney": "授权委托书\n委托人张某委托李某律师为辩护人。2025年3月5日",
    "rights_notice": "受援人权利义务告知书",
    "meeting_record": ["会见笔录\n时间：2025年3月6日\n问：你有什么要求？\n答：我希望律师帮我申请取保候审。",
                       "问：还有其他要求吗？\n答：没有其他要求了。"],
    "file_review_record": "阅卷笔录\n查阅了起诉书及证据材料。",
    "investigation": "调查笔录\n向证人王某了解情况。",
    "pleading": "起诉书\n某某人民检察院",
    "defense_opinion": ["辩护词\n审判长、审判员：",
                       "辩护人曾为被告人申请取保候审，未获批准。综上，请求对被告人从轻处罚。"],
    "hearing_record": "庭审笔录\n开庭时间：2025年5月10日",
    "judgment": "刑事判决书\n判处被告人有期徒刑六个月。2025年5月20日",
    "closing_report": "法律援助案件结案报告表\n结案日期：2025年6月1日\n案件结果：法院判决被告人有期徒刑六个月。\n意见采纳情况：辩护意见部分采纳。",
    "callback_record": "受援人回访表\n回访方式：电话\n回访情况：电话接通，受援人表示满意。",
    "backup_sheet": "卷内备考表\n本卷共计若干页",
}

CRIMINAL = ["cover", "toc", "application", "identity", "financial_status", "approval", "decision",
            "assignment", "aid_letter", "power_of_attorney", "rights_notice", "meeting_record",
            "file_review_record", "investigation", "pleading", "defense_opinion", "hearing_record",
            "judgment", "closing_report", "callback_record", "backup_sheet"]

EVENTS = {"decision": (D(2025, 3, 3), "decision"), "assignment": (D(2025, 3, 4), "assignment"),
          "power_of_attorney": (D(2025, 3, 5), "power_of_attorney"), "meeting": (D(2025, 3, 6), "meeting_record"),
          "hearing": (D(2025, 5, 10), "hearing_record"), "judgment": (D(2025, 5, 20), "judgment"),
          "closing_report": (D(2025, 6, 1), "closing_report"), "filing": (D(2025, 6, 15), "cover")}


def spec_of(types: list[str], **texts) -> list[tuple[str, object]]:
    """A spec with the default texts, ``texts`` overriding some (``meeting_record=[...]``)."""
    return [(t, texts.get(t, TEXTS.get(t, type_name(t)))) for t in types]


def criminal_spec(**texts) -> list[tuple[str, object]]:
    return spec_of(CRIMINAL, **texts)


def build(spec: list[tuple[str, object]] | None = None, *, kind: str | None = "criminal_defense",
          stage: str | None = "trial", events: dict | None = None, flags: dict[int, set[str]] | None = None,
          printed: dict[int, int | None] | None = None, toc: list[TocEntry] | None = None,
          confidence: dict[str, float] | None = None, **fact_kw) -> Dossier:
    """Lay out ``spec`` as a Dossier with consistent numbering, toc and facts."""
    spec = spec if spec is not None else criminal_spec()
    flags = flags or {}
    pages: list[Page] = []
    docs: list[Document] = []
    for doc_type, texts in spec:
        texts = [texts] if isinstance(texts, str) else list(texts)
        first = len(pages) + 1
        for t in texts:
            idx = len(pages) + 1
            pages.append(Page(index=idx, text=t, flags=set(flags.get(idx, set()))))
        docs.append(Document(doc_type, first, len(pages), (confidence or {}).get(doc_type, 0.95),
                             title=texts[0].splitlines()[0] if texts and texts[0] else ""))
    front = max((d.last_page for d in docs if d.type in ("cover", "toc")), default=0)
    n = 0
    for p in pages[front:]:
        doc = next(d for d in docs if d.first_page <= p.index <= d.last_page)
        if "blank" in p.flags or doc.type == "backup_sheet":
            continue
        n += 1
        p.printed_number = n
    for idx, value in (printed or {}).items():
        pages[idx - 1].printed_number = value
    toc_page = next((d.first_page for d in docs if d.type == "toc"), None)
    if toc is None and toc_page is not None:
        toc = []
        for seq, d in enumerate((d for d in docs if d.type not in ("cover", "toc") and d.title), 1):
            nums = [pages[i - 1].printed_number for i in d.pages if pages[i - 1].printed_number]
            toc.append(TocEntry(seq, d.title or type_name(d.type), min(nums) if nums else None,
                                max(nums) if nums else None, toc_page))
    if toc_page is not None:
        pages[toc_page - 1].text = "卷内目录\n" + "\n".join(f"{e.seq} {e.title} {e.first}-{e.last}" for e in toc or [])

    def page_of(doc_type: str) -> int | None:
        return next((d.first_page for d in docs if d.type == doc_type), None)

    ev = []
    for ek, (day, where) in (EVENTS if events is None else events).items():
        if page_of(where) is not None or where is None:
            ev.append(DatedEvent(ek, day, page_of(where) if where else None, ""))
    cover_page = page_of("cover")
    facts = CaseFacts(
        case_no=Fact(CASE_NO, page_of("application") or page_of("decision")),
        case_kind=Fact(kind) if kind else None,
        client=Fact("张某", page_of("application")), lawyer=Fact("李某", page_of("assignment")),
        stage=Fact(stage) if stage else None,
        had_hearing=page_of("hearing_record") is not None,
        outcome=Fact("judgment", page_of("closing_report")) if page_of("closing_report") else None,
        cover={"case_no": Fact(CASE_NO, cover_page), "client": Fact("张某", cover_page),
               "lawyer": Fact("李某", cover_page), "closing_date": Fact("2025年6月1日", cover_page)}
        if cover_page else {},
        events=ev, toc=list(toc or []))
    for key, value in fact_kw.items():
        setattr(facts, key, value)
    return Dossier(path=Path("test.pdf"), pages=pages, documents=docs, facts=facts)
