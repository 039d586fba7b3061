"""Case narratives: what happened, in third person (judgments, pleadings) and first person (meetings).

Deliberately free of the follow-up keywords (取保候审, 证人, 调取, 和解, 上诉 ...)
except where the facts need them (鉴定 in injury cases): the request logic checks
every document's text before deciding which request kinds can stay unanswered.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from ..case import Case


def _when(case: Case, rng: random.Random, days_before: date) -> str:
    d = days_before - timedelta(days=rng.randint(20, 120))
    return f"{d.year}年{d.month}月{d.day}日{rng.choice(['凌晨', '上午', '中午', '下午', '晚'])}{rng.randint(1, 11)}时许"


def third_person(case: Case, rng: random.Random, ref: date) -> list[str]:
    """Sentences of the facts as a court or procuratorate states them."""
    c, o = case.client.name, case.other.name
    when = _when(case, rng, ref)
    place = f"{case.city}{case.district}{rng.choice(['人民路', '建设路', '长江路', '文化路', '中山路'])}"
    k = case.fact_key
    amt = rng.randint(2, 90) * 100
    if k == "theft":
        return [f"{when}，被告人{c}在{place}某小区地下车库内，趁无人注意，窃得被害人{o}停放的电动自行车一辆。",
                f"经价格认定，被盗电动自行车价值人民币{amt}元。",
                f"案发后，被告人{c}被公安机关抓获，被盗车辆已发还被害人。",
                f"被告人{c}到案后如实供述了上述事实。"]
    if k == "injury":
        return [f"{when}，被告人{c}与被害人{o}在{place}一饭店内因琐事发生争执，继而互相推搡。",
                f"其间，被告人{c}持啤酒瓶击打被害人{o}头部，致其受伤。",
                f"经鉴定，被害人{o}的损伤程度为轻伤二级。",
                f"案发后，被告人{c}在现场等候，民警到达后如实供述了犯罪事实。"]
    if k == "fraud":
        return [f"{when}起，被告人{c}以帮助办理贷款为由，先后多次骗取被害人{o}人民币共计{amt * 10}元。",
                f"所得款项被被告人{c}用于日常消费及偿还个人债务。",
                f"被告人{c}于案发后退缴部分赃款人民币{amt}元。"]
    if k == "dui":
        return [f"{when}，被告人{c}饮酒后驾驶小型轿车行驶至{place}路段时，被执勤民警当场查获。",
                f"经检测，被告人{c}血液中乙醇含量为{rng.randint(81, 190)}mg/100ml，属醉酒驾驶机动车。",
                f"被告人{c}归案后如实供述了自己的罪行。"]
    if k == "affray":
        return [f"{when}，被告人{c}酒后在{place}一烧烤店内无故滋事，随意殴打店内顾客{o}。",
                f"被告人{c}还将店内桌椅、餐具等物品砸坏，造成损失共计人民币{amt}元。",
                "其行为严重扰乱了社会秩序。"]
    if k == "helpnet":
        return [f"{when}，被告人{c}明知他人利用信息网络实施犯罪，仍将本人名下银行卡出租给他人使用。",
                f"经查，该银行卡接收被骗资金流水共计人民币{amt * 30}元。",
                f"被告人{c}从中获利人民币{rng.randint(5, 30) * 100}元。"]
    if k == "conceal":
        return [f"{when}，被告人{c}明知是他人犯罪所得的手机{rng.randint(3, 12)}部，仍以明显低于市场价格予以收购。",
                f"被告人{c}随后将上述手机转卖，获利人民币{amt}元。"]
    if k == "traffic":
        return [f"{when}，被告人{c}驾驶货车行驶至{place}路口时，未按规定让行，与被害人{o}驾驶的电动自行车发生碰撞。",
                f"事故造成被害人{o}受伤、车辆受损。交警部门认定被告人{c}负事故主要责任。",
                f"事故发生后，被告人{c}拨打报警电话并在现场等候处理。"]
    if k == "agency":
        return [f"{when}，被告人{o}在{place}与被害人{c}发生纠纷，持械击打被害人{c}，致其受伤住院治疗{rng.randint(7, 40)}天。",
                f"被害人{c}因此支出医疗费、误工费等各项费用共计人民币{case.amount}元。",
                f"被告人{o}至今未对被害人{c}的经济损失作出任何赔付。"]
    return [f"{when}，{c}与{o}之间发生纠纷。"]


def civil_facts(case: Case, rng: random.Random) -> list[str]:
    """Facts of a civil / labour / administrative / mediation matter (third person)."""
    c, o, co = case.client.name, case.other.name, case.company
    amt = case.amount
    k = case.fact_key
    y = case.year - (1 if rng.random() < 0.5 else 0)
    if case.kind == "administrative":
        return [f"{c}于{y}年向{case.extras['defendant']}提出申请，该机关作出的行政行为对其合法权益产生影响。",
                f"{c}认为该行政行为认定事实不清、适用法律错误，依法提起行政诉讼。",
                f"{c}请求法院依法撤销被诉行政行为，并责令被告重新作出处理。"]
    if k == "wage":
        return [f"{c}自{y}年{rng.randint(1, 6)}月起在{co}从事{rng.choice(['钢筋工', '木工', '搬运', '保洁', '厨工'])}工作，双方口头约定按月结算工资。",
                f"{co}自{y}年{rng.randint(7, 12)}月起拖欠{c}劳动报酬共计人民币{amt}元，经多次催要未果。",
                f"{c}持有考勤记录、工友出具的情况说明及微信聊天记录等材料。"]
    if k == "traffic":
        return [f"{y}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日，{o}驾驶小型轿车与{c}驾驶的电动自行车相撞，致{c}受伤。",
                f"交警部门认定{o}负事故全部责任，{c}无责任。",
                f"{c}住院治疗{rng.randint(10, 60)}天，花费医疗费等各项损失合计人民币{amt}元。"]
    if k == "divorce":
        return [f"{c}与{o}于{y - rng.randint(5, 20)}年登记结婚，婚后育有子女一名。",
                f"双方因生活琐事长期争吵，自{y}年起分居至今，夫妻感情确已破裂。",
                f"{c}请求判令双方离婚，子女由{c}抚养，并依法分割夫妻共同财产。"]
    if k == "loan":
        return [f"{o}于{y}年{rng.randint(1, 12)}月向{c}借款人民币{amt}元，并出具借条一份，约定三个月内归还。",
                f"借款到期后，{o}以各种理由拖延，至今分文未还。"]
    if k == "support":
        return [f"{c}之子随{c}共同生活，{o}作为父亲长期未支付抚养费。",
                f"{c}收入微薄，独自承担子女学习、生活费用确有困难，请求{o}每月支付抚养费人民币{rng.choice([800, 1000, 1200, 1500])}元。"]
    if k == "labor_injury":
        return [f"{c}受{o}雇佣从事房屋装修工作，{y}年{rng.randint(1, 12)}月在施工过程中从脚手架上摔落受伤。",
                f"{c}住院治疗{rng.randint(15, 50)}天，{o}仅支付部分医疗费后即拒绝继续赔偿。",
                f"{c}的各项损失共计人民币{amt}元。"]
    if k == "elder":
        return [f"{c}现年{case.client.age}岁，丧失劳动能力，无固定收入来源。",
                f"{c}之子{o}具有赡养能力，但长期不履行赡养义务，拒绝支付赡养费。"]
    if k == "injury":
        return [f"{c}在{co}工作期间发生事故受伤，经人力资源和社会保障部门认定为工伤。",
                f"{co}未为{c}缴纳工伤保险，且拒绝支付停工留薪期工资及一次性伤残补助金等待遇共计人民币{amt}元。"]
    if k == "severance":
        return [f"{c}在{co}连续工作{rng.randint(2, 9)}年，{y}年{rng.randint(1, 12)}月{co}以经营困难为由单方解除劳动合同。",
                f"{co}未依法支付经济补偿金人民币{amt}元。"]
    if k == "relation":
        return [f"{c}自{y}年起在{co}从事配送工作，接受其管理并按月领取报酬，但双方未签订书面劳动合同。",
                f"{co}否认与{c}之间存在劳动关系，导致{c}无法主张相关劳动权益。"]
    if k == "neighbor":
        return [f"{c}与邻居{o}因房屋排水、通行问题多次发生争执，双方关系紧张。",
                f"{o}在两家之间的通道上堆放杂物，影响{c}一家正常通行。"]
    return [f"{c}与{o}之间发生纠纷，涉及金额人民币{amt}元。"]


def first_person(case: Case, rng: random.Random) -> list[str]:
    """How the client tells the story at a meeting."""
    k = case.fact_key
    o = case.other.name
    table = {
        "theft": ["那天晚上我喝了点酒，路过小区车库看到一辆电动车没锁，就骑走了。",
                  "车子我骑回出租屋后一直放在楼下，没有卖掉。", "警察找到我的时候我就承认了。"],
        "injury": [f"那天我和{o}一起吃饭，他喝多了先骂我，我们就吵起来了。",
                   "他先推了我一下，我一时冲动拿起桌上的啤酒瓶砸了他。", "打完之后我没走，在饭店里等警察来。"],
        "fraud": [f"我和{o}是朋友介绍认识的，他说想办贷款，我说我认识银行的人。",
                  "他前后给过我几次钱，我说是办贷款的手续费，其实我没有办法帮他办。", "钱大部分被我花掉了，我愿意把钱退给他。"],
        "dui": ["那天晚上朋友过生日，我喝了三四瓶啤酒。", "本来想叫代驾，等了很久没等到，就自己开车回家。", "开了不到两公里就被查酒驾的警察拦下来了。"],
        "affray": ["那天我喝多了，记不太清楚具体经过。", "听说我在店里和别人发生了冲突，还砸了东西。", "店里的损失我愿意赔。"],
        "helpnet": ["网上有人说出租银行卡一个月给两千元，我就把卡借给他了。", "我不知道他们拿卡去干什么，只知道卡里有钱进出。", "后来卡被冻结了，警察就找到了我。"],
        "conceal": ["有人拿了几部手机来卖给我，价格比市场价便宜很多。", "我当时也怀疑来路不正，但还是收了。", "收来的手机我转手卖给了别人。"],
        "traffic": ["那天我开货车送货，到路口的时候没有看到右边来的电动车。", "撞上以后我马上停车报了警，还打了急救电话。", "对方住院的医疗费我垫付了一部分。"],
        "agency": [f"{o}那天拿着棍子冲过来打我，我头上缝了十几针。", "我住了很长时间医院，花了不少钱，现在还不能干重活。", f"{o}到现在一分钱也没有赔给我。"],
        "wage": ["我在工地上干了大半年，老板一直说年底一起结。", "到了年底老板说没钱，一拖再拖。", "我这边有考勤记录，还有和老板的聊天记录。"],
        "divorce": [f"我和{o}结婚十几年了，这几年天天吵架。", "他经常不回家，家里的开销都是我在负担。", "孩子一直跟着我生活。"],
        "loan": [f"{o}说家里急用钱，我就把攒的钱借给了他。", "他写了借条，说三个月就还。", "到期以后我去要，他就躲着不见。"],
    }
    return table.get(k, [f"我和{o}之间的事情已经闹了很长时间了。", "我自己不懂法律，不知道该怎么办。", "家里条件不好，请不起律师。"])
