"""What every document writer gets (Ctx) and small shared wording helpers."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..case import Case
from ..phrasing import Phraser
from ..timeline import Timeline


@dataclass
class Doc:
    """One document of the dossier, before and after layout."""

    type: str
    key: str
    date: date | None
    data: dict = field(default_factory=dict)
    title: str = ""
    toc_name: str = ""
    blocks: list = field(default_factory=list)
    pages: list = field(default_factory=list)  # ops per page (layout output)
    other_case: bool = False

    def text(self) -> str:
        """All words of the document (for keyword bookkeeping)."""
        out = []
        for b in self.blocks:
            for part in b[1:]:
                if isinstance(part, str):
                    out.append(part)
                elif isinstance(part, list):
                    for item in part:
                        if isinstance(item, str):
                            out.append(item)
                        elif isinstance(item, (list, tuple)):
                            out.extend(str(x) for x in item)
        return "\n".join(out)


@dataclass
class Ctx:
    case: Case
    tl: Timeline
    doc: Doc
    ph: Phraser
    docs: list[Doc]  # the whole planned dossier (writers may look at siblings)

    @property
    def c(self) -> Case:
        return self.case


KIND_CN = {"criminal_defense": "刑事辩护", "criminal_agency": "刑事诉讼代理", "civil": "民事诉讼代理",
           "arbitration": "劳动争议仲裁代理", "administrative": "行政诉讼代理", "non_litigation": "非诉讼事项代理"}
STAGE_CN = {"investigation": "侦查阶段", "prosecution": "审查起诉阶段", "trial": "审判阶段",
            "first_instance": "一审", "appeal": "二审", "arbitration": "仲裁阶段", "mediation": "调解"}


def kind_cn(c: Case) -> str:
    return KIND_CN[c.kind]


def matter(c: Case) -> str:
    """Short name of the matter: 涉嫌盗窃罪一案 / 劳动报酬纠纷一案."""
    if c.kind == "criminal_defense":
        return f"{c.client.name}涉嫌{c.cause}一案" if c.stage != "trial" else f"{c.client.name}{c.cause}一案"
    if c.kind == "criminal_agency":
        return f"{c.other.name}{c.cause}一案"
    return f"{c.client.name}与{c.other.name if c.kind in ('civil', 'non_litigation') else (c.company if c.kind == 'arbitration' else c.extras.get('defendant', c.other.name))}{c.cause}一案"


def lawyer_role(c: Case) -> str:
    return "辩护人" if c.kind == "criminal_defense" else "代理人"


def opinion_name(c: Case) -> str:
    if c.kind == "criminal_defense":
        return "辩护意见" if c.stage == "trial" else "法律意见"
    return "代理意见"


def outcome_phrase(c: Case, d: str) -> str:
    """Sentence naming the closing event (used by closing reports and the cover checks)."""
    if c.outcome == "judgment":
        if c.kind == "criminal_defense":
            return f"{c.organ}于{d}作出判决，以{c.cause}判处被告人{c.client.name}{c.sentence}"
        return f"{c.organ}于{d}作出判决：{c.outcome_text or '支持受援人的主要诉讼请求'}"
    if c.outcome == "mediation":
        return f"经{c.organ}主持调解，双方于{d}达成调解协议，{c.organ}出具了调解书"
    if c.outcome == "award":
        return f"{c.organ}于{d}作出仲裁裁决，{c.outcome_text or '裁决支持受援人的大部分仲裁请求'}"
    if c.outcome == "ruling":
        return f"被告在诉讼中改变了原行政行为，受援人申请撤回起诉，{c.organ}于{d}作出裁定准许撤诉"
    if c.outcome == "non_prosecution":
        return f"{c.procuratorate}于{d}作出不起诉决定"
    if c.outcome == "withdrawal":
        return f"{c.police}于{d}作出撤销案件决定"
    if c.outcome == "indictment":
        return f"{c.procuratorate}于{d}向{c.court}提起公诉，本阶段辩护工作结束"
    if c.outcome == "transfer":
        return f"{c.police}于{d}侦查终结，将案件移送{c.procuratorate}审查起诉，本阶段辩护工作结束"
    if c.outcome == "agreement":
        return f"双方于{d}达成协议，并签订了书面协议书"
    return ""


def sign_date(ph: Phraser, d: date) -> str:
    return ph.ld(d)
