"""The same batch on a Dask distributed cluster (LocalCluster on loopback, 2 worker processes)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

import cli  # noqa: E402
from service.batch import find_pdfs, run_batch  # noqa: E402
from store.results import ResultStore  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as c:
        yield c


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    from eval.corpus import generate_corpus

    d = tmp_path_factory.mktemp("dask_in")
    paths = generate_corpus(d / "gen", n=3, seed=77)
    for p in paths:
        shutil.copy(p, d / p.name)
    shutil.copy(paths[0], d / "dup.pdf")
    (d / "bad.pdf").write_bytes(b"%PDF-1.4\n not really")
    shutil.rmtree(d / "gen")
    return d


@pytest.mark.slow
def test_run_batch_on_dask_client(cluster, folder, tmp_path):
    from distributed import Client

    db = f"sqlite:///{tmp_path / 'd.db'}"
    with Client(cluster) as client:
        report = run_batch(find_pdfs(folder), store=ResultStore(db), dask=client, progress=False)
        assert report.reviewed == 3 and report.failed == 1 and report.duplicates == 1
        rows = ResultStore(db).all()
        assert len(rows) == 4 and sum(r.status == "reviewed" for r in rows) == 3
        assert all(r.model_version for r in rows)
        again = run_batch(find_pdfs(folder), store=ResultStore(db), dask=client, progress=False)
        assert again.skipped == 3 and again.reviewed == 0 and len(ResultStore(db).all()) == 4


@pytest.mark.slow
def test_cli_dask_address(cluster, folder, tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'c.db'}"
    code = cli.main(["review", str(folder), "--db", db, "--dask", cluster.scheduler_address, "--quiet",
                     "--json", str(tmp_path / "j")])
    assert code == 1
    cap = capsys.readouterr()
    assert "成功 3 份" in cap.out and any(line.startswith("bad.pdf: ") for line in cap.err.splitlines())
    assert len(list((tmp_path / "j").glob("*.json"))) == 3
    assert len(ResultStore(db).all()) == 4
