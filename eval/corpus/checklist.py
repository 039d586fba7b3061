"""Checklist ids, binding orders and keyword lists the generator must honour.

Derived from shared/domain/checklist.md; the ids are stable by contract. The binding
order is not copied: it is read from ingest's binding-order file, as segmentation and
BD-01 read it.
"""
from __future__ import annotations

from ingest.binding_order import load_binding_orders

MD_ITEMS = [f"MD-{i:02d}" for i in range(1, 16)]
FU_ITEMS = [f"FU-{i:02d}" for i in range(1, 6)]
BD_ITEMS = [f"BD-{i:02d}" for i in range(1, 9)]
TL_ITEMS = [f"TL-{i:02d}" for i in range(1, 6)]
CHECKLIST_ITEMS: list[str] = MD_ITEMS + FU_ITEMS + BD_ITEMS + TL_ITEMS

CASE_KINDS = ["criminal_defense", "criminal_agency", "civil", "arbitration",
              "administrative", "non_litigation"]
FAMILIES = ["A", "B", "C", "D"]

# The prescribed order per case kind, from the one binding-order file (ingest.binding_order);
# the generator binds the types of a rank in the order the file lists them.
BINDING_ORDER: dict[str, list[str]] = {kind: order.types() for kind, order in load_binding_orders().items()}

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
