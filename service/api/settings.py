"""Limits and defaults of the review API in one place (the CLI flags of `juanping serve` map onto these)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from service.time_budget import DEFAULT_TIME_BUDGET

DEFAULT_DB_URL = "sqlite:///juanping.db"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_UPLOAD_MB = 200
LIST_LIMIT = 100  # most jobs returned by one GET /v1/jobs
DASK_CONNECT_TIMEOUT = 10.0  # seconds `juanping serve --dask` waits for the scheduler at start


def default_data_dir() -> Path:
    return Path(os.environ.get("JUANPING_DATA_DIR") or "data")


@dataclass
class ApiSettings:
    """Everything the app, the workers and the job table need to know."""

    db_url: str = DEFAULT_DB_URL
    data_dir: Path = field(default_factory=default_data_dir)  # uploads go to data_dir/api_uploads
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_MB * 1024 * 1024
    workers: int = 2                         # local review processes (0 = none: another server reviews)
    dask: str | None = None                  # a Dask scheduler address instead of local processes
    time_budget: float | None = DEFAULT_TIME_BUDGET  # seconds per file (service.time_budget.time_limit)
    kill_grace: float = 15.0                 # a worker past budget + grace is killed and replaced
    lease_seconds: float = 60.0              # a running job without heartbeat this long is re-queued
    max_attempts: int = 3                    # claims of one job before it fails (its worker kept dying)
    poll_seconds: float = 0.5                # idle workers look for queued jobs this often

    @property
    def upload_dir(self) -> Path:
        return Path(self.data_dir) / "api_uploads"

    @property
    def heartbeat_seconds(self) -> float:
        return max(0.2, self.lease_seconds / 4)
