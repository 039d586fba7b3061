"""The review API over real HTTP (uvicorn on 127.0.0.1 in a thread, one review worker process):
auth, per-center isolation, size limit, refused types, status and contract endpoints, docs."""
from __future__ import annotations

import io
import os
import signal
import time
import zipfile

import httpx
import pytest

import cli
from api_helpers import SAMPLES, ThreadServer, variant, wait_jobs
from service.api import auth, jobs
from service.api.app import create_app
from service.api.runner import edossier_supported
from service.api.settings import ApiSettings
from store import make_engine

LIMIT = 400 * 1024  # bytes: the samples (120-210 KB) fit, a 1 MB body does not


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    """(base url, token of center A, token of center B, settings)."""
    d = tmp_path_factory.mktemp("api")
    settings = ApiSettings(db_url=f"sqlite:///{d / 'api.db'}", data_dir=d / "data", workers=1,
                           max_upload_bytes=LIMIT, poll_seconds=0.2, time_budget=120)
    engine = make_engine(settings.db_url)
    tok_a, _ = auth.create_token(engine, "苏州市法律援助中心")
    tok_b, _ = auth.create_token(engine, "南通市法律援助中心")
    with ThreadServer(create_app(settings)) as srv:
        yield srv.base, tok_a, tok_b, settings


def _client(base: str, token: str | None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=base, headers=headers, timeout=30)


def _post(c: httpx.Client, name: str, data: bytes, ctype: str = "application/pdf") -> httpx.Response:
    return c.post("/v1/jobs", files={"file": (name, data, ctype)})


def test_missing_or_wrong_token_is_401(api):
    base, *_ = api
    for token in (None, "jp_wrong"):
        with _client(base, token) as c:
            for r in (c.get("/v1/jobs"), c.get("/v1/jobs/1"), _post(c, "a.pdf", SAMPLES[0].read_bytes())):
                assert r.status_code == 401 and "令牌" in r.json()["detail"] and "token" in r.json()["detail"]
                assert r.headers["www-authenticate"] == "Bearer"


def test_submit_poll_and_fetch_contract(api):
    base, tok_a, *_ = api
    with _client(base, tok_a) as c:
        r = _post(c, "01_criminal_defense.pdf", SAMPLES[0].read_bytes())
        assert r.status_code == 201, r.text
        job = r.json()
        assert job["status"] in ("queued", "running") and not job["duplicate"]
        assert r.headers["location"] == f"/v1/jobs/{job['id']}"
        again = _post(c, "renamed.pdf", SAMPLES[0].read_bytes())  # same bytes, another name
        assert again.status_code == 200 and again.json()["id"] == job["id"] and again.json()["duplicate"]
        final = wait_jobs(c, base, [job["id"]], timeout=60)[job["id"]]
        assert final["status"] == "done" and final["score"] is not None and final["attempts"] == 1
        contract = c.get(f"/v1/jobs/{job['id']}/contract")
        assert contract.status_code == 200
        body = contract.json()
        assert body["contract_version"] == 2 and body["file"] == "01_criminal_defense.pdf"
        assert body["score"] == final["score"] and body["grade"] == final["grade"]
        listed = c.get("/v1/jobs").json()
        assert job["id"] in [j["id"] for j in listed["jobs"]]
    # the console sees it too: batch 接口提交 of the submitting center, under the name it was sent with
    from service.api.jobs import API_BATCH
    from store import repo

    def published():
        return [d for d in repo.dossiers(make_engine(api[3].db_url), batch=API_BATCH) if d.sha256 == final_sha(api, job)]

    deadline = time.monotonic() + 10  # copied right after the job is finished
    while not published() and time.monotonic() < deadline:
        time.sleep(0.1)
    (row,) = published()
    assert row.file_name == "01_criminal_defense.pdf" and row.model_score == final["score"]
    assert row.center.name == "苏州市法律援助中心"


def final_sha(api, job: dict) -> str:
    from service.api import jobs

    return jobs.get(make_engine(api[3].db_url), job["id"]).sha256


def test_raw_pdf_body_is_accepted(api):
    base, tok_a, *_ = api
    with _client(base, tok_a) as c:
        r = c.post("/v1/jobs", params={"filename": "../../evil/03_civil.pdf"}, content=SAMPLES[2].read_bytes(),
                   headers={"Content-Type": "application/pdf"})
        assert r.status_code == 201 and r.json()["file_name"] == "03_civil.pdf"


def test_a_center_sees_only_its_own_jobs(api):
    base, tok_a, tok_b, _ = api
    with _client(base, tok_a) as a, _client(base, tok_b) as b:
        job = _post(a, "02.pdf", SAMPLES[1].read_bytes()).json()
        assert b.get(f"/v1/jobs/{job['id']}").status_code == 404
        assert b.get(f"/v1/jobs/{job['id']}/contract").status_code == 404
        assert job["id"] not in [j["id"] for j in b.get("/v1/jobs").json()["jobs"]]
        own = _post(b, "02.pdf", SAMPLES[1].read_bytes())  # the same bytes from center B: B's own job
        assert own.status_code == 201 and own.json()["id"] != job["id"]


def test_too_large_is_413_and_nothing_is_kept(api):
    base, tok_a, _, settings = api
    big = b"%PDF-1.4\n" + b"0" * (LIMIT + 1)
    huge = big * 3  # refused on its Content-Length, before it is read
    form = (b"--xx\r\nContent-Disposition: form-data; name=\"file\"; filename=\"h.pdf\"\r\n"
            b"Content-Type: application/pdf\r\n\r\n" + huge + b"\r\n--xx--\r\n")
    with _client(base, tok_a) as c:
        for r in (_post(c, "big.pdf", big), _post(c, "huge.pdf", huge),
                  # a chunked form: stopped by the byte count of the body while it is parsed
                  c.post("/v1/jobs", content=iter([form[i:i + 65536] for i in range(0, len(form), 65536)]),
                         headers={"Content-Type": "multipart/form-data; boundary=xx"}),
                  c.post("/v1/jobs", content=big, headers={"Content-Type": "application/pdf"}),
                  # no Content-Length: chunked, the limit is found while streaming
                  c.post("/v1/jobs", content=iter([big[i:i + 65536] for i in range(0, len(big), 65536)]),
                         headers={"Content-Type": "application/pdf"})):
            assert r.status_code == 413, r.text
            assert "大小上限" in r.json()["detail"] and "size limit" in r.json()["detail"]
    assert not list(settings.upload_dir.glob(".upload-*"))  # partial uploads are removed


def test_refused_types_and_empty_files(api):
    base, tok_a, *_ = api
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w") as z:
        z.writestr("readme.txt", "not a dossier")
    with _client(base, tok_a) as c:
        r = _post(c, "notes.docx", b"PK-ish? no: plain text\n", "text/plain")
        assert r.status_code == 415 and "PDF" in r.json()["detail"]
        r = _post(c, "empty.pdf", b"")
        assert r.status_code == 422 and "为空" in r.json()["detail"]
        r = c.post("/v1/jobs", data={"name": "x"}, files={"other": ("a.pdf", b"%PDF-1.4", "application/pdf")})
        assert r.status_code == 422 and "file" in r.json()["detail"]
        r = c.post("/v1/jobs", content=b"hello", headers={"Content-Type": "text/plain"})
        assert r.status_code == 415
        if not edossier_supported():
            r = _post(c, "case.zip", zbuf.getvalue(), "application/zip")
            assert r.status_code == 415
            assert "电子卷宗" in r.json()["detail"] and "e-dossier" in r.json()["detail"]


@pytest.mark.skipif(not edossier_supported(), reason="service.review_file.review_edossier not installed")
def test_edossier_zips_are_reviewed_or_fail_with_a_reason(api):
    base, tok_a, *_ = api
    junk, case = io.BytesIO(), io.BytesIO()
    with zipfile.ZipFile(junk, "w") as z:
        z.writestr("readme.txt", "not a dossier")
    with zipfile.ZipFile(case, "w") as z:
        z.writestr("01_卷宗.pdf", SAMPLES[3].read_bytes())
    with _client(base, tok_a) as c:
        bad = _post(c, "junk.zip", junk.getvalue(), "application/zip").json()
        good = _post(c, "case.zip", case.getvalue(), "application/zip").json()
        assert bad["kind"] == good["kind"] == "edossier"
        final = wait_jobs(c, base, [bad["id"], good["id"]], timeout=90)
        assert final[bad["id"]]["status"] == "failed" and final[bad["id"]]["error"].startswith("junk.zip: ")
        assert final[good["id"]]["status"] == "done", final[good["id"]]["error"]
        assert c.get(f"/v1/jobs/{good['id']}/contract").json()["file"] == "case.zip"


def test_unreviewable_pdf_is_a_failed_job_with_a_reason(api):
    base, tok_a, *_ = api
    with _client(base, tok_a) as c:
        r = _post(c, "broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage without xref\n")
        assert r.status_code == 201
        job_id = r.json()["id"]
        final = wait_jobs(c, base, [job_id], timeout=60)[job_id]
        assert final["status"] == "failed" and final["verdict"] == "unreadable"
        assert final["error"].startswith("broken.pdf: ") and "PDF" in final["error"]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in final["error"])  # the Chinese part
        r = c.get(f"/v1/jobs/{job_id}/contract")
        assert r.status_code == 409 and "无法评查" in r.json()["detail"]
        assert c.get("/v1/jobs", params={"status": "failed"}).json()["counts"]["failed"] >= 1
        assert c.get("/v1/jobs", params={"status": "bogus"}).status_code == 422
        assert c.get("/v1/jobs/999999").status_code == 404


@pytest.mark.slow
def test_a_worker_that_dies_mid_review_is_replaced_and_its_job_rerun(api, tmp_path):
    base, tok_a, _, settings = api
    engine = make_engine(settings.db_url)
    with _client(base, tok_a) as c:
        ids = [_post(c, f"crash{i}.pdf", variant(SAMPLES[4], tmp_path / f"c{i}.pdf", 500 + i).read_bytes()).json()["id"]
               for i in range(4)]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            running = [j for j in jobs.list_jobs(engine, jobs.get(engine, ids[0]).center_id, status="running")]
            if running:
                break
            time.sleep(0.02)
        os.kill(int(running[0].worker.rsplit(":", 1)[1]), signal.SIGKILL)
        final = wait_jobs(c, base, ids, timeout=90)
    assert all(final[i]["status"] == "done" for i in ids)
    assert any(final[i]["attempts"] == 2 for i in ids)


def test_docs_and_openapi_are_served_in_chinese(api):
    base, *_ = api
    page = httpx.get(f"{base}/docs").text
    assert "swagger" in page.lower() and "cdn" not in page.lower()  # served offline, from this server
    assert httpx.get(f"{base}/docs-static/swagger-ui-bundle.js").status_code == 200
    spec = httpx.get(f"{base}/openapi.json").json()
    assert spec["info"]["title"].startswith("卷评") and "法律援助" in spec["info"]["description"]
    post = spec["paths"]["/v1/jobs"]["post"]
    assert post["summary"] == "提交案卷 / submit a dossier"
    assert "multipart/form-data" in post["requestBody"]["content"]
    assert "HTTPBearer" in spec["components"]["securitySchemes"]


def test_tokens_cli_prints_the_token_once(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 't.db'}"
    assert cli.main(["tokens", "--db", db, "create", "常州市法律援助中心", "--label", "办案系统"]) == 0
    out, err = capsys.readouterr()
    token = out.strip()
    assert token.startswith("jp_") and "只显示这一次" in err
    engine = make_engine(db)
    assert auth.authenticate(engine, token).center_name == "常州市法律援助中心"
    assert cli.main(["tokens", "--db", db, "list"]) == 0
    listing = capsys.readouterr().out
    assert "常州市法律援助中心" in listing and token not in listing
    assert cli.main(["tokens", "--db", db, "revoke", "1"]) == 0
    assert auth.authenticate(engine, token) is None
    assert cli.main(["tokens", "--db", db, "revoke", "1"]) == 1


def test_serve_refuses_a_bad_database_or_dask_address(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("service.api.settings.DASK_CONNECT_TIMEOUT", 1.0)
    assert cli.main(["serve", "--db", "nosuchdb://x", "--data-dir", str(tmp_path)]) == 2
    assert "无法打开数据库" in capsys.readouterr().err
    db = f"sqlite:///{tmp_path / 's.db'}"
    assert cli.main(["serve", "--db", db, "--dask", "tcp://127.0.0.1:9", "--data-dir", str(tmp_path)]) == 2
    assert "无法连接 Dask" in capsys.readouterr().err
