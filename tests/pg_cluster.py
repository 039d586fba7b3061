"""A throw-away PostgreSQL cluster for the `postgres` tests (Debian's postgresql binaries).

Started once per test session in a temporary folder, listening on a free local TCP port on
127.0.0.1 (trust authentication, no password); as root the server runs as the `postgres` user. `JUANPING_TEST_PG_URL` points the
tests at an existing server instead.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path



def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    hits = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return hits[-1] if hits else None


class Cluster:
    """``start()`` -> base URL or raises RuntimeError with the reason; ``new_database()`` -> URL."""

    def __init__(self) -> None:
        self.dir: Path | None = None
        self.base: str | None = os.environ.get("JUANPING_TEST_PG_URL")
        self._as: list[str] = []

    def start(self) -> str:
        if self.base:
            return self.base
        initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
        if not initdb or not pg_ctl:
            raise RuntimeError("PostgreSQL binaries (initdb, pg_ctl) not found: apt install postgresql")
        self.dir = Path(tempfile.mkdtemp(prefix="juanping-pg-"))
        if os.geteuid() == 0:  # initdb refuses to run as root
            if not shutil.which("runuser"):
                raise RuntimeError("running as root without runuser: cannot start PostgreSQL as 'postgres'")
            shutil.chown(self.dir, "postgres")
            self._as = ["runuser", "-u", "postgres", "--"]
        data = self.dir / "data"
        self._run([initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8"])
        port = free_port()
        self._run([pg_ctl, "-D", str(data), "-l", str(self.dir / "log"), "-w", "start",
                   "-o", f"-p {port} -k {self.dir} -c listen_addresses=127.0.0.1"])
        self.base = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        return self.base

    def new_database(self) -> str:
        """A fresh, empty database on the cluster (migrations run from empty)."""
        from sqlalchemy import create_engine, text

        name = "t_" + uuid.uuid4().hex[:12]
        eng = create_engine(self.start(), isolation_level="AUTOCOMMIT")
        with eng.connect() as c:
            c.execute(text(f"CREATE DATABASE {name}"))
        eng.dispose()
        head, sep, query = self.base.partition("?")
        return f"{head.rsplit('/', 1)[0]}/{name}{sep}{query}"

    def server_version(self) -> str:
        """``PostgreSQL 15.x ...`` as the server reports it."""
        from sqlalchemy import create_engine, text

        eng = create_engine(self.start())
        try:
            with eng.connect() as c:
                return " ".join(c.execute(text("SELECT version()")).scalar().split()[:2])
        finally:
            eng.dispose()

    def stop(self) -> None:
        if self.dir is not None and _bin("pg_ctl"):
            subprocess.run(self._as + [_bin("pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "stop"],
                           capture_output=True, timeout=60)
            shutil.rmtree(self.dir, ignore_errors=True)

    def _run(self, cmd: list[str]) -> None:
        res = subprocess.run(self._as + cmd, capture_output=True, text=True, timeout=120)
        if res.returncode != 0:
            raise RuntimeError(f"{Path(cmd[0]).name} failed: {(res.stderr or res.stdout).strip()[-300:]}")
