"""The `juanping` CLI on the bundled samples and on bad input."""
from __future__ import annotations

import json
import shutil
import pytest

import cli
from ingest.doctypes import type_codes

SAMPLES = sorted(cli.DEFAULT_SAMPLES.glob("*.pdf"))
ITEM_IDS = {f"MD-{i:02d}" for i in range(1, 16)} | {f"FU-{i:02d}" for i in range(1, 6)} \
    | {f"BD-{i:02d}" for i in range(1, 9)} | {f"TL-{i:02d}" for i in range(1, 6)}


def test_samples_are_bundled():
    assert len(SAMPLES) >= 3


def test_review_one_sample_writes_contract_json(tmp_path, capsys):
    out = tmp_path / "r.json"
    assert cli.main(["review", str(SAMPLES[0]), "--json", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["file"] == SAMPLES[0].name
    assert {"file", "pages", "case", "documents", "page_flags", "findings", "score", "grade"} <= set(data)
    # documents cover every page exactly once, in order
    covered = [p for d in data["documents"] for p in range(d["first_page"], d["last_page"] + 1)]
    assert covered == list(range(1, data["pages"] + 1))
    assert {d["type"] for d in data["documents"]} <= set(type_codes())
    assert {f["item"] for f in data["findings"]} == ITEM_IDS
    assert data["grade"] in {"优秀", "良好", "合格", "不合格"}
    printed = capsys.readouterr().out
    assert "评分" in printed or "得分" in printed


def test_review_matches_sample_truth_case_number(tmp_path):
    sample = SAMPLES[0]
    truth = json.loads(sample.with_name(sample.stem + ".truth.json").read_text(encoding="utf-8"))
    out = tmp_path / "r.json"
    cli.main(["review", str(sample), "--json", str(out), "--quiet"])
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["case"]["case_no"] == truth["case"]["case_no"]
    assert data["case"]["case_kind"] == truth["case"]["case_kind"]


@pytest.mark.parametrize("name,content,reason", [
    ("notes.pdf", b"this is a text file, not a PDF\n", "PDF"),
    ("empty.pdf", b"", ""),
    ("truncated.pdf", None, ""),
])
def test_bad_input_gives_one_line_error_and_nonzero_exit(tmp_path, capsys, name, content, reason):
    bad = tmp_path / name
    if content is None:
        content = SAMPLES[0].read_bytes()[:2000]
    bad.write_bytes(content)
    assert cli.main(["review", str(bad)]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and name in err[0]
    assert reason in err[0]


@pytest.mark.slow
def test_directory_run_goes_on_after_bad_file(tmp_path, capsys):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a_broken.pdf").write_bytes(b"%PDF-1.4\n garbage")
    shutil.copy(SAMPLES[0], folder / "b_good.pdf")
    outdir = tmp_path / "json"
    db = tmp_path / "r.db"
    code = cli.main(["review", str(folder), "--json", str(outdir), "--db", f"sqlite:///{db}", "--quiet"])
    assert code != 0  # one file failed
    assert (outdir / "b_good.json").exists()
    assert not (outdir / "a_broken.json").exists()
    assert "a_broken.pdf" in capsys.readouterr().err

    from store.results import ResultStore
    rows = ResultStore(f"sqlite:///{db}").all()
    assert sorted((r.file_name, r.status) for r in rows) == [("a_broken.pdf", "failed"), ("b_good.pdf", "reviewed")]


def test_missing_path_is_reported(tmp_path, capsys):
    assert cli.main(["review", str(tmp_path / "nope.pdf")]) == 2
    assert "nope.pdf" in capsys.readouterr().err
