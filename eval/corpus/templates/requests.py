"""Client requests raised in meeting records (FU-01) and the sentences that answer them.

A request line always contains one of its kind's words (checklist.REQUEST_KEYWORDS);
the lawyer's reply in the same meeting is neutral (no kind word, no action), so the
request counts as answered only through a later document's answer sentence.
"""
from __future__ import annotations

from ..case import Case
from ..phrasing import Phraser

REQUEST_LINES: dict[str, list[str]] = {
    "bail": ["我希望律师帮我申请取保候审。", "能不能帮我办个取保候审？家里老人没人照顾。",
             "我想申请变更强制措施，先出去把家里的事情安排一下。", "请律师帮我向办案机关申请取保候审。",
             "我身体不好，要求申请取保候审。", "家里孩子还小，我想请律师帮我申请取保。",
             "我要求变更强制措施为取保候审。", "律师能否帮我申请取保候审？我保证随传随到。"],
    "evidence": ["我要求律师去调取事发地点的监控录像，能证明我说的是实话。", "请律师帮我调取银行流水，可以证明钱已经还了一部分。",
                 "我希望律师去调查取证，找当时在场的人了解情况。", "能不能帮我调取一下单位的考勤记录？",
                 "请律师帮我收集证据，我手机里的聊天记录被删了。", "我要求调取我和对方的通话记录。",
                 "希望律师帮我去医院调取病历。", "请律师调取派出所的出警记录。"],
    "witness": ["我要求让当时在场的{w}作为证人出庭作证。", "能不能申请证人出庭？我的同事{w}可以为我作证。",
                "我希望申请证人{w}出庭说明情况。", "请律师申请让证人{w}到庭。",
                "{w}当时就在旁边，我想让他作为证人出庭。", "我要求申请证人{w}出庭。",
                "请律师想办法让证人{w}出庭讲清楚。", "我希望{w}能作为证人到法庭作证。"],
    "appraisal": ["我对鉴定意见有异议，要求重新鉴定。", "我想申请做伤残等级鉴定。",
                  "请律师帮我申请精神状况鉴定，我以前看过病。", "我认为鉴定的金额太高了，想申请重新鉴定。",
                  "我要求对伤情重新进行鉴定。", "能不能帮我申请司法鉴定？", "我要求做鉴定。",
                  "请律师帮我申请重新鉴定。"],
    "appeal": ["我对判决不服，想上诉。", "我要求上诉，请律师帮我写上诉状。", "判得太重了，我想上诉。",
               "我想上诉，请律师帮我考虑一下。", "这个结果我接受不了，我要上诉。", "我决定上诉。",
               "请律师帮我办理上诉。", "我不服，要求上诉。"],
    "settlement": ["我愿意赔偿对方的损失，请律师帮我联系对方和解。", "能不能请律师帮我和对方谈谈，争取取得谅解？",
                   "我想跟对方调解解决。", "请律师帮忙与对方协商和解。", "我希望能和对方和解。",
                   "我要求律师帮我争取对方的谅解。", "请律师帮我跟对方调解。", "我想和对方私下和解。"],
    "complaint": ["我要控告办案人员在讯问时对我态度粗暴。", "我想投诉单位负责人，请律师帮我向有关部门反映。",
                  "我要求对办案人员的违法行为提出控告。", "我想投诉之前接待我的工作人员不负责任。",
                  "我要投诉对方打击报复我。", "请律师帮我写控告材料。", "我要投诉。", "我想控告对方威胁我。"],
}

NEUTRAL_REPLIES = ["好的，你的意见我们记下了。", "这个情况我们了解了。", "你说的我们已经记录在案。",
                   "好，我们知道了。", "你的想法我们会认真考虑。", "明白，你的意思已经记录。",
                   "我们知道你的想法了。", "好的，已经记下。"]

VALID_KINDS = {
    "criminal_defense": ["bail", "evidence", "witness", "appraisal", "settlement", "complaint", "appeal"],
    "criminal_agency": ["evidence", "witness", "appraisal", "settlement", "complaint", "appeal"],
    "civil": ["evidence", "witness", "appraisal", "settlement", "complaint", "appeal"],
    "arbitration": ["evidence", "witness", "appraisal", "settlement", "complaint"],
    "administrative": ["evidence", "witness", "complaint", "appeal"],
    "non_litigation": ["evidence", "settlement", "complaint"],
}


def request_line(ph: Phraser, kind: str, witness: str) -> str:
    return ph.pick(REQUEST_LINES[kind]).format(w=witness)


def answer_sentence(ph: Phraser, c: Case, kind: str, when: str, host: str) -> str:
    """A sentence recording action on (or an explanation of) an earlier request.

    host: "report" (closing report), "meeting" (lawyer's line in a later meeting),
    "opinion" (defence/agency opinion).
    """
    organ = c.organ
    intro_r = ph.pick(["关于受援人在会见时提出的", "针对受援人提出的", "受援人提出", "对于受援人所提"])
    intro_m = ph.pick(["上次会见时你提出", "你之前提出", "你上次要求", "关于你上次提出"])
    act = {
        "bail": [f"取保候审要求，承办律师已于{when}向{organ}提交取保候审申请书，{organ}经审查未予准许",
                 f"变更强制措施的要求，律师于{when}递交了取保候审申请，办案机关已书面答复",
                 f"取保候审申请，律师已于{when}提交，{organ}决定不予准许并说明了理由",
                 f"取保候审一事，律师于{when}向办案机关提出书面申请"],
        "evidence": [f"调取证据的要求，承办律师已于{when}向{organ}提交调取证据申请，相关材料已调取入卷",
                     f"调查取证的要求，律师于{when}前往有关单位调取了相关材料",
                     f"调取证据一事，律师已于{when}书面申请调取，办案机关已调取并随案移送",
                     f"收集证据的要求，律师已于{when}完成调查取证工作"],
        "witness": [f"申请证人出庭的要求，承办律师已于{when}向{organ}提交证人出庭申请",
                    f"证人出庭的要求，律师于{when}书面申请通知证人到庭，法庭已准许",
                    f"证人出庭一事，律师已于{when}提出申请，法庭认为证人证言已经当庭宣读，无出庭必要",
                    f"证人出庭的要求，律师已于{when}向法庭申请"],
        "appraisal": [f"重新鉴定的要求，承办律师于{when}提交了重新鉴定申请，{organ}未予准许",
                      f"鉴定申请，律师已于{when}向{organ}提出，并已进行鉴定",
                      f"鉴定一事，律师经审查原鉴定程序合法，已于{when}向其解释不申请重新鉴定的理由，受援人表示理解",
                      f"申请鉴定的要求，律师已于{when}代为提交鉴定申请书"],
        "appeal": [f"上诉要求，承办律师于{when}为其代写了上诉状并递交法院",
                   f"上诉的想法，律师于{when}向其释明上诉的风险，受援人最终决定不上诉",
                   f"上诉要求，律师已于{when}协助其提出上诉",
                   f"上诉一事，律师于{when}告知其上诉期限及途径，受援人已自行提出上诉"],
        "settlement": [f"和解意愿，承办律师于{when}与对方进行了沟通，双方达成和解",
                       f"调解请求，律师于{when}联系对方协商，对方不同意调解",
                       f"和解请求，律师已于{when}转达对方，对方表示谅解",
                       f"取得谅解的要求，律师于{when}与对方当面协商，未能取得谅解"],
        "complaint": [f"投诉要求，承办律师已于{when}协助其向有关部门提交书面投诉材料",
                      f"控告事项，律师于{when}向其释明了控告的途径和方式",
                      f"投诉事项，律师已于{when}代为向有关部门反映，已获答复",
                      f"控告要求，律师已于{when}协助其提交控告材料"],
    }[kind]
    body = ph.pick(act)
    if host == "meeting":
        return f"{intro_m}的{body}，你清楚了吗？"
    if host == "opinion":
        return f"另，{body.replace('承办律师', lawyer_word(c)).replace('律师', lawyer_word(c))}。"
    return f"{intro_r}{body}。"


def lawyer_word(c: Case) -> str:
    return "辩护人" if c.kind == "criminal_defense" else "代理人"
