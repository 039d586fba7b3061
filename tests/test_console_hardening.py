"""Console hardening: upload size/content checks, folder import confined to allowed roots,
login and role enforced on every page (AppTest)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from console import security
from conftest import render_page, replace_model, use_console_db
from store import get_engine, repo, reset_engines

ROOT = Path(__file__).resolve().parents[1]
PAGES = {"tasks": ("reviewer",), "review": ("reviewer",), "admin": ("center_admin",),
         "selfcheck": ("center_admin",), "trainer": ("trainer", "center_admin")}


# ------------------------------------------------------------------ pure checks
def test_check_upload_by_content_and_size(monkeypatch):
    security.check_upload("a.pdf", b"%PDF-1.7\n...")
    security.check_upload("odd_name.bin", b"\xef\xbb\xbf%PDF-1.4\n")  # the name does not matter
    for name, data in (("x.pdf", b"PK\x03\x04zip"), ("y.pdf", b""), ("z.pdf", b"\x89PNG\r\n")):
        with pytest.raises(security.InputRejected) as exc:
            security.check_upload(name, data)
        assert name in str(exc.value) and "未导入" in str(exc.value)
    monkeypatch.setenv("JUANPING_MAX_UPLOAD_MB", "1")
    assert security.max_upload_mb() == 1
    with pytest.raises(security.InputRejected, match="文件过大"):
        security.check_upload("big.pdf", b"%PDF-1.7\n" + b"0" * (2 ** 20 + 1))
    monkeypatch.setenv("JUANPING_MAX_UPLOAD_MB", "nonsense")
    assert security.max_upload_mb() == security.DEFAULT_MAX_UPLOAD_MB


def test_streamlit_config_sets_upload_limit():
    import tomllib

    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert cfg["server"]["maxUploadSize"] == security.DEFAULT_MAX_UPLOAD_MB


def test_import_folder_confined_to_roots(tmp_path, monkeypatch):
    root = tmp_path / "allowed"
    (root / "batch1").mkdir(parents=True)
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "x.pdf").write_bytes(b"%PDF-1.4\n")
    monkeypatch.setenv("JUANPING_IMPORT_ROOT", str(root))
    assert security.resolve_import_folder(str(root / "batch1")) == (root / "batch1").resolve()
    for bad in (str(outside), str(root / ".." / "secret"), "/etc", "/", str(root / "batch1" / ".." / ".."),
                "", "a\x00b"):
        with pytest.raises(security.InputRejected):
            security.resolve_import_folder(bad)
    (root / "link").symlink_to(outside, target_is_directory=True)
    with pytest.raises(security.InputRejected, match="不允许"):
        security.resolve_import_folder(str(root / "link"))
    # a symlinked file inside an allowed folder that points outside is skipped; content checked
    (root / "batch1" / "leak.pdf").symlink_to(outside / "x.pdf")
    (root / "batch1" / "fake.pdf").write_bytes(b"not a pdf")
    (root / "batch1" / "ok.pdf").write_bytes(b"%PDF-1.4\n")
    files, skipped = security.folder_pdfs(root / "batch1")
    assert [f.name for f in files] == ["ok.pdf"]
    assert any("leak.pdf" in s for s in skipped) and any("fake.pdf" in s and "不是 PDF" in s for s in skipped)


def test_default_roots_are_data_dir_and_samples(monkeypatch, tmp_path):
    monkeypatch.delenv("JUANPING_IMPORT_ROOT", raising=False)
    monkeypatch.setenv("JUANPING_DATA_DIR", str(tmp_path / "d"))
    assert security.import_roots() == [(tmp_path / "d").resolve(), (ROOT / "samples").resolve()]


# ------------------------------------------------------------------ AppTest
@pytest.fixture(scope="module")
def template(seeded_console_db):
    return seeded_console_db(2, 3)


@pytest.fixture
def env(template, tmp_path, monkeypatch):
    db, info, corpus = template
    url = use_console_db(db, tmp_path, monkeypatch, tmp_path / "imports")
    (tmp_path / "imports").mkdir()
    calls = []

    def fake_model(path):
        calls.append(Path(path).name)
        return {"file": Path(path).name, "pages": 1, "case": {}, "documents": [], "page_flags": [],
                "findings": [], "score": 100.0, "grade": "优秀"}, "test"

    replace_model(monkeypatch, fake_model)
    yield {"engine": get_engine(url), "users": info["users"], "corpus": corpus, "calls": calls,
           "imports": tmp_path / "imports", "tmp": tmp_path}
    reset_engines()


page = render_page


def messages(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in list(at.warning) + list(at.error) + list(at.info) + list(at.success))


def uid(env, name: str) -> int:
    return next(u.id for u in repo.users(env["engine"]) if u.username == name)


@pytest.mark.parametrize("module", sorted(PAGES))
def test_every_page_requires_login(env, module):
    at = page(module)
    assert not at.exception
    assert "请先登录" in messages(at)
    assert not at.title  # stopped before rendering anything


@pytest.mark.parametrize("module,user", [("tasks", "admin"), ("review", "trainer"), ("admin", "reviewer1"),
                                         ("selfcheck", "trainer"), ("trainer", "reviewer1"),
                                         ("admin", "trainer"), ("selfcheck", "reviewer2")])
def test_every_page_enforces_role(env, module, user):
    at = page(module, uid(env, user))
    assert not at.exception
    assert "无权访问" in messages(at) and not at.title


def test_deleted_user_and_idle_session_are_logged_out(env, monkeypatch):
    at = page("tasks", 999999)
    assert "请先登录" in messages(at)
    import time

    monkeypatch.setenv("JUANPING_SESSION_IDLE_MIN", "1")
    at = page("tasks", uid(env, "reviewer1"), _last_seen=time.time() - 3600)
    assert "登录已超时" in messages(at) and not at.title
    at = page("tasks", uid(env, "reviewer1"), _last_seen=time.time())
    assert at.title and at.title[0].value == "我的评查任务"


def test_app_without_login_shows_only_login(env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["卷评 · 法律援助案卷评查"]


def test_selfcheck_upload_rejects_non_pdf_content(env):
    at = page("selfcheck", uid(env, "admin"))
    good = env["corpus"].glob("*.pdf").__next__()
    at.get("file_uploader")[0].set_value([("fake.pdf", b"PK\x03\x04 a docx", "application/pdf"),
                                          (good.name, good.read_bytes(), "application/pdf")]).run()
    at.text_input(key="sc_batch").input("批次-安全").run()
    at.button(key="sc_go").click().run()
    assert not at.exception
    text = messages(at)
    assert "fake.pdf" in text and "不是 PDF" in text
    assert env["calls"] == [f"{good.name}"] or env["calls"][0].endswith(good.name)
    assert [d.file_name for d in repo.dossiers(env["engine"], batch="批次-安全")] == [repo.human_name(env["calls"][0])]


def test_selfcheck_upload_size_limit(env, monkeypatch):
    monkeypatch.setenv("JUANPING_MAX_UPLOAD_MB", "0.001")  # ~1 KB
    at = page("selfcheck", uid(env, "admin"))
    at.get("file_uploader")[0].set_value([("big.pdf", b"%PDF-1.4\n" + b"0" * 5000, "application/pdf")]).run()
    at.button(key="sc_go").click().run()
    assert "文件过大" in messages(at) and env["calls"] == []


def test_admin_folder_import_blocks_traversal(env):
    at = page("admin", uid(env, "admin"))
    assert not at.exception
    secret = env["tmp"] / "secret"
    secret.mkdir()
    (secret / "x.pdf").write_bytes(b"%PDF-1.4\n")
    for bad in (str(secret), str(env["imports"] / ".." / "secret"), "/etc"):
        at.text_input(key="imp_folder").input(bad).run()
        at.button(key="imp_go").click().run()
        assert "不允许从该路径导入" in messages(at), bad
    assert env["calls"] == []
    ok = env["imports"] / "q4"
    ok.mkdir()
    good = next(env["corpus"].glob("*.pdf"))
    shutil.copy(good, ok / "a.pdf")
    (ok / "b.pdf").write_bytes(b"hello")
    at.text_input(key="imp_folder").input(str(ok)).run()
    at.button(key="imp_go").click().run()
    assert not at.exception
    assert env["calls"] == ["a.pdf"]
    assert "b.pdf" in messages(at)


def test_trainer_report_folder_confined(env):
    at = page("trainer", uid(env, "trainer"))
    at.text_input(key="tr_eval").input("/etc").run()
    assert "不允许读取该目录" in messages(at)
