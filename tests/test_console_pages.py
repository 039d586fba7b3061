"""AppTest checks of every console page on a temp SQLite DB seeded from generated dossiers."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conftest import render_page, replace_model, use_console_db
from ingest.doctypes import type_name
from service import demo
from store import get_engine, repo, reports, reset_engines

ROOT = Path(__file__).resolve().parents[1]
PW = demo.DEMO_PASSWORD


@pytest.fixture(scope="module")
def template(seeded_console_db):
    """A seeded DB (generated corpus, generator truth as the model output), copied per test."""
    return seeded_console_db(4, 7)


@pytest.fixture
def env(template, tmp_path, monkeypatch):
    db, info, corpus = template
    url = use_console_db(db, tmp_path, monkeypatch, corpus.parent)

    def truth(path):  # uploads are stored as <sha16>_<name>: find the generator truth by name
        path = Path(path)
        original = corpus / path.name.split("_", 1)[1] if not (corpus / path.name).exists() else path
        return demo.truth_only(original)

    replace_model(monkeypatch, truth)
    yield {"engine": get_engine(url), "users": info["users"], "corpus": corpus, "session": info["session_id"]}
    reset_engines()


page = render_page


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [e.value for e in at.error] \
        + [e.value for e in at.info] + [e.value for e in at.success] + [e.value for e in at.warning]
    return "\n".join(str(p) for p in parts)


def login(at: AppTest, user: str, pw: str) -> AppTest:
    at.text_input(key="login_user").input(user)
    at.text_input(key="login_pw").input(pw)
    return at.button[0].click().run()


def test_login_rejects_wrong_password_and_routes_by_role(env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    login(at, "reviewer1", "wrong")
    assert "用户名或密码错误" in texts(at)
    assert "user_id" not in at.session_state
    login(at, "reviewer1", PW)
    assert not at.exception
    assert at.title[0].value == "我的评查任务"
    at2 = login(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run(), "admin", PW)
    assert at2.title[0].value == "评查会管理"
    at3 = login(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run(), "trainer", PW)
    assert at3.title[0].value == "模型诊断"


def test_task_list_shows_only_own_assignments(env):
    eng, users = env["engine"], env["users"]
    at = page("tasks", users["reviewer1"])
    mine = repo.assignments(eng, reviewer_id=users["reviewer1"])
    df = at.dataframe[0].value
    assert sorted(df["任务"]) == sorted(a.id for a in mine)
    assert set(df["承办律师"]) == {"＊＊＊"}  # blind session
    at3 = page("tasks", users["reviewer3"])
    assert "暂无分配给您的案卷" in texts(at3)
    # a center admin cannot open the reviewer page
    assert "无权访问" in texts(page("tasks", users["admin"]))


def _first_assignment(env):
    return repo.assignments(env["engine"], reviewer_id=env["users"]["reviewer1"])[0]


def test_review_override_requires_reason_then_rescores_and_persists(env):
    eng, users = env["engine"], env["users"]
    a = _first_assignment(env)
    at = page("review", users["reviewer1"])
    assert not at.exception
    before = float(at.metric[1].value)
    item = next(f["item"] for f in a.dossier.contract["findings"] if f["status"] == "pass"
                and f["item"] in ("MD-13", "MD-14", "MD-06"))
    key = f"{a.id}_{item}"
    at.radio(key=f"act_{key}").set_value("改判").run()
    at.selectbox(key=f"new_{key}").set_value("fail").run()
    at.button(key=f"save_{key}").click().run()
    assert "必须填写理由" in texts(at)
    assert repo.effective_decisions(eng, a.id) == {}
    at.text_area(key=f"reason_{key}").input("卷内未见该材料，模型误判").run()
    at.button(key=f"save_{key}").click().run()
    assert not at.exception
    dec = repo.effective_decisions(eng, a.id)[item]
    assert dec.action == "override" and dec.new_status == "fail" and "模型误判" in dec.reason
    after = float(at.metric[1].value)
    assert after < before
    # a fresh session (browser closed, app restarted) shows the saved decision and score
    reset_engines()
    again = page("review", users["reviewer1"])
    assert float(again.metric[1].value) == after
    assert "模型误判" in texts(again)


def test_review_jump_to_evidence_page_and_submit(env):
    eng, users = env["engine"], env["users"]
    a = _first_assignment(env)
    at = page("review", users["reviewer1"])
    jump = [b for b in at.button if b.key and (b.key.startswith(f"ev_{a.id}_") or b.key.startswith(f"pg_{a.id}_"))]
    if jump:
        jump[0].click().run()
        assert at.session_state["view_page"] >= 1
    item = a.dossier.contract["findings"][0]["item"]
    at.button(key=f"save_{a.id}_{item}").click().run()  # accept (the default action)
    assert repo.effective_decisions(eng, a.id)[item].action == "accept"
    at.button(key=f"submit_{a.id}").click().run()
    assert "请先勾选确认" in texts(at)
    at.checkbox(key=f"confirm_{a.id}").check().run()
    at.button(key=f"submit_{a.id}").click().run()
    assert not at.exception
    done = repo.get_assignment(eng, a.id)
    assert done.status == "submitted" and done.signature_name == "王律师" and done.score is not None
    assert "已提交" in texts(at)
    assert not [b for b in at.button if b.key == f"save_{a.id}_{item}"]  # read-only now


def test_admin_creates_session_imports_samples_and_assigns(env):
    eng, users = env["engine"], env["users"]
    at = page("admin", users["admin"])
    assert not at.exception
    at.text_input(key="new_name").input("2026年第1次交叉评查")
    at.number_input(key="new_rate").set_value(0.5)
    at.button[0].click().run()  # form submit
    sid = max(s.id for s in repo.review_sessions(eng))
    assert repo.get_review_session(eng, sid).name == "2026年第1次交叉评查"
    at.text_input(key="imp_folder").input(str(env["corpus"]))
    at.button(key="imp_go").click().run()
    assert not at.exception
    assert len(repo.dossiers(eng, session_id=sid)) == 4
    at.button(key="draw").click().run()
    sampled = repo.dossiers(eng, session_id=sid, sampled=True)
    assert len(sampled) >= 1
    at.button(key="assign").click().run()
    rows = repo.assignments(eng, session_id=sid)
    assert len(rows) == 2 * len(sampled)
    for r in rows:
        assert r.reviewer.unit_id not in (r.dossier.firm_id, r.dossier.center_id)
    assert "已提交 0" in "\n".join(str(p.text) for p in at.get("progress")) or True


def test_admin_sees_disagreements_and_adjudicates(env):
    eng, users = env["engine"], env["users"]
    sid = env["session"]
    d = repo.dossiers(eng, session_id=sid, sampled=True)[0]
    a1, a2 = repo.assignments(eng, session_id=sid, dossier_id=d.id)[:2]
    item = "MD-14"
    repo.record_decision(eng, a1.id, item, "override", user_id=a1.reviewer_id, new_status="fail", reason="未见回访记录")
    repo.submit_assignment(eng, a1.id, "王律师")
    repo.submit_assignment(eng, a2.id, "李律师")
    at = page("admin", users["admin"])
    assert not at.exception
    assert "未见回访记录" in texts(at)
    assert at.selectbox(key="adj_st_0").value is None  # nothing preselected
    assert "uncertain" not in at.selectbox(key="adj_st_0").options and "待人工复核" not in at.selectbox(key="adj_st_0").options
    at.selectbox(key="adj_st_0").set_value("fail")
    at.button(key="adj_save_0").click().run()  # no reason: refused
    assert "填写裁决理由" in texts(at) and (d.id, item) not in repo.adjudications(eng, sid)
    at.text_input(key="adj_reason_0").input("经合议认定")
    at.button(key="adj_save_0").click().run()
    adj = repo.adjudications(eng, sid)[(d.id, item)]
    assert adj.decided_status == "fail" and adj.reason == "经合议认定"
    assert "经合议认定" in texts(at)  # the saved ruling and its reason are shown again
    finals = {f["dossier_id"]: f for f in reports.session_final_results(eng, sid)}
    model_md14 = next(f for f in d.contract["findings"] if f["item"] == item)
    assert finals[d.id]["source"] == "裁决"
    if model_md14["status"] != "fail":
        assert finals[d.id]["score"] < d.model_score  # the ruling's deduction is in the final score
    assert any(df.get("最终得分") == finals[d.id]["score"] for t in at.dataframe for df in t.value.to_dict("records"))


def test_selfcheck_batch_table_sorted_by_risk_with_letters(env):
    users, corpus = env["users"], env["corpus"]
    at = page("selfcheck", users["admin"])
    files = [(p.name, p.read_bytes(), "application/pdf") for p in sorted(corpus.glob("*.pdf"))]
    files.append(("broken.pdf", b"%PDF-1.4 not really", "application/pdf"))
    at.get("file_uploader")[0].set_value(files)
    at.text_input(key="sc_batch").input("自查-测试")
    at.button(key="sc_go").click().run()
    assert not at.exception
    df = at.dataframe[0].value
    assert len(df) == len(files)
    reviewed = df[df["状态"] == "已评查"]
    assert len(reviewed) == len(files) - 1
    keys = [(0 if v else 1, s) for v, s in zip(reviewed["否决"], reviewed["得分"])]
    assert keys == sorted(keys)
    assert any("评查失败" in s for s in df["状态"])
    letters = [b for b in at.get("download_button") if "提醒函" in str(b.proto.label)]
    assert letters


def test_trainer_sees_overrides_and_exports_corrections(env):
    eng, users = env["engine"], env["users"]
    a = _first_assignment(env)
    repo.record_decision(eng, a.id, "BD-05", "override", user_id=a.reviewer_id, new_status="fail", reason="第3页为空白页")
    repo.add_correction(eng, a.dossier_id, 3, 4, "application", "identity", a.reviewer_id)
    at = page("trainer", users["trainer"])
    assert not at.exception
    assert "共 1 条改判" in texts(at)
    assert "材料类型/分界更正：1 条" in texts(at)
    from console.pages.trainer import training_jsonl
    import json
    rows = [json.loads(x) for x in training_jsonl(eng).splitlines()]
    assert [(r["label"], r["start"]) for r in rows] == [("identity", True), ("identity", False)]
    assert rows[0]["text"].strip() and rows[0]["source"].endswith("#page=3")
    assert "无权访问" in texts(page("trainer", users["reviewer1"]))


def test_trainer_sees_model_reviewer_confusion_from_submitted_reviews(env):
    """Model vs reviewer per item from real (submitted) reviews, and page-type corrections in Chinese."""
    eng, users = env["engine"], env["users"]
    a = _first_assignment(env)
    model = {f["item"]: f["status"] for f in a.dossier.contract["findings"]}
    item = next(i for i in ("MD-14", "MD-13", "MD-06") if model[i] == "pass")
    repo.record_decision(eng, a.id, item, "override", user_id=a.reviewer_id, new_status="fail", reason="未见该材料")
    repo.add_correction(eng, a.dossier_id, 3, 4, "application", "identity", a.reviewer_id)
    from store import reports as rp

    assert rp.model_reviewer_confusion(eng) == {}  # a draft is no review yet
    repo.submit_assignment(eng, a.id, "王律师")
    cells = rp.model_reviewer_confusion(eng)[item]
    assert cells == {("pass", "fail"): 1}
    at = page("trainer", users["trainer"])
    assert not at.exception
    table = {r["项目"]: r for t in at.dataframe for r in t.value.to_dict("records") if "项目" in r and "一致率" in r}
    assert table[item]["模型通过→评查不符合"] == 1 and table[item]["一致率"] == 0.0
    corr = [r for t in at.dataframe for r in t.value.to_dict("records") if "更正为" in r]
    assert corr == [{"模型类型": type_name("application"), "更正为": type_name("identity"), "页数": 2}]
