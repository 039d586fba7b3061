"""Helpers of the review API tests: free ports, a real uvicorn server in a thread or a subprocess."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples").glob("*.pdf"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(base: str, timeout: float = 60.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if httpx.get(f"{base}/v1/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{base} did not answer within {timeout} s")


class ThreadServer:
    """A real uvicorn server on 127.0.0.1 running an app object in a thread of the test process."""

    def __init__(self, app):
        import uvicorn

        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> ThreadServer:
        self.thread.start()
        wait_healthy(self.base)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(30)


def start_serve(db_url: str, data_dir: Path, port: int, log: Path, *extra: str) -> subprocess.Popen:
    """`juanping serve` in a subprocess (stdout/stderr to ``log``)."""
    cmd = [sys.executable, str(ROOT / "cli.py"), "serve", "--db", db_url, "--port", str(port),
           "--data-dir", str(data_dir), *extra]
    fh = open(log, "ab")
    return subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, cwd=ROOT, env=os.environ.copy())


def variant(src: Path, dest: Path, n: int) -> Path:
    """The same dossier with different bytes: a PDF comment appended after %%EOF."""
    dest.write_bytes(src.read_bytes() + f"\n%juanping-variant-{n}\n".encode())
    return dest


def wait_jobs(client: httpx.Client, base: str, ids: list[int], timeout: float,
              final: tuple[str, ...] = ("done", "failed")) -> dict[int, dict]:
    """Poll until every job is in a final state; the last status of each."""
    deadline = time.monotonic() + timeout
    last: dict[int, dict] = {}
    while time.monotonic() < deadline:
        for i in ids:
            if last.get(i, {}).get("status") not in final:
                last[i] = client.get(f"{base}/v1/jobs/{i}").json()
        if all(last[i]["status"] in final for i in ids):
            return last
        time.sleep(0.3)
    raise TimeoutError({i: v["status"] for i, v in last.items()})
