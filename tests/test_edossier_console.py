"""The console's upload takes an e-dossier zip (one case's files) and reviews it as one dossier
(real pipeline, real SQLite DB, Streamlit AppTest)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import render_page, use_console_db
from console import security
from eval.edossier_split import plan_split, write_files, write_zip
from store import get_engine, repo, reset_engines

SMALL = Path(__file__).resolve().parents[1] / "samples" / "02_non_litigation.pdf"


def test_check_upload_accepts_zip_by_content():
    security.check_upload("case.zip", b"PK\x03\x04....")
    security.check_upload("案件.ZIP", b"PK\x05\x06" + b"\0" * 18)
    with pytest.raises(security.InputRejected, match="不是 ZIP"):
        security.check_upload("case.zip", b"%PDF-1.4 renamed")
    with pytest.raises(security.InputRejected, match="不是 PDF"):
        security.check_upload("case.pdf", b"PK\x03\x04 a zip named .pdf")


@pytest.fixture
def env(seeded_console_db, tmp_path, monkeypatch):
    db, info, corpus = seeded_console_db(2, 3)
    url = use_console_db(db, tmp_path, monkeypatch, tmp_path)
    yield {"engine": get_engine(url), "users": info["users"]}
    reset_engines()


def test_selfcheck_reviews_an_uploaded_edossier_zip(env, tmp_path):
    truth = json.loads(SMALL.with_suffix(".truth.json").read_text(encoding="utf-8"))
    files = write_files(SMALL, plan_split(truth, scan_share=0.0), tmp_path / "split")
    z = write_zip([(p.name, p) for p in files], tmp_path / "案件甲.zip", gbk={files[0].name})
    admin = next(u.id for u in repo.users(env["engine"]) if u.username == "admin")
    at = render_page("selfcheck", admin)
    at.get("file_uploader")[0].set_value([(z.name, z.read_bytes(), "application/zip"),
                                          ("fake.zip", b"%PDF-1.4 not a zip", "application/zip")]).run()
    at.text_input(key="sc_batch").input("电子卷宗批次").run()
    at.button(key="sc_go").click().run()
    assert not at.exception
    assert any("fake.zip" in str(e.value) and "不是 ZIP" in str(e.value) for e in at.error)
    [d] = repo.dossiers(env["engine"], batch="电子卷宗批次")
    assert d.contract["file"].endswith("案件甲.zip") and d.contract["pages"] == truth["pages"]
    assert d.contract["sources"][0]["file"] == files[0].name  # the GBK name read back right
    assert Path(d.file_path).suffix == ".pdf" and Path(d.file_path).is_file()  # the bound PDF, for the viewer
