"""Receive an upload: stream it to disk under the size limit, hash it, recognise its type.

The body is read chunk by chunk (a multipart form through Starlette's parser, which spools
files to disk, or a raw ``application/pdf`` / ``application/zip`` body) and counted as it
arrives: past the limit the request stops with 413, so no more than the limit (and never the
whole file) is held in memory. Stored files are named by content (``<sha256>.pdf``), so a
duplicate upload costs no extra disk.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from starlette.datastructures import UploadFile
from starlette.requests import Request

from service.api.jobs import EDOSSIER, PDF
from service.api.runner import NO_EDOSSIER, edossier_supported

MULTIPART_SLACK = 64 * 1024           # form boundaries and headers on top of the file itself
CHUNK = 1 << 20
RAW_TYPES = ("application/pdf", "application/zip", "application/x-zip-compressed", "application/octet-stream")
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
SUFFIX = {PDF: ".pdf", EDOSSIER: ".zip"}


class UploadError(Exception):
    """A request the API refuses: HTTP status and a 中文 / english message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def too_large(limit: int) -> UploadError:
    mb = limit / (1024 * 1024)
    return UploadError(413, f"文件超过大小上限 {mb:g} MB / the file exceeds the size limit of {mb:g} MB "
                            f"({limit} bytes)")


@dataclass(frozen=True)
class StoredUpload:
    path: Path
    sha256: str
    size: int
    file_name: str
    kind: str


class _Sink:
    """A temp file in the upload folder that hashes and counts what is written, up to ``limit``."""

    def __init__(self, folder: Path, limit: int):
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=folder, prefix=".upload-", suffix=".part")
        self.fh, self.path = os.fdopen(fd, "wb"), Path(name)
        self.sha, self.size, self.limit, self.head = hashlib.sha256(), 0, limit, b""

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limit:
            raise too_large(self.limit)
        if len(self.head) < 1024:
            self.head += chunk[:1024 - len(self.head)]
        self.sha.update(chunk)
        self.fh.write(chunk)

    def discard(self) -> None:
        self.fh.close()
        self.path.unlink(missing_ok=True)


def safe_name(name: str | None, default: str = "upload.pdf") -> str:
    """The client's file name without folders or control characters, at most 200 characters."""
    name = re.sub(r"[\x00-\x1f\x7f]", "", (name or "").replace("\\", "/").rsplit("/", 1)[-1]).strip()
    return name[-200:] or default


def _limited(receive, limit: int):
    """An ASGI receive that stops the request once the body passes ``limit`` bytes."""
    seen = 0

    async def wrapped():
        nonlocal seen
        message = await receive()
        if message.get("type") == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise too_large(limit - MULTIPART_SLACK)
        return message

    return wrapped


async def receive_upload(request: Request, folder: Path, limit: int) -> StoredUpload:
    """Store the request's file under ``folder``; UploadError (413/415/422) for a refused one."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + MULTIPART_SLACK:
        raise too_large(limit)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    sink = _Sink(folder, limit)
    try:
        if ctype == "multipart/form-data":
            name = await _from_form(request, sink, limit)
        elif ctype in RAW_TYPES:
            name = request.query_params.get("filename")
            async for chunk in request.stream():
                sink.write(chunk)
        else:
            raise UploadError(415, f"请以 multipart/form-data（字段 file）或 application/pdf 上传 / send the file as "
                                   f"multipart/form-data (field 'file') or a raw application/pdf body, not '{ctype}'")
        sink.fh.close()
        return _keep(sink, safe_name(name), folder)
    except BaseException:
        sink.discard()
        raise


async def _from_form(request: Request, sink: _Sink, limit: int) -> str | None:
    limited = Request(request.scope, receive=_limited(request.receive, limit + MULTIPART_SLACK))
    try:
        form = await limited.form(max_files=1, max_fields=10)
    except UploadError:
        raise
    except Exception as exc:  # noqa: BLE001 - a malformed form is the client's error
        raise UploadError(422, f"无法解析上传的表单 / cannot parse the multipart form ({exc})") from exc
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise UploadError(422, "表单中缺少文件字段 file / the form has no file field named 'file'")
        while chunk := await upload.read(CHUNK):
            sink.write(chunk)
        return upload.filename
    finally:
        await form.close()


def _kind(sink: _Sink) -> str:
    from ingest.pages.pdf import looks_like_pdf

    if sink.size == 0:
        raise UploadError(422, "上传的文件为空 / the uploaded file is empty")
    if sink.head.startswith(ZIP_MAGIC):  # first: a stored PDF member shows %PDF- in a zip's first bytes
        if not edossier_supported():
            raise UploadError(415, NO_EDOSSIER)
        return EDOSSIER  # a zip that holds no case becomes a failed job with the reason
    if looks_like_pdf(sink.head):
        return PDF
    raise UploadError(415, "文件不是 PDF 案卷或电子卷宗 zip / the file is neither a PDF dossier nor an "
                           "e-dossier zip")


def _keep(sink: _Sink, name: str, folder: Path) -> StoredUpload:
    kind = _kind(sink)
    sha = sink.sha.hexdigest()
    dest = folder / f"{sha}{SUFFIX[kind]}"
    os.replace(sink.path, dest)  # same bytes under the same name: replacing is harmless
    if name == "upload.pdf" and kind == EDOSSIER:
        name = "upload.zip"
    return StoredUpload(dest, sha, sink.size, name, kind)
