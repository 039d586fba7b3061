"""A per-file time budget: the file's own alarm stops its review with a clear message."""
from __future__ import annotations

from pathlib import Path

DEFAULT_TIME_BUDGET = 300.0  # seconds per file (`juanping review --time-budget`)


class OutOfTime(BaseException):
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
        raise OutOfTime()

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
        if exc_type is OutOfTime:
            from ingest.errors import TimeBudgetError

            raise TimeBudgetError(self.path, self.seconds) from None
        return False
