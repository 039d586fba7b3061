"""What a batch reports per file and overall: the outcome of each file (reviewed, failed,
skipped as already reviewed, duplicate of another file) and its one-line error."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# statuses of FileOutcome
REVIEWED, FAILED, SKIPPED, DUPLICATE = "reviewed", "failed", "skipped", "duplicate"
NOT_A_DOSSIER = "not_a_dossier"  # FileOutcome.verdict of a failed file that has a contract


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


def outcome_of(d: dict) -> FileOutcome:
    """A worker's result dict (service.batch_worker.review_one) as a FileOutcome."""
    return FileOutcome(path=d["path"], sha256=d["sha256"], status=d["status"], contract=d.get("contract"),
                       summary=d.get("summary"), error=d.get("error"), elapsed=d.get("elapsed", 0.0),
                       model_version=d.get("model_version"), verdict=d.get("verdict"))


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


def failed_outcome(o: FileOutcome, reason: str, reason_zh: str, exc: BaseException) -> FileOutcome:
    """``o`` turned into a failure: its result could not be written or stored."""
    detail = f"{type(exc).__name__}: {exc}".replace("\n", " ")[:300]
    o.status, o.summary = FAILED, None
    o.error = f"{Path(o.path).name}: {reason} ({detail}) / {reason_zh}"
    return o
