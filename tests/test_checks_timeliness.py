"""TL: timeliness from dated events."""
import datetime as dt

import pytest
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
    f = run(build(events=events(assignment=D(2025, 3, 7))), "TL-01")  # decision Mon 3-3, due Thu 3-6
    assert f.status == "fail" and "法定期满日2025-03-06" in f.message and "超期1日" in f.message
    assert f.deduction == 2


def test_tl01_period_ending_on_a_weekend_runs_to_monday():
    """Thursday decision, Monday assignment: day 3 is a Sunday, so the period ends on Monday."""
    ok = build(events=events(decision=D(2025, 3, 6), assignment=D(2025, 3, 10), power_of_attorney=D(2025, 3, 11),
                             meeting=D(2025, 3, 11)))
    f = run(ok, "TL-01")
    assert f.status == "pass"
    assert f.message == "指派日期2025-03-10，决定/通知日期2025-03-06，时限3日，法定期满日2025-03-10（期满日遇休息日顺延），未超期"
    late = build(events=events(decision=D(2025, 3, 6), assignment=D(2025, 3, 11), power_of_attorney=D(2025, 3, 11),
                               meeting=D(2025, 3, 11)))
    assert run(late, "TL-01").status == "fail" and "超期1日" in run(late, "TL-01").message


def test_tl01_national_day_holiday_extends_the_period():
    # decided 2025-09-30, day 3 is 10-03 inside the 10-01..10-08 holiday: due Thursday 10-09
    ev = events(decision=D(2025, 9, 30), assignment=D(2025, 10, 9), power_of_attorney=D(2025, 10, 10),
                meeting=D(2025, 10, 10))
    f = run(build(events=ev), "TL-01")
    assert f.status == "pass" and "法定期满日2025-10-09（期满日遇法定节假日顺延）" in f.message


def test_tl01_fragile_decision_date_is_uncertain_not_fail():
    """Only a date quoted in the body (你于…提出的申请) or one broken by a seal: the reviewer checks it."""
    for how, reason in (("quoted", "仅见正文中引述的日期"), ("broken_signature", "落款日期中夹有无法确认的文字"),
                        ("fallback", "未见落款或标注的日期")):
        d = build(events=events(assignment=D(2025, 3, 7)))
        next(e for e in d.facts.events if e.kind == "decision").how = how
        f = run(d, "TL-01")
        assert f.status == "uncertain", how
        assert reason in f.message and "决定/通知日期" in f.message
        assert any(e.note for e in f.evidence)
    d = build(events=events(assignment=D(2025, 3, 5)))  # on time: a fragile date does not matter
    next(e for e in d.facts.events if e.kind == "decision").how = "quoted"
    assert run(d, "TL-01").status == "pass"


def test_decisive_date_outranks_a_fragile_one_of_the_same_event():
    """A law-firm register mistyped as a POA gives a prose date; the signed POA date decides."""
    from ingest.datamodel import DatedEvent
    d = build(events=events(power_of_attorney=D(2025, 3, 20)))
    d.facts.events.append(DatedEvent("power_of_attorney", D(2025, 3, 4), None, "收案日期 2025.3.4", "fallback"))
    f = run(d, "TL-04")
    assert f.status == "fail" and "签订委托协议/授权委托书日期2025-03-20" in f.message


@pytest.mark.parametrize("how", ["signature", "sealed_signature", "stated", "cover"])
def test_tl01_decisive_readings_decide(how):
    d = build(events=events(assignment=D(2025, 3, 7)))
    for e in d.facts.events:
        e.how = how
    assert run(d, "TL-01").status == "fail"


def test_tl_year_without_calendar_file_is_uncertain_when_a_holiday_could_explain_it():
    # 2027 has no holiday file: 4 days late could be a holiday; 20 days late cannot
    ev = events(decision=D(2027, 2, 1), assignment=D(2027, 2, 8), power_of_attorney=D(2027, 2, 9),
                meeting=D(2027, 2, 9), hearing=D(2027, 5, 10), judgment=D(2027, 5, 20),
                closing_report=D(2027, 6, 1), filing=D(2027, 6, 15))
    f = run(build(events=ev), "TL-01")
    assert f.status == "uncertain" and "未载入2027年放假安排" in f.message
    ev["assignment"] = (D(2027, 2, 25), "assignment")
    assert run(build(events=ev), "TL-01").status == "fail"


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
    assert f.status == "fail" and "法定期满日2025-03-12（按3个工作日计）" in f.message and "超期1日" in f.message


def test_tl02_working_days_follow_holidays_and_adjusted_workdays():
    # assigned Friday 2025-01-24: Sunday 01-26 is a 调休 working day, 01-27 Monday, then the
    # Spring Festival 01-28..02-04: the third working day is 02-05
    ev = events(decision=D(2025, 1, 23), assignment=D(2025, 1, 24), power_of_attorney=D(2025, 1, 26))
    assert run(build(events={**ev, "meeting": (D(2025, 2, 5), "meeting_record")}), "TL-02").status == "pass"
    f = run(build(events={**ev, "meeting": (D(2025, 2, 6), "meeting_record")}), "TL-02")
    assert f.status == "fail" and "法定期满日2025-02-05" in f.message


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


def test_unread_date_bounded_by_the_process_order_proves_on_time():
    """The decision date unread, but the application (which precedes it) is dated 3-2: the
    assignment on 3-4 is within 3 days of any decision date after it."""
    from ingest.datamodel import DatedEvent
    d = build(events=events(decision=None))
    assert run(d, "TL-01").status == "uncertain"
    d.facts.events.append(DatedEvent("application", D(2025, 3, 2), 3))
    f = run(d, "TL-01")
    assert f.status == "pass" and "推定" in f.message
    d.facts.events[-1] = DatedEvent("application", D(2025, 2, 20), 3)  # too early to prove anything
    assert run(d, "TL-01").status == "uncertain"


def test_a_bound_never_proves_a_failure():
    from ingest.datamodel import DatedEvent
    d = build(events=events(judgment=None, closing_report=None, filing=D(2025, 9, 1)))
    d.facts.events.append(DatedEvent("judgment", D(2025, 5, 20), 17, how="quoted"))
    assert run(d, "TL-03").status == "uncertain"  # the fragile judgment date: late, but not decisive


def test_tl05_judgment_before_hearing_on_an_unsure_reading_is_a_misread():
    from ingest.datamodel import DatedEvent
    d = build(events=events(judgment=None))
    d.facts.events.append(DatedEvent("judgment", D(2025, 4, 1), 17, how="quoted"))  # before the 5-10 hearing
    f = run(d, "TL-05")
    assert f.status == "uncertain" and "第17页" in f.message  # not an accusation, and not a pass either
    assert run(build(events=events(judgment=D(2025, 4, 1))), "TL-05").status == "fail"  # read surely


def test_tl05_a_misread_date_proves_no_other_order():
    """A scanned judgment's date misread as before the hearing says nothing about whether the closing
    report came after the judgment: the report dated before the true judgment is not passed."""
    from ingest.datamodel import DatedEvent
    d = build(events=events(judgment=None, closing_report=D(2025, 5, 12)))
    d.facts.events.append(DatedEvent("judgment", D(2025, 3, 16), 17, how="quoted"))
    assert run(d, "TL-05").status == "uncertain"


def test_tl05_an_unread_assignment_date_is_no_earlier_than_the_decision():
    """The assignment is bound but a seal hid its date: it cannot precede the surely dated
    decision (3-3), so a meeting on 3-1 is before the assignment too; a meeting on 3-5 proves
    nothing either way, and without the assignment's document there is nothing to stand in for."""
    f = run(build(events=events(assignment=None, meeting=D(2025, 3, 1))), "TL-05")
    assert f.status == "fail" and "会见日期早于指派日期" in f.message
    assert "指派日期未能识别" in f.message and "决定" in f.message and "2025-03-03" in f.message
    assert run(build(events=events(assignment=None, meeting=D(2025, 3, 5))), "TL-05").status == "pass"
    spec = [t for t in criminal_spec() if t[0] != "assignment"]
    no_doc = build(spec, events=events(assignment=None, meeting=D(2025, 3, 1)))
    assert run(no_doc, "TL-05").status != "fail"
