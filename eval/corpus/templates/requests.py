"""Client requests raised in meeting records (FU-01), the passages that act on them,
and distractors that mention a request's topic without acting on it.

Every pool is written in rows of four (families A, B, C, D): ``Phraser.pick`` gives
family f the entries f, f+4, ..., so the held-out family D never sees a phrasing of
A-C. A request is recorded three ways (the client's own words, a narrative line
"受援人提出……", or a yes to the lawyer's offer), sometimes without its kind's word or
with a typo in it. It is answered only by a later document that records acting on
it or explaining why not (``answer_text``); a restatement, a vague promise or the
topic in another sense (``distractor_text``) does not answer it.

Bookkeeping for training labels (never read by the checks): meeting records keep
``data["request_texts"]`` [(kind, request sentence, form)], answer hosts
``data["answer_texts"]`` [(kind, text)], distractor hosts ``data["distractor_texts"]``.
"""
from __future__ import annotations

from ..case import Case
from ..phrasing import Phraser
from .common import Ctx, lawyer_role

# --- the client's own words: one request sentence each ({w}: a witness name)
REQUEST_QUOTES: dict[str, list[str]] = {
    "bail": ["我希望律师帮我申请取保候审。", "能不能帮我办个取保候审？", "我想申请变更强制措施。", "请律师帮我向办案机关申请取保候审。",
             "我身体不好，要求申请取保候审。", "我想请律师帮我申请取保。", "我要求变更强制措施为取保候审。", "律师能否帮我申请取保候审？我保证随传随到。",
             "能不能想办法先让我出去？", "麻烦律师跟检察院说说，让我先回家等着。", "我想先出去把孩子安顿好，律师能帮忙吗？", "律师看看能不能让我在外面等开庭。",
             "我这种情况可以取保吗？请你们帮我办一下。", "请律师帮我写个取保候审的申请。", "我申请对我的羁押必要性进行审查。", "拜托律师帮我争取取保候审。",
             "我要求律师给我办取保候审手续。", "我请求变更强制措施，我有高血压。", "律师帮我申请一下监视居住也行。", "我想办取保，家里能交保证金。",
             "请律师尽快帮我申请取保候审，我母亲病重。", "能否申请取保候审？我有固定住处。", "希望律师向法院申请对我变更强制措施。", "取保候审能不能办？我想请律师试一试。"],
    "evidence": ["我要求律师去调取事发地点的监控录像。", "请律师帮我调取银行流水，可以证明钱已经还了一部分。", "我希望律师去调查取证，找当时在场的人了解情况。", "能不能帮我调取一下单位的考勤记录？",
                 "请律师帮我收集证据，我手机里的聊天记录被删了。", "我要求调取我和对方的通话记录。", "希望律师帮我去医院调取病历。", "请律师调取派出所的出警记录。",
                 "店门口有摄像头，请律师去把那天的录像拿来。", "麻烦律师去银行把我的转账明细打出来。", "律师能不能去厂里把我的打卡记录要过来？", "请你们去医院把我住院的材料复印回来。",
                 "我想请律师去调查一下对方的财产情况。", "请律师向工地负责人调查取证。", "我要求律师到社保局调取我的缴费记录。", "能否请律师收集一下我的工资发放记录？",
                 "我要求调取案发当晚的通话记录。", "希望律师调取我的就诊记录，证明我当时在医院。", "请律师去村委会调查一下当时的情况。", "能不能帮我去物业那里拷贝监控？",
                 "请律师帮我调取一下微信转账记录。", "我请求律师去交警队调取事故认定材料。", "希望律师帮我查证一下对方说的那笔钱。", "律师可不可以去单位人事部门把合同调出来？"],
    "witness": ["我要求让当时在场的{w}作为证人出庭作证。", "能不能申请证人出庭？我的同事{w}可以为我作证。", "我希望申请证人{w}出庭说明情况。", "请律师申请让证人{w}到庭。",
                "{w}当时就在旁边，我想让他作为证人出庭。", "我要求申请证人{w}出庭。", "请律师想办法让证人{w}出庭讲清楚。", "我希望{w}能作为证人到法庭作证。",
                "我同事{w}那天也在，能不能让他去法院说一说？", "{w}看到了全过程，请律师让他到法庭上讲一讲。", "律师能不能请{w}去开庭的时候帮我说句话？", "{w}什么都知道，我想让他当面跟法官讲。",
                "请律师通知{w}出庭作证。", "我申请让{w}出庭作证，他能证明我没动手。", "希望律师联系{w}，请他为我作证。", "我想请{w}做我的证人。",
                "我要求{w}到庭作证。", "请律师申请证人{w}出庭，他可以证明工资没发。", "我希望让{w}来作证，他是现场目击者。", "能否让证人{w}出庭对质？",
                "麻烦律师让{w}出庭作证。", "我请求通知证人{w}出庭。", "我想让{w}为我出庭作证。", "可不可以让{w}作为证人到庭陈述？"],
    "appraisal": ["我对鉴定意见有异议，要求重新鉴定。", "我想申请做伤残等级鉴定。", "请律师帮我申请精神状况鉴定，我以前看过病。", "我认为鉴定的金额太高了，想申请重新鉴定。",
                  "我要求对伤情重新进行鉴定。", "能不能帮我申请司法鉴定？", "我要求做鉴定。", "请律师帮我申请重新鉴定。",
                  "那个伤没有他们说的那么重，能不能重新找地方验一下？", "东西根本不值那么多钱，请律师让他们重新估一下价。", "我脑子有时候不清楚，律师能不能申请给我查一查？", "我的伤到底算几级，想请专业机构重新认定一下。",
                  "我申请对笔迹进行鉴定，借条上的字不是我签的。", "请律师帮我申请伤残鉴定。", "我要求对涉案物品的价格重新鉴定。", "能否申请做个精神病鉴定？",
                  "我希望律师申请对我的劳动能力进行鉴定。", "请律师申请对那份合同上的签名做鉴定。", "我要求对损失数额进行司法鉴定。", "我想请律师帮我申请重新鉴定伤情。",
                  "我请求对事故责任重新鉴定。", "希望律师帮我申请做个伤情鉴定。", "可不可以申请对车辆损失做鉴定？", "我要求律师申请鉴定我的伤残等级。"],
    "appeal": ["我对判决不服，想上诉。", "我要求上诉，请律师帮我写上诉状。", "判得太重了，我想上诉。", "我想上诉，请律师帮我考虑一下。",
               "这个结果我接受不了，我要上诉。", "我决定上诉。", "请律师帮我办理上诉。", "我不服，要求上诉。",
               "这个结果我不认，想让上一级法院再审一次。", "判得太重，我要往上告。", "我不服这个结果，律师帮我再争取一下二审吧。", "这个判决我不接受，请律师帮我向中院提。",
               "我要求提起上诉。", "请律师帮我写上诉状。", "我希望上诉，争取改判。", "能否帮我提出上诉？",
               "我要上诉，请律师帮我写材料。", "我请求律师帮我上诉。", "我想提起上诉，请律师代写上诉状。", "我决定上诉，麻烦律师帮忙。",
               "我不服，请律师帮我上诉。", "我要上诉到中级法院。", "希望律师帮我办上诉手续。", "我想在期限内上诉。"],
    "settlement": ["我愿意赔偿对方的损失，请律师帮我联系对方和解。", "能不能请律师帮我和对方谈谈，争取取得谅解？", "我想跟对方调解解决。", "请律师帮忙与对方协商和解。",
                   "我希望能和对方和解。", "我要求律师帮我争取对方的谅解。", "请律师帮我跟对方调解。", "我想和对方私下和解。",
                   "我愿意赔钱，请律师帮我跟对方家属谈谈，求得他们原谅。", "麻烦律师去跟对方商量一下，能私了就私了。", "律师能不能帮我跟老板谈谈，少拿一点也行，早点了结。", "请律师跟对方沟通，我愿意赔礼道歉。",
                   "我希望律师帮我跟被害人协商和解。", "请律师出面调解。", "我要求和对方和解，钱可以分期给。", "能否请律师帮我取得对方谅解？",
                   "我请求律师联系对方和解。", "希望律师帮我争取谅解书。", "我想请律师主持和对方调解。", "我愿意和解，请律师帮我联系。",
                   "请律师帮我和对方达成和解。", "我想通过调解解决。", "我希望取得被害人谅解。", "可不可以请律师跟对方调解一下？"],
    "complaint": ["我要控告办案人员在讯问时对我态度粗暴。", "我想投诉单位负责人，请律师帮我向有关部门反映。", "我要求对办案人员的违法行为提出控告。", "我想投诉之前接待我的工作人员不负责任。",
                  "我要投诉对方打击报复我。", "请律师帮我写控告材料。", "我要投诉。", "我想控告对方威胁我。",
                  "抓我那天有人打了我，我要去检察院告他们。", "那个工作人员刁难我，律师帮我向上面反映一下。", "老板找人吓唬我，请律师帮我去有关部门告他。", "他们办事不公平，我想找纪委反映。",
                  "我要求投诉办案民警。", "请律师帮我向检察院控告。", "我想举报对方转移财产。", "我希望律师帮我投诉劳动监察大队不作为。",
                  "我要求控告侦查人员刑讯逼供。", "请律师帮我写一份投诉信。", "我要向有关部门投诉。", "我想控告他诬告我。",
                  "我请求律师帮我投诉。", "我要举报办案人员违法。", "希望律师帮我控告对方。", "能否帮我向监察委投诉？"],
}

# sentences said around a request (context, not the request itself)
REQUEST_CONTEXT: dict[str, list[str]] = {
    "bail": ["家里老人没人照顾。", "我孩子还小。", "我身体一直不好。", "我有固定工作。"],
    "evidence": ["那天的事情说不清楚。", "他们说的不是事实。", "我记得很清楚。", "这些材料在对方手里。"],
    "witness": ["当时好几个人都看到了。", "我没有动手。", "工资的事大家都知道。", "我说的都是真的。"],
    "appraisal": ["我不认可那个结论。", "我的伤一直没好。", "价格算得太高了。", "我以前看过精神科。"],
    "appeal": ["判得太重了。", "我觉得不公平。", "和我想的不一样。", "我还是不服。"],
    "settlement": ["我知道错了。", "我愿意赔偿。", "不想一直打官司。", "对方也不容易。"],
    "complaint": ["我受了委屈。", "他们态度很差。", "这件事不能就这么算了。", "我咽不下这口气。"],
}

# narrative lines: {r} a client role, {o} a request object (verb phrase)
NARRATIVE_FRAMES = ["{r}提出希望{o}。", "{r}向律师提出{o}的请求。", "{r}要求{o}。", "{r}表示希望律师{o}。",
                    "{r}请求律师{o}。", "{r}当场提出要{o}。", "{r}请求{o}。", "{r}称想请律师{o}。",
                    "会见中{r}提出{o}。", "{r}一再要求{o}。", "谈话结束前{r}提出{o}。", "{r}恳请律师{o}。"]
NARRATIVE_OBJECTS: dict[str, list[str]] = {
    "bail": ["申请取保候审", "向办案机关申请变更强制措施", "帮其办理取保候审", "为其申请取保",
             "为其申请取保候审", "申请变更强制措施", "向检察院申请羁押必要性审查", "尽快申请取保候审"],
    "evidence": ["调取案发现场的监控录像", "去银行调取转账记录", "调查取证", "帮其收集证据",
                 "调取其就诊病历", "调取考勤记录", "调取通话记录", "向有关单位调查取证"],
    "witness": ["申请证人{w}出庭作证", "让证人{w}到庭作证", "通知证人{w}出庭", "请{w}作为证人出庭",
                "让{w}出庭作证", "申请{w}作为证人出庭", "申请证人出庭", "让{w}到庭作证"],
    "appraisal": ["申请重新鉴定", "申请伤残等级鉴定", "申请精神病鉴定", "申请对价格重新鉴定",
                  "申请司法鉴定", "对伤情重新鉴定", "申请笔迹鉴定", "申请劳动能力鉴定"],
    "appeal": ["提起上诉", "代写上诉状", "帮其上诉", "办理上诉",
               "上诉", "为其提出上诉", "帮其写上诉状", "代为上诉"],
    "settlement": ["与对方和解", "帮其争取被害人谅解", "与对方调解", "出面协商和解",
                   "与被害人和解", "取得对方谅解", "主持调解", "联系对方和解"],
    "complaint": ["向有关部门投诉", "帮其控告办案人员", "代为投诉", "帮其写控告材料",
                  "投诉办案人员", "向检察院控告", "向有关部门举报", "协助其投诉"],
}

# the lawyer's offer; the client's yes makes it a request (rules: offer_cues + an affirmative)
OFFER_QUESTIONS: dict[str, list[str]] = {
    "bail": ["你是否需要申请取保候审？", "要不要帮你申请取保候审？", "你是否要求变更强制措施？", "需不需要申请取保候审？"],
    "evidence": ["是否需要律师去调取这些证据？", "要不要我们去调取监控录像？", "你是否要求律师调查取证？", "需不需要律师去调取记录？"],
    "witness": ["是否需要申请证人{w}出庭？", "要不要申请{w}出庭作证？", "你是否要求证人出庭？", "需不需要申请证人出庭？"],
    "appraisal": ["你是否申请重新鉴定？", "要不要申请鉴定？", "你是否需要申请伤残鉴定？", "需不需要申请重新鉴定？"],
    "appeal": ["你是否要上诉？", "要不要上诉？", "你是否想上诉？", "需不需要帮你写上诉状？"],
    "settlement": ["你是否愿意和对方和解？", "要不要律师去联系对方调解？", "你是否同意调解？", "需不需要律师去争取谅解？"],
    "complaint": ["你是否要投诉？", "要不要律师帮你写控告材料？", "你是否要求控告？", "需不需要帮你投诉？"],
}
OFFER_YES = ["需要。", "是的，麻烦律师了。", "要。", "好的，申请吧。", "需要，谢谢律师。", "是的。", "想。", "好。"]

# typos seen in hand-written records: a keyword written with a homophone
TYPOS = {"取保候审": "取保侯审", "鉴定": "监定", "上诉": "上述", "证人": "正人", "调取": "掉取",
         "和解": "合解", "谅解": "凉解", "投诉": "投述", "控告": "空告", "取证": "取正"}

NEUTRAL_REPLIES = ["好的，你的意见我们记下了。", "这个情况我们了解了。", "你说的我们已经记录在案。",
                   "好，我们知道了。", "你的想法我们会认真考虑。", "明白，你的意思已经记录。",
                   "我们知道你的想法了。", "好的，已经记下。"]
ASK_REQUEST = ["你还有什么要求？", "你对我们的工作有什么要求？", "你还有什么想法吗？", "你还有什么需要律师做的？"]

VALID_KINDS = {
    "criminal_defense": ["bail", "evidence", "witness", "appraisal", "settlement", "complaint", "appeal"],
    "criminal_agency": ["evidence", "witness", "appraisal", "settlement", "complaint", "appeal"],
    "civil": ["evidence", "witness", "appraisal", "settlement", "complaint", "appeal"],
    "arbitration": ["evidence", "witness", "appraisal", "settlement", "complaint"],
    "administrative": ["evidence", "witness", "complaint", "appeal"],
    "non_litigation": ["evidence", "settlement", "complaint"],
}


def _typo(ph: Phraser, s: str, p: float = 0.08) -> str:
    if not ph.chance(p):
        return s
    hit = next((k for k in TYPOS if k in s), None)
    return s.replace(hit, TYPOS[hit], 1) if hit else s


def request_turn(ph: Phraser, c: Case, kind: str, witness: str, qa: tuple[str, str],
                 forms: tuple[str, ...] = ("quote", "quote", "quote", "narrative", "narrative", "offer")) -> tuple[list, str, str]:
    """Blocks recording one request, the request sentence, and its form (quote|narrative|offer).

    qa: the (question, answer) line prefixes of the family's meeting records.
    """
    q, a = qa
    form = ph.any(forms)
    if form == "offer":
        ask = ph.pick(OFFER_QUESTIONS[kind]).format(w=witness)
        blocks = [("pl", q + ask), ("pl", a + ph.any(OFFER_YES))]
        return blocks, ask, form
    if form == "narrative":
        role = ph.any(["受援人", "当事人", "委托人"] + (["被告人", "犯罪嫌疑人"] if c.kind == "criminal_defense" else []))
        sent = _typo(ph, ph.pick(NARRATIVE_FRAMES).format(r=role, o=ph.pick(NARRATIVE_OBJECTS[kind]).format(w=witness)))
        return [("pl", sent)], sent, form
    sent = _typo(ph, ph.pick(REQUEST_QUOTES[kind]).format(w=witness))
    ctx = ph.pick(REQUEST_CONTEXT[kind]) if ph.chance(0.3) else ""
    line = ctx + sent if ph.chance(0.5) else sent + ctx
    blocks = [("pl", q + ph.pick(ASK_REQUEST)), ("pl", a + line)]
    return blocks, sent, form


# --- answers: {when} date, {organ} the organ, {who} the lawyer as named in the host
ANSWER_TOPICS: dict[str, list[str]] = {
    "bail": ["取保候审要求", "变更强制措施的要求", "取保候审申请", "取保候审一事",
             "取保的请求", "变更强制措施的请求", "取保候审的想法", "申请取保的事"],
    "evidence": ["调取证据的要求", "调查取证的要求", "调取证据一事", "收集证据的要求",
                 "调取记录的请求", "取证的请求", "调取材料一事", "调查取证的请求"],
    "witness": ["申请证人出庭的要求", "证人出庭的要求", "证人出庭一事", "让证人作证的要求",
                "证人{w}出庭的请求", "请{w}作证的要求", "证人到庭一事", "证人作证的想法"],
    "appraisal": ["重新鉴定的要求", "鉴定申请", "鉴定一事", "申请鉴定的要求",
                  "鉴定的请求", "重新鉴定的请求", "伤情鉴定一事", "鉴定的想法"],
    "appeal": ["上诉要求", "上诉的想法", "上诉要求", "上诉一事",
               "上诉的请求", "提起上诉的要求", "上诉的意愿", "上诉的事"],
    "settlement": ["和解意愿", "调解请求", "和解请求", "取得谅解的要求",
                   "和解的想法", "谅解的请求", "调解的想法", "争取谅解一事"],
    "complaint": ["投诉要求", "控告事项", "投诉事项", "控告要求",
                  "投诉的请求", "控告的想法", "举报的要求", "投诉一事"],
}
ANSWER_ACTIONS: dict[str, list[str]] = {
    "bail": ["{who}已于{when}向{organ}提交取保候审申请书，{organ}经审查未予准许", "{who}于{when}递交了取保候审申请，办案机关已书面答复",
             "{who}已于{when}提交申请，{organ}决定不予准许并说明了理由", "{who}于{when}向办案机关提出书面申请",
             "{who}于{when}向{organ}递交了变更强制措施申请书，{organ}以社会危险性较大为由不予准许", "{who}已于{when}向{organ}提交羁押必要性审查申请",
             "{who}经审查认为其系累犯，不符合取保候审条件，已于{when}向其说明不宜申请的理由", "{who}于{when}与{organ}承办人沟通取保候审事宜，{organ}答复暂不考虑",
             "{who}已于{when}书面申请取保候审，{organ}已作出不予准许的答复", "{who}于{when}向{organ}申请变更强制措施，已获准许",
             "{who}于{when}向其解释了取保候审的条件，其不符合条件，受援人表示理解", "{who}已于{when}向{organ}邮寄取保候审申请书",
                "{who}已于{when}为其申请取保候审，未获批准", "{who}于{when}向{organ}申请变更强制措施，未获准许", "{who}于{when}为其提出取保候审申请，{organ}未批准", "{who}已于{when}代其申请取保候审，{organ}未准"],
    "evidence": ["{who}已于{when}向{organ}提交调取证据申请，相关材料已调取入卷", "{who}于{when}前往有关单位调取了相关材料",
                 "{who}已于{when}书面申请调取，办案机关已调取并随案移送", "{who}已于{when}完成调查取证工作",
                 "{who}于{when}持律师调查专用介绍信调取了相关记录", "{who}于{when}申请{organ}调取，{organ}已准许",
                 "{who}于{when}前往调取，相关单位以涉及隐私为由拒绝提供，已向受援人说明", "{who}已于{when}申请{organ}调取证据，{organ}未予准许",
                 "{who}于{when}调取了相关书证并已提交{organ}", "{who}于{when}到有关单位调查，调取的材料已附卷",
                 "{who}经审查认为该证据与本案无关，已于{when}向受援人解释不予调取的理由", "{who}已于{when}向{organ}提交调查取证申请书",
                "{who}已于{when}为其申请调取相关证据，未获批准", "{who}于{when}向{organ}申请调取证据，获得准许", "{who}于{when}为其收集了相关书证", "{who}已于{when}代其调取了相关证据"],
    "witness": ["{who}已于{when}向{organ}提交证人出庭申请", "{who}于{when}书面申请通知证人到庭，法庭已准许",
                "{who}已于{when}提出申请，法庭认为证人证言已经当庭宣读，无出庭必要", "{who}已于{when}向法庭申请",
                "{who}于{when}联系了证人，证人同意到庭作证", "{who}于{when}向{organ}申请证人出庭，{organ}已准许",
                "{who}于{when}联系证人，证人明确拒绝作证，已向受援人说明", "{who}已于{when}向{organ}提交证人名单及出庭申请",
                "{who}已于{when}申请证人出庭作证", "{who}于{when}向{organ}书面申请证人出庭，{organ}不予准许",
                "{who}经与证人核实，其并未目睹事发经过，已于{when}向受援人说明不宜申请其作证", "{who}已于{when}提交了证人出庭作证申请书",
                "{who}已于{when}为其申请证人出庭，未获批准", "{who}于{when}向{organ}申请证人出庭，获得准许", "{who}于{when}为其联系证人出庭作证", "{who}已于{when}代其申请证人{w}出庭"],
    "appraisal": ["{who}于{when}提交了重新鉴定申请，{organ}未予准许", "{who}已于{when}向{organ}提出，并已进行鉴定",
                  "{who}经审查原鉴定程序合法，已于{when}向其解释不申请重新鉴定的理由，受援人表示理解", "{who}已于{when}代为提交鉴定申请书",
                  "{who}于{when}向{organ}提交重新鉴定申请书，{organ}已委托鉴定机构", "{who}已于{when}申请鉴定，鉴定结论已出具",
                  "{who}于{when}向{organ}申请鉴定，{organ}认为原鉴定意见依据充分，不予准许", "{who}已于{when}提交鉴定申请",
                  "{who}于{when}书面申请重新鉴定，已获准许", "{who}已于{when}向{organ}递交鉴定申请",
                  "{who}于{when}向其说明该事项无需鉴定的理由，受援人认可", "{who}已于{when}向{organ}申请对相关事项进行鉴定",
                "{who}已于{when}为其申请重新鉴定，未获批准", "{who}于{when}向{organ}申请鉴定，获得准许", "{who}于{when}为其提出鉴定申请，{organ}未批准", "{who}已于{when}代其申请司法鉴定"],
    "appeal": ["{who}于{when}为其代写了上诉状并递交法院", "{who}于{when}向其释明上诉的风险，受援人最终决定不上诉",
               "{who}已于{when}协助其提出上诉", "{who}于{when}告知其上诉期限及途径，受援人已自行提出上诉",
               "{who}已于{when}代为起草上诉状", "{who}于{when}协助其递交了上诉状",
               "{who}于{when}向其分析了上诉的利弊，受援人表示放弃上诉", "{who}已于{when}帮助其提交上诉状",
               "{who}于{when}代写上诉状并交受援人签字后提交", "{who}已于{when}为其办理上诉手续",
               "{who}于{when}向其说明上诉期限，受援人考虑后不再上诉", "{who}已于{when}代其提交上诉状",
                "{who}已于{when}为其写了上诉状", "{who}于{when}帮其递交上诉状，二审已受理", "{who}于{when}为其提出上诉", "{who}已于{when}代其递交上诉材料"],
    "settlement": ["{who}于{when}与对方进行了沟通，双方达成和解", "{who}于{when}联系对方协商，对方不同意调解",
                   "{who}已于{when}转达对方，对方表示谅解", "{who}于{when}与对方当面协商，未能取得谅解",
                   "{who}于{when}约见对方，对方出具了谅解书", "{who}已于{when}与对方协商和解，对方要价过高未能达成",
                   "{who}于{when}多次联系对方，对方拒绝和解", "{who}已于{when}促成双方和解",
                   "{who}于{when}与被害方沟通，已取得谅解", "{who}已于{when}联系对方调解，对方明确拒绝",
                   "{who}于{when}与对方协商，对方同意谅解", "{who}已于{when}组织双方协商和解",
                "{who}已于{when}为其联系对方和解，未获同意", "{who}于{when}向对方转达了和解意愿，获得谅解", "{who}于{when}为其争取谅解，对方未同意", "{who}已于{when}代其与对方商谈和解"],
    "complaint": ["{who}已于{when}协助其向有关部门提交书面投诉材料", "{who}于{when}向其释明了控告的途径和方式",
                  "{who}已于{when}代为向有关部门反映，已获答复", "{who}已于{when}协助其提交控告材料",
                  "{who}于{when}代写了投诉信并寄送有关部门", "{who}已于{when}协助其向检察机关控告",
                  "{who}于{when}向其说明投诉的渠道，受援人表示自行投诉", "{who}已于{when}将投诉材料转交有关部门",
                  "{who}于{when}协助其向有关部门投诉，已有答复", "{who}已于{when}代为提交控告书",
                  "{who}经核实认为控告缺乏事实依据，已于{when}向其解释", "{who}已于{when}将其控告材料递交检察院",
                "{who}已于{when}为其提交投诉材料", "{who}于{when}帮其向有关部门投诉，已有回复", "{who}于{when}为其写了控告材料", "{who}已于{when}代其向检察院控告"],
}
# acting on a request without naming its kind (a reviewer still reads it as done)
PLAIN_ACTIONS: dict[str, list[str]] = {
    "bail": ["{who}已于{when}就其提出的先行出所请求向{organ}递交书面意见，{organ}未同意", "{who}于{when}为其提交了保证人材料及申请，{organ}答复不予准许",
             "{who}已于{when}就羁押问题向{organ}提出书面意见", "{who}于{when}向{organ}提出释放申请，{organ}未同意",
             "{who}于{when}就其身体状况向{organ}递交书面材料，请求对其解除羁押，{organ}不同意", "{who}已于{when}向{organ}提出对其改为非羁押措施的意见",
             "{who}于{when}向{organ}申请释放，{organ}以案件尚在侦查为由未予同意", "{who}已于{when}向{organ}书面说明其患病情况，请求不再羁押"],
    "evidence": ["{who}于{when}前往银行打印了其账户交易明细并附卷", "{who}于{when}到事发路段商铺拷贝了监控视频",
                 "{who}已于{when}从医院复印了住院病历入卷", "{who}于{when}从用人单位取得了考勤表复印件",
                 "{who}已于{when}到银行打印了其工资卡流水并入卷", "{who}于{when}向物业公司拷贝了当日监控视频",
                 "{who}已于{when}向社保部门查询并打印了缴费明细", "{who}于{when}到医院复制了病历资料，已附卷"],
    "witness": ["{who}于{when}联系了{w}，{w}同意到法庭陈述所见情况", "{who}于{when}联系{w}，{w}以工作繁忙为由拒绝到庭",
                "{who}已于{when}就{w}到庭一事向{organ}提交申请", "{who}于{when}约见{w}，{w}表示愿意到庭说明情况",
                 "{who}于{when}与{w}通话，{w}答应开庭时到场说明", "{who}已于{when}请{w}到法庭陈述，{organ}同意",
                 "{who}于{when}找到{w}核实情况，{w}不愿意出面，已告知受援人", "{who}已于{when}向{organ}申请让{w}到庭陈述所见"],
    "appraisal": ["{who}于{when}申请对伤情等级重新认定，{organ}未予准许", "{who}已于{when}申请对涉案物品重新估价",
                  "{who}于{when}申请委托专业机构对其精神状况进行评定", "{who}已于{when}就损失数额申请重新评估",
                  "{who}于{when}申请对其伤情重新评定等级，{organ}已同意", "{who}已于{when}申请重新估价，{organ}未同意",
                  "{who}于{when}申请委托专业机构对其精神状况进行检查，已获同意", "{who}已于{when}申请对签名真伪进行检验"],
    "appeal": ["{who}于{when}为其起草了不服一审的书面材料并递交二审法院", "{who}于{when}帮助其向上一级法院递交了材料",
               "{who}已于{when}协助其向中级法院提出不服一审的请求", "{who}于{when}向其分析了二审的利弊，受援人放弃",
               "{who}于{when}帮助其向二审法院递交了不服一审的书状", "{who}已于{when}为其写好不服一审的书状并寄出",
               "{who}于{when}向其分析了二审改判的可能，受援人决定不再提出", "{who}已于{when}帮其把不服一审的书状交到法院"],
    "settlement": ["{who}于{when}与对方商谈赔偿事宜，对方不愿协商", "{who}已于{when}与对方达成赔偿协议，对方出具了书面说明不再追究",
                   "{who}于{when}与对方家属面谈赔偿，因数额分歧未能达成一致", "{who}已于{when}与对方协商赔偿，对方接受赔礼道歉",
                   "{who}于{when}与对方家属商谈赔偿，对方接受道歉并同意不再追究", "{who}已于{when}就赔偿数额与对方协商，未能谈拢",
                   "{who}于{when}约对方面谈赔偿问题，对方拒绝见面", "{who}已于{when}与对方签订赔偿协议书"],
    "complaint": ["{who}已于{when}将其反映的问题以书面形式报送检察院", "{who}于{when}陪同其到纪检部门反映情况",
                  "{who}已于{when}将其反映的情况书面报送主管部门，已有回复", "{who}于{when}向其解释了反映问题的渠道，其表示自行处理",
                  "{who}于{when}将其反映的问题书面报送纪检部门，已获回复", "{who}已于{when}陪同其向主管部门反映情况",
                  "{who}于{when}告知其向纪检部门反映的方式，其表示自行前往", "{who}已于{when}把其反映的问题整理成材料交给主管部门"],
}
ANSWER_INTROS = {
    "report": ["关于受援人在会见时提出的", "针对受援人提出的", "受援人提出的", "对于受援人所提的",
               "受援人在谈话中提出的", "就受援人反映的", "对受援人会见时提出的", "关于委托人提出的"],
    "meeting": ["上次会见时你提出的", "你之前提出的", "你上次要求的", "关于你上次提出的",
                "你前次提到的", "关于你说的", "就你上回提出的", "你在上次谈话中提出的"],
    "opinion": ["另，关于受援人提出的", "另，针对受援人所提的", "另，受援人提出的", "此外，对于受援人提出的",
                "另需说明，受援人提出的", "补述一点，受援人提出的", "另，就受援人的", "附带说明：受援人提出的"],
}
MEETING_TAILS = ["你清楚了吗？", "这个情况向你说明一下。", "你看还有什么意见？", "特此告知。"]
# a hearing transcript: (the lawyer's motion, the presiding judge's reply); {role} 辩护人/代理人, {j} 审判长/首席仲裁员
HEARING_MOVES: dict[str, list[tuple[str, str]]] = {
    "bail": [("{role}：鉴于被告人身体状况，{role}申请对被告人变更强制措施为取保候审。", "{j}：合议庭庭后评议。"),
             ("{role}：{role}已于{when}提交取保候审申请，请法庭予以考虑。", "{j}：法庭将依法审查。"),
             ("{role}：请求法庭对被告人变更强制措施。", "{j}：不予准许，理由庭后书面告知。"),
             ("{role}：{role}当庭申请对被告人取保候审。", "{j}：合议庭评议后认为不符合条件，不予准许。")],
    "evidence": [("{role}：{role}于{when}申请调取的相关记录，请法庭予以调取。", "{j}：法庭将依法调取。"),
                 ("{role}：申请法庭调取相关书证。", "{j}：准许，休庭后调取。"),
                 ("{role}：{role}已调取相关记录，现当庭出示。", "{j}：对方发表质证意见。"),
                 ("{role}：申请调取案发当日的监控录像。", "{j}：该证据已灭失，无法调取。")],
    "witness": [("{role}：申请证人{w}出庭作证。", "{j}：准许，传证人到庭。"),
                ("{role}：{role}于{when}申请的证人已在庭外候庭，请求传其到庭。", "{j}：准许。"),
                ("{role}：请求法庭准许证人{w}出庭作证。", "{j}：合议庭认为无出庭必要，不予准许。"),
                ("{role}：申请证人{w}到庭陈述。", "{j}：证人证言已宣读，不再传唤证人。")],
    "appraisal": [("{role}：申请对伤情重新鉴定。", "{j}：合议庭庭后评议。"),
                  ("{role}：{role}于{when}提交的重新鉴定申请，请法庭予以准许。", "{j}：法庭将依法审查。"),
                  ("{role}：对鉴定意见有异议，申请重新鉴定。", "{j}：不予准许，原鉴定程序合法。"),
                  ("{role}：申请对涉案价格进行重新鉴定。", "{j}：准许，庭后委托鉴定。")],
    "settlement": [("{role}：被告人愿意赔偿被害人损失，请求法庭组织双方调解。", "{j}：庭后组织调解。"),
                   ("{role}：被告人家属已与被害人达成和解，现提交谅解书。", "{j}：法庭予以接收。"),
                   ("{role}：受援人同意调解，请求法庭主持调解。", "{j}：休庭后进行调解。"),
                   ("{role}：{role}庭前已与被害方协商赔偿，现请求法庭组织双方和解。", "{j}：被害人表示不予谅解。")],
    "complaint": [("{role}：受援人反映办案人员态度粗暴，{role}已于{when}协助其提出控告。", "{j}：记录在案。"),
                  ("{role}：被告人曾反映受到不当对待，{role}已代为控告。", "{j}：法庭已记录。"),
                  ("{role}：受援人的投诉已由{role}转交有关部门。", "{j}：记录在案。"),
                  ("{role}：被告人就讯问程序提出控告，{role}已转交检察机关。", "{j}：法庭予以记录。")],
}

# --- distractors: the topic named, nothing done (restatements, vague promises, other senses)
DISTRACTORS: dict[str, list[str]] = {
    "bail": ["受援人在会见中曾提出取保候审的想法。", "关于取保候审的问题，我们回去再研究一下。", "被告人一直希望能够取保候审。", "取保候审的条件律师会后再了解。",
             "受援人多次提到想取保。", "取保候审的事情以后再说。", "变更强制措施的问题需要看案件进展。", "被告人家属询问过取保候审的事。",
                "会见时{r}又说起取保候审，律师记录在案。", "取保候审的请求已记录，待定。", "{r}关于取保的要求另行研究。", "办案机关尚未就取保候审一事作出任何安排。"],
    "evidence": ["受援人称其手机中存有聊天记录。", "调取证据的事我们会考虑。", "受援人认为对方手里有相关证据。", "是否调取录像，律师还在考虑。",
                 "受援人希望律师调查取证。", "取证的事以后再说。", "受援人提到银行流水可以证明还款。", "调查取证需要时间，请耐心等待。",
                "会见时{r}又说起调取证据的事，律师记录在案。", "调取证据的请求已记录，待定。", "{r}关于取证的要求另行研究。", "是否需要调查取证，视案件进展再定。"],
    "witness": ["受援人称{w}当时在场。", "证人出庭的事我们再商量。", "受援人认为{w}可以作证。", "是否申请证人出庭，律师还在考虑。",
                "受援人提出过让{w}作证的想法。", "证人的事情以后再说。", "受援人说{w}了解情况。", "证人是否出庭需要看庭审安排。",
                "会见时{r}又说起让{w}作证，律师记录在案。", "证人出庭的请求已记录，待定。", "{r}关于证人的要求另行研究。", "证人{w}是否到庭尚无安排。"],
    "appraisal": ["受援人对鉴定意见有不同看法。", "鉴定的事我们回去研究。", "受援人认为鉴定金额偏高。", "是否重新鉴定，律师还在考虑。",
                  "受援人提出过重新鉴定的想法。", "鉴定问题以后再说。", "受援人对伤情鉴定不认可。", "鉴定需要费用，受援人再考虑。",
                "会见时{r}又说起重新鉴定，律师记录在案。", "鉴定的请求已记录，待定。", "{r}关于鉴定的要求另行研究。", "是否申请重新鉴定，视案件进展再定。"],
    "appeal": ["受援人曾表示对结果不满意，想上诉。", "上诉的事我们再商量。", "受援人考虑是否上诉。", "上诉期限内再联系。",
               "受援人提到过上诉。", "上诉的问题以后再说。", "受援人家属也在考虑上诉。", "是否上诉由受援人自己决定。",
                "会见时{r}又说起上诉，律师记录在案。", "上诉的想法已记录，待定。", "{r}关于上诉的要求另行研究。", "上诉与否尚未最终确定。"],
    "settlement": ["受援人表示愿意赔偿以求得谅解。", "谅解的事我们再看看。", "受援人希望得到对方谅解。", "对方是否谅解尚不清楚。",
                   "受援人提出过求得谅解的想法。", "谅解的问题以后再说。", "受援人称愿意赔礼道歉求得谅解。", "谅解需要对方同意，再等等。",
                "会见时{r}又说起想取得谅解，律师记录在案。", "谅解的请求已记录，待定。", "{r}关于谅解的要求另行研究。", "能否取得谅解尚无进展。"],
    "complaint": ["受援人对办案人员的态度有意见，提到过投诉。", "投诉的事我们再研究。", "受援人认为应当控告对方。", "是否投诉，受援人再考虑。",
                  "受援人提出过控告的想法。", "投诉的问题以后再说。", "受援人称要举报对方。", "控告需要证据，受援人再想想。",
                "会见时{r}又说起要投诉，律师记录在案。", "投诉的请求已记录，待定。", "{r}关于控告的要求另行研究。", "投诉一事尚未办理。"],
}
# client remarks that name a kind's topic without asking for anything (hard negatives for detection)
TOPIC_REMARKS: dict[str, list[tuple[str, str]]] = {
    "bail": [("之前有没有被取保候审过？", "没有。"), ("你知道取保候审是什么意思吗？", "听说过，不太懂。"),
             ("你对羁押期限清楚吗？", "不太清楚。"), ("有人跟你说过取保的事吗？", "同监室的人说过。")],
    "evidence": [("你手里有哪些证据？", "有聊天记录。"), ("公安机关调取过你的手机吗？", "调取过。"),
                 ("你的转账记录还在吗？", "在手机里。"), ("这些证据是谁收集的？", "是我自己保存的。")],
    "witness": [("当时有证人吗？", "有几个路人。"), ("证人的证言你看过吗？", "没看过。"),
                ("{w}是你什么人？", "是我同事。"), ("现场还有谁？", "{w}也在。")],
    "appraisal": [("鉴定意见你收到了吗？", "收到了。"), ("你做过伤情鉴定吗？", "做过，是轻伤。"),
                  ("价格鉴定的结论你知道吗？", "知道。"), ("鉴定的时候你在场吗？", "不在。")],
    "appeal": [("你知道上诉期限吗？", "知道，十天。"), ("对方有没有上诉？", "不清楚。"),
               ("上诉状需要本人签字，你知道吗？", "知道。"), ("以前上诉过吗？", "没有。")],
    "settlement": [("对方有没有提过和解？", "没有。"), ("之前调解过吗？", "社区调解过一次，没成。"),
                   ("被害人现在是什么态度？", "不肯谅解。"), ("你们之间谈过赔偿吗？", "谈过，没谈拢。")],
    "complaint": [("你投诉过吗？", "没有。"), ("之前有没有向有关部门反映过？", "打过热线。"),
                  ("你知道控告的渠道吗？", "不知道。"), ("有没有人举报过你？", "不清楚。")],
}


def _filled(s: str, c: Case, when: str, who: str, witness: str) -> str:
    return s.format(when=when, organ=c.organ, who=who, w=witness)


def _pick_free(ph: Phraser, pool: list[str], avoid: tuple[str, ...]) -> str:
    """A family phrasing that contains none of ``avoid`` (when the family has one)."""
    fam = list(pool)[ph.fi::4] if len(pool) >= 4 else list(pool)
    ok = [s for s in fam if not any(w in s for w in avoid)]
    return ph.any(ok or fam)


def answer_sentence(ph: Phraser, c: Case, kind: str, when: str, host: str, witness: str = "王某",
                    avoid: tuple[str, ...] = ()) -> str:
    """A sentence recording action on (or an explained refusal of) an earlier request.

    host: "report" (closing report, written application), "meeting" (the lawyer in a
    later meeting), "opinion" (defence/agency opinion). avoid: words the host must not
    receive (e.g. outcome words in a closing report that omits the outcome).
    """
    who = {"meeting": "律师", "opinion": lawyer_role(c)}.get(host, ph.any(["承办律师", "律师", lawyer_role(c)]))
    if ph.chance(0.12):
        body = _filled(_pick_free(ph, PLAIN_ACTIONS[kind], avoid), c, when, who, witness)
        topic = ""
    else:
        topic = _pick_free(ph, ANSWER_TOPICS[kind], avoid).format(w=witness) + "，"
        body = _filled(_pick_free(ph, ANSWER_ACTIONS[kind], avoid), c, when, who, witness)
    if ph.chance(0.25):  # many records do not date the act, some not even with 已
        body = body.replace(f"已于{when}", ph.any(["已", "", "曾"])).replace(f"于{when}", "")
    intro = ph.pick(ANSWER_INTROS[host]) if topic else ph.any(["", "另，", "此外，"]) if host != "meeting" else ""
    if host == "meeting":
        return f"{intro}{topic}{body}，{ph.pick(MEETING_TAILS)}"
    return f"{intro}{topic}{body}。"


def hearing_move(ph: Phraser, c: Case, kind: str, when: str, witness: str) -> tuple[str, str]:
    """(lawyer line, judge line) of a hearing transcript acting on a request."""
    role, judge = lawyer_role(c), "首席仲裁员" if c.kind == "arbitration" else "审判长"
    move, reply = ph.pick(HEARING_MOVES[kind])
    return (move.format(role=role, when=when, w=witness), reply.format(j=judge))


def distractor_text(ph: Phraser, kind: str, witness: str, avoid: tuple[str, ...] = ()) -> str:
    role = ph.any(["受援人", "当事人", "委托人"])
    return _pick_free(ph, DISTRACTORS[kind], avoid).format(w=witness, r=role)


def topic_remark(ph: Phraser, kind: str, witness: str) -> tuple[str, str]:
    q, a = ph.pick(TOPIC_REMARKS[kind])
    return q.format(w=witness), a.format(w=witness)


def record_answer(x: Ctx, kind: str, text: str) -> str:
    """Note an answer written into the document (training bookkeeping) and return it."""
    x.doc.data.setdefault("answer_texts", []).append((kind, text))
    return text


def answer_text(x: Ctx, kind: str, when, host: str, avoid: tuple[str, ...] = ()) -> str:
    """``answer_sentence`` for the document being written, recorded in its data."""
    return record_answer(x, kind, answer_sentence(x.ph, x.c, kind, x.ph.ld(when), host, witness_for(x.docs, kind), avoid))


def witness_for(docs: list, kind: str) -> str:
    """The witness named by the meeting record that made a request of ``kind``."""
    return next((d.data.get("witness") for d in docs if d.type == "meeting_record"
                 and kind in d.data.get("requests", [])), None) or "王某"
