"""Sample one legal-aid case: parties, organs, case numbers, flags (no dates).

Dates live in timeline.py because timeliness defects must shape them.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from . import pools


@dataclass
class Person:
    name: str
    gender: str
    birth: date
    id_no: str
    phone: str
    address: str
    ethnic: str = "汉族"
    occupation: str = "务工"
    education: str = "初中"

    @property
    def age(self) -> int:
        return 2025 - self.birth.year


@dataclass
class Case:
    """Everything the documents of one dossier talk about."""

    kind: str
    family: str
    year: int
    prov: str
    city: str
    district: str
    area: str
    case_no: str
    center: str
    firm: str
    lawyer: str
    lawyer_phone: str
    clerk: str  # center staff (审查人/回访人)
    director: str
    client: Person
    other: Person  # victim, opposing party, co-party
    court: str
    upper_court: str
    procuratorate: str
    police: str
    organ: str  # organ that handles the case at this stage
    cause: str  # 案由 / offence
    fact_key: str
    stage: str  # investigation | prosecution | trial | first_instance | appeal | arbitration | mediation
    appointed: bool = False
    notice_from: str = ""  # court | procuratorate | police
    pleaded_guilty: bool = False
    had_hearing: bool = False
    outcome: str = ""  # judgment | mediation | award | non_prosecution | withdrawal | indictment | transfer | agreement | ruling
    outcome_doc: bool = True  # an outcome document is bound (judgment type)
    outcome_text: str = ""
    adopted: str = "采纳"
    means_exempt: bool = False
    exempt_group: str = ""
    company: str = ""
    role: str = ""  # 被告人 / 犯罪嫌疑人 / 原告 / 申请人 ...
    court_case_no: str = ""
    amount: int = 0
    sentence: str = ""
    detained: bool = True
    file_review: bool = True
    extras: dict = field(default_factory=dict)

    @property
    def criminal(self) -> bool:
        return self.kind in ("criminal_defense", "criminal_agency")


_KIND_MARK = {"criminal_defense": ["刑", "刑", "刑辩"], "criminal_agency": ["刑", "刑代"],
              "civil": ["民"], "arbitration": ["仲", "民"], "administrative": ["行"],
              "non_litigation": ["非", "民非"]}
_BRACKETS = [("（", "）"), ("(", ")"), ("〔", "〕"), ("[", "]")]


def person_name(rng: random.Random) -> str:
    given = rng.choice(pools.GIVEN_CHARS) + (rng.choice(pools.GIVEN_CHARS) if rng.random() < 0.75 else "")
    return rng.choice(pools.SURNAMES) + given


def id_number(rng: random.Random, prov: str, birth: date, gender: str) -> str:
    body = f"{pools.ID_PREFIX[prov]}{rng.randint(1, 9):02d}{rng.randint(1, 30):02d}{birth:%Y%m%d}{rng.randint(10, 99)}"
    g = rng.choice([1, 3, 5, 7, 9]) if gender == "男" else rng.choice([0, 2, 4, 6, 8])
    body += str(g)
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]
    return body + check


def phone(rng: random.Random) -> str:
    return rng.choice(["13", "15", "18", "17", "19"]) + "".join(str(rng.randint(0, 9)) for _ in range(9))


def person(rng: random.Random, prov: str, city: str, district: str, year: int) -> Person:
    gender = "男" if rng.random() < 0.65 else "女"
    birth = date(year - rng.randint(19, 66), rng.randint(1, 12), rng.randint(1, 28))
    if rng.random() < 0.6:
        addr = f"{city}{district}{rng.choice(pools.ROADS)}{rng.randint(1, 299)}号{rng.randint(1, 12)}幢{rng.randint(101, 2405)}室"
    else:
        addr = f"{city}{district}{rng.choice(['城关镇', '新城街道', '东湖镇', '北桥街道'])}{rng.choice(pools.VILLAGES)}{rng.randint(1, 12)}组{rng.randint(1, 80)}号"
    return Person(person_name(rng), gender, birth, id_number(rng, prov, birth, gender), phone(rng), addr,
                  rng.choice(pools.ETHNIC), rng.choice(pools.OCCUPATIONS), rng.choice(pools.EDU))


def aid_case_no(rng: random.Random, prov: str, area: str, year: int, kind: str) -> str:
    lb, rb = rng.choice(_BRACKETS)
    mark = rng.choice(_KIND_MARK[kind])
    style = rng.random()
    num = rng.randint(1, 1899)
    if style < 0.5:
        return f"{lb}{year}{rb}{prov}{area}法援{mark}字第{num}号"
    if style < 0.75:
        return f"{prov}{area}法援{mark}{lb}{year}{rb}{num}号"
    return f"{lb}{year}{rb}{prov}{area}援{mark}字第{num:03d}号"


def sample_case(rng: random.Random, kind: str, family: str) -> Case:
    """Draw parties, organs and the course of the case for one case kind."""
    c = _parties(rng, kind, family)
    num = rng.randint(100, 2999)
    lb, rb = rng.choice(_BRACKETS[:2])
    year_tag = f"{lb}{c.year}{rb}"
    if kind == "criminal_defense":
        _defense_course(rng, c, num, year_tag)
    elif kind == "criminal_agency":
        _agency_course(rng, c, num, year_tag)
    elif kind in ("civil", "administrative", "arbitration"):
        c.detained = False
        c.file_review = rng.random() < 0.45
        if kind == "civil":
            _civil_course(rng, c, num, year_tag)
        elif kind == "arbitration":
            _arbitration_course(rng, c, num, year_tag)
        else:
            _administrative_course(rng, c, num, year_tag)
    else:
        _mediation_course(rng, c)
    if kind != "criminal_defense" and not c.means_exempt and rng.random() < 0.15:
        c.means_exempt, c.exempt_group = True, rng.choice(pools.EXEMPT_GROUPS[1:])
    if kind == "criminal_defense" and not c.appointed and rng.random() < 0.1:
        c.means_exempt, c.exempt_group = True, rng.choice(["军人军属", "特困供养人员"])
    return c


def _parties(rng: random.Random, kind: str, family: str) -> Case:
    """Region, aid center, firm, people and organs; the course of the case is left blank."""
    prov, city, districts = rng.choice(pools.REGIONS)
    district, area = rng.choice(districts)
    year = rng.choice([2023, 2024, 2024, 2025, 2025])
    cshort = _city_short(city)
    center = rng.choice([f"{city}{district}法律援助中心", f"{city}{district}法律援助中心", f"{city}法律援助中心"])
    pname = {"苏": "江苏", "豫": "河南", "浙": "浙江", "鲁": "山东", "沪": "上海", "皖": "安徽", "粤": "广东"}[prov]
    firm = f"{rng.choice([pname, cshort, pname])}{rng.choice(pools.FIRM_WORDS)}律师事务所"
    client = person(rng, prov, city, district, year)
    other = person(rng, prov, city, district, year)
    c = Case(kind=kind, family=family, year=year, prov=prov, city=city, district=district, area=area,
             case_no=aid_case_no(rng, prov, area, year, kind), center=center, firm=firm,
             lawyer=person_name(rng), lawyer_phone=phone(rng), clerk=person_name(rng), director=person_name(rng),
             client=client, other=other, court=f"{city}{district}人民法院", upper_court=f"{city}中级人民法院",
             procuratorate=f"{city}{district}人民检察院", police=f"{city}公安局{district}分局",
             organ="", cause="", fact_key="", stage="")
    c.company = f"{cshort}{rng.choice(pools.FIRM_WORDS)}{rng.choice(pools.COMPANIES)}"
    c.adopted = rng.choice(["采纳", "部分采纳", "部分采纳", "采纳", "未采纳"])
    return c


def _city_short(city: str) -> str:
    """City name without its trailing 市, as used in firm, company and case-number prefixes."""
    return city[:-1] if city.endswith("市") else city


def _defense_course(rng: random.Random, c: Case, num: int, year_tag: str) -> None:
    """Criminal defence: stage, custody, plea and the stage's outcome and case number."""
    off, key, maxy, _ = rng.choice(pools.OFFENCES)
    c.cause, c.fact_key = off, key
    c.stage = rng.choices(["investigation", "prosecution", "trial"], [2, 3, 6])[0]
    c.appointed = rng.random() < 0.5
    c.notice_from = {"investigation": "police", "prosecution": "procuratorate", "trial": "court"}[c.stage]
    c.organ = {"investigation": c.police, "prosecution": c.procuratorate, "trial": c.court}[c.stage]
    c.role = "犯罪嫌疑人" if c.stage != "trial" else "被告人"
    c.pleaded_guilty = c.stage != "investigation" and rng.random() < 0.55
    c.detained = key not in ("dui",) and rng.random() < 0.85
    c.had_hearing = c.stage == "trial"
    c.file_review = c.stage != "investigation"
    if c.stage == "trial":
        c.outcome = "judgment"
        c.court_case_no = f"{year_tag}{c.prov}{c.area}刑初{num}号"
        c.sentence = _sentence(rng, key)
    elif c.stage == "prosecution":
        c.outcome = rng.choice(["indictment", "indictment", "non_prosecution"])
        c.outcome_doc = c.outcome == "non_prosecution"
        c.court_case_no = f"{_city_short(c.city)[:1]}{c.district[:1]}检刑诉{year_tag}{num}号"
    else:
        c.outcome = rng.choice(["transfer", "withdrawal"])
        c.outcome_doc = c.outcome == "withdrawal"
        c.court_case_no = f"{c.district[:1]}公刑立字{year_tag}{num}号"
    if c.appointed:
        c.notice_from = {"investigation": "police", "prosecution": "procuratorate", "trial": "court"}[c.stage]


def _sentence(rng: random.Random, key: str) -> str:
    """Judgment sentence: detention for drunk driving, otherwise fixed-term imprisonment."""
    months = rng.choice([6, 8, 10, 12, 18, 24, 30, 36]) if key != "dui" else rng.choice([1, 2, 3, 4])
    kind_pen = "拘役" if key == "dui" else "有期徒刑"
    mtxt = f"{months}个月" if (months < 12 or months % 12) else f"{months // 12}年"
    if key == "dui":
        mtxt = f"{months}个月"
    return f"{kind_pen}{mtxt}" + (f"，缓刑{rng.choice(['一年', '二年'])}" if rng.random() < 0.3 else "") + f"，并处罚金人民币{rng.choice([2000, 3000, 5000, 8000, 10000])}元"


def _agency_course(rng: random.Random, c: Case, num: int, year_tag: str) -> None:
    """Criminal agency (victim / private prosecutor): always a first-instance trial."""
    role, off = rng.choice(pools.AGENCY_ROLES)
    c.role, c.cause, c.fact_key = role, off, "agency"
    c.stage = "trial"
    c.organ = c.court
    c.had_hearing = True
    c.outcome = "judgment"
    c.court_case_no = f"{year_tag}{c.prov}{c.area}刑{'初' if role != '自诉人' else '初'}{num}号"
    c.amount = rng.randint(8, 180) * 1000
    c.file_review = rng.random() < 0.7
    c.detained = False


def _civil_course(rng: random.Random, c: Case, num: int, year_tag: str) -> None:
    """Civil suit at first instance or on appeal."""
    c.cause, c.fact_key = rng.choice(pools.CIVIL_CLAIMS)
    c.stage = rng.choices(["first_instance", "appeal"], [5, 1])[0]
    c.role = rng.choice(["原告", "原告", "被告"]) if c.stage == "first_instance" else rng.choice(["上诉人", "被上诉人"])
    c.organ = c.court if c.stage == "first_instance" else c.upper_court
    c.outcome = rng.choice(["judgment", "judgment", "mediation"])
    c.had_hearing = c.outcome == "judgment" or rng.random() < 0.5
    mark = "民初" if c.stage == "first_instance" else "民终"
    c.court_case_no = f"{year_tag}{c.prov}{c.area if c.stage == 'first_instance' else c.area[:2]}{mark}{num}号"
    c.amount = rng.randint(6, 260) * 1000
    if c.fact_key in ("wage",) and rng.random() < 0.7:
        c.means_exempt, c.exempt_group = True, "农民工请求支付劳动报酬"


def _arbitration_course(rng: random.Random, c: Case, num: int, year_tag: str) -> None:
    """Labour arbitration before the city's arbitration commission."""
    c.cause, c.fact_key = rng.choice(pools.ARBITRATION_CLAIMS)
    c.stage = "arbitration"
    c.role = "申请人"
    c.organ = f"{c.city}劳动人事争议仲裁委员会"
    c.outcome = rng.choice(["award", "award", "mediation"])
    c.had_hearing = c.outcome == "award" or rng.random() < 0.5
    c.court_case_no = f"{_city_short(c.city)}劳人仲案字{year_tag}第{num}号"
    c.amount = rng.randint(5, 120) * 1000
    if c.fact_key in ("wage", "severance") and rng.random() < 0.6:
        c.means_exempt, c.exempt_group = True, "农民工请求支付劳动报酬"


def _administrative_course(rng: random.Random, c: Case, num: int, year_tag: str) -> None:
    """Administrative suit against a district department or government."""
    cause, dept = rng.choice(pools.ADMIN_CLAIMS)
    c.cause, c.fact_key = cause, "admin"
    c.extras["defendant"] = f"{c.city}{c.district}{dept}" if dept != "人民政府" else f"{c.city}{c.district}人民政府"
    c.stage = "first_instance"
    c.role = "原告"
    c.organ = c.court
    c.outcome = rng.choice(["judgment", "judgment", "ruling"])
    c.had_hearing = True
    c.court_case_no = f"{year_tag}{c.prov}{c.area}行初{num}号"


def _mediation_course(rng: random.Random, c: Case) -> None:
    """Non-litigation matter settled before a people's mediation committee."""
    c.cause, c.fact_key = rng.choice(pools.NONLIT_CLAIMS)
    c.stage = "mediation"
    c.role = "当事人"
    c.organ = f"{c.city}{c.district}{rng.choice(['新城街道', '城关镇', '东湖街道'])}人民调解委员会"
    c.outcome = "agreement"
    c.outcome_doc = False  # the agreement is attached to the closing report
    c.had_hearing = False
    c.file_review = False
    c.detained = False
    c.amount = rng.randint(3, 60) * 1000
