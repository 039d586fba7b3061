"""Which checklist items fail in a dossier (0-3 compatible defects, some dossiers clean)."""
from __future__ import annotations

import random

from .case import Case

CONFLICTS = {frozenset(p) for p in [
    ("MD-01", "BD-02"), ("MD-01", "BD-08"), ("MD-01", "BD-03"), ("MD-05", "TL-01"), ("MD-06", "TL-01"),
    ("MD-06", "TL-02"), ("MD-06", "TL-04"), ("MD-06", "TL-05"), ("MD-07", "TL-04"), ("MD-08", "FU-01"),
    ("MD-08", "TL-02"), ("MD-08", "TL-05"), ("MD-11", "TL-05"), ("MD-11", "FU-04"), ("MD-12", "TL-05"),
    ("MD-12", "FU-05"), ("MD-12", "BD-08"), ("MD-12", "TL-03"), ("MD-13", "FU-05"), ("MD-13", "TL-05"),
    ("MD-13", "FU-01"), ("MD-13", "FU-04"), ("MD-13", "BD-08"), ("MD-13", "TL-03"), ("MD-14", "FU-03"),
    ("TL-01", "TL-05"), ("TL-02", "TL-05"), ("BD-01", "BD-07"), ("MD-09", "BD-01"), ("MD-02", "MD-04"),
    ("MD-02", "TL-01"), ("MD-10", "FU-04")]}
FAMILY_WEIGHTS = {"MD": 0.31, "FU": 0.26, "BD": 0.25, "TL": 0.18}
BOOST = {"MD-15": 2.5, "MD-09": 2.5, "MD-05": 1.8, "MD-11": 1.5, "FU-03": 1.6, "FU-04": 2.0, "TL-02": 3.0,
         "TL-05": 1.3, "FU-02": 1.3, "BD-07": 1.8, "BD-08": 1.8}


def candidates(c: Case) -> dict[str, list[str]]:
    """Injectable items for this case -> variants."""
    out: dict[str, list[str]] = {"MD-01": ["cover", "toc"], "MD-03": ["identity"], "MD-05": ["decision"],
                                 "MD-06": ["assignment"], "MD-07": ["power_of_attorney"], "MD-08": ["meeting_record"],
                                 "MD-13": ["closing_report"], "MD-14": ["callback_record"]}
    if not c.appointed:
        out["MD-02"] = ["application"]
        if not c.means_exempt:
            out["MD-04"] = ["financial_status"]
    if c.file_review:
        out["MD-09"] = ["file_review_record"]
    if c.kind != "non_litigation":
        out["MD-10"] = ["defense_opinion"]
    if c.had_hearing:
        out["MD-11"] = ["hearing_record"]
    if c.outcome_doc:
        out["MD-12"] = ["judgment"]
    if c.pleaded_guilty:
        out["MD-15"] = ["plea_agreement"]
    out["FU-01"] = ["unanswered"]
    if c.kind != "non_litigation":
        out["FU-02"] = ["no_reply", "partial_reply"]
    out["FU-03"] = ["failed", "failed", "dissatisfied"]
    if c.kind in ("civil", "administrative", "criminal_agency", "arbitration"):
        out["FU-04"] = ["materials"]
    out["FU-05"] = ["omit_adoption"] + (["omit_outcome"] if c.kind != "non_litigation" else [])
    out.update({"BD-01": ["moved"], "BD-02": ["range", "missing_entry", "extra_entry"],
                "BD-03": ["gap", "repeat", "unnumbered"], "BD-04": ["duplicate"], "BD-05": ["blank"],
                "BD-06": ["upside_down"], "BD-07": ["other_case"], "BD-08": ["client", "case_no", "lawyer", "closing"],
                "TL-01": ["late_assignment"], "TL-03": ["late_filing"]})
    if c.kind == "criminal_defense":
        out["TL-02"] = ["late_meeting"]
    else:
        out["TL-05"] = ["meeting_before_assignment"]
    if not c.appointed:
        out["TL-04"] = ["late_poa"]
    if c.outcome_doc:
        out.setdefault("TL-05", []).append("report_before_outcome")
        if c.had_hearing and c.outcome in ("judgment", "admin", "award"):
            out["TL-05"].append("judgment_before_hearing")
    return out


def choose(rng: random.Random, c: Case) -> dict[str, str]:
    """item -> variant; about a fifth of dossiers clean, the rest 1-3 defects."""
    if rng.random() < 0.2:
        return {}
    n = rng.choices([1, 2, 3], [0.45, 0.35, 0.2])[0]
    cand = candidates(c)
    chosen: dict[str, str] = {}
    for _ in range(60):
        if len(chosen) >= n:
            break
        fam = rng.choices(list(FAMILY_WEIGHTS), list(FAMILY_WEIGHTS.values()))[0]
        items = [i for i in cand if i.startswith(fam)]
        item = rng.choices(items, [BOOST.get(i, 1.0) for i in items])[0]
        if item in chosen or any(frozenset((item, o)) in CONFLICTS for o in chosen):
            continue
        chosen[item] = rng.choice(cand[item])
    return chosen
