"""Batch review at provincial scale: every PDF under a folder, in parallel, resumable.

Items may also be e-dossiers (a case folder or .zip of per-document files, ingest.edossier.assemble):
they are hashed by content (ingest.hashing.batch_sha256) and reviewed with
service.review_file.review_edossier.

- ``find_pdfs(target)`` the files (``*.pdf`` by name; content is checked when reviewed).
- ``review_one(path, password)`` (service.batch_worker) the per-file work (runs in a worker
  process or on a Dask worker): never raises, returns a plain dict (picklable, JSON-safe, no
  Review objects). A file that is not a legal-aid dossier (review.verdict) is a failure with
  its reason; its contract (``"verdict": "not_a_dossier"``, no score) is still written and stored.
- a per-file time budget (``time_budget`` seconds, default 300): the file's own alarm stops
  it with a clear message (service.time_budget); in the process pool a worker that does not
  return is killed and replaced (service.workers). On Dask only the alarm-free path exists
  (see run_batch and service.batch_executors).
- ``run_batch(files, store=..., workers=..., dask=...)`` hashes every file, skips those
  already reviewed with the same model version (SHA-256 + model_version in the store),
  reviews duplicates (same hash) once, runs the rest on a local process pool (default) or a
  Dask distributed cluster, and writes each result to the database in the submitting
  process as soon as it finishes (one transaction per dossier; the store upserts on a
  unique key, so a killed and re-run batch loses nothing and duplicates nothing).

Kept free of heavy imports at module level: worker processes import the service modules first.
"""
from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ingest.hashing import batch_sha256
from service.batch_executors import results_of
from service.batch_outcomes import (DUPLICATE, FAILED, REVIEWED, SKIPPED, BatchReport, FileOutcome, error_line,
                                    failed_outcome, outcome_of)
from service.time_budget import DEFAULT_TIME_BUDGET

__all__ = ["DEFAULT_TIME_BUDGET", "DUPLICATE", "FAILED", "REVIEWED", "SKIPPED", "BatchReport", "FileOutcome",
           "find_pdfs", "run_batch"]


def find_pdfs(target: Path | str) -> list[Path]:
    """Every ``*.pdf`` (any case) under a folder, sorted; a file is returned as is."""
    target = Path(target)
    if target.is_dir():
        return sorted(p for p in target.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
    return [target]


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


def _json_dest(json_out: Path, path: Path, root: Path | None, single: bool) -> Path:
    if single:
        return json_out
    try:
        rel = path.resolve().relative_to(root.resolve()) if root else Path(path.name)
    except ValueError:
        rel = Path(path.name)
    return json_out / rel.with_suffix(".json")


@dataclass
class _Delivery:
    """Where each outcome goes, in the submitting process: its contract JSON file, the store,
    the report and the caller's ``on_outcome``. A failure to write or store one file becomes
    that file's error; the batch goes on."""

    report: BatchReport
    store: object
    version: str
    json_dir: Path | None
    root_dir: Path | None
    single: bool  # json_dir is then the JSON file itself
    on_outcome: Callable[[FileOutcome], None] | None

    def write_json(self, o: FileOutcome) -> FileOutcome:
        if not (self.json_dir and o.contract is not None and o.status != DUPLICATE):
            return o
        try:
            dest = _json_dest(self.json_dir, Path(o.path), self.root_dir, self.single)
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_name(dest.name + ".tmp")
            tmp.write_text(json.dumps(o.contract, ensure_ascii=False, indent=2), encoding="utf-8")
            os.replace(tmp, dest)
        except Exception as exc:  # noqa: BLE001 - this file's error, not the batch's
            return failed_outcome(o, "cannot write the result JSON", "无法写入评查结果JSON文件", exc)
        return o

    def save(self, o: FileOutcome) -> FileOutcome:
        if self.store is None:
            return o
        try:
            if o.status == REVIEWED:
                self.store.save_contract(Path(o.path), o.contract, sha256=o.sha256,
                                         model_version=o.model_version or self.version)
            else:
                self.store.record_failure(Path(o.path), o.error or "failed", sha256=o.sha256,
                                          model_version=o.model_version or self.version, contract=o.contract)
        except Exception as exc:  # noqa: BLE001
            return failed_outcome(o, "cannot store the result in the database", "无法将评查结果写入数据库", exc)
        return o

    def emit(self, o: FileOutcome) -> None:
        self.report.outcomes.append(o)
        if self.on_outcome:
            try:
                self.on_outcome(o)
            except Exception as exc:  # noqa: BLE001 - reporting one file must not stop the rest
                print(error_line(exc, o.path), file=sys.stderr)

    def finish(self, result: dict) -> FileOutcome:
        """A reviewed file's result written, stored and reported."""
        o = self.write_json(outcome_of(result))
        was = o.status
        o = self.save(o)
        if was == REVIEWED and o.status == FAILED and self.store is not None:
            try:  # the row must not say reviewed when the result could not be kept
                self.store.record_failure(Path(o.path), o.error, sha256=o.sha256,
                                          model_version=o.model_version or self.version)
            except Exception:  # noqa: BLE001 - the database is gone: the error line says so
                pass
        self.emit(o)
        return o


def _to_review(files: list[Path], done_before: dict, out: _Delivery) -> list[tuple[Path, str]]:
    """Hash every file, report those already reviewed (skipped) and the repeats of an earlier
    file (duplicates); the (path, sha) pairs left to review."""
    todo: list[tuple[Path, str]] = []
    first_of: dict[str, Path] = {}
    dups: list[FileOutcome] = []
    for path in files:
        sha = batch_sha256(path)
        if sha in first_of:
            dups.append(FileOutcome(str(path), sha, DUPLICATE, duplicate_of=str(first_of[sha])))
            continue
        first_of[sha] = path
        if sha in done_before:
            out.emit(out.write_json(FileOutcome(str(path), sha, SKIPPED, contract=done_before[sha],
                                                model_version=out.version)))
            continue
        todo.append((path, sha))
    for d in dups:
        out.emit(d)
    return todo


def _close(results) -> None:
    """Stop an executor's generator (its workers or Dask client) after an interruption."""
    close = getattr(results, "close", None)
    if close:
        try:
            close()
        except Exception:  # noqa: BLE001
            pass


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
    version = model_version()
    out = _Delivery(report, store, version, Path(json_out) if json_out else None, Path(root) if root else None,
                    single=root is None and len(files) == 1, on_outcome=on_outcome)
    done_before = store.reviewed(version) if (store is not None and not rereview) else {}
    todo = _to_review(files, done_before, out)
    results = results_of(todo, password, summaries, workers or os.cpu_count() or 1, dask, time_budget or None)
    bar = _progress(len(todo), progress)
    try:
        with bar:
            task = bar.add_task("", total=len(todo))
            for res in results:
                o = out.finish(res)
                bar.update(task, advance=1, description=Path(o.path).name)
    except KeyboardInterrupt:
        report.interrupted = True
        _close(results)
        raise
    finally:
        report.elapsed = time.perf_counter() - started
    return report
