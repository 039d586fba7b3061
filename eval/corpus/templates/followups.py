"""Follow-up papers: callback records (FU-03), reminder letters and replies (FU-02), court requests (FU-04).

doc.data drives the outcome:
  callback_record: mode in reached | retry_reached | closed | dissatisfied_handled |
                   failed (defect) | dissatisfied (defect)
  reminder_letter: points [int] (indexes into REMINDER_POINTS)
  rectification_reply: points answered [int]
  other (court request): req in materials | opinion | appear; deadline date
"""
from __future__ import annotations

from datetime import timedelta

from .common import Ctx, matter
from .realism import quote

# (point in the letter, reply sentence); the reply names the point's topic word.
REMINDER_POINTS = [
    ("会见笔录未由受援人逐页签字确认", "会见笔录签字问题：已请受援人逐页签字确认"),
    ("卷内目录填写不规范，文件名称与材料不一致", "卷内目录问题：已重新填写卷内目录，文件名称与材料逐一对应"),
    ("结案报告内容过于简单，未详细记载办理经过", "结案报告问题：已重新撰写结案报告，详细记载办理经过"),
    ("案卷材料装订顺序不符合规定", "装订顺序问题：已按规定顺序重新排列装订"),
    ("未附送达回证或文书签收材料", "送达回证问题：已将送达回证附卷"),
    ("办案过程中与受援人沟通记录不完整", "沟通记录问题：已整理与受援人的沟通记录并附卷"),
    ("授权委托书缺少受援人签名日期", "授权委托书日期问题：已由受援人补签日期"),
]
_CN = ["一、", "二、", "三、", "四、"]


def callback_record(x: Ctx) -> tuple[str, list]:
    c, ph = x.c, x.ph
    mode = x.doc.data.get("mode", "reached")
    title = ph.pick(["回访记录", "受援人回访表", "受援人意见反馈表", "法律援助案件回访记录",
                     "回访记录表", "电话回访记录", "受援人满意度测评表", "案件回访登记表"])
    d1 = x.doc.date
    d2 = d1 + timedelta(days=ph.rng.randint(1, 4))
    fail = ph.pick(["无人接听", "对方关机", "提示空号", "电话停机", "无人接听", "电话关机", "号码为空号", "无人接听"])
    reached = ph.pick(["电话接通，受援人对承办律师的工作表示满意。", "电话接通，受援人表示满意。",
                       "电话已接通，受援人称律师工作认真负责，表示满意。", "电话接通，受援人对办理结果基本满意。",
                       "接通后受援人表示满意，无其他意见。", "电话接通，受援人表示非常满意。",
                       "电话接通，受援人对承办工作表示满意。", "电话接通，受援人评价满意。"])
    if mode == "reached":
        content = reached
    elif mode == "retry_reached":
        content = f"{ph.fd(d1)}第一次回访，{fail}；{ph.fd(d2)}再次回访，{reached}"
    elif mode == "closed":
        content = f"{ph.fd(d1)}、{ph.fd(d2)}先后三次拨打受援人电话，均{fail}。经多次联系未果，" + ph.any(["终止回访，予以结案。", "本次回访工作结束，记录在案。", "作回访终结处理。"])
    elif mode == "dissatisfied_handled":
        content = ("电话接通，受援人对处理结果表示不满意，认为" + ph.any(["赔偿数额过低。", "律师会见次数少。", "刑期过重。"]) +
                   ph.any(["经核实，承办律师已依法履职，已向受援人解释，受援人表示理解。", "中心已核实有关情况并已答复受援人。",
                           "已转承办律师处理，律师已向其解释说明。"]))
    elif mode == "dissatisfied":
        content = "电话接通，受援人对承办律师的工作表示不满意，认为" + ph.any(["律师不负责任。", "律师从未主动联系。", "结果太差。"])
    else:  # failed, no retry, no closure
        content = f"{ph.fd(d1)}拨打受援人电话，{fail}。"
    rows = [("案号", c.case_no), ("受援人", c.client.name), ("联系电话", c.client.phone), ("承办律师", c.lawyer),
            ("回访时间", ph.fd(d1)), ("回访方式", ph.any(["电话回访", "电话", "电话回访"])), ("回访人", c.clerk),
            ("回访情况", content + (quote(x, "callback_record", x.tl.outcome) if ph.chance(0.4) else ""))]
    if mode in ("reached", "retry_reached", "dissatisfied_handled"):
        rows.append(("满意度", "满意" if mode != "dissatisfied_handled" else "不满意（已处理）"))
    lay = ph.layout({"A": {"form": 3, "prose": 1}, "B": {"form": 1, "prose": 2}, "C": {"form": 1, "prose": 3}, "D": {"form": 3, "prose": 1}})
    if lay == "form":
        return title, [("title", title), ("kv", rows, 1), ("sign", [f"回访人：{c.clerk}"])]
    return title, [("title", title), ("ul", rows[:7]), ("pl", "回访情况："), ("p", content), ("sign", [f"回访人：{c.clerk}", ph.fd(d1)])]


def reminder_letter(x: Ctx) -> tuple[str, list]:
    c, ph = x.c, x.ph
    title = ph.pick(["案卷质量提醒函", "整改通知书", "督办函", "法律援助案卷整改通知",
                     "案件质量提醒函", "整改通知书", "提醒函", "案卷评查整改通知书"])
    pts = x.doc.data["points"]
    nums = _CN if ph.family in "AC" else [f"{i}." for i in range(1, 5)]
    blocks = [("title", title), ("pl", f"{c.firm}："),
              ("p", ph.pick([f"经对你所承办的{matter(c)}（{c.case_no}）案卷进行检查，发现存在以下问题：",
                             f"我中心在案卷质量评查中发现，你所{c.lawyer}律师承办的{c.case_no}号案件存在如下问题：",
                             f"根据案卷评查情况，{c.case_no}号案卷存在以下需整改事项：",
                             f"现将{c.case_no}号案件卷宗检查发现的问题通知如下："]))]
    blocks += [("pl", nums[i] + REMINDER_POINTS[p][0] + "；") for i, p in enumerate(pts)]
    deadline = x.doc.date + timedelta(days=15)
    blocks.append(("p", f"请于{ph.ld(deadline)}前完成整改并书面回复。"))
    blocks += [("sign", [c.center, ph.ld(x.doc.date)]), ("stamp", c.center)]
    return title, blocks


def rectification_reply(x: Ctx) -> tuple[str, list]:
    c, ph = x.c, x.ph
    title = ph.pick(["整改回复", "整改报告", "情况说明", "关于案卷整改情况的回复",
                     "整改情况回复", "整改报告", "整改情况说明", "整改回复函"])
    pts = x.doc.data["points"]
    nums = _CN if ph.family in "AB" else [f"{i}." for i in range(1, 5)]
    blocks = [("title", title), ("pl", f"{c.center}："),
              ("p", ph.pick([f"贵中心关于{c.case_no}号案卷的提醒函收悉，我所高度重视，现将整改情况回复如下：",
                             f"针对{c.case_no}号案卷存在的问题，我所已组织整改，具体如下：",
                             "收到整改通知后，承办律师对照问题逐项整改，现回复如下：",
                             f"就{c.case_no}号案件案卷问题，整改情况说明如下："]))]
    blocks += [("pl", nums[i] + REMINDER_POINTS[p][1] + "。") for i, p in enumerate(pts)]
    blocks += [("sign", [c.firm, ph.ld(x.doc.date)]), ("stamp", c.firm)]
    return title, blocks


def court_request(x: Ctx) -> tuple[str, list]:
    """A court's request (type `other`): materials to supplement, written opinion, or attendance."""
    c, ph = x.c, x.ph
    req = x.doc.data.get("req", "materials")
    deadline = x.doc.data["deadline"]
    if req == "appear":
        title = ph.pick(["出庭通知书", "开庭通知书", "出庭通知", "到庭通知书"])
        body = f"本院受理的{matter(c)}，定于{ph.ld(x.tl.hearing)}开庭审理，请你准时出庭。"
    elif req == "opinion":
        title = ph.pick(["提交书面意见通知书", "通知", "提交书面意见通知", "函"])
        body = f"关于{matter(c)}，请你于{ph.ld(deadline)}前向本院提交书面{'辩护' if c.kind == 'criminal_defense' else '代理'}意见。"
    else:
        title = ph.pick(["补充材料通知书", "补正通知书", "通知书", "限期补充材料通知"])
        what = ph.any(["受援人的收入证明", "相关病历原件", "工资发放记录", "户籍证明原件"])
        body = f"关于{matter(c)}，请你于{ph.ld(deadline)}前向本院补充提交{what}等材料，逾期将依法处理。"
    return title, [("title", title), ("sub", c.court_case_no, "R"), ("pl", f"{c.firm}{c.lawyer}律师："),
                   ("p", body), ("sign", [c.organ, ph.ld(x.doc.date)]), ("stamp", c.organ)]


def court_answer(ph, c, req: str, when: str) -> str:
    """Sentence in a later document recording the response to a court request."""
    if req == "appear":
        return ph.any([f"承办律师于{when}按时出庭。", f"律师已按时出庭参加庭审（{when}）。"])
    if req == "opinion":
        return ph.any([f"承办律师已于{when}按要求提交书面意见。", f"书面意见已于{when}提交法院。"])
    return ph.any([f"承办律师已于{when}按法院要求补充提交了相关材料。", f"根据法院通知，律师于{when}补充提交了材料。",
                   f"法院要求的补充材料已于{when}寄送法院。"])


WRITERS = {"callback_record": callback_record, "reminder_letter": reminder_letter,
           "rectification_reply": rectification_reply, "other": court_request}
