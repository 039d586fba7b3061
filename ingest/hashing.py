"""SHA-256 of dossier files: the one place that says what identifies a file or a case.

Stored rows (``dossiers.sha256``), batch resume keys and duplicate detection all compare these
digests, so each variant below must keep producing exactly the digest it produces today.

- ``bytes_sha256``: bytes already in memory (an upload).
- ``file_sha256``: a file's bytes; raises OSError when it cannot be read.
- ``case_sha256``: a case as a batch sees it: a folder (an e-dossier's per-document files) by
  its files' names and contents, anything else (a PDF, an e-dossier zip) by its bytes.
- what an unreadable path hashes to differs on purpose between the two callers that need a
  digest for every path: the store keys a row by the digest of the path string
  (``path_sha256``), a batch by the digest of ``"unreadable:" + path`` (``batch_sha256``).
"""
from __future__ import annotations

import hashlib
from pathlib import Path

CHUNK = 1 << 20  # bytes read at a time: a large PDF is never held in memory whole

__all__ = ["batch_sha256", "bytes_sha256", "case_sha256", "file_sha256", "folder_sha256", "path_sha256"]


def bytes_sha256(data: bytes) -> str:
    """Hex digest of bytes in memory."""
    return hashlib.sha256(data).hexdigest()


def _update_from_file(h: "hashlib._Hash", path: Path | str) -> None:
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            h.update(chunk)


def file_sha256(path: Path | str) -> str:
    """Content hash that identifies a dossier file across renames and re-runs (OSError if unreadable)."""
    h = hashlib.sha256()
    _update_from_file(h, path)
    return h.hexdigest()


def folder_sha256(folder: Path | str) -> str:
    """A case folder's file names (relative, '/'-separated) and contents, in name order, so a
    re-run of a batch recognises a case already reviewed whatever the folder is called."""
    p = Path(folder)
    h = hashlib.sha256()
    for f in sorted((f for f in p.rglob("*") if f.is_file()), key=lambda f: f.relative_to(p).as_posix()):
        h.update(f.relative_to(p).as_posix().encode("utf-8", "replace") + b"\0")
        _update_from_file(h, f)
        h.update(b"\0")
    return h.hexdigest()


def case_sha256(path: Path | str) -> str:
    """Content hash of a case: a folder's file names and contents, else the file's (a zip's) bytes."""
    return folder_sha256(path) if Path(path).is_dir() else file_sha256(path)


def path_sha256(path: Path | str) -> str:
    """A stored dossier's key: the file's bytes; the path string's when the file cannot be read
    (a failed or missing file still gets one row)."""
    try:
        return file_sha256(path)
    except OSError:
        return bytes_sha256(str(path).encode())


def batch_sha256(path: Path | str) -> str:
    """A batch item's key: a case folder's names and contents (case_sha256), a file's bytes, or,
    for a file that cannot be read, ``"unreadable:" + path`` (it fails on review, with its reason)."""
    if Path(path).is_dir():
        return folder_sha256(path)
    try:
        return file_sha256(path)
    except OSError:
        return bytes_sha256(("unreadable:" + str(path)).encode())
