"""`juanping serve --dask ADDRESS`: jobs claimed by the server run on a Dask cluster (LocalCluster on loopback)."""
from __future__ import annotations

import httpx
import pytest

from api_helpers import SAMPLES, ThreadServer, wait_jobs
from service.api import auth
from service.api.app import create_app
from service.api.settings import ApiSettings
from store import make_engine

pytest.importorskip("distributed")


@pytest.mark.slow
def test_jobs_run_on_dask(tmp_path):
    from distributed import LocalCluster

    settings = ApiSettings(db_url=f"sqlite:///{tmp_path / 'd.db'}", data_dir=tmp_path / "data", poll_seconds=0.2)
    token, _ = auth.create_token(make_engine(settings.db_url), "连云港市法律援助中心")
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None,
                      host="127.0.0.1") as cluster:
        settings.dask = cluster.scheduler_address
        with ThreadServer(create_app(settings)) as srv, \
                httpx.Client(base_url=srv.base, headers={"Authorization": f"Bearer {token}"}, timeout=30) as c:
            ids = [c.post("/v1/jobs", files={"file": (p.name, p.read_bytes(), "application/pdf")}).json()["id"]
                   for p in SAMPLES[:2]]
            ids.append(c.post("/v1/jobs", files={"file": ("bad.pdf", b"%PDF-1.4\nbroken", "application/pdf")})
                       .json()["id"])
            final = wait_jobs(c, srv.base, ids, timeout=90)
            assert [final[i]["status"] for i in ids] == ["done", "done", "failed"]
            assert final[ids[2]]["error"].startswith("bad.pdf: ")
            assert c.get(f"/v1/jobs/{ids[0]}/contract").json()["file"] == SAMPLES[0].name
            assert all(final[i]["attempts"] == 1 for i in ids)
