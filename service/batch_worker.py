"""The per-file work of a batch, as it runs in a worker process (or on a Dask worker): set up
the worker once, then review one file and return a plain dict that never raises.

Kept free of heavy imports at module level: worker processes import this module first.
"""
from __future__ import annotations

import json
import os
import time
import traceback
from pathlib import Path

from ingest.hashing import batch_sha256
from service.batch_outcomes import FAILED, NOT_A_DOSSIER, REVIEWED, error_line
from service.time_budget import OutOfTime, time_limit


def init_worker(counter=None, workers: int = 0, slot: int | None = None) -> None:
    """Worker initializer: one BLAS thread per worker, the worker pinned to its share of the
    cores (so N workers' OCR threads do not oversubscribe them), model loaded once. The slot
    is given, or drawn from a shared counter."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # a pending one is now ignored
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    if (counter is not None or slot is not None) and workers > 1 and hasattr(os, "sched_setaffinity"):
        try:
            cores = sorted(os.sched_getaffinity(0))
            if slot is None:
                with counter.get_lock():
                    slot = counter.value
                    counter.value += 1
            if len(cores) >= workers:
                share = len(cores) // workers
                start = (slot % workers) * share
                os.sched_setaffinity(0, set(cores[start:start + share]))
        except (OSError, ValueError):
            pass
    try:
        from models import default_classifier

        default_classifier()
    except Exception:  # noqa: BLE001 - review_one reports a missing model per file
        pass


def json_safe(contract: dict) -> dict:
    """The contract as it will be written: JSON types only, valid UTF-8 (a lone surrogate that
    escaped ingest.pages.textnorm becomes '?'), so writing and storing it cannot fail on encoding."""
    raw = json.dumps(contract, ensure_ascii=False).encode("utf-8", "replace").decode("utf-8")
    return json.loads(raw)


def review_one(path: str, password: str | None = None, sha256: str | None = None,
               summary: bool = True, time_budget: float | None = None, sha: str | None = None) -> dict:
    """Review one file; never raises. Returns a dict of FileOutcome fields.

    ``sha`` is an alias of ``sha256`` (service.workers passes it by keyword)."""
    from models import model_version

    started = time.perf_counter()
    out = {"path": str(path), "sha256": sha256 or sha or batch_sha256(path), "model_version": model_version()}
    try:
        from review.report import review_to_json, summary_text
        from service.review_file import is_edossier, review_edossier, review_file

        # a folder or .zip is one e-dossier (a case's per-document files), else a bound PDF
        reviewer = review_edossier if is_edossier(path) else review_file
        with time_limit(time_budget, path):
            review = reviewer(Path(path), password=password)
            contract = json_safe(review_to_json(review))
            if review.verdict == NOT_A_DOSSIER:
                contract.setdefault("verdict", NOT_A_DOSSIER)
                reason = review.verdict_reason.replace("\n", " ")
                out.update(status=FAILED, contract=contract, verdict=NOT_A_DOSSIER,
                           error=f"{Path(path).name}: {reason}")
            else:
                out.update(status=REVIEWED, contract=contract,
                           summary=summary_text(review) if summary else None)
    except (Exception, OutOfTime) as exc:  # noqa: BLE001 - one bad file never stops a batch
        from ingest.errors import DossierError, TimeBudgetError

        if isinstance(exc, OutOfTime):  # the alarm rang while the limit was being lifted
            exc = TimeBudgetError(path, time_budget or 0)
        out.update(status=FAILED, error=error_line(exc, path))

        if not isinstance(exc, DossierError):
            out["traceback"] = traceback.format_exc(limit=8)
    out["elapsed"] = time.perf_counter() - started
    return out
