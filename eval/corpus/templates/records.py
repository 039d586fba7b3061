"""Records written during the work: meetings, file review, investigation, hearing, discussion.

Meeting records carry the FU-01 request lines (doc.data["requests"]) and answers to
earlier requests (doc.data["answers"]: [(kind, date)]).
"""
from __future__ import annotations

from ..case import person_name
from .common import Ctx, lawyer_role, matter
from .facts import first_person, third_person, civil_facts
from .requests import (NEUTRAL_REPLIES, VALID_KINDS, answer_text, hearing_move, record_answer, request_turn,
                       topic_remark, witness_for)


def _time_range(x: Ctx) -> str:
    h = x.ph.rng.randint(8, 15)
    m = x.ph.any([0, 10, 20, 30, 40])
    dur = x.ph.rng.randint(40, 110)
    e = h * 60 + m + dur
    return f"{h}时{m:02d}分至{e // 60}时{e % 60:02d}分"


def qa_prefixes(c, family: str) -> tuple[str, str]:
    """The (question, answer) line prefixes of a family's meeting records."""
    return ("律师：", f"{c.client.name}：") if family == "C" else ("问：", "答：")


def _qa(x: Ctx, q: str, a: str) -> list[tuple]:
    qp, ap = qa_prefixes(x.c, x.ph.family)
    return [("pl", qp + q), ("pl", ap + a)]


GENERIC_QA_CRIM = [
    ("你现在身体状况怎么样？", ["还可以。", "身体还行，就是睡不好。", "有点高血压，在吃药。", "挺好的。"]),
    ("在里面有没有人欺负你？", ["没有。", "没有，管教对我们挺好。", "没有人欺负我。", "没有。"]),
    ("办案人员讯问你时，有没有刑讯逼供或者诱供的情况？", ["没有。", "没有，都是按程序问的。", "没有打骂。", "没有这种情况。"]),
    ("你一共被讯问过几次？每次笔录你都看过吗？", ["三四次吧，笔录都看过签了字。", "两次，看过了。", "记不清了，都签字了。", "四次，都看了。"]),
    ("你以前有没有受过刑事处罚或者行政处罚？", ["没有。", "没有，这是第一次。", "以前因为打架被拘留过一次。", "没有任何前科。"]),
    ("你家里还有什么人？", ["父母和一个孩子。", "老婆和两个孩子。", "就我母亲一个人。", "家里还有父亲，身体不好。"]),
    ("你对自己的行为现在怎么认识？", ["我知道错了，很后悔。", "我认识到自己的行为是违法的。", "我很后悔，以后不会再犯了。", "我认罪，愿意接受处理。"]),
    ("你在里面生活上有什么困难吗？", ["没有。", "天冷了想让家里送点衣服。", "伙食还可以。", "没什么困难。"]),
]
GENERIC_QA_CIVIL = [
    ("你的主要诉求是什么？", ["要回被拖欠的钱。", "希望对方赔偿我的损失。", "希望尽快把事情解决。", "要求对方依法承担责任。"]),
    ("你手里有哪些材料？", ["有聊天记录、转账记录。", "有医院的病历和票据。", "有借条原件。", "有考勤表和工资条。"]),
    ("对方现在是什么态度？", ["一直拖着不给。", "不接我电话。", "说没钱。", "说要等上面批。"]),
    ("你的家庭经济状况怎么样？", ["收入很低，孩子还在上学。", "没有固定收入。", "靠打零工过日子。", "家里就靠我一个人挣钱。"]),
    ("事情发生以后你找过哪些部门？", ["找过社区，没解决。", "打过市长热线。", "还没有找过。", "去过劳动监察大队。"]),
    ("你对案件的结果有什么预期？", ["能拿回大部分就行。", "希望按法律规定处理。", "越快越好。", "听律师的。"]),
]
LAW_EXPLAIN_CRIM = [
    ("律师向你解释一下{cause}的构成要件：需要有相应的客观行为，并且主观上是故意。你现在被指控的就是这个罪名，明白吗？", ["明白了。", "大概知道了。", "清楚。", "懂了。"]),
    ("根据法律规定，如实供述自己的罪行，可以从轻处罚；有自首、立功等情节的，可以从轻或者减轻处罚。你清楚这些规定吗？", ["清楚了。", "知道了。", "以前不知道，现在明白了。", "明白。"]),
    ("律师会依法维护你的合法权益，但是不能帮你隐瞒事实，也不能帮你传递与案件无关的信息，这一点你要理解。", ["理解。", "我知道。", "明白。", "好的。"]),
    ("你有权拒绝回答与本案无关的问题，对讯问笔录记载有误的，有权要求更正。你知道吗？", ["知道了。", "以前不知道。", "明白。", "好的。"]),
    ("案发当时你有没有喝酒？身体有没有什么不舒服？", ["没有喝酒。", "喝了一点，但是头脑清醒。", "没有不舒服。", "记不太清了。"]),
    ("你和对方以前认识吗？有没有什么矛盾？", ["不认识。", "见过几次，没有矛盾。", "以前认识，没有过节。", "不熟悉。"]),
    ("事情发生以后你做了什么？", ["我一直待在家里。", "我回了出租屋。", "我去上班了。", "我在原地没走。"]),
    ("你的工作和收入情况怎么样？", ["打零工，一个月三四千。", "没有固定工作。", "在厂里上班，一个月四千多。", "收入不稳定。"]),
]
LAW_EXPLAIN_CIVIL = [
    ("律师向你说明：民事案件实行谁主张谁举证，你需要提供能够证明你主张的材料，明白吗？", ["明白。", "知道了。", "清楚了。", "好的。"]),
    ("本案的诉讼时效是三年，从你知道或者应当知道权利受到损害之日起计算，你的情况没有超过时效。", ["好的。", "知道了。", "明白。", "那就好。"]),
    ("对方可能会提出抗辩，比如主张已经支付了部分款项，你对此有什么说法？", ["他一分钱都没给过。", "给过一部分，我有记录。", "没有这回事。", "我记得很清楚，没给过。"]),
    ("如果判决后对方不履行，你可以申请强制执行，执行的期限是两年。", ["知道了。", "好的。", "明白。", "清楚了。"]),
    ("你和对方之间有没有签过书面的协议？", ["没有签过。", "签过，原件在我这里。", "只有口头约定。", "有一张收条。"]),
    ("你的身份证、户口本等材料带来了吗？", ["带来了。", "都在这里。", "下次带来。", "带了复印件。"]),
]
RISK_EXPLAIN = ["律师向你告知：诉讼有风险，案件的处理结果以法院的裁判为准，你是否明白？",
                "我们向你说明，本案的处理结果存在不确定性，律师不能对结果作出承诺，清楚吗？",
                "现在向你释明相关法律规定和可能的法律后果，你听清楚了吗？",
                "律师已向你解释了本案涉及的法律规定，你是否理解？"]


def meeting_record(x: Ctx) -> tuple[str, list]:
    c, ph, d = x.c, x.ph, x.doc.data
    crim = c.kind == "criminal_defense"
    if crim and c.detained:
        title = ph.pick(["会见笔录", "会见犯罪嫌疑人笔录" if c.stage != "trial" else "会见被告人笔录", "律师会见笔录", "会见在押人员笔录",
                         "会见笔录", "律师会见记录", "会见笔录", "会见谈话笔录"])
        place = f"{c.city}看守所"
    else:
        title = ph.pick(["谈话笔录", "接待笔录", "会见笔录", "当事人谈话笔录",
                         "谈话记录", "接谈笔录", "询问笔录", "会谈笔录"])
        place = ph.any([f"{c.firm}会议室", f"{c.center}接待室", f"{c.firm}接待室"])
    date_s = ph.fd(x.doc.date)
    rows = [("时间", f"{date_s} {_time_range(x)}"), ("地点", place),
            ("会见人" if crim else "谈话人", f"{c.lawyer}（{c.firm}律师）"),
            ("被会见人" if crim else "被谈话人", c.client.name), ("记录人", person_name(ph.rng))]
    head = ph.layout({"A": {"kv": 3, "ul": 1}, "B": {"kv": 1, "ul": 3}, "C": {"kv": 1, "ul": 2}, "D": {"kv": 2, "ul": 2}})
    blocks: list = [("title", title)]
    if ph.chance(0.4):
        blocks.append(("sub", f"第{d.get('index', 1)}次", "C"))
    blocks += [("kv", rows, 2)] if head == "kv" else [("ul", rows)]
    idx = d.get("index", 1)
    if d.get("post"):
        blocks += _qa(x, "判决书（决定书）你收到了吗？", ph.any(["收到了。", "已经收到了。", "收到了，看过了。"]))
        blocks += _qa(x, "你对处理结果有什么看法？", ph.any(["我接受。", "结果出来了就这样吧。", "我想再考虑考虑。"]) if not d.get("requests") else ph.any(["判得有点重。", "我不太满意。", "和我想的不一样。"]))
    elif idx == 1:
        intro = ph.pick([f"我们是{c.firm}的律师，受{c.center}指派，担任你的{lawyer_role(c)}，你是否同意？",
                         f"我是{c.firm}律师{c.lawyer}，{c.center}指派我为你提供法律援助，你同意吗？",
                         f"根据{c.center}的指派，由我担任你在{matter(c)}中的{lawyer_role(c)}，你是否接受？",
                         f"你好，我们是法律援助中心指派的律师，今天来了解案件情况，你是否同意由我们为你提供法律帮助？"])
        blocks += _qa(x, intro, ph.any(["同意。", "同意，谢谢律师。", "愿意。", "接受。"]))
        blocks += _qa(x, "请介绍一下你的基本情况。",
                      f"我叫{c.client.name}，{c.client.birth.year}年出生，{c.client.education}文化，住{c.client.address}，{c.client.occupation}。")
        if crim:
            blocks += _qa(x, "你是因为什么事情被采取强制措施的？" if c.detained else "公安机关因为什么事情找你？",
                          f"因为涉嫌{c.cause}。")
        story = first_person(c, ph.rng)
        blocks += _qa(x, ph.pick(["请你把事情的经过详细讲一下。", "你把案件发生的经过说一下。",
                                  "请讲一下事情的来龙去脉。", "具体是怎么回事？"]), story[0])
        for s in story[1:]:
            blocks += _qa(x, ph.any(["后来呢？", "然后呢？", "接着发生了什么？", "还有吗？"]), s)
    else:
        blocks += _qa(x, ph.pick(["本次会见主要是向你核实有关证据情况，你是否清楚？", "今天我们再次来了解案件情况，你有什么新的情况要说吗？",
                                  "这次主要和你沟通下一步的工作，可以吗？", "今天来核对一下案件材料，你配合一下。"]),
                      ph.any(["清楚。", "好的。", "可以。", "没有新情况。"]))
        if crim and c.stage == "trial":
            blocks += _qa(x, "起诉书指控的事实你有没有异议？", ph.any(["没有异议。", "基本属实。", "数额有点出入。"]))
    pool = (GENERIC_QA_CRIM + LAW_EXPLAIN_CRIM) if crim else (GENERIC_QA_CIVIL + LAW_EXPLAIN_CIVIL)
    n_extra = ph.rng.randint(5, len(pool)) if not d.get("post") else ph.rng.randint(2, 5)
    for q, answers in ph.rng.sample(pool, n_extra):
        blocks += _qa(x, q.format(cause=c.cause), ph.pick(answers))
    if crim and c.pleaded_guilty and not d.get("post"):
        blocks += _qa(x, "律师向你讲解认罪认罚从宽制度的规定，你是否愿意认罪认罚？", ph.any(["愿意。", "我愿意认罪认罚。", "愿意认罪。"]))
    blocks += _qa(x, ph.pick(RISK_EXPLAIN), ph.any(["明白。", "清楚了。", "理解。", "知道了。"]))
    if ph.chance(0.25):  # the client names a topic without asking for anything
        kind = ph.any([k for k in VALID_KINDS[c.kind] if k not in d.get("requests", [])] or VALID_KINDS[c.kind])
        blocks += _qa(x, *topic_remark(ph, kind, d.get("witness", "王某")))
    for kind, when in d.get("answers", []):
        if ph.chance(0.7):
            blocks += _qa(x, answer_text(x, kind, when, "meeting"), ph.any(["清楚了。", "知道了，谢谢律师。", "明白。"]))
        else:
            blocks.append(("pl", ph.any(["律师告知受援人：", "律师向受援人说明：", "会见中律师告知："]) + answer_text(x, kind, when, "report")))
    for kind in d.get("requests", []):
        blocks += request_blocks(x, kind)
    blocks += _qa(x, ph.pick(["你还有其他要说的吗？", "还有别的情况吗？", "还有什么需要说明的？", "其他还有吗？"]),
                  ph.any(["没有了。", "没有了，谢谢律师。", "暂时没有。"]))
    blocks += _qa(x, "以上笔录你看一下，与你说的是否一致？", ph.any(["一致。", "和我说的一样。", "属实。"]))
    blocks.append(("pl", ph.pick(["以上笔录我已看过，与我说的相符。", "以上记录我看过，和我说的一样。",
                                  "笔录已阅，属实。", "以上内容已向我宣读，无误。"])))
    blocks.append(("sign", [f"被会见人：{c.client.name}", f"会见律师：{c.lawyer}", date_s]))
    return title, blocks


def request_blocks(x: Ctx, kind: str, forms: tuple[str, ...] | None = None) -> list:
    """Blocks of a meeting record in which the client makes one request (recorded in doc.data)."""
    ph, d = x.ph, x.doc.data
    kw = {"forms": forms} if forms else {}
    blocks, sent, form = request_turn(ph, x.c, kind, d.get("witness", "王某"), qa_prefixes(x.c, ph.family), **kw)
    d.setdefault("request_texts", []).append((kind, sent, form))
    if form != "narrative":
        blocks += _qa(x, ph.pick(NEUTRAL_REPLIES), ph.any(["好的。", "谢谢。", "嗯。"]))
    return blocks


def file_review_record(x: Ctx) -> tuple[str, list]:
    c, ph = x.c, x.ph
    title = ph.pick(["阅卷笔录", "阅卷摘录", "案卷摘抄", "阅卷记录", "阅卷笔录", "卷宗摘录", "阅卷笔录", "阅卷情况记录"])
    where = c.procuratorate if c.stage == "prosecution" else c.organ
    rows = [("阅卷时间", ph.fd(x.doc.date)), ("阅卷地点", where), ("阅卷人", c.lawyer), ("案件名称", matter(c))]
    blocks: list = [("title", title)] + ([("kv", rows, 2)] if ph.family in "AD" else [("ul", rows)])
    facts = third_person(c, ph.rng, x.tl.start) if c.criminal else civil_facts(c, ph.rng)
    items = (["受案登记表", "立案决定书", "拘留证", "讯问笔录", "被害人陈述", "现场勘验笔录", "辨认笔录", "户籍证明", "到案经过",
              "讯问笔录（第二次）", "搜查笔录", "扣押清单", "视听资料说明", "情况说明", "逮捕证", "起诉意见书"]
             if c.criminal else ["起诉状", "证据材料", "答辩状", "送达回证", "庭前会议笔录", "质证意见", "举证通知书", "受理通知书", "当事人身份材料", "询问笔录"])
    ph.rng.shuffle(items)
    page = 1
    grid_rows = []
    for i, it in enumerate(items[: ph.rng.randint(5, len(items))]):
        n = ph.rng.randint(1, 9)
        summary = ph.any(facts) if it.startswith(("讯问笔录", "被害人陈述", "起诉状", "证据材料", "询问笔录", "起诉意见书")) else ph.any(
            ["内容与起诉意见一致。", "程序合法，手续齐全。", "记载内容清楚。", "无异常。", "签字、捺印齐全。", "时间记载准确。"])
        grid_rows.append([f"第{page}-{page + n - 1}页", it, summary])
        page += n
    if ph.family in "AC":
        blocks.append(("grid", ["卷页", "材料名称", "摘录内容"], grid_rows, [0.17, 0.23, 0.60]))
    else:
        for r in grid_rows:
            blocks.append(("pl", f"{r[1]}（{r[0]}）：{r[2]}"))
    blocks.append(("pl", ph.pick(["阅卷意见：", "阅卷分析：", "阅卷小结：", "律师意见："])))
    blocks.append(("p", ph.pick(["经阅卷，本案证据之间能够相互印证，辩护重点应放在量刑情节上。",
                                 "卷宗材料显示的事实与当事人陈述基本一致，部分细节存在出入。",
                                 "案卷材料较为完整，应重点关注情节认定及量刑。",
                                 "卷内材料反映的情况与委托人所述大致相同。"])))
    blocks.append(("sign", [f"阅卷人：{c.lawyer}", ph.fd(x.doc.date)]))
    return title, blocks


def investigation(x: Ctx) -> tuple[str, list]:
    c, ph, d = x.c, x.ph, x.doc.data
    answers = d.get("answers", [])
    if answers:  # written application to collect evidence etc.
        title = ph.pick(["调查取证申请书", "调取证据申请书", "调查取证申请书", "申请书"])
        body = [answer_text(x, k, when, "report") for k, when in answers]
        return title, [("title", title), ("pl", f"申请人：{c.lawyer}，{c.firm}律师"), ("pl", f"{c.organ}："),
                       ("p", f"申请人作为{matter(c)}中{c.client.name}的{lawyer_role(c)}，现就有关事项提出申请。" + "".join(body)),
                       ("sign", [f"申请人：{c.lawyer}", ph.ld(x.doc.date)])]
    title = ph.pick(["调查笔录", "询问笔录", "调查记录", "走访记录", "调查笔录", "调查询问笔录", "情况调查笔录", "调查笔录"])
    who = person_name(ph.rng)
    blocks: list = [("title", title), ("ul", [("时间", ph.fd(x.doc.date)), ("地点", ph.any(["被调查人家中", "律师事务所", "被调查人单位"])),
                                              ("调查人", c.lawyer), ("被调查人", who)])]
    qa = [("我们是" + c.firm + "的律师，向你了解一些情况，你愿意配合吗？", "愿意。"),
          (f"你认识{c.client.name}吗？", ph.any(["认识，是邻居。", "认识，是工友。", "认识，我们是老乡。"])),
          (f"你了解{c.client.name}的平时表现吗？", ph.any(["他平时为人老实。", "表现挺好的。", "没听说他和谁有矛盾。"])),
          ("你还知道其他情况吗？", ph.any(["就这些。", "别的不清楚了。", "没有了。"]))]
    for q, a in qa:
        blocks += [("pl", "问：" + q), ("pl", "答：" + a)]
    blocks.append(("sign", [f"被调查人：{who}", f"调查人：{c.lawyer}", ph.fd(x.doc.date)]))
    return title, blocks


_TRIAL_QA = [("辩护人：你作案前有没有预谋？", "被告人：没有，是临时起意。"),
             ("辩护人：你到案后是否如实交代了全部事实？", "被告人：都交代了。"),
             ("辩护人：你现在对自己的行为如何认识？", "被告人：我认识到错误了，愿意接受处罚。"),
             ("公诉人：你作案的时间、地点是否如起诉书所述？", "被告人：是的。"),
             ("公诉人：你在公安机关所作的供述是否属实？", "被告人：属实。"),
             ("审判长：被告人，你的家庭情况？", "被告人：家里有老人和孩子。"),
             ("辩护人：你以前有没有违法犯罪记录？", "被告人：没有。")]
_CIVIL_QA = [("{j}：双方对事实有无补正？", "{r}：无。"),
             ("{j}：申请方，你方主张的数额如何计算？", "{r}：按照约定标准及实际天数计算，详见计算清单。"),
             ("{j}：对方是否认可双方之间的法律关系？", "对方：认可。"),
             ("{j}：对方对数额有何意见？", "对方：数额过高，部分款项已经支付。"),
             ("{j}：已支付部分有无证据？", "对方：庭后提交。"),
             ("{j}：申请方对已支付的说法有何意见？", "{r}：不认可，对方未提交任何证据。"),
             ("{j}：本案的争议焦点为欠付数额，双方有无异议？", "{r}：无异议。")]


def hearing_record(x: Ctx) -> tuple[str, list]:
    c, ph = x.c, x.ph
    hd = x.tl.hearing
    lay = ph.layout({"A": {"transcript": 3, "form": 1}, "B": {"transcript": 1, "form": 3},
                     "C": {"transcript": 2, "form": 2}, "D": {"transcript": 3, "form": 2}})
    arb = c.kind == "arbitration"
    moves = [(k, hearing_move(ph, c, k, ph.ld(when), witness_for(x.docs, k))) for k, when in x.doc.data.get("answers", [])]
    if lay == "form":
        title = ph.pick(["出庭记录", "出庭情况记录", "庭审情况记录", "出庭记录表", "出庭记录", "参加庭审记录", "出庭情况登记", "开庭情况记录"])
        rows = [("开庭时间", ph.fd(hd)), ("开庭地点", f"{c.organ}第{ph.rng.randint(1, 12)}{'仲裁庭' if arb else '法庭'}"),
                ("审理方式", ph.any(["公开开庭审理", "开庭审理"])), ("承办律师", c.lawyer),
                ("庭审要点", ph.pick(["法庭调查、法庭辩论依次进行，承办律师就事实和证据发表了意见。",
                                      "庭审围绕争议焦点展开，律师当庭发表了意见。",
                                      "庭审中律师进行了发问、质证并发表意见。",
                                      "按程序进行了调查和辩论。"])),
                ("发表意见要点", ph.any(["事实认定方面的意见。", "法律适用方面的意见。", "关于量刑情节的意见。"]))]
        rows += [("其他事项", record_answer(x, k, move.split("：", 1)[1]) + reply.split("：", 1)[1])
                 for k, (move, reply) in moves]
        return title, [("title", title), ("kv", rows, 1), ("sign", [f"记录人：{c.lawyer}", ph.fd(hd)])]
    title = ph.pick(["庭审笔录", "开庭笔录", "庭审笔录", "庭审记录", "庭审笔录", "开庭审理笔录", "法庭审理笔录", "庭审笔录"])
    if arb:
        title = ph.pick(["仲裁庭审记录", "开庭笔录", "仲裁庭审笔录", "庭审笔录"])
    judge = "首席仲裁员" if arb else "审判长"
    blocks: list = [("title", title), ("ul", [("时间", f"{ph.fd(hd)} {ph.rng.randint(9, 15)}时"), ("地点", f"{c.organ}{'仲裁庭' if arb else '审判庭'}"),
                                              (judge, person_name(ph.rng)), ("书记员", person_name(ph.rng))])]
    lines = [f"{judge}：现在开庭。核对当事人身份。", f"{judge}：{c.client.name}到庭，{lawyer_role(c)}{c.lawyer}到庭。"]
    if c.kind == "criminal_defense":
        facts = third_person(c, ph.rng, x.tl.start)
        lines += ["公诉人：宣读起诉书。" + facts[0], f"{judge}：被告人，起诉书指控的事实是否属实？",
                  "被告人：" + ph.any(["属实。", "基本属实。", "我认罪。"]), f"辩护人：被告人，你案发后是怎么到案的？",
                  "被告人：" + ph.any(["民警打电话让我去的。", "我在现场等民警来的。", "在家里被带走的。"]),
                  *[ln for pair in ph.rng.sample(_TRIAL_QA, ph.rng.randint(3, len(_TRIAL_QA))) for ln in pair],
                  f"{judge}：下面进行举证、质证。", "公诉人：出示受案登记表、到案经过、被告人供述等证据。",
                  f"{judge}：被告人对公诉人出示的证据有无异议？", "被告人：" + ph.any(["没有异议。", "无异议。"]),
                  f"{judge}：辩护人有无异议？", "辩护人：" + ph.any(["对证据的真实性无异议，对部分证据的证明目的有异议，具体在辩论阶段发表。", "无异议。", "对证据三性无异议。"]),
                  f"{judge}：下面进行法庭辩论。", "公诉人：发表公诉意见。",
                  f"辩护人：发表辩护意见，详见书面辩护词。", f"{judge}：被告人作最后陈述。",
                  "被告人：" + ph.any(["我知道错了，请求从轻处理。", "我很后悔。", "请法庭从轻判处。"])]
    else:
        facts = civil_facts(c, ph.rng)
        lines += [f"{judge}：由申请方陈述请求及事实理由。", f"{lawyer_role(c)}：" + "".join(facts[:2]),
                  f"{judge}：对方答辩。", "对方：" + ph.any(["不同意对方的请求。", "对方主张的数额过高。", "请依法处理。"]),
                  f"{judge}：下面进行举证、质证。", f"{lawyer_role(c)}：提交证据目录一份，证据若干份。",
                  "对方：对证据的真实性无异议，对证明目的有异议。",
                  *[ln.replace("{j}", judge).replace("{r}", lawyer_role(c)) for pair in ph.rng.sample(_CIVIL_QA, ph.rng.randint(3, len(_CIVIL_QA))) for ln in pair],
                  f"{judge}：下面进行辩论。",
                  f"{lawyer_role(c)}：发表意见，详见书面意见。", f"{judge}：双方作最后陈述。"]
    lines += [ln for k, (move, reply) in moves for ln in (record_answer(x, k, move), reply)]  # the motion acts
    lines.append(f"{judge}：{ph.any(['休庭。', '今天庭审到此结束。', '闭庭。'])}")
    blocks += [("pl", ln) for ln in lines]
    blocks.append(("sign", [f"当事人：{c.client.name}", f"{lawyer_role(c)}：{c.lawyer}"]))
    return title, blocks


def collective_discussion(x: Ctx) -> tuple[str, list]:
    c, ph = x.c, x.ph
    title = ph.pick(["集体讨论记录", "重大疑难案件讨论记录", "案件集体讨论笔录", "集体研究记录",
                     "集体讨论记录", "案件讨论记录", "重大案件集体讨论记录", "疑难案件讨论记录"])
    people = [person_name(ph.rng) for _ in range(3)]
    blocks: list = [("title", title), ("kv", [("时间", ph.fd(x.doc.date)), ("地点", f"{c.firm}会议室"),
                                             ("主持人", people[0]), ("参加人员", "、".join(people[1:] + [c.lawyer])),
                                             ("讨论案件", matter(c))], 1)]
    blocks.append(("pl", f"{c.lawyer}：介绍案情。" + third_person(c, ph.rng, x.tl.start)[0]))
    for p in people[1:]:
        blocks.append(("pl", f"{p}：" + ph.any(["本案事实清楚，应着重从量刑角度发表意见。", "应当关注到案经过，争取认定自首。",
                                              "建议围绕主观认识方面发表意见。", "同意承办律师的意见。"])))
    blocks.append(("pl", "讨论结论：" + ph.pick(["同意承办律师的辩护思路。", "按讨论意见形成辩护方案。",
                                                 "以罪轻辩护为主。", "由承办律师据此完善辩护意见。"])))
    blocks.append(("sign", [f"记录人：{people[-1]}", ph.fd(x.doc.date)]))
    return title, blocks


WRITERS = {"meeting_record": meeting_record, "file_review_record": file_review_record,
           "investigation": investigation, "hearing_record": hearing_record,
           "collective_discussion": collective_discussion}
