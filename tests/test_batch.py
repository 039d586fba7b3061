"""Batch review (service.batch + `juanping review DIR`): parallel, resumable, deduplicated."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import cli
from service.batch import DUPLICATE, FAILED, REVIEWED, SKIPPED, find_pdfs, run_batch
from service.batch_worker import review_one
from store.results import ResultStore


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    from eval.corpus import generate_corpus

    out = tmp_path_factory.mktemp("batch_corpus")
    return sorted(generate_corpus(out, n=4, seed=41))


@pytest.fixture
def folder(tmp_path, corpus) -> Path:
    """4 good dossiers (one in a sub-folder), a duplicate of the first, a non-PDF and a broken PDF."""
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    for p in corpus[:3]:
        shutil.copy(p, d / p.name)
    shutil.copy(corpus[3], d / "sub" / corpus[3].name)
    shutil.copy(corpus[0], d / "sub" / "copy_of_first.PDF")
    (d / "notes.pdf").write_bytes(b"just text\n")
    (d / "broken.pdf").write_bytes(corpus[1].read_bytes()[:1500])
    (d / "readme.txt").write_text("not a pdf name")
    return d


def rows(db: str) -> list:
    return ResultStore(db).all()


def test_find_pdfs_by_suffix_any_case(folder):
    names = sorted(p.name for p in find_pdfs(folder))
    assert "copy_of_first.PDF" in names and "readme.txt" not in names and len(names) == 7


def test_review_one_never_raises(folder):
    bad = review_one(str(folder / "notes.pdf"))
    assert bad["status"] == FAILED and bad["error"].startswith("notes.pdf: ") and "\n" not in bad["error"]
    gone = review_one(str(folder / "missing.pdf"))
    assert gone["status"] == FAILED and "missing.pdf" in gone["error"]


@pytest.mark.slow
def test_batch_two_workers_stores_each_once_and_reports_duplicates(folder, tmp_path, corpus):
    db = f"sqlite:///{tmp_path / 'b.db'}"
    store = ResultStore(db)
    seen = []
    report = run_batch(find_pdfs(folder), store=store, workers=2, json_out=tmp_path / "json", root=folder,
                       progress=False, on_outcome=seen.append)
    assert report.reviewed == 4 and report.failed == 2 and report.duplicates == 1 and report.skipped == 0
    assert len(seen) == 7
    dup = report.of(DUPLICATE)[0]
    assert Path(dup.path).name == "copy_of_first.PDF" and Path(dup.duplicate_of).name == corpus[0].name
    stored = rows(db)
    assert len(stored) == 6  # 4 reviewed + 2 failed; the duplicate is not a second row
    assert len({(r.sha256, r.model_version) for r in stored}) == 6
    assert sorted(r.status for r in stored).count("reviewed") == 4
    failed = {r.file_name: r.error for r in stored if r.status == "failed"}
    assert set(failed) == {"notes.pdf", "broken.pdf"} and all(e.startswith(n) for n, e in failed.items())
    # JSON per reviewed file, folder layout kept
    outs = sorted(p.relative_to(tmp_path / "json").as_posix() for p in (tmp_path / "json").rglob("*.json"))
    assert len(outs) == 4 and any(o.startswith("sub/") for o in outs)
    data = json.loads((tmp_path / "json" / outs[0]).read_text(encoding="utf-8"))
    assert {"file", "pages", "documents", "findings", "score", "grade"} <= set(data)


def test_rerun_skips_reviewed_and_retries_failed(folder, tmp_path):
    db = f"sqlite:///{tmp_path / 'b.db'}"
    run_batch(find_pdfs(folder), store=ResultStore(db), workers=1, progress=False)
    before = {(r.sha256, r.id, r.status) for r in rows(db)}
    again = run_batch(find_pdfs(folder), store=ResultStore(db), workers=1, progress=False)
    assert again.skipped == 4 and again.reviewed == 0 and again.failed == 2 and again.duplicates == 1
    assert {(r.sha256, r.id, r.status) for r in rows(db)} == before  # no new rows, same ids
    forced = run_batch(find_pdfs(folder), store=ResultStore(db), workers=1, rereview=True, progress=False)
    assert forced.reviewed == 4 and len(rows(db)) == 6


def test_new_model_version_reviews_again(folder, tmp_path, monkeypatch):
    db = f"sqlite:///{tmp_path / 'b.db'}"
    files = [p for p in find_pdfs(folder) if p.name.startswith("000")][:2]
    run_batch(files, store=ResultStore(db), workers=1, progress=False)
    import models

    monkeypatch.setattr(models, "model_version", lambda directory=None: "pc-test-new")
    report = run_batch(files, store=ResultStore(db), workers=1, progress=False)
    assert report.reviewed == 2
    assert sorted(r.model_version for r in rows(db)).count("pc-test-new") == 2 and len(rows(db)) == 4


def test_store_upsert_is_unique(tmp_path, corpus):
    db = f"sqlite:///{tmp_path / 'u.db'}"
    store = ResultStore(db)
    contract = {"pages": 3, "case": {"case_no": "A"}, "score": 90.0, "grade": "优秀"}
    store.save(corpus[0], None, contract)
    store.save(corpus[0], None, dict(contract, score=70.0))
    store.record_failure(corpus[0], RuntimeError("x"))
    store.save(corpus[0], None, contract)
    got = ResultStore(db).all()
    assert len(got) == 1 and got[0].status == "reviewed" and got[0].model_score == 90.0
    from sqlalchemy import text

    with store.engine.begin() as conn:
        with pytest.raises(Exception):
            conn.execute(text("INSERT INTO dossiers (batch, file_name, file_path, sha256, model_version, pages, "
                              "sampled, status, created_at) SELECT batch, file_name, file_path, sha256, "
                              "model_version, pages, sampled, status, created_at FROM dossiers"))


@pytest.mark.slow
def test_cli_folder_batch(folder, tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'c.db'}"
    code = cli.main(["review", str(folder), "--db", db, "--json", str(tmp_path / "j"), "--workers", "2",
                     "--quiet"])
    assert code == 1  # two files could not be reviewed
    cap = capsys.readouterr()
    err = cap.err.splitlines()
    assert any(line.startswith("notes.pdf: ") for line in err)
    assert any(line.startswith("broken.pdf: ") for line in err)
    assert any("copy_of_first.PDF" in line and "重复" in line for line in err)
    assert "成功 4 份" in cap.out and "无法评查 2 份" in cap.out
    code = cli.main(["review", str(folder), "--db", db, "--workers", "2", "--quiet"])
    assert "已评查跳过 4 份" in capsys.readouterr().out
    assert len(rows(db)) == 6


def test_cli_single_file_unchanged(corpus, tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 's.db'}"
    out = tmp_path / "one.json"
    assert cli.main(["review", str(corpus[0]), "--json", str(out), "--db", db]) == 0
    printed = capsys.readouterr().out
    assert "得分" in printed and "用时" in printed
    assert json.loads(out.read_text(encoding="utf-8"))["file"] == corpus[0].name
    # a single file is always reviewed (and printed) again, still one row
    assert cli.main(["review", str(corpus[0]), "--db", db]) == 0
    assert "得分" in capsys.readouterr().out and len(rows(db)) == 1


def test_skipped_files_still_get_json(folder, tmp_path):
    db = f"sqlite:///{tmp_path / 'k.db'}"
    files = [p for p in find_pdfs(folder) if p.name.startswith("000")][:1]
    run_batch(files, store=ResultStore(db), workers=1, progress=False)
    report = run_batch(files, store=ResultStore(db), workers=1, json_out=tmp_path / "j2", root=folder,
                       progress=False)
    assert report.of(SKIPPED) and (tmp_path / "j2" / (files[0].stem + ".json")).exists()
    assert report.of(REVIEWED) == []


@pytest.mark.slow
def test_pool_works_when_main_is_a_deleted_script(folder, tmp_path, monkeypatch):
    """Under Streamlit/AppTest __main__ is a (temp) page script; spawned workers must not re-run it."""
    import sys
    import types

    fake = types.ModuleType("__main__")
    fake.__file__ = str(tmp_path / "deleted_page_script.py")
    monkeypatch.setitem(sys.modules, "__main__", fake)
    files = [p for p in find_pdfs(folder) if p.name.startswith("000")][:2]
    report = run_batch(files, workers=2, progress=False)
    assert report.reviewed == 2 and report.failed == 0
    assert sys.modules["__main__"] is fake
