"""The monthly 提醒函 loop on a real SQLite demo database: numbers stable on re-run, replies per
point, open points, overdue replies, rectification by a later review; the CLI and console pages."""
from __future__ import annotations

import io
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document

from conftest import render_page
from monthly_support import private_copy, seed_template
from store.letter_rules import load_letter_rules
from store import get_engine, make_engine, repo, reset_engines
from store import letters as lr
from store.documents import write_month_letters
from store.orm import DossierRow, LetterPoint
from store.statements import statement_for
from store.reporting_period import parse_month, parse_period
from store.subsidy_rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
NOV = parse_month("2026-11")
ISSUED = date(2026, 12, 1)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return seed_template(tmp_path_factory.mktemp("letters"))


@pytest.fixture
def eng(template, tmp_path, monkeypatch):
    monkeypatch.setenv("JUANPING_DATA_DIR", str(tmp_path / "data"))
    engine = make_engine(private_copy(template[0], tmp_path))
    yield engine
    engine.dispose()


def test_one_numbered_letter_per_firm_and_rerun_keeps_numbers(eng, tmp_path):
    first = write_month_letters(eng, NOV, tmp_path / "a", today=ISSUED)
    assert len(first) == 2 and len({w.letter.firm_id for w in first}) == 2
    numbers = {w.letter.firm.name: w.letter.number for w in first}
    assert sorted(numbers.values()) == ["相法援提〔2026〕11-01号", "相法援提〔2026〕11-02号"]
    assert all(w.path.name == f"提醒函_{w.letter.firm.name}_2026年11月.docx" for w in first)
    n_points = {w.letter.id: w.points for w in first}
    again = write_month_letters(eng, NOV, tmp_path / "b", today=ISSUED + timedelta(days=9))
    assert {w.letter.firm.name: w.letter.number for w in again} == numbers
    assert {w.letter.id: w.points for w in again} == n_points
    assert all(w.letter.issued_on == ISSUED and w.letter.due_on == ISSUED + timedelta(days=15) for w in again)
    assert len(lr.letters(eng)) == 2
    body = "\n".join(p.text for p in Document(io.BytesIO(first[0].path.read_bytes())).paragraphs)
    assert first[0].letter.number in body and "2026年11月" in body and "十五日内" in body


def test_points_are_every_failed_item_of_the_months_dossiers(eng):
    issued = lr.issue_month_letters(eng, NOV, today=ISSUED)
    points = [(p.dossier_id, p.item_id) for x in issued for p in lr.points(eng, x.id)]
    assert len(points) == len(set(points))
    from store.final_grades import final_results, latest_by_file
    expected = {(r.dossier.id, f["item"]) for r in latest_by_file(final_results(eng)) if r.reviewed_on in NOV
                for f in r.findings if f["status"] == "fail"}
    assert set(points) == expected and expected
    # the center's ruled items (adjudications) are points with the ruling as the message
    ruled = [p for x in issued for p in lr.points(eng, x.id) if p.message.startswith("月度评查认定")]
    assert ruled


def test_a_new_failed_dossier_later_in_the_month_joins_the_letter_without_a_new_number(eng):
    letter = lr.issue_month_letters(eng, NOV, today=ISSUED)[0]
    before = len(lr.points(eng, letter.id))
    d = lr.points(eng, letter.id)[0].dossier
    contract = dict(d.contract)
    contract["findings"] = [dict(f, status="fail", deduction=1) if f["item"] == "MD-01" else f
                            for f in contract["findings"]]
    contract["case"] = dict(contract["case"], case_no="（2026）苏0507法援民字第999号")
    late = repo.add_dossier(eng, Path("/nonexistent/late.pdf"), contract, firm_id=d.firm_id, center_id=d.center_id,
                            batch="自查-11月")
    with repo.session(eng) as s, s.begin():
        s.get(DossierRow, late.id).created_at = datetime(2026, 11, 28, tzinfo=timezone.utc)
    again = [x for x in lr.issue_month_letters(eng, NOV, today=ISSUED) if x.id == letter.id][0]
    assert again.number == letter.number
    assert len(lr.points(eng, letter.id)) > before


def test_replies_open_points_and_overdue(eng, tmp_path):
    rules = load_letter_rules()
    issued = lr.issue_month_letters(eng, NOV, today=ISSUED)
    views = lr.point_views(eng, month=NOV.label)
    assert views and all(v.open and v.state is None for v in views)
    due = issued[0].due_on
    assert lr.overdue_letters(eng, today=due) == []
    late = lr.overdue_letters(eng, today=due + timedelta(days=3))
    assert {o.letter.id for o in late} == {x.id for x in issued} and all(o.days == 3 for o in late)

    p1, p2, p3 = [v.point for v in views if v.letter.id == issued[0].id][:3]
    with pytest.raises(ValueError, match="须填写说明"):
        lr.record_reply(eng, p2.id, "explained", "")
    with pytest.raises(ValueError, match="回复类型"):
        lr.record_reply(eng, p2.id, "ignored", "x")
    lr.record_reply(eng, p1.id, "rectified", "已补充材料", file_name="整改回复.pdf", data=b"%PDF-1.4 reply")
    lr.record_reply(eng, p2.id, "explained", "该材料由法院留存，已附说明")
    lr.record_reply(eng, p3.id, "disputed", "认为不属于扣分情形")
    state = {v.point.id: v for v in lr.point_views(eng, month=NOV.label)}
    assert not state[p1.id].open and not state[p2.id].open
    assert state[p3.id].open and state[p3.id].label == rules.replies["disputed"]
    stored = repo.session(eng).get(LetterPoint, p1.id)
    assert stored.reply_file and Path(stored.reply_file).read_bytes() == b"%PDF-1.4 reply"
    # a letter is overdue only while points are unanswered
    others = [v.point for v in lr.point_views(eng, month=NOV.label) if v.letter.id == issued[0].id and v.state is None]
    for p in others:
        lr.record_reply(eng, p.id, "rectified")
    assert issued[0].id not in {o.letter.id for o in lr.overdue_letters(eng, today=due + timedelta(days=3))}


def test_a_later_review_that_no_longer_fails_rectifies_the_point_and_releases_the_subsidy(eng):
    lr.issue_month_letters(eng, NOV, today=ISSUED)
    st = statement_for(eng, parse_period("2026Q4"), load_rules("default"))
    failed = [h for h in st.held if "不合格" in h.reason]
    assert len(failed) == 1
    d = repo.get_dossier(eng, failed[0].case.dossier_id)
    # the firm rectifies and the fixed dossier (same case) is reviewed again in December: no fails
    fixed = dict(d.contract)
    fixed["findings"] = [dict(f, status="pass", deduction=0, veto=False) if f["status"] == "fail" else f
                         for f in fixed["findings"]]
    fixed["score"], fixed["grade"] = 100.0, "优秀"
    again = repo.add_dossier(eng, Path("/nonexistent/fixed.pdf"), fixed, firm_id=d.firm_id, center_id=d.center_id,
                             batch="复查")
    with repo.session(eng) as s, s.begin():
        s.get(DossierRow, again.id).created_at = datetime(2026, 12, 3, tzinfo=timezone.utc)
    views = [v for v in lr.point_views(eng) if v.point.dossier_id == d.id]
    assert views and all(v.state == "rereview" and not v.open for v in views)
    assert d.id in lr.rectified_dossiers(eng)
    st2 = statement_for(eng, parse_period("2026Q4"), load_rules("default"))
    assert not [h for h in st2.held if "不合格" in h.reason]
    assert again.id in {r.case.dossier_id for r in st2.rows} and st2.total > st.total
    assert st2.total - st.total == load_rules("default").base(d.case_kind, None)


@pytest.mark.slow
def test_cli_letters_and_subsidy_and_their_errors(template, tmp_path):
    url = private_copy(template[0], tmp_path)

    def run(*args):
        return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], capture_output=True, text=True,
                              cwd=tmp_path, timeout=120)

    out = tmp_path / "letters"
    r = run("letters", "--month", "2026-11", "--db", url, "--out", str(out), "--date", "2026-12-01")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["提醒函_江苏太湖律师事务所_2026年11月.docx",
                                                     "提醒函_苏州正衡律师事务所_2026年11月.docx"]
    assert "相法援提〔2026〕11-01号" in r.stdout
    r2 = run("letters", "--month", "2026-11", "--db", url, "--out", str(out))
    assert r2.stdout.replace("2026-12-16", "") == r.stdout.replace("2026-12-16", "")  # same numbers and dates
    r = run("subsidy", "--period", "2026Q4", "--db", url, "--out", str(tmp_path))
    assert r.returncode == 0 and (tmp_path / "办案补贴_2026Q4.xlsx").is_file(), r.stderr
    bad = {("subsidy", "--period", "2026Q5", "--db", url): "无法识别的期间",
           ("subsidy", "--period", "2026", "--db", f"sqlite:///{tmp_path}/none.db"): "数据库文件不存在",
           ("subsidy", "--period", "2026", "--db", "nonsense://x"): "无法打开数据库",
           ("letters", "--month", "2026Q4", "--db", url, "--out", str(out)): "按月",
           ("letters", "--month", "2026-10", "--db", url, "--out", str(out)): "无需出具提醒函"}
    for args, msg in bad.items():
        r = run(*args)
        assert r.returncode in (1, 2) and msg in r.stderr and "Traceback" not in r.stderr, (args, r.stderr)
    (tmp_path / "not.db").write_text("not a database")
    r = run("subsidy", "--period", "2026", "--db", f"sqlite:///{tmp_path}/not.db")
    assert r.returncode == 2 and "无法打开数据库" in r.stderr and "Traceback" not in r.stderr


@pytest.fixture
def console(template, tmp_path, monkeypatch):
    url = private_copy(template[0], tmp_path)
    monkeypatch.setenv("JUANPING_DB_URL", url)
    monkeypatch.setenv("JUANPING_DATA_DIR", str(tmp_path / "data"))
    yield get_engine(url), template[1]["users"]
    reset_engines()


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [e.value for e in at.success] + [e.value for e in at.warning] \
        + [e.value for e in at.error] + [e.value for e in at.info] + [c.value for c in at.caption]
    return "\n".join(str(p) for p in parts)


def test_console_letters_page_issues_records_a_reply_and_lists_open_points(console):
    eng, users = console
    at = render_page("letters", users["admin"], lt_month="2026-11")
    assert not at.exception
    assert "尚未出具提醒函" in _texts(at)
    at.button(key="lt_issue").click().run()
    assert not at.exception and "相法援提〔2026〕11-01号" in _texts(at)
    # 周主任 is of the Suzhou center: only its firms' letters are shown and issued
    mine = lr.letters(eng, month="2026-11")
    assert mine and all(x.firm.center_id == repo.get_user(eng, users["admin"]).unit_id for x in mine)
    point = lr.points(eng, mine[0].id)[0]
    open_before = at.dataframe[0].value["未结问题"].sum()
    at.radio(key=f"lt_kind_{point.id}").set_value("explained").run()
    at.text_area(key=f"lt_note_{point.id}").input("已向中心书面说明").run()
    at.button(key=f"lt_save_{point.id}").click().run()
    assert not at.exception
    assert repo.session(eng).get(LetterPoint, point.id).reply == "explained"
    again = render_page("letters", users["admin"], lt_month="2026-11")
    assert again.dataframe[0].value["未结问题"].sum() == open_before - 1
    assert "无权访问" in _texts(render_page("letters", users["reviewer1"]))


def test_console_subsidy_page_shows_totals_and_held_back(console):
    eng, users = console
    at = render_page("subsidy", users["admin"], sub_period="2026Q4")
    assert not at.exception
    admin_center = repo.get_user(eng, users["admin"]).unit_id
    st = statement_for(eng, parse_period("2026Q4"), load_rules("default"), center_id=admin_center)
    assert st.rows and at.metric[1].value == f"{st.total:,.2f}"
    assert sum(Decimal(str(v)) for v in at.dataframe[1].value["金额（元）"]) == st.total
    at.text_input(key="sub_period").input("2026Q9").run()
    assert "无法识别的期间" in _texts(at)
    assert "无权访问" in _texts(render_page("subsidy", users["trainer"]))


def test_peer_reviews_that_disagree_hold_the_subsidy_until_adjudicated(eng, template):
    """The final grade: two submitted reviews that disagree on an item are no grade (待裁决);
    the center's adjudication decides it."""
    from store.final_grades import ADJUDICATED, final_results
    from store.orm import Assignment

    sid = template[1]["session_id"]
    d = repo.dossiers(eng, session_id=sid, sampled=True)[0]
    a1, a2 = repo.assignments(eng, session_id=sid, dossier_id=d.id)[:2]
    item = next(f["item"] for f in d.contract["findings"] if f["status"] == "pass" and f["item"].startswith("MD"))
    repo.record_decision(eng, a1.id, item, "override", user_id=a1.reviewer_id, new_status="fail", reason="未见该材料")
    for a in (a1, a2):
        repo.submit_assignment(eng, a.id, "签名")
        with repo.session(eng) as s, s.begin():
            s.get(Assignment, a.id).signed_at = datetime(2026, 12, 1, tzinfo=timezone.utc)
    period = parse_period("2026Q4")
    held = {h.case.dossier_id: h.reason for h in statement_for(eng, period, load_rules("default")).held}
    assert "待裁决" in held[d.id]
    adj = repo.adjudicate(eng, sid, d.id, item, "fail", template[1]["users"]["admin"], "经合议认定缺失")
    with repo.session(eng) as s, s.begin():  # the test does not depend on the machine's clock
        s.get(type(adj), adj.id).created_at = datetime(2026, 12, 2, tzinfo=timezone.utc)
    r = next(x for x in final_results(eng) if x.dossier.id == d.id)
    assert r.source == ADJUDICATED and r.grade_status == "final" and r.status_of(item) == "fail"
    assert next(f for f in r.findings if f["item"] == item)["message"] == "经合议认定缺失"
    paid = {x.case.dossier_id for x in statement_for(eng, period, load_rules("default")).rows}
    assert d.id in paid or r.grade == "不合格"
