"""A throw-away PostgreSQL cluster for the `postgres` tests (Debian's postgresql binaries).

Started once per test session in a temporary folder on a Unix socket (no TCP port, no
password); as root the server runs as the `postgres` user. `JUANPING_TEST_PG_URL` points the
tests at an existing server instead.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

PORT = "55433"


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
        self._run([pg_ctl, "-D", str(data), "-l", str(self.dir / "log"), "-w", "start",
                   "-o", f"-p {PORT} -k {self.dir} -c listen_addresses=''"])
        self.base = f"postgresql+psycopg://postgres@/postgres?host={self.dir}&port={PORT}"
        return self.base

    def new_database(self) -> str:
        """A fresh, empty database on the cluster (migrations run from empty)."""
        from sqlalchemy import create_engine, text

        name = "t_" + uuid.uuid4().hex[:12]
        eng = create_engine(self.start(), isolation_level="AUTOCOMMIT")
        with eng.connect() as c:
            c.execute(text(f"CREATE DATABASE {name}"))
        eng.dispose()
        head, _, query = self.base.partition("?")
        return f"{head.rsplit('/', 1)[0]}/{name}?{query}"

    def stop(self) -> None:
        if self.dir is not None and _bin("pg_ctl"):
            subprocess.run(self._as + [_bin("pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "stop"],
                           capture_output=True, timeout=60)
            shutil.rmtree(self.dir, ignore_errors=True)

    def _run(self, cmd: list[str]) -> None:
        res = subprocess.run(self._as + cmd, capture_output=True, text=True, timeout=120)
        if res.returncode != 0:
            raise RuntimeError(f"{Path(cmd[0]).name} failed: {(res.stderr or res.stdout).strip()[-300:]}")
