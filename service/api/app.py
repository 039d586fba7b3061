"""The FastAPI app of `juanping serve`: submit a dossier, poll its job, fetch the contract.

``create_app(settings)`` builds the app on a migrated database; its lifespan starts the job
runner (service.api.worker) unless ``run_jobs=False``. ``serve(settings, host, port)`` runs it
under uvicorn. Every error is a JSON ``{"detail": "中文 / english"}`` with a specific status.
"""
from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import datetime, timezone
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool

from service.api import auth, jobs
from service.api.settings import LIST_LIMIT, ApiSettings
from service.api.uploads import UploadError, receive_upload
from store import make_engine
from store.orm import ReviewJob

DESCRIPTION = """法律援助案卷评查接口。各法律援助中心或办案系统提交结案案卷（PDF 或电子卷宗 zip），
获得任务编号，轮询任务状态，取回评查结果（输出契约 JSON，第 2 版）。

Review API for closed legal-aid dossiers: submit a PDF (or an e-dossier zip), get a job id,
poll its status, fetch the contract JSON.

- 认证 / auth: `Authorization: Bearer <token>`，令牌由 `juanping tokens create 中心名称` 生成；
  每个中心只能看到本中心的任务 / each center sees only its own jobs.
- 幂等 / idempotent: 同一中心重复提交相同内容（SHA-256 相同）返回同一任务 / the same bytes return the same job.
"""
TAGS = [{"name": "任务 / jobs", "description": "提交案卷、查询状态、取回评查结果 / submit, poll, fetch"},
        {"name": "服务 / service", "description": "健康检查 / health"}]
JOBS_TAG, SERVICE_TAG = TAGS[0]["name"], TAGS[1]["name"]
UPLOAD_BODY = {"requestBody": {"required": True, "content": {
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary", "description": "案卷 PDF 或电子卷宗 zip / the dossier"}}}},
    "application/pdf": {"schema": {"type": "string", "format": "binary"}}}}}
NOT_FOUND = "没有这个任务，或不属于本中心 / no such job for this center"


class JobOut(BaseModel):
    """一个评查任务 / one review job."""

    id: int = Field(description="任务编号 / job id")
    status: str = Field(description="queued 排队 | running 评查中 | done 完成 | failed 无法评查")
    file_name: str = Field(description="提交的文件名 / the uploaded file name")
    sha256: str = Field(description="文件内容的 SHA-256 / content hash (idempotency key)")
    kind: str = Field(description="pdf | edossier")
    size_bytes: int = Field(description="文件大小（字节）/ size in bytes")
    verdict: str | None = Field(None, description="无法评查的原因类别 / why it failed: not_a_dossier | unreadable | "
                                                  "internal_error | interrupted")
    error: str | None = Field(None, description="无法评查的原因（中文 / English）/ the reason")
    score: float | None = Field(None, description="得分 / score")
    grade: str | None = Field(None, description="等次 / grade")
    model_version: str | None = Field(None, description="模型版本 / model version")
    attempts: int = Field(description="已领取次数 / times claimed by a worker")
    created_at: str | None = None
    started_at: str | None = None
    finished_at: str | None = None
    contract_url: str = Field(description="评查结果地址 / where to fetch the contract")


class SubmitOut(JobOut):
    duplicate: bool = Field(description="true：相同内容已提交过，返回原任务 / these bytes were submitted before")


class JobList(BaseModel):
    jobs: list[JobOut]
    counts: dict[str, int] = Field(description="本页各状态数量 / jobs per status on this page")


class Health(BaseModel):
    status: str
    queue: dict[str, int] = Field(description="各状态任务数 / jobs per status, all centers")


def _iso(t: datetime | None) -> str | None:
    if t is None:
        return None
    return (t if t.tzinfo else t.replace(tzinfo=timezone.utc)).isoformat()


def job_out(job: ReviewJob, cls: type[JobOut] = JobOut, **extra) -> JobOut:
    return cls(id=job.id, status=job.status, file_name=job.file_name, sha256=job.sha256, kind=job.kind,
               size_bytes=job.size_bytes, verdict=job.verdict, error=job.error, score=job.score, grade=job.grade,
               model_version=job.model_version, attempts=job.attempts, created_at=_iso(job.created_at),
               started_at=_iso(job.started_at), finished_at=_iso(job.finished_at),
               contract_url=f"/v1/jobs/{job.id}/contract", **extra)


_bearer = HTTPBearer(auto_error=False, description="中心令牌 / center token (`juanping tokens create`)")


def principal(request: Request,
              cred: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> auth.Principal:
    """The calling center, or 401."""
    who = auth.authenticate(request.app.state.engine, cred.credentials if cred else None)
    if who is None:
        raise HTTPException(401, "缺少或无效的访问令牌 / missing or invalid token (Authorization: Bearer ...)",
                            headers={"WWW-Authenticate": "Bearer"})
    return who


Caller = Annotated[auth.Principal, Depends(principal)]


def _offline_docs(app: FastAPI) -> None:
    """/docs served with Swagger UI's files from the swagger-ui-bundle package, not from a CDN:
    a center's server often has no internet access."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.staticfiles import StaticFiles
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/docs-static", StaticFiles(directory=swagger_ui_path), name="docs-static")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url, title=f"{app.title} · 接口文档",
                                   swagger_js_url="/docs-static/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-static/swagger-ui.css",
                                   swagger_favicon_url="/docs-static/favicon-32x32.png")


def create_app(settings: ApiSettings | None = None, *, db_url: str | None = None, run_jobs: bool = True) -> FastAPI:
    """The API on ``settings.db_url`` (migrated now); the lifespan starts and stops the job runner."""
    from service.api.worker import start_workers

    settings = settings or ApiSettings(**({"db_url": db_url} if db_url else {}))
    engine = make_engine(settings.db_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        runner = start_workers(settings, engine) if run_jobs else None
        try:
            yield
        finally:
            if runner is not None:
                runner.stop()
            engine.dispose()

    app = FastAPI(title="卷评 评查接口 / Juanping review API", description=DESCRIPTION, version="1",
                  openapi_tags=TAGS, lifespan=lifespan, docs_url=None)
    app.state.settings, app.state.engine = settings, engine
    _offline_docs(app)
    _error_handlers(app)
    _submit_route(app, settings, engine)
    _job_routes(app, engine)
    _health_route(app, engine)
    return app


def _error_handlers(app: FastAPI) -> None:
    """A refused upload and a database that is down answer as JSON with their own status."""

    @app.exception_handler(UploadError)
    async def _upload_error(request: Request, exc: UploadError) -> JSONResponse:
        return JSONResponse({"detail": exc.message}, status_code=exc.status, headers={"Connection": "close"})

    @app.exception_handler(OperationalError)
    async def _db_down(request: Request, exc: OperationalError) -> JSONResponse:
        return JSONResponse({"detail": "数据库暂时不可用，请稍后重试 / the database is unavailable, retry later"},
                            status_code=503, headers={"Retry-After": "5"})


def _submit_route(app: FastAPI, settings: ApiSettings, engine: Engine) -> None:
    """POST /v1/jobs: an upload becomes a job (the same bytes from the same center: the same job)."""

    @app.post("/v1/jobs", tags=[JOBS_TAG], response_model=SubmitOut, status_code=201,
              summary="提交案卷 / submit a dossier", openapi_extra=UPLOAD_BODY,
              responses={200: {"model": SubmitOut, "description": "相同内容已提交过 / existing job"},
                         401: {"description": "令牌无效 / bad token"}, 413: {"description": "文件过大 / too large"},
                         415: {"description": "不支持的文件类型 / unsupported type"},
                         422: {"description": "空文件或表单错误 / empty file or bad form"}})
    async def submit(request: Request, who: Caller) -> JSONResponse:
        """上传一份案卷（multipart 字段 `file`，或 `application/pdf` 正文加 `?filename=`），返回任务。
        Upload a dossier (multipart field `file`, or a raw body with `?filename=`); returns its job."""
        up = await receive_upload(request, settings.upload_dir, settings.max_upload_bytes)
        job, created = await run_in_threadpool(
            jobs.submit, engine, center_id=who.center_id, sha256=up.sha256, file_name=up.file_name,
            file_path=str(up.path.resolve()), kind=up.kind, size_bytes=up.size, token_id=who.token_id)
        body = job_out(job, SubmitOut, duplicate=not created)
        return JSONResponse(body.model_dump(), status_code=201 if created else 200,
                            headers={"Location": f"/v1/jobs/{job.id}"})


def _job_routes(app: FastAPI, engine: Engine) -> None:
    """The calling center's jobs: listed, one job's status, a finished job's contract."""

    @app.get("/v1/jobs", tags=[JOBS_TAG], response_model=JobList, summary="本中心的任务 / this center's jobs")
    def list_jobs(who: Caller, status: Annotated[str | None, Query(description="按状态筛选 / filter", pattern=
                  "^(queued|running|done|failed)$")] = None,
                  limit: Annotated[int, Query(ge=1, le=LIST_LIMIT)] = LIST_LIMIT,
                  offset: Annotated[int, Query(ge=0)] = 0) -> JobList:
        """最新的在前 / newest first."""
        rows = jobs.list_jobs(engine, who.center_id, status=status, limit=limit, offset=offset)
        counts = {s: sum(r.status == s for r in rows) for s in jobs.STATUSES}
        return JobList(jobs=[job_out(r) for r in rows], counts=counts)

    @app.get("/v1/jobs/{job_id}", tags=[JOBS_TAG], response_model=JobOut, summary="任务状态 / job status",
             responses={404: {"description": NOT_FOUND}})
    def job_status(job_id: int, who: Caller) -> JobOut:
        job = jobs.get(engine, job_id, who.center_id)
        if job is None:
            raise HTTPException(404, NOT_FOUND)
        return job_out(job)

    @app.get("/v1/jobs/{job_id}/contract", tags=[JOBS_TAG], summary="评查结果 / the contract JSON",
             responses={200: {"description": "输出契约 JSON（第 2 版）/ the contract, version 2"},
                        404: {"description": NOT_FOUND},
                        409: {"description": "任务尚未完成或无法评查 / not finished, or failed without a contract"}})
    def contract(job_id: int, who: Caller) -> JSONResponse:
        """完成的任务返回评查结果；不是法律援助案卷的文件也有结果（verdict: not_a_dossier，无得分）。
        A done job's contract; a file that is not a legal-aid dossier has one too (no score)."""
        job = jobs.get(engine, job_id, who.center_id)
        if job is None:
            raise HTTPException(404, NOT_FOUND)
        if job.contract is None:
            if job.status in (jobs.QUEUED, jobs.RUNNING):
                raise HTTPException(409, f"任务尚未完成（{job.status}）/ the job is not finished yet ({job.status})")
            raise HTTPException(409, f"该文件无法评查，没有评查结果 / the file could not be reviewed: {job.error}")
        return JSONResponse(job.contract)


def _health_route(app: FastAPI, engine: Engine) -> None:
    @app.get("/v1/health", tags=[SERVICE_TAG], response_model=Health, summary="健康检查 / health")
    def health() -> Health:
        return Health(status="ok", queue=jobs.counts(engine))


def serve(settings: ApiSettings, host: str, port: int, log_level: str = "info") -> None:
    """Run the API under uvicorn until stopped (Ctrl-C / SIGTERM stop the workers too)."""
    import uvicorn

    uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level)
