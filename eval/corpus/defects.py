"""Choose which checklist items fail in a dossier (and how), before anything is written.

Only compatible defects are combined: e.g. a missing closing report (MD-13) never
comes with an incomplete closing report (FU-05), so every other item keeps a
well-defined pass/not_applicable status.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from .case import Case


@dataclass
class Defect:
    item: str
    variant: str
    pages: list[int] = field(default_factory=list)
    detail: str = ""
    message: str = ""  # Chinese finding message

    def to_json(self) -> dict:
        return {"item": self.item, "pages": self.pages, "detail": self.detail}


def md_variants(c: Case) -> dict[str, list[str]]:
    """Missing-document defects applicable to this case: item -> removable doc types."""
    v: dict[str, list[str]] = {"MD-01": ["cover", "toc"], "MD-03": ["identity"], "MD-06": ["assignment"],
                                "MD-08": ["meeting_record"], "MD-13": ["closing_report"], "MD-14": ["callback_record"]}
    v["MD-05"] = ["court_notice"] if c.appointed else ["decision"]
    v["MD-07"] = ["aid_letter"] if c.appointed else ["power_of_attorney"]
    if not c.appointed:
        v["MD-02"] = ["application"]
        if not c.means_exempt:
            v["MD-04"] = ["financial_status"]
    if c.file_review:
        v["MD-09"] = ["file_review_record"]
    if c.kind != "non_litigation":
        v["MD-10"] = ["defense_opinion"]
    if c.had_hearing:
        v["MD-11"] = ["hearing_record"]
    if c.outcome_doc:
        v["MD-12"] = ["judgment"]
    if c.pleaded_guilty:
        v["MD-15"] = ["plea_agreement"]
    return v


def candidates(c: Case) -> dict[str, list[str]]:
    """All injectable items with their variants for this case."""
    out: dict[str, list[str]] = dict(md_variants(c))
    req_kinds = ["any"]
    out["FU-01"] = req_kinds
    if c.kind != "non_litigation":  # its binding order has no reminder letters
        out["FU-02"] = ["no_reply", "partial_reply"]
    out["FU-03"] = ["failed", "failed", "dissatisfied"]
    if c.kind in ("criminal_defense", "criminal_agency", "civil", "administrative", "arbitration") and (
            c.kind != "criminal_defense" or c.stage == "trial"):
        out["FU-04"] = ["materials"]
    out["FU-05"] = ["omit_adoption"] + (["omit_outcome"] if c.outcome_doc else [])
    out.update({"BD-01": ["swap", "same_type_order"], "BD-02": ["range", "missing_entry", "extra_entry"],
                "BD-03": ["gap", "repeat", "unnumbered"], "BD-04": ["dup"], "BD-05": ["blank"], "BD-06": ["upside_down"],
                "BD-07": ["other_case"], "BD-08": ["client", "case_no", "lawyer", "closing"]})
    out["TL-01"] = ["late_assignment"]
    out["TL-03"] = ["late_filing"]
    if c.kind == "criminal_defense":
        out["TL-02"] = ["late_meeting"]
    if not c.appointed:
        out["TL-04"] = ["late_poa"]
    tl5 = ["meeting_before_assignment"]
    if c.had_hearing and c.outcome_doc:
        tl5.append("judgment_before_hearing")
    if c.outcome_doc:
        tl5.append("report_before_outcome")
    out["TL-05"] = tl5
    return out


# pairs (item or item:variant) that cannot be combined in one dossier
CONFLICTS = [
    ("MD-01", "BD-02"), ("MD-01", "BD-08"), ("MD-01", "BD-03"), ("MD-05", "TL-01"), ("MD-06", "TL-01"),
    ("MD-06", "TL-04"), ("MD-06", "TL-02"), ("MD-06", "TL-05"), ("MD-07", "TL-04"), ("MD-08", "FU-01"),
    ("MD-08", "TL-02"), ("MD-08", "TL-05"), ("MD-11", "TL-05"), ("MD-12", "TL-05"), ("MD-12", "FU-05"),
    ("MD-13", "FU-05"), ("MD-13", "TL-05"), ("MD-13", "FU-01"), ("MD-13", "FU-04"), ("MD-14", "FU-03"),
    ("MD-10", "FU-01"), ("TL-02", "TL-05"), ("TL-01", "TL-05"), ("MD-11", "FU-04"), ("MD-12", "BD-08"),
    ("MD-13", "BD-08"), ("BD-01", "BD-07"), ("MD-02", "MD-04"), ("MD-09", "BD-01"),
]
_CONFLICT_SET = {frozenset(p) for p in CONFLICTS}

ITEM_BOOST = {"MD-15": 3.0, "MD-09": 2.0, "MD-11": 1.5, "MD-04": 1.5, "FU-04": 1.5, "TL-05": 1.5}  # rarely applicable items
FAMILY_WEIGHTS = {"MD": 0.34, "FU": 0.24, "BD": 0.28, "TL": 0.14}


def choose_defects(rng: random.Random, c: Case, defect_rate: float,
                   families: list[str] | None = None) -> list[Defect]:
    """Draw 0 (clean) or 1-3 compatible defects; families limits the defect families."""
    if rng.random() >= defect_rate:
        return []
    n = rng.choices([1, 2, 3], [0.5, 0.33, 0.17])[0]
    cand = candidates(c)
    fams = [f for f in FAMILY_WEIGHTS if not families or f in families]
    chosen: list[Defect] = []
    tries = 0
    while len(chosen) < n and tries < 40:
        tries += 1
        fam = rng.choices(fams, [FAMILY_WEIGHTS[f] for f in fams])[0]
        items = [i for i in cand if i.startswith(fam)]
        if not items:
            continue
        item = rng.choices(items, [ITEM_BOOST.get(i, 1.0) for i in items])[0]
        if any(d.item == item or frozenset((d.item, item)) in _CONFLICT_SET for d in chosen):
            continue
        chosen.append(Defect(item, rng.choice(cand[item])))
    return chosen
