"""Batch review at provincial scale: every PDF under a folder, in parallel, resumable.

Items may also be e-dossiers (a case folder or .zip of per-document files, ingest.edossier):
they are hashed by content and reviewed with service.review_file.review_edossier.

- ``find_pdfs(target)`` the files (``*.pdf`` by name; content is checked when reviewed).
- ``review_one(path, password)`` the per-file work (runs in a worker process or on a Dask
  worker): never raises, returns a plain dict (picklable, JSON-safe, no Review objects). A
  file that is not a legal-aid dossier (review.verdict) is a failure with its reason; its
  contract (``"verdict": "not_a_dossier"``, no score) is still written and stored.
- a per-file time budget (``time_budget`` seconds, default 300): the file's own alarm stops
  it with a clear message; in the process pool a worker that does not return is killed and
  replaced (service.workers). On Dask only the alarm-free path exists (see run_batch).
- ``run_batch(files, store=..., workers=..., dask=...)`` hashes every file, skips those
  already reviewed with the same model version (SHA-256 + model_version in the store),
  reviews duplicates (same hash) once, runs the rest on a local process pool (default) or a
  Dask distributed cluster, and writes each result to the database in the submitting
  process as soon as it finishes (one transaction per dossier; the store upserts on a
  unique key, so a killed and re-run batch loses nothing and duplicates nothing).

Kept free of heavy imports at module level: worker processes import this module first.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["BatchReport", "FileOutcome", "error_line", "find_pdfs", "review_one", "run_batch", "time_limit"]

# statuses of FileOutcome
REVIEWED, FAILED, SKIPPED, DUPLICATE = "reviewed", "failed", "skipped", "duplicate"
NOT_A_DOSSIER = "not_a_dossier"  # FileOutcome.verdict of a failed file that has a contract
DEFAULT_TIME_BUDGET = 300.0  # seconds per file (`juanping review --time-budget`)


@dataclass
class FileOutcome:
    path: str
    sha256: str
    status: str                      # reviewed | failed | skipped | duplicate
    contract: dict | None = None
    summary: str | None = None
    error: str | None = None         # one line: 'name.pdf: reason / 原因'
    elapsed: float = 0.0
    duplicate_of: str | None = None
    model_version: str | None = None
    verdict: str | None = None       # 'not_a_dossier' for a readable file that is not a dossier


@dataclass
class BatchReport:
    outcomes: list[FileOutcome] = field(default_factory=list)
    elapsed: float = 0.0
    interrupted: bool = False

    def of(self, status: str) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def reviewed(self) -> int:
        return len(self.of(REVIEWED))

    @property
    def failed(self) -> int:
        return len(self.of(FAILED))

    @property
    def skipped(self) -> int:
        return len(self.of(SKIPPED))

    @property
    def duplicates(self) -> int:
        return len(self.of(DUPLICATE))

    @property
    def not_dossiers(self) -> int:
        return sum(o.verdict == NOT_A_DOSSIER for o in self.outcomes)

    def summary_line(self) -> str:
        other = f"（其中非法律援助案卷 {self.not_dossiers} 份）" if self.not_dossiers else ""
        return (f"共 {len(self.outcomes)} 份案卷：成功 {self.reviewed} 份，无法评查 {self.failed} 份{other}，"
                f"已评查跳过 {self.skipped} 份，重复文件 {self.duplicates} 份（用时 {self.elapsed:.1f} 秒）")

    def to_json(self) -> dict:
        return {"elapsed_s": round(self.elapsed, 3), "interrupted": self.interrupted,
                "counts": {s: len(self.of(s)) for s in (REVIEWED, FAILED, SKIPPED, DUPLICATE)}
                | {NOT_A_DOSSIER: self.not_dossiers},
                "files": [{"path": o.path, "sha256": o.sha256, "status": o.status, "error": o.error,
                           "verdict": o.verdict, "duplicate_of": o.duplicate_of, "elapsed_s": round(o.elapsed, 3)}
                          for o in self.outcomes]}


# ------------------------------------------------------------------ files
def find_pdfs(target: Path | str) -> list[Path]:
    """Every ``*.pdf`` (any case) under a folder, sorted; a file is returned as is."""
    target = Path(target)
    if target.is_dir():
        return sorted(p for p in target.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
    return [target]


def sha256_of(path: Path | str) -> str:
    if Path(path).is_dir():  # an e-dossier folder: its files' names and contents
        from ingest.edossier import case_sha256

        return case_sha256(path)
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return hashlib.sha256(("unreadable:" + str(path)).encode()).hexdigest()
    return h.hexdigest()


def error_line(exc: BaseException, path: Path | str | None = None) -> str:
    """One line naming the file and the reason, English and Chinese when known."""
    from ingest.errors import DossierError

    if isinstance(exc, DossierError):
        line = str(exc)
        if exc.reason_zh and exc.reason_zh not in line:
            line += f" / {exc.reason_zh}"
    else:
        name = Path(path).name if path is not None else "?"
        detail = str(exc).replace("\n", " ").strip()
        line = f"{name}: internal error while reviewing ({type(exc).__name__}: {detail}) / 评查时发生内部错误"
    return line.replace("\n", " ").replace("\r", " ")


# ------------------------------------------------------------------ per-file work
def _init_worker(counter=None, workers: int = 0, slot: int | None = None) -> None:
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


class _OutOfTime(BaseException):
    """Raised by the alarm: a BaseException, so the per-page ``except Exception`` of the
    pipeline and the engine cannot swallow it."""


class time_limit:
    """Context manager: stop the work in this thread after ``seconds`` with TimeBudgetError.

    Only in the main thread of a process with SIGALRM (a pool worker, the CLI); elsewhere (a
    Dask or console thread) it does nothing. Python code and C calls that return (a page's
    OCR, a page's text) are stopped; a C call that never returns is the pool's to kill. The
    alarm repeats every second until the block is left, in case a bare ``except`` ate one."""

    def __init__(self, seconds: float | None, path: Path | str):
        import signal
        import threading

        self.seconds, self.path = seconds, path
        self.active = bool(seconds) and hasattr(signal, "setitimer") and \
            threading.current_thread() is threading.main_thread()

    def _raise(self, signum, frame):
        raise _OutOfTime()

    def __enter__(self):
        import signal

        if self.active:
            self._old = signal.signal(signal.SIGALRM, self._raise)
            signal.setitimer(signal.ITIMER_REAL, self.seconds, 1.0)
        return self

    def __exit__(self, exc_type, exc, tb):
        import signal

        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._old)
        if exc_type is _OutOfTime:
            from ingest.errors import TimeBudgetError

            raise TimeBudgetError(self.path, self.seconds) from None
        return False


def json_safe(contract: dict) -> dict:
    """The contract as it will be written: JSON types only, valid UTF-8 (a lone surrogate that
    escaped ingest.textnorm becomes '?'), so writing and storing it cannot fail on encoding."""
    raw = json.dumps(contract, ensure_ascii=False).encode("utf-8", "replace").decode("utf-8")
    return json.loads(raw)


def review_one(path: str, password: str | None = None, sha256: str | None = None,
               summary: bool = True, time_budget: float | None = None, sha: str | None = None) -> dict:
    """Review one file; never raises. Returns a dict of FileOutcome fields.

    ``sha`` is an alias of ``sha256`` (service.workers passes it by keyword)."""
    from models import model_version

    started = time.perf_counter()
    out = {"path": str(path), "sha256": sha256 or sha or sha256_of(path), "model_version": model_version()}
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
    except (Exception, _OutOfTime) as exc:  # noqa: BLE001 - one bad file never stops a batch
        from ingest.errors import DossierError, TimeBudgetError

        if isinstance(exc, _OutOfTime):  # the alarm rang while the limit was being lifted
            exc = TimeBudgetError(path, time_budget or 0)
        out.update(status=FAILED, error=error_line(exc, path))

        if not isinstance(exc, DossierError):
            out["traceback"] = traceback.format_exc(limit=8)
    out["elapsed"] = time.perf_counter() - started
    return out


def _outcome(d: dict) -> FileOutcome:
    return FileOutcome(path=d["path"], sha256=d["sha256"], status=d["status"], contract=d.get("contract"),
                       summary=d.get("summary"), error=d.get("error"), elapsed=d.get("elapsed", 0.0),
                       model_version=d.get("model_version"), verdict=d.get("verdict"))


# ------------------------------------------------------------------ executors
def _run_inline(todo, password, summary, budget):
    for path, sha in todo:
        yield review_one(str(path), password, sha, summary, budget)


def _lost(path: str, sha: str, kind: str, budget: float | None = None) -> dict:
    """The result of a file whose worker died ('crashed') or was killed ('timeout')."""
    name = Path(path).name
    if kind == "timeout":
        from ingest.errors import TimeBudgetError

        error = error_line(TimeBudgetError(path, budget or 0))
    else:
        error = (f"{name}: the review process crashed on this file (out of memory or a PDF engine fault) "
                 f"/ 评查进程在处理该文件时崩溃")
    return {"path": str(path), "sha256": sha, "status": FAILED, "error": error}


class _NoSigint:
    """Block SIGINT while worker processes are spawned: they inherit the blocked mask (so a
    Ctrl-C during their start-up cannot print a traceback) until _init_worker ignores it. In
    the parent a Ctrl-C that arrives meanwhile stays pending and is delivered on exit.

    Also hides ``__main__`` from the spawned children: under Streamlit (and AppTest)
    ``__main__`` is a page script, possibly a deleted temp file, that a spawn child would try
    to re-run; the workers only need service.batch, which they import by name."""

    def __enter__(self):
        import signal
        import types

        self._old = None
        if hasattr(signal, "pthread_sigmask"):
            self._old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        self._main = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        return self

    def __exit__(self, *exc):
        import signal

        if self._main is not None:
            sys.modules["__main__"] = self._main
        if self._old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, self._old)


def _run_pool(todo, password, summary, workers: int, budget: float | None):
    """Local worker processes, one file each at a time (service.workers.BudgetPool): a file past
    its budget is stopped (its worker killed and replaced if it does not stop itself), and a
    worker that dies fails only the file it had."""
    from functools import partial

    from service.workers import BudgetPool

    pool = BudgetPool(workers, review_one, (password, None, summary, budget), budget=budget,
                      on_failure=partial(_lost, budget=budget))
    yield from pool.run(todo)


def _dask_client(dask):
    from distributed import Client

    if isinstance(dask, Client):
        return dask, False
    return Client(dask, timeout="30s"), True


def _run_dask(todo, password, summary, dask, budget):
    """The same per-file work on a Dask distributed cluster; results come back as they finish.

    Dask runs tasks in worker threads, where no alarm can stop them: the budget is passed on
    (it applies where the task runs in a main thread) but a hung file holds its Dask thread."""
    from distributed import as_completed

    client, own = _dask_client(dask)
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


# ------------------------------------------------------------------ the batch
def _progress(total: int, enabled: bool | None):
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                               TimeRemainingColumn)

    console = Console(stderr=True)
    if enabled is None:
        enabled = console.is_terminal
    return Progress(TextColumn("评查"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    TimeRemainingColumn(), TextColumn("{task.description}"), console=console,
                    disable=not enabled, transient=False)


def _failed(o: FileOutcome, reason: str, reason_zh: str, exc: BaseException) -> FileOutcome:
    """``o`` turned into a failure: its result could not be written or stored."""
    detail = f"{type(exc).__name__}: {exc}".replace("\n", " ")[:300]
    o.status, o.summary = FAILED, None
    o.error = f"{Path(o.path).name}: {reason} ({detail}) / {reason_zh}"
    return o


def _json_dest(json_out: Path, path: Path, root: Path | None, single: bool) -> Path:
    if single:
        return json_out
    try:
        rel = path.resolve().relative_to(root.resolve()) if root else Path(path.name)
    except ValueError:
        rel = Path(path.name)
    return json_out / rel.with_suffix(".json")


def run_batch(files: Iterable[Path | str], *, store=None, workers: int | None = None,
              password: str | None = None, dask=None, json_out: Path | str | None = None,
              root: Path | str | None = None, summaries: bool = False, rereview: bool = False,
              progress: bool | None = None, time_budget: float | None = DEFAULT_TIME_BUDGET,
              on_outcome: Callable[[FileOutcome], None] | None = None) -> BatchReport:
    """Review many files; each finished result is written to ``store`` at once.

    workers: local processes (default os.cpu_count(); 1 = in this process).
    dask: a scheduler address ('tcp://host:8786') or a distributed.Client; then the work
    runs on the cluster and ``workers`` is ignored.
    json_out: folder for one contract JSON per file (the folder layout under ``root`` kept);
    for a single file and no ``root``, the JSON file itself.
    rereview: review again even when the store has a result for the same model version.
    time_budget: seconds per file (None or 0: no limit); see time_limit and service.workers.
    on_outcome: called in this process for every outcome (printing, tests).
    A failure to write a file's JSON or to store it becomes that file's error; the batch goes on.
    KeyboardInterrupt stops the batch; everything already written stays, and a re-run
    picks up the rest (report.interrupted is set and the exception re-raised).
    """
    from models import model_version

    started = time.perf_counter()
    files = [Path(f) for f in files]
    report = BatchReport()
    single = root is None and len(files) == 1  # json_out is then the JSON file itself
    json_dir = Path(json_out) if json_out else None
    root_dir = Path(root) if root else None
    version = model_version()
    done_before = store.reviewed(version) if (store is not None and not rereview) else {}

    def write_json(o: FileOutcome) -> FileOutcome:
        if not (json_dir and o.contract is not None and o.status != DUPLICATE):
            return o
        try:
            dest = _json_dest(json_dir, Path(o.path), root_dir, single)
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_name(dest.name + ".tmp")
            tmp.write_text(json.dumps(o.contract, ensure_ascii=False, indent=2), encoding="utf-8")
            os.replace(tmp, dest)
        except Exception as exc:  # noqa: BLE001 - this file's error, not the batch's
            return _failed(o, "cannot write the result JSON", "无法写入评查结果JSON文件", exc)
        return o

    def save(o: FileOutcome) -> FileOutcome:
        if store is None:
            return o
        try:
            if o.status == REVIEWED:
                store.save_contract(Path(o.path), o.contract, sha256=o.sha256,
                                    model_version=o.model_version or version)
            else:
                store.record_failure(Path(o.path), o.error or "failed", sha256=o.sha256,
                                     model_version=o.model_version or version, contract=o.contract)
        except Exception as exc:  # noqa: BLE001
            return _failed(o, "cannot store the result in the database", "无法将评查结果写入数据库", exc)
        return o

    def emit(o: FileOutcome) -> None:
        report.outcomes.append(o)
        if on_outcome:
            try:
                on_outcome(o)
            except Exception as exc:  # noqa: BLE001 - reporting one file must not stop the rest
                print(error_line(exc, o.path), file=sys.stderr)

    # hash, skip already reviewed, collapse duplicates
    todo: list[tuple[Path, str]] = []
    first_of: dict[str, Path] = {}
    dups: list[FileOutcome] = []
    for path in files:
        sha = sha256_of(path)
        if sha in first_of:
            dups.append(FileOutcome(str(path), sha, DUPLICATE, duplicate_of=str(first_of[sha])))
            continue
        first_of[sha] = path
        if sha in done_before:
            emit(write_json(FileOutcome(str(path), sha, SKIPPED, contract=done_before[sha], model_version=version)))
            continue
        todo.append((path, sha))
    for d in dups:
        emit(d)

    workers = workers or os.cpu_count() or 1
    budget = time_budget or None
    if dask is not None:
        results = _run_dask(todo, password, summaries, dask, budget)
    elif workers <= 1 or len(todo) <= 1:
        results = _run_inline(todo, password, summaries, budget)
    else:
        results = _run_pool(todo, password, summaries, workers, budget)

    bar = _progress(len(todo), progress)
    try:
        with bar:
            task = bar.add_task("", total=len(todo))
            for res in results:
                o = write_json(_outcome(res))
                was = o.status
                o = save(o)
                if was == REVIEWED and o.status == FAILED and store is not None:
                    try:  # the row must not say reviewed when the result could not be kept
                        store.record_failure(Path(o.path), o.error, sha256=o.sha256,
                                             model_version=o.model_version or version)
                    except Exception:  # noqa: BLE001 - the database is gone: the error line says so
                        pass
                emit(o)
                bar.update(task, advance=1, description=Path(o.path).name)
    except KeyboardInterrupt:
        report.interrupted = True
        close = getattr(results, "close", None)
        if close:
            try:
                close()
            except Exception:  # noqa: BLE001
                pass
        raise
    finally:
        report.elapsed = time.perf_counter() - started
    return report
