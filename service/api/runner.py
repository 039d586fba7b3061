"""Review the file of one job (in a worker process or on a Dask worker) and say how it ended.

Both kinds go through service.batch_worker.review_one (time budget, per-file errors as data), which
reviews a stored ``.zip`` as an e-dossier (service.review_file.review_edossier) when that code is
installed; whether it is is looked up lazily, so the API works without it (zips refused).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from service.api.jobs import DONE, EDOSSIER, FAILED

UNREADABLE, INTERNAL_ERROR = "unreadable", "internal_error"  # job verdicts of files without a contract
NO_EDOSSIER = ("此服务器尚不支持电子卷宗（zip）评查 / e-dossier zips cannot be reviewed by this server yet")


def edossier_supported() -> bool:
    """Whether service.review_file can review e-dossier zips (review_edossier / is_edossier installed)."""
    try:
        import service.review_file as service
    except ImportError:
        return False
    return callable(getattr(service, "review_edossier", None)) and callable(getattr(service, "is_edossier", None))


@dataclass(frozen=True)
class JobResult:
    """What jobs.finish records."""

    status: str                       # done | failed
    contract: dict | None = None
    error: str | None = None          # 'name: 中文 / english' for a failed job
    verdict: str | None = None        # not_a_dossier | unreadable | internal_error | None
    model_version: str | None = None

    def as_kwargs(self) -> dict:
        return dict(status=self.status, contract=self.contract, error=self.error, verdict=self.verdict,
                    model_version=self.model_version)


def run_review(path: str, kind: str, file_name: str, time_budget: float | None = None) -> JobResult:
    """Review one stored upload; never raises. The contract and messages name ``file_name``
    (what the center uploaded), not the content-addressed file on disk."""
    from service.batch_outcomes import REVIEWED
    from service.batch_worker import review_one

    stored = Path(path).name
    if kind == EDOSSIER and not edossier_supported():
        return JobResult(FAILED, error=f"{file_name}: {NO_EDOSSIER}", verdict=UNREADABLE)
    out = review_one(path, summary=False, time_budget=time_budget)  # a stored .zip is reviewed as an e-dossier
    contract = out.get("contract")
    if contract is not None:
        contract["file"] = file_name
    error = (out.get("error") or "").replace(stored, file_name) or None
    if out["status"] == REVIEWED:
        return JobResult(DONE, contract, None, None, out.get("model_version"))
    verdict = out.get("verdict") or (INTERNAL_ERROR if "traceback" in out else UNREADABLE)
    return JobResult(FAILED, contract, error, verdict, out.get("model_version"))
