"""Longer legal writings: pleadings, evidence lists, opinions, judgments, closing reports.

Closing reports carry the FU-05 facts: outcome sentence (doc.data["omit_outcome"]
drops it) and 意见采纳情况 (doc.data["omit_adoption"] drops it), plus answers to
client requests (doc.data["answers"]) and court requests (doc.data["court_answers"]).
"""
from __future__ import annotations

from .common import Ctx, kind_cn, lawyer_role, matter, opinion_name, outcome_phrase
from .facts import civil_facts, third_person
from .realism import firm_closing_form, letterhead, opinion_title
from .requests import answer_text
from ..checklist import OUTCOME_WORDS
from ..phrasing import cn_date

_NUMS = [c + "、" for c in "一二三四五六七八九十"]
_CRIM_EVIDENCE = ["受案登记表、立案决定书、到案经过，证实本案案发及被告人到案情况。",
                  "户籍证明，证实被告人的身份情况，其作案时已达到完全刑事责任年龄。",
                  "被害人陈述，证实其财物或人身受到侵害的经过，与被告人供述相互印证。",
                  "现场勘验笔录及现场照片，证实案发现场的位置及状况。",
                  "扣押决定书、扣押清单、发还清单，证实涉案物品的扣押及处理情况。",
                  "视听资料及提取的监控录像截图，证实被告人的活动轨迹。",
                  "辨认笔录，证实被告人对作案地点进行了辨认。",
                  "被告人的供述与辩解，被告人对犯罪事实供认不讳。",
                  "无犯罪记录证明，证实被告人此前无犯罪记录。"]


def pleading(x: Ctx) -> tuple[str, list]:
    c, ph = x.c, x.ph
    if c.kind == "criminal_defense":
        title = ph.pick(["起诉书", f"{c.procuratorate}起诉书", "起诉书", "起诉书（副本）"])
        facts = third_person(c, ph.rng, x.tl.start)
        p = c.client
        blocks = [("title", title), ("sub", c.court_case_no if "刑初" not in c.court_case_no else f"{c.district[:1]}检刑诉〔{c.year}〕{ph.rng.randint(10, 999)}号", "R"),
                  ("p", f"被告人{p.name}，{p.gender}，{p.birth.year}年{p.birth.month}月{p.birth.day}日出生，公民身份号码{p.id_no}，{p.ethnic}，{p.education}文化，住{p.address}。"),
                  ("p", f"本案由{c.police}侦查终结，以被告人{p.name}涉嫌{c.cause}，于{ph.ld(x.doc.date)}向本院移送审查起诉。"),
                  ("p", "经依法审查查明：" + "".join(facts)),
                  ("p", f"本院认为，被告人{p.name}的行为触犯了《中华人民共和国刑法》的规定，犯罪事实清楚，证据确实、充分，应当以{c.cause}追究其刑事责任。"
                        f"根据《中华人民共和国刑事诉讼法》第一百七十六条的规定，提起公诉，请依法判处。"),
                  ("pl", "此致"), ("pl", c.court), ("sign", [c.procuratorate, ph.ld(x.doc.date)]), ("stamp", c.procuratorate)]
        return title, blocks
    facts = civil_facts(c, ph.rng)
    if c.kind == "arbitration":
        title = ph.pick(["仲裁申请书", "劳动人事争议仲裁申请书", "仲裁申请书", "劳动争议仲裁申请书"])
        who, opp, to = "申请人", "被申请人", c.organ
        opp_name = c.company
    elif c.kind == "administrative":
        title = ph.pick(["行政起诉状", "行政诉讼起诉状", "行政起诉状", "起诉状"])
        who, opp, to, opp_name = "原告", "被告", c.court, c.extras["defendant"]
    elif c.kind == "criminal_agency":
        title = ph.pick(["刑事附带民事起诉状", "刑事附带民事诉状", "刑事附带民事起诉状", "附带民事起诉状"])
        who, opp, to, opp_name = "附带民事诉讼原告人", "附带民事诉讼被告人", c.court, c.other.name
    elif c.stage == "appeal":
        title = ph.pick(["民事上诉状", "上诉状", "民事上诉状", "上诉状"])
        who, opp, to, opp_name = "上诉人", "被上诉人", c.upper_court, c.other.name
    elif c.role == "被告":
        title = ph.pick(["民事答辩状", "答辩状", "民事答辩状", "答辩状"])
        who, opp, to, opp_name = "答辩人", "被答辩人", c.court, c.other.name
    else:
        title = ph.pick(["民事起诉状", "起诉状", "民事起诉状", "民事诉状"])
        who, opp, to, opp_name = "原告", "被告", c.court, c.other.name
    p = c.client
    blocks = [("title", title), ("pl", f"{who}：{p.name}，{p.gender}，{p.birth.year}年{p.birth.month}月{p.birth.day}日出生，{p.ethnic}，住{p.address}，电话{p.phone}。"),
              ("pl", f"{opp}：{opp_name}。"), ("pl", "请求事项：" if who != "答辩人" else "答辩意见：")]
    if c.amount:
        blocks.append(("pl", f"1. 请求依法判令{opp}支付人民币{c.amount}元；"))
    blocks.append(("pl", f"{'2' if c.amount else '1'}. 本案{'仲裁' if c.kind == 'arbitration' else '诉讼'}费用由{opp}承担。"))
    blocks.append(("pl", "事实与理由："))
    blocks += [("p", f) for f in facts]
    blocks.append(("p", ph.pick(["为维护合法权益，特依法提出，望支持。", "综上所述，请求依法支持。",
                                 "为此，特具状，请求依法裁判。", "请依法支持上述请求。"])))
    blocks += [("pl", "此致"), ("pl", to), ("sign", [f"{who}：{p.name}", ph.ld(x.doc.date)])]
    return title, blocks


def evidence(x: Ctx) -> tuple[str, list]:
    """Evidence list (titled) or a bare copy of an exhibit (no title)."""
    c, ph = x.c, x.ph
    if x.doc.data.get("copy"):
        kind = ph.any(["iou", "chat", "bill", "photo"])
        if kind == "iou":
            return "", [("gap", 30), ("box", ["借  条", f"今借到{c.client.name}人民币{c.amount}元整，", "三个月内归还。",
                                              f"借款人：{c.other.name}", f"{c.year - 1}年{ph.rng.randint(1, 12)}月{ph.rng.randint(1, 28)}日"], 60)]
        if kind == "chat":
            lines = [f"{c.client.name}：{ph.any(['钱什么时候给？', '说好的月底结清呢？', '我等着用钱。'])}",
                     f"对方：{ph.any(['再等等。', '下个月一定给。', '最近手头紧。'])}",
                     f"{c.client.name}：{ph.any(['已经拖了半年了。', '你上次也这么说。', '家里等着用。'])}", "对方：知道了。"]
            return "", [("gap", 10), ("box", ["微信聊天记录截图"] + lines, 80)]
        if kind == "bill":
            return "", [("grid", ["项目", "金额（元）", "日期"], [[ph.any(["医疗费", "检查费", "药费", "住院费"]), str(ph.rng.randint(100, 9000)), f"{c.year}.{m}.{ph.rng.randint(1, 28)}"]
                                                           for m in range(1, ph.rng.randint(4, 9))], [0.4, 0.3, 0.3])]
        return "", [("gap", 20), ("box", ["（照片）", ph.any(["现场照片", "受伤部位照片", "工作现场照片"])], 100)]
    title = ph.pick(["证据清单", "证据目录", "证据材料清单", "提交证据目录", "证据清单", "证据材料目录", "证据清单", "举证目录"])
    items = [("身份证复印件", "证明原告主体资格"), ("考勤记录", "证明劳动关系及工作时间"), ("微信聊天记录", "证明对方认可欠款事实"),
             ("病历及医疗费票据", "证明治疗情况及费用"), ("交通事故认定书", "证明事故责任划分"), ("借条", "证明借贷关系成立"),
             ("银行转账记录", "证明款项交付")]
    ph.rng.shuffle(items)
    rows = [[str(i + 1), n, g, f"{ph.rng.randint(1, 6)}"] for i, (n, g) in enumerate(items[:ph.rng.randint(3, 6)])]
    return title, [("title", title), ("grid", ["序号", "证据名称", "证明目的", "页数"], rows, [0.1, 0.3, 0.45, 0.15]),
                   ("sign", [f"提交人：{c.client.name}", ph.fd(x.doc.date)])]


_LONG_ARG_CRIM = [
    "关于本案的事实认定。在案证据显示，被告人的行为具有一定的偶发性，其并非事先预谋，作案手段较为简单，造成的后果相对较轻。结合案发起因、作案时间、地点等具体情节，其主观恶性和人身危险性均较小。",
    "关于量刑情节。被告人到案后始终如实供述，对指控的主要事实予以承认，态度端正，悔罪表现明显。其家庭经济困难，上有老人需要赡养，下有子女需要抚养，请法庭在量刑时予以考虑。",
    "关于社会危害性。本案涉案数额不大，未造成严重后果，社会影响较小。被告人有固定住所，具备社区矫正条件，适用缓刑不致再危害社会。",
    "关于证据审查。部分证据在收集程序上存在瑕疵，相关笔录的制作时间与在案其他材料记载的时间存在出入，建议法庭在审查证据时予以注意。",
    "关于被告人的一贯表现。被告人平时遵纪守法，在单位和邻里间口碑较好，此次犯罪系一时糊涂，归案后深感后悔。",
    "关于退赃退赔情况。被告人及其家属积极筹措资金，已退缴部分违法所得，体现了其悔罪态度。",
    "关于刑罚的目的。刑罚的目的在于教育和挽救，对被告人从轻处罚更有利于其回归社会。",
    "关于罪责刑相适应原则。综合本案情节，对被告人判处较轻刑罚即可实现惩罚和教育的目的。",
]
_LONG_ARG_CIVIL = [
    "关于双方之间的法律关系。根据在案证据，双方之间的法律关系清楚明确，对方对基本事实并无实质异议，仅对数额提出抗辩，而其抗辩并无证据支持。",
    "关于举证责任的分配。对方作为掌握相关证据的一方，应当提供考勤、工资发放等记录，其拒不提供的，应当承担不利后果。",
    "关于损失数额的计算。受援人主张的各项损失均有票据或计算依据，符合法律规定的标准，应予全额支持。",
    "关于对方的过错。对方在履行过程中存在明显过错，且事后拒不履行义务，应当承担相应的法律责任。",
    "关于受援人的实际困难。受援人家庭经济困难，长期无法取得应得款项，生活陷入困境，请求依法尽快作出处理。",
    "关于时效问题。受援人一直在主张权利，诉讼时效因此中断，对方关于超过时效的抗辩不能成立。",
    "关于利息的计算。对方逾期支付，应当自逾期之日起按照法律规定的标准支付利息。",
    "关于证据的真实性。受援人提交的证据均为原件或能够与原件核对，来源合法，内容真实。",
]


def defense_opinion(x: Ctx) -> tuple[str, list]:
    c, ph, d = x.c, x.ph, x.doc.data
    crim = c.kind == "criminal_defense"
    if crim:
        title = ph.pick(["辩护词", "辩护意见", "辩护意见书", "书面辩护意见", "辩护词", "量刑辩护意见", "辩护意见", "辩护词"])
        if c.stage != "trial":
            title = ph.pick(["法律意见书", "辩护意见", "律师意见书", "关于" + c.client.name + "案的法律意见"])
    else:
        title = ph.pick(["代理词", "代理意见", "代理意见书", "书面代理意见", "代理词", "法律意见书", "代理意见", "代理词"])
    if ph.chance(0.35):  # the firm's own title
        title = opinion_title(x)
    to = c.organ
    blocks: list = (letterhead(x) if ph.chance(0.3) else []) + [("title", title), ("pl", f"{ph.any(['尊敬的', ''])}{to}{'审判长、审判员' if c.had_hearing and ph.chance(0.5) else ''}：")]
    blocks.append(("p", ph.pick([f"{c.firm}接受{c.center}指派，指派我担任{matter(c)}中{c.client.name}的{lawyer_role(c)}。"
                                 f"接受指派后，我依法会见了{c.client.name}，{'查阅了案卷材料，' if c.file_review else ''}现发表如下意见：",
                                 f"受{c.center}指派，{c.firm}律师{c.lawyer}担任{c.client.name}的{lawyer_role(c)}。现根据事实和法律，提出如下{opinion_name(c)}：",
                                 f"{lawyer_role(c)}依法接受指派参与本案，经过{'阅卷、' if c.file_review else ''}会见和调查，对本案有了全面了解，现发表意见如下：",
                                 f"作为{c.client.name}的{lawyer_role(c)}，本人认真研究了本案材料，发表如下意见，供参考："])))
    if crim:
        pts = [("对起诉指控的罪名不持异议，但本案存在以下从轻、减轻处罚情节。" if c.stage != "investigation" else "本案事实尚待查明，恳请办案机关充分听取辩护意见。"),
               ph.pick([f"{c.client.name}归案后如实供述自己的罪行，依法可以从轻处罚。", f"{c.client.name}到案后能够如实供述，认罪态度较好，系坦白。",
                        f"{c.client.name}主观恶性较小，归案后如实交代，应当从轻处理。", f"{c.client.name}具有坦白情节，依法可以从轻处罚。"]),
               ph.pick([f"{c.client.name}系初犯、偶犯，平时表现良好，社会危害性较小。", f"{c.client.name}此前无违法犯罪记录，系初犯。",
                        f"{c.client.name}一贯表现良好，此次犯罪具有偶发性。", f"{c.client.name}无前科劣迹。"]),
               ph.pick(["综上，恳请依法对其从轻处罚。", "综上所述，请求对其从轻判处。", "请合议庭充分考虑上述情节，依法从轻。",
                        "希望办案机关采纳上述意见。"])]
        if c.pleaded_guilty:
            pts.insert(2, f"{c.client.name}自愿认罪认罚，并签署了认罪认罚具结书，依法可以从宽处理。")
    else:
        facts = civil_facts(c, ph.rng)
        pts = ["本案事实清楚。" + "".join(facts[:2]),
               ph.pick(["受援人的请求具有充分的事实和法律依据，应予支持。", "对方的抗辩理由不能成立。",
                        "相关证据能够形成完整的证据链。", "对方应依法承担相应责任。"]),
               ph.pick(["综上，恳请依法支持受援人的请求。", "请依法维护受援人的合法权益。",
                        "希望能充分考虑受援人的实际困难。", "请求依法作出公正处理。"])]
    pool = _LONG_ARG_CRIM if crim else _LONG_ARG_CIVIL
    for arg in ph.rng.sample(pool, ph.rng.randint(1, 4)):
        pts.insert(1, arg)
    for i, ptxt in enumerate(pts):
        blocks.append(("p", (_NUMS[i] if ph.family != "C" else "") + ptxt))
        if ph.chance(0.6) and i in (1, 2):
            blocks.append(("p", ph.any(["根据《中华人民共和国刑法》第六十七条第三款的规定，犯罪嫌疑人虽不具有自首情节，但是如实供述自己罪行的，可以从轻处罚。"
                                        if crim else "根据《中华人民共和国民法典》的有关规定，当事人应当按照约定全面履行自己的义务。",
                                        "以上事实均有卷内证据予以证实，在此不再赘述。",
                                        "上述意见请予充分考虑。"])))
    for kind, when in d.get("answers", []):
        blocks.append(("p", answer_text(x, kind, when, "opinion")))
    blocks += [("pl", "此致"), ("pl", to), ("sign", [f"{lawyer_role(c)}：{c.firm} {c.lawyer}", ph.ld(x.doc.date)])]
    return title, blocks


def judgment(x: Ctx) -> tuple[str, list]:
    c, ph = x.c, x.ph
    od = cn_date(x.tl.outcome)
    p = c.client
    if c.outcome == "withdrawal":
        title = ph.pick(["撤销案件决定书", "撤案决定书", "撤销案件决定书", "撤销案件通知书"])
        return title, [("title", title), ("sub", c.court_case_no, "R"),
                       ("p", f"我局办理的{p.name}涉嫌{c.cause}一案，经侦查，因证据不足，不应追究其刑事责任，根据《中华人民共和国刑事诉讼法》第一百六十三条之规定，决定撤销此案。"),
                       ("sign", [c.police, od]), ("stamp", c.police)]
    if c.outcome == "non_prosecution":
        title = ph.pick(["不起诉决定书", "不起诉决定书", "相对不起诉决定书", "不起诉决定书"])
        return title, [("title", title), ("sub", c.court_case_no, "R"),
                       ("p", f"被不起诉人{p.name}，{p.gender}，{p.birth.year}年{p.birth.month}月{p.birth.day}日出生，住{p.address}。"),
                       ("p", f"本案由{c.police}侦查终结，以被不起诉人{p.name}涉嫌{c.cause}移送本院审查起诉。"),
                       ("p", "经本院依法审查查明：" + "".join(third_person(c, ph.rng, x.tl.start)[:2])),
                       ("p", f"本院认为，{p.name}实施了《中华人民共和国刑法》规定的行为，但犯罪情节轻微，具有坦白等情节，根据《中华人民共和国刑事诉讼法》第一百七十七条第二款的规定，决定对{p.name}不起诉。"),
                       ("p", "被不起诉人如不服本决定，可以自收到本决定书后七日内向本院申诉。"),
                       ("sign", [c.procuratorate, od]), ("stamp", c.procuratorate)]
    court = c.organ
    if c.kind == "criminal_defense":
        title = ph.pick([f"{court}\n刑事判决书", "刑事判决书", f"{court}刑事判决书", "刑事判决书"])
        facts = third_person(c, ph.rng, x.tl.start)
        blocks = [("title", title), ("sub", c.court_case_no, "R"),
                  ("p", f"公诉机关{c.procuratorate}。"),
                  ("p", f"被告人{p.name}，{p.gender}，{p.birth.year}年{p.birth.month}月{p.birth.day}日出生，{p.ethnic}，{p.education}文化，{p.occupation}，住{p.address}。"),
                  ("p", f"辩护人{c.lawyer}，{c.firm}律师（{c.center}指派）。"),
                  ("p", f"{c.procuratorate}以{c.court_case_no.replace('刑初', '检刑诉')}起诉书指控被告人{p.name}犯{c.cause}，向本院提起公诉。本院依法组成合议庭，公开开庭审理了本案。现已审理终结。"),
                  ("p", f"{c.procuratorate}指控：" + facts[0]),
                  ("p", f"被告人{p.name}对指控的事实、罪名无异议。辩护人提出被告人具有坦白情节、系初犯，请求从轻处罚的辩护意见。"),
                  ("p", "经审理查明：" + "".join(facts)),
                  ("p", "上述事实，被告人在开庭审理过程中亦无异议，并有经庭审举证、质证的下列证据予以证实："),
                  *[("p", f"{i + 1}. {ev}") for i, ev in enumerate(ph.rng.sample(_CRIM_EVIDENCE, ph.rng.randint(4, len(_CRIM_EVIDENCE))))],
                  ("p", "上述证据来源合法，内容客观真实，且能相互印证，本院予以确认。"),
                  ("p", f"本院认为，被告人{p.name}的行为已构成{c.cause}。公诉机关指控的罪名成立。被告人{p.name}归案后如实供述自己的罪行，依法可以从轻处罚。"
                        f"辩护人所提相关辩护意见，本院予以{ {'采纳': '采纳', '部分采纳': '部分采纳', '未采纳': '考虑'}[c.adopted]}。据此，依照《中华人民共和国刑法》第六十七条第三款之规定，判决如下："),
                  ("p", f"被告人{p.name}犯{c.cause}，判处{c.sentence}。"),
                  ("p", f"（刑期从判决执行之日起计算。判决执行以前先行羁押的，羁押一日折抵刑期一日。）"),
                  ("p", f"如不服本判决，可在接到判决书的第二日起十日内，通过本院或者直接向{c.upper_court}提出上诉。"),
                  ("sign", ["审判长  " + ph.any(["王", "李", "陈"]) + "某某", "审判员  " + ph.any(["赵", "刘"]) + "某", od, "书记员  " + ph.any(["周", "吴"]) + "某"]),
                  ("stamp", court)]
        return title.replace("\n", ""), blocks
    facts = civil_facts(c, ph.rng)
    if c.outcome == "mediation":
        title = ph.pick(["民事调解书", "调解书", "民事调解书", "仲裁调解书"]) if c.kind != "arbitration" else ph.pick(["仲裁调解书", "调解书", "仲裁调解书", "调解书"])
        return title, [("title", title), ("sub", c.court_case_no, "R"), ("p", f"申请方（原告）：{p.name}，住{p.address}。"),
                       ("p", "案由：" + c.cause + "。"), ("p", "".join(facts)),
                       ("p", f"本案在审理过程中，经{court}主持调解，双方当事人自愿达成如下协议：对方于{ph.rng.randint(10, 30)}日内一次性支付{p.name}人民币{int(c.amount * 0.8)}元。"),
                       ("p", "上述协议，不违反法律规定，本院（本委）予以确认。本调解书经双方当事人签收后，即具有法律效力。"),
                       ("sign", [court, od]), ("stamp", court)]
    if c.outcome == "ruling":
        title = ph.pick(["行政裁定书", "裁定书", "行政裁定书", "行政裁定书"])
        return title, [("title", title), ("sub", c.court_case_no, "R"), ("p", f"原告{p.name}诉被告{c.extras['defendant']}{c.cause}一案，本院于立案后依法审理。"),
                       ("p", f"原告{p.name}于{od}以被告已改变原行政行为为由，向本院申请撤回起诉。本院认为，原告的撤诉申请符合法律规定，应予准许。"),
                       ("p", "依照《中华人民共和国行政诉讼法》第六十二条的规定，裁定如下：准许原告撤回起诉。"),
                       ("sign", [court, od]), ("stamp", court)]
    if c.outcome == "award":
        title = ph.pick(["仲裁裁决书", "裁决书", "劳动人事争议仲裁裁决书", "仲裁裁决书"])
        tail = "本裁决书自作出之日起发生法律效力。" if ph.chance(0.5) else "当事人不服本裁决的，可以自收到裁决书之日起十五日内向人民法院提起诉讼。"
        return title, [("title", title), ("sub", c.court_case_no, "R"), ("p", f"申请人：{p.name}，住{p.address}。"), ("p", f"被申请人：{c.company}。"),
                       ("p", f"申请人于{ph.ld(x.tl.pleading)}向本委申请仲裁。本委依法受理后，组成仲裁庭，开庭审理了本案。"),
                       ("p", "经审理查明：" + "".join(facts)), ("p", "本委认为，申请人的主要仲裁请求有事实和法律依据，本委予以支持。裁决如下："),
                       ("p", f"被申请人于本裁决生效之日起十日内支付申请人人民币{int(c.amount * 0.9)}元。"), ("p", tail),
                       ("sign", ["首席仲裁员  某某", "仲裁员  某某", od]), ("stamp", c.organ)]
    kindword = "行政判决书" if c.kind == "administrative" else ("刑事附带民事判决书" if c.kind == "criminal_agency" else "民事判决书")
    title = ph.pick([kindword, f"{court}{kindword}", kindword, "判决书"])
    blocks = [("title", title), ("sub", c.court_case_no, "R"), ("p", f"原告：{p.name}，{p.gender}，住{p.address}。"),
              ("p", f"委托诉讼代理人：{c.lawyer}，{c.firm}律师。"), ("p", f"原告{p.name}与被告{c.other.name if c.kind != 'administrative' else c.extras['defendant']}{c.cause}一案，本院受理后，依法开庭审理了本案。"),
              ("p", "原告向本院提出诉讼请求：" + (f"判令被告支付人民币{c.amount}元。" if c.amount else "依法判决。")),
              ("p", "经审理查明：" + "".join(facts)),
              ("p", f"本院认为，原告的诉讼请求具有事实和法律依据，本院予以支持。代理人的意见本院予以{ {'采纳': '采纳', '部分采纳': '部分采纳', '未采纳': '考虑'}[c.adopted]}。判决如下："),
              ("p", f"被告于本判决生效之日起十日内支付原告人民币{int(c.amount * 0.85) if c.amount else 0}元。"),
              ("p", f"如不服本判决，可以在判决书送达之日起十五日内向本院递交上诉状，上诉于{c.upper_court}。"),
              ("sign", ["审判员  某某", od, "书记员  某某"]), ("stamp", court)]
    return title, blocks


def closing_report(x: Ctx) -> tuple[str, list]:
    c, ph, d = x.c, x.ph, x.doc.data
    title = ph.pick(["结案报告", "法律援助案件结案报告表", "承办情况报告", "法律援助案件承办情况报告",
                     "结案报告", "案件结案报告", "法律援助案件结案报告", "办案小结"])
    od = ph.ld(x.tl.outcome)
    work = [f"{ph.ld(x.tl.assignment)}接受指派后，承办律师及时与受援人取得联系。"]
    if c.kind == "criminal_defense" and c.detained:
        work.append(f"承办律师先后{len([dd for dd in x.docs if dd.type == 'meeting_record']) or 1}次会见{c.client.name}，了解案情。")
    else:
        work.append(f"承办律师与受援人{c.client.name}进行了谈话，了解案件事实和诉求。")
    if c.file_review:
        work.append(ph.pick(["承办律师查阅了全部案卷材料。", "律师依法阅卷，全面掌握案件证据。", "律师至办案机关查阅、复制了卷宗材料。", "承办律师完成了阅卷工作。"]))
    if c.had_hearing:
        work.append(f"{ph.ld(x.tl.hearing)}，承办律师出席{'仲裁庭' if c.kind == 'arbitration' else '法庭'}开庭审理，发表了{'辩护' if c.kind == 'criminal_defense' else '代理'}意见。")
    elif c.kind != "non_litigation":
        work.append(f"承办律师向{c.organ}提交了书面{'辩护' if c.kind == 'criminal_defense' else '代理'}意见。")
    else:
        work.append(f"承办律师代表受援人与对方当事人进行了多次协商。")
    for kind, when in d.get("answers", []):
        # a report that omits the outcome (FU-05 defect) must not name one inside an answer
        work.append(answer_text(x, kind, when, "report", tuple(OUTCOME_WORDS) + ("和解",) if d.get("omit_outcome") else ()))
    for text in d.get("court_answers", []):
        work.append(text)
    result = (outcome_phrase(c, od) + "。") if not d.get("omit_outcome") else ph.pick(["本案已办理完毕。", "案件已办结。", "本案承办工作已经完成。", "本案现已结束。"])
    adopt = {"采纳": ph.pick(["承办律师的意见被全部采纳。", "律师意见已被采纳。", "办案机关采纳了律师的主要意见。", "意见被采纳。"]),
             "部分采纳": ph.pick(["承办律师的意见被部分采纳。", "律师意见部分被采纳。", "办案机关部分采纳了律师意见。", "意见部分采纳。"]),
             "未采纳": ph.pick(["承办律师的意见未被采纳。", "律师意见未获采纳。", "办案机关未采纳律师意见。", "意见未被采纳。"])}[c.adopted]
    lay = ph.layout({"A": {"form": 3, "prose": 1, "firm": 2}, "B": {"form": 1, "prose": 3, "firm": 2},
                     "C": {"form": 1, "prose": 2, "firm": 1}, "D": {"form": 2, "prose": 2, "firm": 2}})
    blocks: list = [("title", title)]
    if lay == "firm":  # a law firm's own registration form or report
        title, blocks = firm_closing_form(x, work, result, None if d.get("omit_adoption") else adopt)
    elif lay == "form":
        rows = [("案号", c.case_no), ("受援人", c.client.name), ("案由", c.cause), ("援助形式", kind_cn(c)),
                ("承办律师", c.lawyer), ("承办单位", c.firm), ("结案日期", ph.fd(x.tl.outcome)),
                ("办理经过", "".join(work)), ("处理结果", result)]
        if not d.get("omit_adoption"):
            rows.append(("意见采纳情况", adopt))
        rows.append(("办案小结", ph.any(["本案依法履行了法律援助职责，维护了受援人的合法权益。", "通过本案，进一步体会到法律援助工作的重要性。",
                                          "本案办理过程规范，受援人对承办工作认可。"])))
        blocks.append(("kv", rows, 1))
    else:
        blocks.append(("pl", f"{c.center}："))
        blocks.append(("p", f"{c.firm}受指派承办{matter(c)}（{c.case_no}），现将办理情况报告如下："))
        heads = ph.pick([["一、案件基本情况", "二、办理经过", "三、处理结果", "四、意见采纳情况"],
                         ["（一）基本案情", "（二）承办过程", "（三）案件结果", "（四）意见采纳情况"],
                         ["1. 案情简介", "2. 办理经过", "3. 处理结果", "4. 意见采纳情况"],
                         ["一、案情", "二、办案经过", "三、结果", "四、意见采纳情况"]])
        facts = third_person(c, ph.rng, x.tl.start) if c.criminal else civil_facts(c, ph.rng)
        blocks += [("pl", heads[0]), ("p", "".join(facts[:2])), ("pl", heads[1]), ("p", "".join(work)),
                   ("pl", heads[2]), ("p", result)]
        if not d.get("omit_adoption"):
            blocks += [("pl", heads[3]), ("p", adopt)]
    if c.kind == "non_litigation" and not d.get("omit_outcome"):
        blocks.append(("pl", "附：协议书"))
        blocks.append(("p", f"甲方{c.client.name}与乙方{c.other.name}经协商一致，达成协议如下：乙方于{ph.rng.randint(5, 30)}日内支付甲方人民币{int(c.amount * 0.8)}元，双方就此事再无其他争议。"))
        blocks.append(("sign", [f"甲方：{c.client.name}", f"乙方：{c.other.name}", od]))
    blocks += [("sign", [f"承办律师：{c.lawyer}", ph.ld(x.doc.date)])]
    return title, blocks


WRITERS = {"pleading": pleading, "evidence": evidence, "defense_opinion": defense_opinion,
           "judgment": judgment, "closing_report": closing_report}
