"""Ground-truth JSON: contract fields + injected defects + page labels + generation meta.

Non-injected items are `pass`, or `not_applicable` when their precondition is
absent from the dossier (e.g. MD-11 without a hearing, FU-02 without a reminder).
"""
from __future__ import annotations

from .case import Case
from .checklist import CHECKLIST_ITEMS
from .defects import Defect

MESSAGES = {
    "MD-01": "缺少卷宗封面或卷内目录", "MD-02": "未见法律援助申请表", "MD-03": "未见受援人身份证明",
    "MD-04": "未见经济困难证明", "MD-05": "未见给予法律援助决定书或通知辩护公函", "MD-06": "未见指派通知书",
    "MD-07": "未见授权委托书/委托协议或法律援助公函", "MD-08": "未见会见/谈话笔录", "MD-09": "未见阅卷笔录",
    "MD-10": "未见辩护词/代理词", "MD-11": "案件经开庭审理但未见庭审笔录或出庭记录",
    "MD-12": "结案报告载明的结果文书未附卷", "MD-13": "未见结案报告", "MD-14": "未见回访记录",
    "MD-15": "受援人认罪认罚但未见认罪认罚具结书", "FU-01": "会见笔录中受援人提出的要求后续材料未见处理",
    "FU-02": "提醒函/整改通知未见回复或回复未逐项回应", "FU-03": "回访未成功且无再次回访或终结记录，或不满意未处理",
    "FU-04": "法院/办案机关要求补充材料未见回应", "FU-05": "结案报告未载明处理结果或意见采纳情况",
    "BD-01": "材料排列顺序不符合规定", "BD-02": "卷内目录与材料或页号不一致", "BD-03": "页码不连续（缺号、重号或漏编）",
    "BD-04": "存在重复页", "BD-05": "存在空白页", "BD-06": "存在倒置页", "BD-07": "夹有其他案件的材料",
    "BD-08": "封面信息与卷内材料不一致", "TL-01": "未在决定/通知后3日内指派", "TL-02": "指派后未及时会见",
    "TL-03": "结案后超过30日归档", "TL-04": "指派后超过5日签订委托协议/授权委托书", "TL-05": "文书日期顺序不合理",
}


def applicability(c: Case, present: set[str], has_requests_docs: bool) -> dict[str, bool]:
    """item -> whether the item applies to this dossier (absent precondition -> n/a)."""
    crim = c.kind == "criminal_defense"
    return {
        "MD-02": not c.appointed, "MD-04": not c.appointed and not c.means_exempt, "MD-09": c.file_review,
        "MD-10": c.kind != "non_litigation", "MD-11": c.had_hearing, "MD-12": c.outcome_doc or c.kind == "non_litigation",
        "MD-15": c.pleaded_guilty, "FU-01": "meeting_record" in present, "FU-02": "reminder_letter" in present,
        "FU-03": "callback_record" in present, "FU-04": "other" in present, "FU-05": "closing_report" in present,
        "BD-02": "toc" in present, "BD-08": "cover" in present,
        "TL-01": "assignment" in present and bool(present & {"decision", "court_notice"}),
        "TL-02": crim and "meeting_record" in present and "assignment" in present,
        "TL-04": not c.appointed and "power_of_attorney" in present and "assignment" in present,
        "TL-05": True,
    }


def findings(c: Case, present: set[str], defects: list[Defect]) -> list[dict]:
    app = applicability(c, present, True)
    failed = {}
    for d in defects:
        failed.setdefault(d.item, []).append(d)
    out = []
    for item in CHECKLIST_ITEMS:
        if item in failed:
            ds = failed[item]
            pages = sorted({p for d in ds for p in d.pages})
            msg = "；".join(d.message or MESSAGES[item] for d in ds)
            out.append({"item": item, "status": "fail", "confidence": 1.0, "pages": pages, "message": msg})
        else:
            status = "pass" if app.get(item, True) else "not_applicable"
            out.append({"item": item, "status": status, "confidence": 1.0, "pages": [], "message": ""})
    return out
