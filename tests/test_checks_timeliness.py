"""TL: timeliness from dated events."""
import datetime as dt

from dossier_builders import EVENTS, build, criminal_spec
from review.checklist import load_checklist
from review.context import CheckContext
from review.engine import run_item

CL = load_checklist()
D = dt.date


def run(dossier, item_id):
    return run_item(dossier, CL.item(item_id), CheckContext.build(dossier, CL))


def events(**changes):
    ev = dict(EVENTS)
    for k, v in changes.items():
        if v is None:
            ev.pop(k, None)
        else:
            ev[k] = (v, EVENTS[k][1]) if k in EVENTS else v
    return ev


def test_clean_dates_pass():
    d = build()
    for iid in ("TL-01", "TL-02", "TL-03", "TL-04", "TL-05"):
        assert run(d, iid).status == "pass", iid


def test_tl01_assignment_late():
    f = run(build(events=events(assignment=D(2025, 3, 7))), "TL-01")
    assert f.status == "fail" and "4日" in f.message and f.deduction == 2


def test_tl01_missing_dates():
    assert run(build(events=events(decision=None)), "TL-01").status == "uncertain"  # decision doc present
    spec = [s for s in criminal_spec() if s[0] != "decision"]
    assert run(build(spec, events=events(decision=None)), "TL-01").status == "not_applicable"


def test_tl02_working_days_skip_weekend():
    # assigned Friday 2025-03-07, met Wednesday 03-12 = 3 working days
    ok = build(events=events(assignment=D(2025, 3, 7), meeting=D(2025, 3, 12), decision=D(2025, 3, 6),
                             power_of_attorney=D(2025, 3, 8)))
    assert run(ok, "TL-02").status == "pass"
    late = build(events=events(assignment=D(2025, 3, 7), meeting=D(2025, 3, 13), decision=D(2025, 3, 6)))
    f = run(late, "TL-02")
    assert f.status == "fail" and "4个工作日" in f.message


def test_tl02_only_criminal_defense():
    assert run(build(kind="civil", events=events(meeting=D(2025, 4, 30))), "TL-02").status == "not_applicable"


def test_tl03_filing_late_uses_outcome_else_closing_report():
    f = run(build(events=events(filing=D(2025, 6, 25))), "TL-03")  # 36 days after judgment 5-20
    assert f.status == "fail"
    ev = events(judgment=None, filing=D(2025, 6, 25))  # 24 days after closing report 6-1
    assert run(build(events=ev), "TL-03").status == "pass"


def test_tl04_poa_late():
    assert run(build(events=events(power_of_attorney=D(2025, 3, 12))), "TL-04").status == "fail"


def test_tl05_impossible_orders_each_capped():
    f = run(build(events=events(meeting=D(2025, 3, 1))), "TL-05")
    assert f.status == "fail" and f.occurrences == 1 and f.deduction == 2 and "会见日期早于指派日期" in f.message
    f = run(build(events=events(meeting=D(2025, 3, 1), judgment=D(2025, 5, 1),
                                closing_report=D(2025, 4, 1))), "TL-05")
    assert f.occurrences == 3 and f.deduction == 4


def test_tl05_no_dates_not_applicable():
    assert run(build(events={}), "TL-05").status == "not_applicable"
