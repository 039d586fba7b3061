"""Checklist ids, binding orders and keyword lists the generator must honour.

Derived from shared/domain/checklist.md and binding-order.md. Kept here (not
imported from review/) because eval may not depend on review's data files
being finished; the ids are stable by contract.
"""
from __future__ import annotations

MD_ITEMS = [f"MD-{i:02d}" for i in range(1, 16)]
FU_ITEMS = [f"FU-{i:02d}" for i in range(1, 6)]
BD_ITEMS = [f"BD-{i:02d}" for i in range(1, 9)]
TL_ITEMS = [f"TL-{i:02d}" for i in range(1, 6)]
CHECKLIST_ITEMS: list[str] = MD_ITEMS + FU_ITEMS + BD_ITEMS + TL_ITEMS

CASE_KINDS = ["criminal_defense", "criminal_agency", "civil", "arbitration",
              "administrative", "non_litigation"]
FAMILIES = ["A", "B", "C", "D"]

_LITIGATION_ORDER = [
    "cover", "toc", "application", "identity", "financial_status", "approval", "decision",
    "assignment", "aid_letter", "rights_notice", "power_of_attorney", "pleading", "evidence",
    "file_review_record", "meeting_record", "investigation", "hearing_record",
    "defense_opinion", "judgment", "closing_report", "opinion_form", "callback_record",
    "reminder_letter", "rectification_reply", "backup_sheet",
]

BINDING_ORDER: dict[str, list[str]] = {
    # court_notice takes the slot of (application, identity, financial_status).
    "criminal_defense": [
        "cover", "toc", "court_notice", "application", "identity", "financial_status",
        "approval", "decision", "assignment", "aid_letter", "power_of_attorney",
        "rights_notice", "meeting_record", "file_review_record", "investigation", "pleading",
        "plea_agreement", "collective_discussion", "defense_opinion", "hearing_record",
        "judgment", "closing_report", "opinion_form", "callback_record", "reminder_letter",
        "rectification_reply", "backup_sheet",
    ],
    "criminal_agency": _LITIGATION_ORDER,
    "civil": _LITIGATION_ORDER,
    "arbitration": _LITIGATION_ORDER,
    "administrative": _LITIGATION_ORDER,
    "non_litigation": [
        "cover", "toc", "application", "identity", "financial_status", "approval", "decision",
        "assignment", "power_of_attorney", "meeting_record", "investigation", "evidence",
        "closing_report", "callback_record", "backup_sheet",
    ],
}

# Words that signal each client-request kind (FU-01). A request is answered when a
# document dated on/after the meeting (other than the request line itself) uses one
# of its kind's words; the generator guarantees unanswered kinds appear nowhere later.
REQUEST_KEYWORDS: dict[str, list[str]] = {
    "bail": ["取保候审", "变更强制措施", "取保"],
    "evidence": ["调查取证", "调取证据", "调取", "收集证据"],
    "witness": ["证人"],
    "appraisal": ["鉴定"],
    "appeal": ["上诉"],
    "settlement": ["和解", "调解", "谅解"],
    "complaint": ["投诉", "控告"],
}

# Documents whose mere presence later acts on a request kind (checklist FU-01 answer_types):
# an investigation record is evidence collection.
ANSWER_TYPES: dict[str, tuple[str, ...]] = {"evidence": ("investigation",)}

# FU-04: court/organ requests that need a recorded response.
COURT_REQUEST_KEYWORDS = ["补充提交", "补充材料", "补充证据"]

CALLBACK_FAILED = ["无人接听", "空号", "关机", "停机"]  # never "未接通": it contains 接通
CALLBACK_REACHED = ["接通", "表示满意", "基本满意"]
CALLBACK_CLOSED = ["多次联系未果"]
CALLBACK_HANDLED = ["已处理", "已核实", "已答复", "已解释"]

OUTCOME_WORDS = ["判决", "裁定", "调解", "裁决", "不起诉", "撤案", "撤销案件", "达成协议"]
ADOPTION_WORDS = ["采纳"]
