"""Where a batch's files are reviewed: in this process, on a local pool of worker processes
(service.workers), or on a Dask distributed cluster. Each yields result dicts as files finish;
a file whose worker was lost becomes that file's failure."""
from __future__ import annotations

from pathlib import Path

from service.batch_outcomes import FAILED, error_line
from service.batch_worker import review_one


def run_inline(todo, password, summary, budget):
    for path, sha in todo:
        yield review_one(str(path), password, sha, summary, budget)


def lost_result(path: str, sha: str, kind: str, budget: float | None = None) -> dict:
    """The result of a file whose worker died ('crashed') or was killed ('timeout')."""
    name = Path(path).name
    if kind == "timeout":
        from ingest.errors import TimeBudgetError

        error = error_line(TimeBudgetError(path, budget or 0))
    else:
        error = (f"{name}: the review process crashed on this file (out of memory or a PDF engine fault) "
                 f"/ 评查进程在处理该文件时崩溃")
    return {"path": str(path), "sha256": sha, "status": FAILED, "error": error}


def run_pool(todo, password, summary, workers: int, budget: float | None):
    """Local worker processes, one file each at a time (service.workers.BudgetPool): a file past
    its budget is stopped (its worker killed and replaced if it does not stop itself), and a
    worker that dies fails only the file it had."""
    from functools import partial

    from service.workers import BudgetPool

    pool = BudgetPool(workers, review_one, (password, None, summary, budget), budget=budget,
                      on_failure=partial(lost_result, budget=budget))
    yield from pool.run(todo)


def dask_client(dask):
    """A Dask client for an address (ours to close: True) or the one given (False)."""
    from distributed import Client

    if isinstance(dask, Client):
        return dask, False
    return Client(dask, timeout="30s"), True


def run_dask(todo, password, summary, dask, budget):
    """The same per-file work on a Dask distributed cluster; results come back as they finish.

    Dask runs tasks in worker threads, where no alarm can stop them: the budget is passed on
    (it applies where the task runs in a main thread) but a hung file holds its Dask thread."""
    from distributed import as_completed

    client, own = dask_client(dask)
    try:
        paths = [str(p) for p, _ in todo]
        shas = [sha for _, sha in todo]
        futures = client.map(review_one, paths, [password] * len(paths), shas, [summary] * len(paths),
                             [budget] * len(paths), pure=False, key=[f"juanping-review-{sha[:16]}-{i}" for i, sha in enumerate(shas)])
        where = {f.key: (p, s) for f, p, s in zip(futures, paths, shas)}
        for fut in as_completed(futures):
            try:
                yield fut.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker (KilledWorker) fails this file only
                path, sha = where[fut.key]
                yield {"path": path, "sha256": sha, "status": FAILED,
                       "error": f"{Path(path).name}: Dask worker failed ({type(exc).__name__}: {exc}) "
                                f"/ 分布式评查节点出错".replace("\n", " ")}
            finally:
                fut.release()
    finally:
        if own:
            client.close()


def results_of(todo, password, summary, workers: int, dask, budget):
    """The executor for this batch: Dask when given, else this process for one file or one
    worker, else a local pool."""
    if dask is not None:
        return run_dask(todo, password, summary, dask, budget)
    if workers <= 1 or len(todo) <= 1:
        return run_inline(todo, password, summary, budget)
    return run_pool(todo, password, summary, workers, budget)
