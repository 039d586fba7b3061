"""Whole-file errors for dossiers that cannot be read at all.

Per-page problems never raise (they become page flags / ProcessingError);
these exceptions are for files a reviewer must re-scan or re-export, so each
carries an English and a Chinese reason for the report.
"""
from __future__ import annotations

from pathlib import Path


class DossierError(Exception):
    """A dossier file that cannot be processed; str() is one line 'FILE: reason'."""

    default_reason = "cannot read the dossier"
    default_reason_zh = "无法读取案卷文件"

    def __init__(self, path: str | Path, reason: str | None = None, reason_zh: str | None = None):
        self.path = Path(path)
        self.reason = reason or self.default_reason
        self.reason_zh = reason_zh or self.default_reason_zh
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.path.name}: {self.reason}".replace("\n", " ")


class NotPdfError(DossierError):
    """The content is not a PDF (checked by the bytes, not the file name)."""

    default_reason = "not a PDF file (content does not start with %PDF)"
    default_reason_zh = "文件不是PDF格式"


class CorruptPdfError(DossierError):
    """Starts like a PDF but the structure is broken or truncated."""

    default_reason = "PDF is damaged or truncated"
    default_reason_zh = "PDF文件已损坏或不完整"


class EncryptedPdfError(DossierError):
    """Password protected; a wrong or missing password gives the same error."""

    default_reason = "PDF is encrypted and no valid password was given"
    default_reason_zh = "PDF文件已加密，未提供正确密码"

    def __init__(self, path: str | Path, reason: str | None = None, reason_zh: str | None = None,
                 password: str | None = None):
        self.password_given = password is not None
        if reason is None and password is not None:
            reason = "PDF is encrypted and the given password is wrong"
            reason_zh = reason_zh or "PDF文件已加密，提供的密码不正确"
        super().__init__(path, reason, reason_zh)


class EmptyPdfError(DossierError):
    """Zero bytes or zero pages: nothing to review."""

    default_reason = "PDF is empty (no pages)"
    default_reason_zh = "PDF文件为空（没有页面）"


class TimeBudgetError(DossierError):
    """The review of one file ran past its time budget and was stopped."""

    def __init__(self, path: str | Path, seconds: float):
        self.seconds = seconds
        super().__init__(path, f"review stopped after {seconds:g} s, the time budget per file "
                               f"(--time-budget SECONDS)",
                         f"评查超过单份时限{seconds:g}秒，已停止（可用 --time-budget 调整）")
