"""Center forms and short official papers: application .. power of attorney, plea, cover.

Each writer returns (title, blocks); title "" means the document has no title
(ID copies and similar). Layouts: "form" (bordered label/value table), "lines"
(label：value underlined) and "prose" (letter text).
"""
from __future__ import annotations

from datetime import timedelta

from .common import Ctx, kind_cn, lawyer_role, matter
from .realism import cover_rows, number_blocks, own_number, quote

LAYOUT_W = {"A": {"form": 6, "lines": 2, "prose": 2}, "B": {"form": 2, "lines": 6, "prose": 2},
            "C": {"form": 3, "lines": 1, "prose": 6}, "D": {"form": 4, "lines": 4, "prose": 2}}


def _fields(x: Ctx, rows: list[tuple[str, str]], layout: str | None = None) -> list[tuple]:
    layout = layout or x.ph.layout(LAYOUT_W)
    if layout == "lines":
        return [("ul", rows)]
    if layout == "form":
        return [("kv", rows, 2 if x.ph.chance(0.6) else 1)]
    return [("kv", rows, 1)] if x.ph.family in "AD" else [("ul", rows)]


def _client_rows(x: Ctx, short: bool = False) -> list[tuple[str, str]]:
    p = x.c.client
    rows = [("姓名", p.name), ("性别", p.gender), ("出生日期", x.ph.fd(p.birth)), ("民族", p.ethnic)]
    rows += [(x.ph.pick(["身份证号", "公民身份号码", "身份证号码", "证件号码"]), p.id_no)]
    if not short:
        rows += [("户籍地址" if x.ph.chance(0.5) else "住址", p.address), ("联系电话", p.phone),
                 ("职业", p.occupation)]
    return rows


def _exempt_sentence(x: Ctx) -> str:
    g = x.c.exempt_group
    return x.ph.pick([f"申请人属于{g}，依法免予经济困难状况审查。",
                      f"经核实，申请人系{g}，无需审查经济困难状况。",
                      f"申请人为{g}，根据《法律援助法》第三十二条规定，不受经济困难条件限制。",
                      f"该申请人属{g}，免于核查经济困难条件。",
                      f"申请人属于{g}范围，免予经济困难审查。",
                      f"因申请人是{g}，本案不再审查其经济状况。",
                      f"申请人系{g}，依法不受经济困难条件的限制。",
                      f"经审查，申请人属{g}，免予经济困难核查。"])


def cover(x: Ctx) -> tuple[str, list]:
    """Cover fields come from x.doc.data (binding may falsify one for BD-08)."""
    d = x.doc.data
    title = x.ph.pick(["法律援助案件卷宗", "法律援助案件承办卷", "法律援助案卷", "法律援助案件档案",
                       "法律援助承办卷宗", "法律援助案件卷", "法律援助卷宗", "承办卷宗"])
    rows = [("case_no", "案号", d["case_no"]), ("cause", "案由", d["cause"]), ("client", "受援人", d["client"]),
            ("kind", "案件类别", kind_cn(x.c)), ("lawyer", "承办人", d["lawyer"]), ("firm", "承办单位", x.c.firm),
            ("received", "收案日期", x.ph.fd(x.tl.assignment)), ("closing", "结案日期", x.ph.fd(d["closing"])),
            ("filing", x.ph.pick(["立卷日期", "归档日期", "立卷时间", "归档时间"]), x.ph.fd(d["filing"])),
            ("period", "保管期限", x.ph.any(["长期", "永久", "30年", "短期"]))]
    if x.ph.chance(0.5):
        rows.insert(5, ("center", "援助机构", x.c.center))
    rows = cover_rows(x, rows, set(d.get("keep", ())))
    lay = x.ph.layout({"A": {"form": 5, "lines": 1}, "B": {"form": 1, "lines": 5},
                       "C": {"form": 2, "lines": 3}, "D": {"form": 4, "lines": 2}})
    blocks = [("sub", x.c.center, "C"), ("gap", 18), ("title", title), ("gap", 20)]
    blocks += [("kv", rows, 1)] if lay == "form" else [("ul", rows)]
    blocks += [("gap", 20), ("sub", f"{x.c.year}年度  {x.ph.any(['第', ''])}{x.ph.any(['一', '二', '三'])}卷", "C")]
    return title, blocks


def application(x: Ctx) -> tuple[str, list]:
    c, ph = x.c, x.ph
    title = ph.pick(["法律援助申请表", "法律援助申请书", "法律援助申请登记表", "公民法律援助申请表",
                     "法律援助申请表", "申请法律援助登记表", "法律援助申请人情况表", "法律援助申请书"])
    rows = _client_rows(x)
    rows += [("申请事项", f"申请为{matter(c)}提供{kind_cn(c)}法律援助"),
             ("案件所处阶段", {"investigation": "侦查", "prosecution": "审查起诉", "trial": "审判"}.get(c.stage, "尚未起诉" if c.kind != "administrative" else "起诉前")),
             ("对方当事人", c.other.name if not c.criminal else "无"),
             ("家庭人口", f"{ph.any([1, 2, 3, 4, 5])}人"), ("家庭月收入", f"{ph.any([0, 800, 1200, 1500, 2100])}元")]
    blocks: list = [("title", title), ("sub", f"编号：{c.case_no}", "R")]
    blocks += _fields(x, rows)
    blocks.append(("pl", "申请理由及案情简述："))
    from .facts import civil_facts, third_person
    facts = civil_facts(c, ph.rng) if not c.criminal else third_person(c, ph.rng, x.tl.start)[:2]
    blocks.append(("p", "".join(facts[:2]) + ph.pick(["申请人经济困难，无力委托律师，特申请法律援助。",
                                                       "因家庭困难无力支付律师费用，现申请法律援助。",
                                                       "本人经济困难，请求给予法律援助。",
                                                       "申请人无能力聘请律师，特此申请。"])))
    if c.means_exempt:
        blocks.append(("p", _exempt_sentence(x)))
    blocks.append(("p", ph.pick(["申请人承诺以上所填内容真实，如有虚假愿承担相应责任。",
                                 "本人保证所提供的材料真实有效。",
                                 "以上情况属实，如有不实，愿意承担法律责任。",
                                 "本人承诺所述情况及所附材料真实、合法。"])))
    blocks.append(("sign", [f"申请人（签名）：{c.client.name}", ph.fd(x.tl.start)]))
    return title, blocks


def identity(x: Ctx) -> tuple[str, list]:
    """Copies of ID documents mostly carry no title at all."""
    c, ph, p = x.c, x.ph, x.c.client
    lay = ph.any(["idcard", "idcard", "hukou", "cert"])
    if lay == "idcard":
        front = [f"姓名  {p.name}", f"性别  {p.gender}    民族  {p.ethnic[:-1]}",
                 f"出生  {p.birth.year}年{p.birth.month}月{p.birth.day}日", f"住址  {p.address}",
                 f"公民身份号码  {p.id_no}"]
        back = ["中华人民共和国", "居民身份证", f"签发机关  {c.city}公安局{c.district}分局",
                f"有效期限  {p.birth.year + 30}.{p.birth.month:02d}.{p.birth.day:02d}-长期"]
        blocks = [("gap", 10), ("box", front, 52), ("gap", 8), ("box", back, 40)]
        if ph.chance(0.5):
            blocks.append(("sign", [ph.pick(["此复印件与原件一致", "与原件核对无误", "经核对与原件相符", "复印件与原件相符"]),
                                    f"{c.client.name}  {ph.fd(x.tl.start)}"]))
        return "", blocks
    if lay == "hukou":
        title = ph.pick(["常住人口登记卡", "户口簿复印件", "常住人口登记卡", "户籍信息"])
        rows = [("姓名", p.name), ("户主或与户主关系", ph.any(["户主", "子", "女", "妻"])), ("性别", p.gender),
                ("出生日期", ph.fd(p.birth)), ("民族", p.ethnic), ("公民身份号码", p.id_no),
                ("住址", p.address), ("文化程度", p.education)]
        return title, [("title", title), ("kv", rows, 2)]
    title = ph.pick(["户籍证明", "身份证明", "户籍信息证明", "人口信息证明"])
    return title, [("title", title), ("p", f"兹证明{p.name}，{p.gender}，{p.birth.year}年{p.birth.month}月{p.birth.day}日出生，"
                                           f"公民身份号码{p.id_no}，住{p.address}，系我辖区常住人口。"),
                   ("p", "特此证明。"), ("sign", [f"{c.city}公安局{c.district}分局{ph.any(['城关', '新城', '东湖'])}派出所", ph.ld(x.tl.start)]),
                   ("stamp", f"{c.district}公安分局派出所")]


def financial_status(x: Ctx) -> tuple[str, list]:
    c, ph = x.c, x.ph
    title = ph.pick(["经济困难状况说明表", "个人诚信承诺书", "经济困难证明", "申请人经济状况证明表",
                     "经济困难申报表", "法律援助经济困难承诺书", "家庭经济状况证明", "经济困难状况声明"])
    income = ph.any([0, 600, 900, 1300, 1800])
    rows = [("申请人", c.client.name), ("身份证号", c.client.id_no), ("家庭人口", f"{ph.any([1, 2, 3, 4])}人"),
            ("家庭月总收入", f"{income}元"), ("人均月收入", f"{income // 2}元"),
            ("主要困难", ph.any(["无固定收入", "身患疾病，丧失劳动能力", "家庭成员残疾", "失业在家"]))]
    blocks = [("title", title)] + _fields(x, rows)
    blocks.append(("p", ph.pick(["本人承诺以上填报的家庭经济状况真实，如有虚假，愿承担由此产生的法律责任。",
                                 "申请人家庭经济困难属实，特此说明。",
                                 "经核实，该户家庭经济困难情况属实。",
                                 "本人如实申报经济状况，如有隐瞒愿承担全部责任。"])))
    blocks.append(("sign", [f"承诺人：{c.client.name}", ph.fd(x.tl.start)]))
    if ph.chance(0.4):
        blocks.append(("sign", [f"{ph.any(['村民委员会', '居民委员会', '社区居委会'])}（盖章）"]))
        blocks.append(("stamp", f"{ph.any(['东升村', '新桥社区', '红旗村'])}委员会"))
    return title, blocks


def approval(x: Ctx) -> tuple[str, list]:
    c, ph = x.c, x.ph
    title = ph.pick(["法律援助审批表", "法律援助审查表", "法律援助申请审查审批表", "法律援助案件审批表",
                     "法律援助审批表", "法律援助申请审批表", "受理审查表", "法律援助审查审批表"])
    if c.appointed:
        src = {"court": c.court, "procuratorate": c.procuratorate, "police": c.police}[c.notice_from]
        review = ph.pick([f"{src}通知辩护，属于应当通知辩护情形，符合指派条件。",
                          f"收到{src}法律援助通知书，拟指派律师提供辩护。",
                          f"本案系{src}通知辩护案件，无需审查经济状况。",
                          f"{src}来函通知，建议指派律师。"])
    elif c.means_exempt:
        review = _exempt_sentence(x) + "符合法律援助条件。"
    else:
        review = ph.pick(["申请人经济困难，申请事项属于法律援助范围，符合法律援助条件。",
                          "经审查，申请人符合经济困难标准，申请事项属于法律援助事项范围。",
                          "申请人符合法律援助条件，建议给予法律援助。",
                          "材料齐全，符合受理及援助条件。"])
    rows = [("案号", c.case_no), ("受援人", c.client.name), ("案由", c.cause), ("援助形式", kind_cn(c)),
            ("审查意见", review), ("审查人", c.clerk), ("审查日期", ph.fd(x.tl.approval)),
            ("审批意见", ph.pick(["同意给予法律援助", "同意", "同意指派", "同意援助"])), ("审批人", c.director),
            ("审批日期", ph.fd(x.tl.approval))]
    if ph.chance(0.5):
        rows.insert(0, (ph.any(["编号", "审批编号", "文号"]), own_number(x, "approval", x.tl.approval)))
    return title, [("title", title)] + [("kv", rows, 1)] + [("stamp", c.center)]


def decision(x: Ctx) -> tuple[str, list]:
    c, ph = x.c, x.ph
    title = ph.pick(["给予法律援助决定书", "法律援助决定书", "给予法律援助决定书", "准予法律援助决定书",
                     "给予法律援助决定书", "法律援助决定书", "给予法律援助决定书", "法律援助决定书"])
    no = c.case_no.replace("字第", "决字第") if ph.chance(0.5) else c.case_no
    head = [("sub", no, "R")] if ph.chance(0.3) else number_blocks(x, "decision", x.tl.decision)
    body = ph.pick([f"{c.client.name}：\n你于{ph.ld(x.tl.start)}提出的法律援助申请收悉。经审查，你的申请符合《中华人民共和国法律援助法》规定的条件，本中心决定给予法律援助，由本中心指派律师为你提供{kind_cn(c)}服务。",
                    f"申请人{c.client.name}：\n经审查，你申请的{matter(c)}符合法律援助条件。根据《中华人民共和国法律援助法》第四十三条之规定，决定给予法律援助。",
                    f"{c.client.name}：\n你申请法律援助一事，经本机构审查，符合法律援助条件，决定给予法律援助，援助方式为{kind_cn(c)}。",
                    f"{c.client.name}：\n根据你的申请，经审查，决定对你的{matter(c)}给予法律援助。本中心将指派承办人员，请你与承办人员保持联系，如实陈述案件事实。"])
    lines = body.split("\n")
    blocks = [("title", title), *head, ("pl", lines[0])]
    if ph.chance(0.5):
        blocks.append(("p", quote(x, "decision", x.tl.start)))
    blocks.append(("p", lines[1]))
    blocks.append(("p", ph.pick(["特此决定。", "特此通知。", "此决定。", "特此决定。"])))
    blocks += [("sign", [c.center, ph.ld(x.tl.decision)]), ("stamp", c.center)]
    return title, blocks


def court_notice(x: Ctx) -> tuple[str, list]:
    c, ph = x.c, x.ph
    src = {"court": c.court, "procuratorate": c.procuratorate, "police": c.police}[c.notice_from]
    title = ph.pick(["法律援助通知书", "提供法律援助通知书", "通知辩护函", "指定辩护通知书",
                     "法律援助通知书", "通知提供法律援助函", "通知辩护通知书", "提供法律援助通知书"])
    who = "被告人" if c.stage == "trial" else "犯罪嫌疑人"
    reason = ph.any(["没有委托辩护人", "因经济困难没有委托辩护人", "可能被判处无期徒刑以上刑罚且没有委托辩护人"
                     if c.cause in ("故意伤害罪",) else "系盲、聋、哑人且没有委托辩护人", "未委托辩护人"])
    body = ph.pick([f"本{'院' if c.notice_from != 'police' else '局'}办理的{who}{c.client.name}涉嫌{c.cause}一案，因{who}{reason}，根据《中华人民共和国刑事诉讼法》第三十五条的规定，请你中心指派律师为其提供辩护。",
                    f"{who}{c.client.name}涉嫌{c.cause}一案，现由本{'院' if c.notice_from != 'police' else '局'}办理。经查，{who}{reason}。依照《中华人民共和国法律援助法》第二十五条规定，通知你中心为其指派辩护律师。",
                    f"我{'院' if c.notice_from != 'police' else '局'}受理的{c.cause}一案，{who}{c.client.name}{reason}，特通知你中心指派律师担任其辩护人。",
                    f"关于{who}{c.client.name}涉嫌{c.cause}一案，因{who}{reason}，现通知你中心在三日内指派律师提供辩护。"])
    rows = [("姓名", c.client.name), ("性别", c.client.gender), ("出生日期", ph.fd(c.client.birth)),
            ("身份证号", c.client.id_no), ("羁押场所", f"{c.city}看守所" if c.detained else "未羁押"),
            ("案号", c.court_case_no), ("联系人", f"{ph.any(['王', '李', '赵', '陈'])}{ph.any(['法官', '检察官', '警官'])}")]
    no = own_number(x, f"court_notice_{c.notice_from}") if ph.chance(0.5) else c.court_case_no
    if ph.chance(0.5):
        arrest = x.tl.start - timedelta(days=ph.rng.randint(1, 25))
        body += quote(x, "court_notice", arrest, who=who, name=c.client.name)
    blocks = [("title", title), ("sub", no, "R"), ("pl", f"{c.center}："), ("p", body),
              ("pl", f"附：{who}基本情况")] + _fields(x, rows) + [("sign", [src, ph.ld(x.tl.start)]), ("stamp", src)]
    return title, blocks


def assignment(x: Ctx) -> tuple[str, list]:
    c, ph = x.c, x.ph
    title = ph.pick(["指派通知书", "法律援助指派函", "指派律师通知书", "法律援助案件指派通知书",
                     "指派通知书", "指派函", "指派律师函", "法律援助指派通知书"])
    basis = (f"根据{ {'court': c.court, 'procuratorate': c.procuratorate, 'police': c.police}.get(c.notice_from, '')}的通知"
             if c.appointed else f"根据本中心{ph.ld(x.tl.decision)}作出的给予法律援助决定")
    body = ph.pick([f"{c.firm}：\n{basis}，现指派你所承办{matter(c)}（{kind_cn(c)}）。请接到本通知后及时安排律师承办，并依法履行职责。",
                    f"{c.firm}：\n{basis}，本中心决定指派你所为受援人{c.client.name}提供{kind_cn(c)}法律援助。请你所指定承办律师并于结案后三十日内提交承办卷宗。",
                    f"{c.firm}：\n{basis}，特指派你所{c.lawyer}律师承办受援人{c.client.name}的{c.cause}一案。请按照法律援助服务标准办理。",
                    f"{c.firm}：\n受援人{c.client.name}的{c.cause}一案，{basis}，指派你所律师承办。结案后请及时归档。"])
    lines = body.split("\n")
    rows = [("受援人", c.client.name), ("案由", c.cause), ("援助形式", kind_cn(c)), ("承办律师", c.lawyer),
            ("指派日期", ph.fd(x.tl.assignment))]
    lay = ph.layout(LAYOUT_W)
    head = [("sub", c.case_no, "R")] if ph.chance(0.35) else number_blocks(x, "assignment", x.tl.assignment)
    blocks = [("title", title), *head, ("pl", lines[0]), ("p", lines[1])]
    if ph.chance(0.5):
        blocks.append(("p", quote(x, "assignment", x.tl.start if c.appointed else x.tl.decision)))
    if lay != "prose":
        blocks += _fields(x, rows, lay)
    blocks += [("sign", [c.center, ph.ld(x.tl.assignment)]), ("stamp", c.center)]
    return title, blocks


def aid_letter(x: Ctx) -> tuple[str, list]:
    c, ph = x.c, x.ph
    title = ph.pick(["法律援助公函", "律师会见专用介绍信", "法律援助公函", "致办案机关函",
                     "法律援助公函", "律师事务所函", "法律援助公函", "指派律师函告"])
    body = ph.pick([f"{c.organ}：\n本中心已指派{c.firm}{c.lawyer}律师担任{matter(c)}中受援人{c.client.name}的{lawyer_role(c)}，特此函告。",
                    f"{c.organ}：\n根据《中华人民共和国法律援助法》的规定，本中心指派{c.firm}律师{c.lawyer}为{c.client.name}提供{kind_cn(c)}，请予接洽。",
                    f"{c.organ}：\n兹有{c.firm}{c.lawyer}律师，受本中心指派担任{c.client.name}的{lawyer_role(c)}，请予以支持。",
                    f"{c.organ}：\n{c.firm}律师{c.lawyer}系本中心指派的{c.client.name}{lawyer_role(c)}，现前往你处联系有关事宜，请接洽为盼。"])
    lines = body.split("\n")
    head = [("sub", c.case_no, "R")] if ph.chance(0.35) else number_blocks(x, "aid_letter", x.tl.aid_letter)
    if ph.chance(0.4):
        lines[1] += quote(x, "aid_letter", x.tl.assignment)
    blocks = [("title", title), *head, ("pl", lines[0]), ("p", lines[1]),
              ("pl", f"承办律师：{c.lawyer}    联系电话：{c.lawyer_phone}"),
              ("sign", [c.center, ph.ld(x.tl.aid_letter)]), ("stamp", c.center)]
    return title, blocks


def rights_notice(x: Ctx) -> tuple[str, list]:
    c, ph = x.c, x.ph
    title = ph.pick(["受援人权利义务告知书", "诉讼风险告知书", "法律援助告知书", "受援人权利义务告知书",
                     "受援人须知", "法律援助事项告知书", "权利义务告知书", "风险告知书"])
    items = [ph.pick(["受援人有权了解法律援助事项的办理情况。", "你有权向承办人员了解案件办理进展。",
                      "受援人可以随时向承办律师询问案件办理情况。", "受援人享有知悉案件进展的权利。"]),
             ph.pick(["受援人应当如实陈述与法律援助事项有关的情况，及时提供有关证据材料。",
                      "你应如实提供案件情况和证据材料。", "受援人应当配合承办人员的工作。",
                      "受援人应当如实陈述案情，不得隐瞒。"]),
             ph.pick(["承办人员无正当理由拒绝履行职责的，受援人有权要求更换。",
                      "对承办律师的服务不满意的，可以向法律援助机构反映。",
                      "受援人认为承办人员未依法履行职责的，可以向法律援助中心提出意见。",
                      "如对承办人员有意见，可向援助机构反映。"]),
             ph.pick(["以欺骗手段获得法律援助的，法律援助机构将终止援助并追回相关费用。",
                      "受援人的经济状况发生变化不再符合条件的，将终止法律援助。",
                      "法律援助事项办理结果以办案机关的决定为准，承办律师不作任何结果承诺。",
                      "诉讼存在一定风险，结果以办案机关的最终决定为准。"])]
    nums = ph.any([["一、", "二、", "三、", "四、"], ["1.", "2.", "3.", "4."], ["（一）", "（二）", "（三）", "（四）"]])
    blocks = [("title", title)] + (number_blocks(x, "rights_notice", x.tl.rights, 0.3) if ph.chance(0.3) else [])
    blocks.append(("pl", f"{c.client.name}："))
    blocks.append(("p", ph.pick(["根据有关规定，现将你在法律援助过程中享有的权利和应当履行的义务告知如下：",
                                 "为保障你的合法权益，现告知如下：", "现就法律援助有关事项告知如下：",
                                 "请认真阅读以下内容："])))
    blocks += [("pl", n + t) for n, t in zip(nums, items)]
    blocks.append(("sign", [f"受援人（签名）：{c.client.name}", f"告知人：{c.lawyer}", ph.fd(x.tl.rights)]))
    return title, blocks


def power_of_attorney(x: Ctx) -> tuple[str, list]:
    c, ph = x.c, x.ph
    lay = ph.any(["poa", "poa", "agreement"])
    if lay == "poa":
        title = ph.pick(["授权委托书", "授权委托书", "委托书", "授权委托书",
                         "授权委托书", "委托书", "授权委托书", "特别授权委托书"])
        scope = ph.any(["一般代理", "特别授权：代为承认、放弃、变更诉讼请求，提起反诉", "代为出庭、发表意见、签收法律文书"])
        if c.kind == "criminal_defense":
            scope = "担任辩护人，依法履行辩护职责"
        blocks = [("title", title), ("pl", f"委托人：{c.client.name}，{c.client.gender}，身份证号{c.client.id_no}"),
                  ("pl", f"受托人：{c.lawyer}，{c.firm}律师，电话{c.lawyer_phone}"),
                  ("p", f"现委托{c.lawyer}在{matter(c)}中，作为我的{lawyer_role(c)}。"),
                  ("pl", f"代理权限：{scope}"),
                  ("sign", [f"委托人：{c.client.name}", ph.fd(x.tl.poa)])]
        return title, blocks
    title = ph.pick(["委托代理协议", "法律援助委托协议", "委托代理合同", "法律援助案件委托协议",
                     "委托代理协议", "委托协议", "法律援助委托代理协议", "委托代理协议书"])
    head = number_blocks(x, "power_of_attorney", x.tl.poa, 0.3) if ph.chance(0.5) else []
    blocks = [("title", title), *head, ("kv", [("甲方（委托人）", c.client.name), ("乙方（受托人）", c.firm),
                                       ("承办律师", c.lawyer), ("委托事项", matter(c))], 1),
              ("pl", "1. " + ph.pick(["乙方指派律师为甲方提供无偿法律服务，不向甲方收取任何费用。",
                                      "本案系法律援助案件，乙方不收取代理费。",
                                      "乙方免费为甲方提供法律服务。", "乙方依法律援助规定提供服务，不收费。"])),
              ("pl", "2. 甲方应如实陈述案情，提供相关材料。"),
              ("pl", "3. 本协议自双方签字之日起生效，至本案办结时终止。"),
              *([("pl", "4. " + quote(x, "power_of_attorney", x.tl.assignment))] if ph.chance(0.4) else []),
              ("sign", [f"甲方：{c.client.name}", f"乙方：{c.firm}", ph.fd(x.tl.poa)]), ("stamp", c.firm)]
    return title, blocks


def plea_agreement(x: Ctx) -> tuple[str, list]:
    c, ph = x.c, x.ph
    title = ph.pick(["认罪认罚具结书", "具结书", "认罪认罚具结书", "认罪认罚具结书",
                     "认罪认罚具结书", "具结书", "认罪认罚具结书", "认罪认罚具结书"])
    blocks = [("title", title), ("pl", "一、犯罪嫌疑人身份信息"),
              ("p", f"本人姓名{c.client.name}，{c.client.gender}，身份证号码{c.client.id_no}，住{c.client.address}。"),
              ("pl", "二、权利知悉"),
              ("p", "本人已阅读《认罪认罚从宽制度告知书》，且理解认罪认罚的性质和可能导致的法律后果。"),
              ("pl", "三、认罪认罚内容"),
              ("p", f"本人知悉并认可{c.procuratorate}指控的犯罪事实，构成{c.cause}。本人同意检察机关的量刑建议：{c.sentence or '有期徒刑八个月，并处罚金'}。本人同意适用速裁程序。"),
              ("pl", "四、自愿签署声明"),
              ("p", f"本人系在辩护人{c.lawyer}在场的情况下自愿签署本具结书。"),
              ("sign", [f"犯罪嫌疑人：{c.client.name}", f"辩护人：{c.lawyer}", ph.fd(x.tl.plea)])]
    return title, blocks


def opinion_form(x: Ctx) -> tuple[str, list]:
    c, ph = x.c, x.ph
    title = ph.pick(["司法机关意见征询表", "征询意见表", "法律援助案件质量征询意见函", "办案机关意见反馈表",
                     "司法机关意见征询表", "征询意见表", "法律援助案件办案机关意见表", "意见征询表"])
    rows = [("案号", c.court_case_no), ("受援人", c.client.name), ("承办律师", c.lawyer),
            ("是否按时参加诉讼活动", "是"), ("意见质量", ph.any(["好", "较好", "好"])),
            ("办案机关意见", ph.any(["承办律师认真负责，意见有理有据。", "尽职尽责，表现良好。", "履职到位。"])),
            ("填表日期", ph.fd(x.tl.opinion_form))]
    return title, [("title", title), ("kv", rows, 1), ("sign", [c.organ]), ("stamp", c.organ)]


def backup_sheet(x: Ctx) -> tuple[str, list]:
    c, ph = x.c, x.ph
    title = ph.pick(["卷内备考表", "备考表", "卷内备考表", "案卷备考表",
                     "卷内备考表", "备考表", "卷宗备考表", "备考表"])
    n = x.doc.data.get("n_docs", 0)
    blocks = [("title", title), ("pl", "本卷情况说明："),
              ("p", ph.pick([f"本卷共有文件材料{n}件，材料齐全，装订规范。", f"本卷文件{n}件，已按规定顺序排列装订。",
                             f"卷内文件共{n}件。", f"本卷收录文件材料{n}件，无缺损。"])
                    + (quote(x, "backup_sheet", x.tl.outcome) if ph.chance(0.5) else "")),
              ("gap", 40), ("ul", [("立卷人", c.lawyer), ("检查人", c.clerk), ("立卷时间", ph.fd(x.tl.filing))])]
    return title, blocks


WRITERS = {"cover": cover, "application": application, "identity": identity,
           "financial_status": financial_status, "approval": approval, "decision": decision,
           "court_notice": court_notice, "assignment": assignment, "aid_letter": aid_letter,
           "rights_notice": rights_notice, "power_of_attorney": power_of_attorney,
           "plea_agreement": plea_agreement, "opinion_form": opinion_form, "backup_sheet": backup_sheet}
