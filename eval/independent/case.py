"""One invented legal-aid case: its profile, people, reference numbers and timeline."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from .periods import deadline_days, deadline_working_days, next_workday
from .resources import load
from .text import date_formats, fill

__all__ = ["Case", "sample_case", "KINDS", "KIND_WEIGHTS"]

KINDS = ["criminal_defense", "criminal_agency", "civil", "arbitration", "administrative", "non_litigation"]
KIND_WEIGHTS = [0.32, 0.1, 0.22, 0.14, 0.08, 0.14]
KIND_CN = {"criminal_defense": "刑事辩护", "criminal_agency": "刑事代理", "civil": "民事诉讼代理",
           "arbitration": "劳动争议仲裁代理", "administrative": "行政诉讼代理", "non_litigation": "非诉讼代理"}


@dataclass
class Case:
    """Profile, facts (template context) and event dates of one case."""

    kind: str
    stage: str
    appointed: bool
    means_exempt: bool
    had_hearing: bool
    outcome: str            # judgment | nonpros | ruling | mediation | award | admin | indictment | transfer | agreement
    outcome_doc: bool
    pleaded_guilty: bool
    file_review: bool
    notice_from: str = ""   # court | procuratorate | police (appointed criminal defence)
    ctx: dict = field(default_factory=dict)
    dates: dict = field(default_factory=dict)
    crime: dict = field(default_factory=dict)
    facts: dict = field(default_factory=dict)

    def set_date(self, key: str, d: date) -> None:
        """Record an event date and its written forms in the context."""
        self.dates[key] = d
        for suffix, text in date_formats(d).items():
            self.ctx[f"d_{key}{suffix}"] = text


class Names:
    """Distinct invented personal names."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.used = rng, set()
        self.data = load("names")

    def __call__(self) -> str:
        while True:
            n = self.rng.choice(self.data["surnames"]) + "".join(
                self.rng.choice(self.data["given"]) for _ in range(self.rng.choice([1, 2, 2, 2])))
            if n not in self.used:
                self.used.add(n)
                return n


def number(rng: random.Random, patterns: list[str], ctx: dict, year: int) -> str:
    """A reference number (文号) from one of the patterns."""
    n = rng.randint(3, 980)
    return rng.choice(patterns).format(y=year, n=n, n4=f"{n:04d}", ds=ctx["ds"], code=ctx["code"], pa=ctx["pa"],
                                       kc=ctx["kc"], fs=ctx["fs"])


def _profile(rng: random.Random, kind: str) -> Case:
    crim = kind == "criminal_defense"
    if crim:
        stage = rng.choices(["investigation", "prosecution", "trial"], [0.2, 0.25, 0.55])[0]
        appointed = rng.random() < 0.5
        notice_from = {"investigation": "police", "prosecution": "procuratorate", "trial": "court"}[stage] if appointed else ""
        if stage == "trial":
            outcome, doc = "judgment", True
        elif stage == "prosecution":
            outcome = rng.choice(["indictment", "nonpros"])
            doc = outcome == "nonpros"
        else:
            outcome, doc = "transfer", False
        guilty = stage != "investigation" and rng.random() < 0.4
        return Case(kind, stage, appointed, False, stage == "trial", outcome, doc, guilty,
                    stage != "investigation", notice_from)
    exempt = rng.random() < 0.25
    if kind == "criminal_agency":
        return Case(kind, "trial", False, exempt, True, "judgment", True, False, rng.random() < 0.6)
    if kind == "civil":
        outcome = rng.choice(["judgment", "judgment", "mediation", "ruling"])
        heard = outcome == "judgment" or rng.random() < 0.4
        return Case(kind, "first_instance", False, exempt, heard, outcome, True, False, rng.random() < 0.3)
    if kind == "arbitration":
        return Case(kind, "arbitration", False, exempt, True, "award", True, False, False)
    if kind == "administrative":
        outcome = rng.choice(["admin", "admin", "ruling"])
        return Case(kind, "first_instance", False, exempt, outcome == "admin", outcome, True, False, rng.random() < 0.4)
    return Case(kind, "non_litigation", False, exempt, False, "agreement", False, False, False)


def _people(rng: random.Random, c: Case) -> None:
    names, ctx = Names(rng), c.ctx
    places = load("places")
    reg = rng.choice(places["regions"])
    ctx.update({k: reg[k] for k in ("prov", "pa", "city", "dist", "ds", "code")})
    city_dist = reg["city"] + reg["dist"]
    fw = rng.choice(places["firm_words"])
    ctx.update({
        "client": names(), "lawyer": names(), "lawyer2": names(), "lawyer3": names(), "staff": names(),
        "director": names(), "director2": names(), "judge": names(), "clerk": names(), "prosecutor": names(),
        "witness": names(), "victim": names(), "relative": names(), "officer": names(),
        "gender": rng.choice(["男", "男", "女"]), "ethnic": rng.choice(load("names")["ethnic"]),
        "center": f"{city_dist}法律援助中心", "court": f"{city_dist}人民法院",
        "procuratorate": f"{city_dist}人民检察院",
        "police": f"{reg['city']}公安局{reg['ds']}分局" if reg["dist"] else f"{reg['city']}公安局",
        "arb": f"{city_dist}劳动人事争议仲裁委员会", "upper_court": f"{reg['city']}中级人民法院",
        "detention": f"{reg['city']}[[第一|第二|]]看守所", "firm": f"{reg['prov']}{fw}{rng.choice(places['firm_suffix'])}",
        "fs": fw[:2], "street": rng.choice(places["streets"]),
        "village_org": f"{city_dist}{rng.choice(places['villages'])}[[居民委员会|村民委员会]]",
        "kind_cn": KIND_CN[c.kind],
    })
    ctx["ethnic_short"] = ctx["ethnic"].rstrip("族")
    by = rng.randint(1958, 2003)
    ctx["birth"] = f"{by}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
    ctx["idno"] = f"{rng.randint(110000, 659000)}{by}{rng.randint(101, 1228):04d}{rng.randint(100, 999)}{rng.choice('0123456789X')}"
    ctx["idno2"] = f"{rng.randint(110000, 659000)}{rng.randint(1960, 2000)}{rng.randint(101, 1228):04d}{rng.randint(1000, 9999)}"
    ctx["addr"] = f"{city_dist}{rng.choice(places['streets'])}{rng.randint(3, 299)}号"
    ctx["hukou"] = rng.choice([ctx["addr"], f"{ctx['prov']}省某县{rng.choice(places['villages'])}{rng.randint(1, 40)}号"])
    ctx["phone"] = f"1{rng.choice('3589')}{rng.randint(100000000, 999999999)}"
    ctx["lawyer_phone"] = f"1{rng.choice('3578')}{rng.randint(100000000, 999999999)}"
    ctx["center_phone"] = f"0{rng.randint(100, 999)}-{rng.randint(2000000, 8999999)}"
    ctx["court_phone"] = f"0{rng.randint(100, 999)}-{rng.randint(2000000, 8999999)}"
    ctx["firm_addr"] = f"{city_dist}{rng.choice(places['streets'])}{rng.randint(1, 200)}号{rng.randint(2, 20)}楼"
    ctx["n3"], ctx["n5"] = f"{rng.randint(100, 999)}", f"{rng.randint(10000, 99999)}"
    ctx["police_issuer"] = ctx["police"]
    ctx["id_valid"] = f"{rng.randint(2016, 2022)}.0{rng.randint(1, 9)}.1{rng.randint(0, 9)}-{rng.choice(['2036', '2041', '长期'])}"
    ctx["agent"] = "无"
    ctx["opponent"] = names()


def _facts(rng: random.Random, c: Case) -> None:
    ctx, data = c.ctx, load("cases")
    if c.kind == "criminal_defense":
        cr = rng.choice(data["crimes"])
        c.crime = cr
        ctx.update({"crime": cr["crime"], "cause": cr["cause"], "article": cr["article"], "article_text": cr["article_text"],
                    "crime_act": cr["act"], "facts": cr["facts"], "sentence": rng.choice(data["sentences"]),
                    "sentence_rec": rng.choice(data["sentence_recs"]), "role_cn": "犯罪嫌疑人/被告人",
                    "role_defender": "辩护人", "opponent_cover": "", "crime_story": cr["facts"].replace("被告人", "我")})
        pts = rng.sample(data["defence_points"], 2)
        ctx["opinion_1"], ctx["opinion_2"] = pts
        ctx["opinion_points"] = pts[0]
        ctx["stage_cn"] = {"investigation": "侦查阶段", "prosecution": "审查起诉阶段", "trial": "一审审判阶段"}[c.stage]
        return
    if c.kind == "criminal_agency":
        f = rng.choice(data["criminal_agency"])
        ctx.update({"crime": f["crime"], "cause": f["cause"], "facts": f["facts"], "claims": f["claims"],
                    "role_cn": "被害人", "role_defender": "诉讼代理人", "stage_cn": "一审审判阶段"})
        ops = data["opinion_points"]["criminal_agency"]
    elif c.kind == "non_litigation":
        f = rng.choice(data["non_litigation"])
        ctx.update({"cause": f["cause"], "facts": f["facts"], "agreement": f["agreement"], "claims": "",
                    "role_cn": "申请人", "role_defender": "代理人", "stage_cn": "尚未进入法律程序"})
        ops = ["对方应当履行相应义务"]
    else:
        f = rng.choice(data[c.kind])
        ctx.update({"cause": f["cause"], "facts": f["facts"], "claims": f["claims"], "court_reason": f["reason"],
                    "judgment_main": f["main"], "mediation_terms": f.get("mediation", ""),
                    "civil_article": f.get("civil_article", "五百零九"), "labour_article": f.get("labour_article", "八十二"),
                    "role_cn": {"civil": "原告", "arbitration": "申请人", "administrative": "原告"}[c.kind],
                    "role_defender": {"arbitration": "仲裁代理人"}.get(c.kind, "诉讼代理人"),
                    "stage_cn": {"arbitration": "仲裁中"}.get(c.kind, "一审")})
        if f.get("opp_org") or f.get("opp") == "org" or c.kind == "arbitration":
            ctx["opponent"] = f.get("opp_org") or f"{ctx['city']}[[某某|宏达|顺发|鑫源]][[建筑工程有限公司|物流有限公司|财产保险股份有限公司]]"
            ctx["opponent"] = fill(ctx["opponent"], ctx, rng)
        ev = f.get("ev", [["书证", "案件事实"], ["证人证言", "案件事实"]])
        ctx.update({"ev1": ev[0][0], "ev1_aim": ev[0][1], "ev2": ev[1][0], "ev2_aim": ev[1][1]})
        ops = data["opinion_points"][c.kind]
    c.facts = f
    a, b = rng.sample(ops, 2) if len(ops) > 1 else (ops[0], ops[0])
    ctx.update({"opinion_1": a + "。", "opinion_2": b + "。", "opinion_points": a, "crime_story": "",
                "opponent_cover": ctx["opponent"], "opp_addr": f"{ctx['city']}{ctx['street']}{rng.randint(5, 300)}号",
                "opp_rep": ctx["officer"]})
    ctx.setdefault("crime", ctx["cause"])
    ctx["crime_act"] = ctx.get("crime_act") or "违反法律规定，造成他人人身和财产损失"
    ctx["story"] = ctx["facts"].replace("原告", "我").replace("申请人", "我").replace("受援人", "我")


def _organ(c: Case) -> None:
    ctx = c.ctx
    if c.kind == "criminal_defense":
        key = {"investigation": "police", "prosecution": "procuratorate", "trial": "court"}[c.stage]
        ctx["organ"], ctx["organ_kind"] = ctx[key], {"police": "局", "procuratorate": "院", "court": "院"}[key]
    elif c.kind == "arbitration":
        ctx["organ"], ctx["organ_kind"] = ctx["arb"], "委"
    elif c.kind == "non_litigation":
        ctx["organ"], ctx["organ_kind"] = f"{ctx['city']}{ctx['dist']}人民调解委员会", "委"
    else:
        ctx["organ"], ctx["organ_kind"] = ctx["court"], "院"


def _numbers(rng: random.Random, c: Case) -> None:
    ctx, nb = c.ctx, load("numbering")
    y = c.dates["decision"].year
    reg_scheme = next(r["scheme"] for r in load("places")["regions"] if r["code"] == ctx["code"])
    ctx["kc"] = rng.choice(nb["kind_code"][c.kind])
    ctx["aid_no"] = number(rng, nb["aid_case_no"][reg_scheme], ctx, y)
    for key, pat in (("dec_no", "decision"), ("asg_no", "assignment"), ("letter_no", "aid_letter"),
                     ("app_no", "application"), ("approval_no", "approval"), ("reminder_no", "reminder"),
                     ("firm_letter_no", "firm_letter"), ("firm_case_no", "firm_case"),
                     ("indict_no", "procuratorate_indict"), ("nonpros_no", "procuratorate_nonpros"),
                     ("proc_notice_no", "procuratorate_notice"), ("police_notice_no", "police_notice"),
                     ("court_notice_no", "court_criminal_notice")):
        ctx[key] = number(rng, nb[pat], ctx, y)
    court_pat = {"criminal_defense": "court_criminal_first", "criminal_agency": "court_criminal_first",
                 "civil": "court_civil_first", "administrative": "court_admin_first", "arbitration": "arbitration",
                 "non_litigation": "mediation"}[c.kind]
    ctx["court_no"] = number(rng, nb[court_pat], ctx, y)
    if c.kind == "criminal_defense" and c.stage != "trial":
        ctx["organ_case_no"] = number(rng, nb["police_case"] if c.stage == "investigation" else nb["procuratorate_indict"], ctx, y)
    else:
        ctx["organ_case_no"] = ctx["court_no"]


def _timeline(rng: random.Random, c: Case, late: dict[str, str]) -> None:
    """Event dates. `late` maps TL items to injected variants; other periods are kept (statutory counting)."""
    start = date(rng.choice([2024, 2025]), rng.randint(1, 10), rng.randint(1, 28))
    start = _offence_dates(rng, c, start)
    assign = _assignment_dates(rng, c, late, start)
    first = _first_meeting(rng, c, late, assign)
    hearing = _work_dates(rng, c, first)
    _closing_dates(rng, c, late, hearing)
    c.ctx["d_meet"] = c.ctx["d_meet1"]


def _offence_dates(rng: random.Random, c: Case, start: date) -> date:
    """Offence, detention, transfer and indictment; returns the start, moved after a trial's indictment."""
    sd = c.set_date
    crime_day = start - timedelta(days=rng.randint(40, 120))
    sd("crime", crime_day)
    since = crime_day - timedelta(days=rng.randint(150, 700))
    c.ctx["d_crime_ym"], c.ctx["d_since_ym"] = f"{crime_day.year}年{crime_day.month}月", f"{since.year}年{since.month}月"
    sd("detain", crime_day + timedelta(days=rng.randint(0, 3)))
    sd("transfer", crime_day + timedelta(days=rng.randint(30, 45)))
    sd("indict", crime_day + timedelta(days=rng.randint(60, 80)) if c.stage == "trial" else start + timedelta(days=rng.randint(15, 25)))
    if c.kind == "criminal_defense" and c.stage == "trial":
        start = max(start, c.dates["indict"] + timedelta(days=rng.randint(2, 8)))
    return start


def _assignment_dates(rng: random.Random, c: Case, late: dict[str, str], start: date) -> date:
    """Application, decision, assignment (TL-01) and power of attorney (TL-04); returns the assignment."""
    sd = c.set_date
    apply_d = next_workday(start)
    sd("apply", apply_d)
    decision = next_workday(apply_d + timedelta(days=0 if c.appointed else rng.randint(1, 5)))
    sd("decision", decision)
    # TL-01: assignment within 3 days of decision/notice (statutory counting)
    dl = deadline_days(decision, 3)
    if "TL-01" in late:
        assign = dl + timedelta(days=rng.randint(3, 9))
    elif decision.weekday() in (3, 4) and rng.random() < 0.6:
        assign = dl  # weekend-extended last day (e.g. Thursday decision, Monday assignment)
    else:
        assign = decision + timedelta(days=rng.randint(0, (dl - decision).days))
    assign = next_workday(assign) if "TL-01" in late else assign
    sd("assign", assign)
    dl_poa = deadline_days(assign, 5)
    poa = dl_poa + timedelta(days=rng.randint(3, 10)) if "TL-04" in late else assign + timedelta(
        days=rng.choice([0, 1, 1, 2, 3, (dl_poa - assign).days]))
    sd("poa", poa)
    return assign


def _first_meeting(rng: random.Random, c: Case, late: dict[str, str], assign: date) -> date:
    """First meeting: within 3 working days in criminal defence (TL-02), else up to 9 days (TL-05 variant)."""
    if c.kind == "criminal_defense":
        dl_meet = deadline_working_days(assign, 3)
        if "TL-02" in late:
            first = deadline_working_days(assign, 3 + rng.randint(2, 5))
        else:
            first = assign + timedelta(days=rng.randint(0, (dl_meet - assign).days))
    elif "TL-05" in late and late["TL-05"] == "meeting_before_assignment":
        first = assign - timedelta(days=rng.randint(3, 6))
    else:
        first = assign + timedelta(days=rng.randint(0, 9))
    c.set_date("meet1", first)
    return first


def _work_dates(rng: random.Random, c: Case, first: date) -> date:
    """Review, investigation, suit, hearing, court request, later meetings, opinion and plea.
    Returns the hearing day as drawn (before moving to a workday): later dates count from it."""
    sd = c.set_date
    sd("review", first + timedelta(days=rng.randint(2, 10)))
    sd("invest", first + timedelta(days=rng.randint(5, 15)))
    sd("file_suit", first + timedelta(days=rng.randint(3, 12)) if c.kind in ("civil", "arbitration", "administrative") else first)
    hearing = max(c.dates["review"], c.dates["invest"]) + timedelta(days=rng.randint(12, 40))
    sd("hearing", next_workday(hearing))
    sd("notice_hearing", hearing - timedelta(days=rng.randint(7, 12)))
    sd("request", hearing - timedelta(days=rng.randint(14, 20)))
    sd("request_due", c.dates["request"] + timedelta(days=7))
    sd("act", c.dates["request"] + timedelta(days=rng.randint(1, 3)))
    sd("meet2", first + timedelta(days=rng.randint(6, 11)))
    sd("meet3", c.dates["meet2"] + timedelta(days=rng.randint(5, 10)))
    sd("meet4", c.dates["meet3"] + timedelta(days=rng.randint(4, 9)))
    sd("discuss", c.dates["meet2"] + timedelta(days=1))
    sd("opinion", hearing - timedelta(days=rng.randint(0, 2)))
    sd("plea", c.dates["review"] + timedelta(days=rng.randint(1, 5)))
    return hearing


def _closing_dates(rng: random.Random, c: Case, late: dict[str, str], hearing: date) -> None:
    """Outcome, closing report (TL-05 variants), filing (TL-03), callback and supervision reminder."""
    sd = c.set_date
    outcome = next_workday(hearing + timedelta(days=rng.randint(1, 25)))
    if "TL-05" in late and late["TL-05"] == "judgment_before_hearing":
        outcome = hearing - timedelta(days=rng.randint(5, 12))
    sd("outcome", outcome)
    if c.outcome == "indictment":
        sd("indict", outcome)
    sd("pay", outcome + timedelta(days=rng.randint(20, 60)))
    sd("withdraw", outcome - timedelta(days=rng.randint(1, 4)))
    closing = outcome + timedelta(days=rng.randint(2, 15))
    if "TL-05" in late and late["TL-05"] == "report_before_outcome":
        closing = outcome - timedelta(days=rng.randint(6, 15))
    sd("closing", closing)
    # TL-03: filed within 30 days of the closing event (on time from the earlier start, late from the later)
    last = max(outcome, closing)
    if "TL-03" in late:
        filing = deadline_days(last, 30) + timedelta(days=rng.randint(6, 25))
    else:
        dl_f = deadline_days(min(outcome, closing), 30)
        filing = dl_f if rng.random() < 0.3 else closing + timedelta(days=rng.randint(1, max(1, (dl_f - closing).days)))
        filing = max(filing, closing)
    sd("filing", filing)
    sd("callback", closing + timedelta(days=rng.randint(1, max(1, (filing - closing).days))))
    sd("reminder", filing + timedelta(days=rng.randint(20, 60)))
    sd("reply", c.dates["reminder"] + timedelta(days=rng.randint(3, 12)))


def sample_case(rng: random.Random, kind: str, pick) -> tuple[Case, dict[str, str]]:
    """A case of `kind` with people, numbers and dates, and the defects `pick(case)` chose for it."""
    c = _profile(rng, kind)
    late = pick(c)
    _people(rng, c)
    _facts(rng, c)
    _organ(c)
    _timeline(rng, c, late)
    _numbers(rng, c)
    for k, v in {"evidence_note": "[[案发当天他一直在工地干活|他平时为人老实，没有和人结过仇|对方当时确实答应过付钱]]",
                 "client_defendant": c.ctx["client"], "claims": "", "agreement": "", "judgment_main": "",
                 "court_reason": "", "mediation_terms": "", "fee": "[[550|1,050|300|25]]",
                 "civil_article": "五百零九", "labour_article": "八十二", "opp_addr": f"{c.ctx['city']}{c.ctx['street']}8号",
                 "opp_rep": c.ctx["officer"], "ev1": "书证", "ev1_aim": "案件事实", "ev2": "证人证言",
                 "ev2_aim": "案件事实", "story": c.ctx["facts"], "work_summary": "", "outcome_text": "",
                 "adoption_text": "", "followup_text": "", "callback_lines": "", "reminder_points": "",
                 "reply_points": "", "n_docs": "", "n_pages": "", "article": "二百三十四",
                 "article_text": "故意伤害他人身体的，处三年以下有期徒刑、拘役或者管制。",
                 "sentence": "判处有期徒刑一年", "sentence_rec": "有期徒刑一年",
                 "plea_note": "被告人自愿认罪认罚，并签署了认罪认罚具结书。" if c.pleaded_guilty else ""}.items():
        c.ctx.setdefault(k, v)
    c.ctx["suspect_cn"] = "被告人" if c.stage == "trial" else "犯罪嫌疑人"
    c.ctx["exempt_note"] = fill("申请人系[[农民工，请求支付劳动报酬|军人军属|见义勇为人员|残疾人，请求赡养费]]，根据《中华人民共和国法律援助法》第三十二条，"
                                "免予核查经济困难状况。", c.ctx, rng) if c.means_exempt else ""
    c.ctx["means_review"] = "属于免予核查经济困难状况的情形" if c.means_exempt else "[[符合经济困难标准|提供的经济困难证明材料齐全]]"
    c.ctx["dec_or_notice"] = "通知" if c.appointed else f"{c.ctx['dec_no']}号决定书".replace("号号", "号")
    basis = {"court": "{court}{court_notice_no}通知辩护公函", "procuratorate": "{procuratorate}{proc_notice_no}通知",
             "police": "{police}{police_notice_no}通知"}
    c.ctx["assign_basis"] = (f"根据{basis[c.notice_from]}，" if c.appointed else
                             "[[根据本中心{dec_no}给予法律援助决定书，|经审查，{client}的申请符合法律援助条件，|]]")
    return c, late
