"""Console input hardening: upload size and content checks, server-side folder import
restricted to allowed roots (no path traversal), without Streamlit imports (testable).

- ``JUANPING_MAX_UPLOAD_MB`` per-file upload limit (default 200; Streamlit's own
  ``server.maxUploadSize`` in .streamlit/config.toml is set to the same value).
- ``JUANPING_IMPORT_ROOT`` folders (``os.pathsep``-separated) the server-side import may
  read from; default: the data dir ($JUANPING_DATA_DIR or ./data) and samples/.
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MAX_UPLOAD_MB = 200
MAX_FOLDER_FILES = 5000


class InputRejected(ValueError):
    """A user-supplied file or path the console refuses; str() is a Chinese message."""


def max_upload_mb() -> float:
    try:
        value = float(os.environ.get("JUANPING_MAX_UPLOAD_MB") or DEFAULT_MAX_UPLOAD_MB)
    except ValueError:
        value = DEFAULT_MAX_UPLOAD_MB
    return value if value > 0 else DEFAULT_MAX_UPLOAD_MB


def looks_like_pdf(head: bytes) -> bool:
    """The %PDF magic at the start (after a BOM/whitespace) or within the first 1 KiB."""
    head = head[:1024]
    return head.lstrip(b"\xef\xbb\xbf \t\r\n\x00").startswith(b"%PDF") or b"%PDF-" in head


def looks_like_zip(head: bytes) -> bool:
    """The zip magic: a local file header, or the end record of an empty archive."""
    return head.startswith((b"PK\x03\x04", b"PK\x05\x06"))


def check_upload(name: str, data: bytes) -> None:
    """Raise InputRejected unless ``data`` is a non-empty PDF (or, for a ``.zip`` name, a zip:
    an e-dossier of one case's files, whose members ingest.edossier.zipsafe checks) within the size limit."""
    shown = Path(name or "").name or "（未命名）"
    limit = max_upload_mb()
    if len(data) > limit * 2 ** 20:
        raise InputRejected(f"{shown}：文件过大（{len(data) / 2 ** 20:.1f} MB，上限 {limit:g} MB），未导入。")
    if not data:
        raise InputRejected(f"{shown}：文件为空（0 字节），未导入。")
    if shown.lower().endswith(".zip"):
        if not looks_like_zip(data[:4]):
            raise InputRejected(f"{shown}：文件内容不是 ZIP 压缩包，未导入。")
        return
    if not looks_like_pdf(data[:1024]):
        raise InputRejected(f"{shown}：文件内容不是 PDF（不以 %PDF 开头），未导入。")


def check_pdf_file(path: Path) -> None:
    """The same checks for a file on the server (size, emptiness, %PDF magic)."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise InputRejected(f"{path.name}：无法读取（{exc.strerror or exc}），未导入。") from exc
    limit = max_upload_mb()
    if size > limit * 2 ** 20:
        raise InputRejected(f"{path.name}：文件过大（{size / 2 ** 20:.1f} MB，上限 {limit:g} MB），未导入。")
    if not size:
        raise InputRejected(f"{path.name}：文件为空（0 字节），未导入。")
    if not looks_like_pdf(head):
        raise InputRejected(f"{path.name}：文件内容不是 PDF（不以 %PDF 开头），未导入。")


def import_roots() -> list[Path]:
    """Resolved folders the server-side import may read (JUANPING_IMPORT_ROOT or the defaults)."""
    env = os.environ.get("JUANPING_IMPORT_ROOT")
    if env:
        raw = [p for p in env.split(os.pathsep) if p.strip()]
    else:
        raw = [os.environ.get("JUANPING_DATA_DIR") or "data", str(ROOT / "samples")]
    return [Path(p).expanduser().resolve() for p in raw]


def _under(path: Path, roots: list[Path]) -> bool:
    return any(path == r or path.is_relative_to(r) for r in roots)


def resolve_import_folder(text: str) -> Path:
    """The resolved folder for a server-side import; InputRejected unless it is an existing
    folder under one of import_roots() (symlinks and '..' are resolved before the check)."""
    text = (text or "").strip()
    if not text:
        raise InputRejected("请填写服务器文件夹路径。")
    if "\x00" in text:
        raise InputRejected("文件夹路径无效。")
    roots = import_roots()
    try:
        folder = Path(text).expanduser().resolve()  # relative paths: from the working directory
    except (OSError, RuntimeError) as exc:
        raise InputRejected(f"文件夹路径无效：{text}") from exc
    if not _under(folder, roots):
        allowed = "、".join(str(r) for r in roots)
        raise InputRejected(f"不允许从该路径导入：{text}（只能导入以下目录之内的文件夹：{allowed}）")
    if not folder.is_dir():
        raise InputRejected(f"文件夹不存在：{text}")
    return folder


def folder_pdfs(folder: Path) -> tuple[list[Path], list[str]]:
    """PDFs (by content) under an allowed folder; files whose real path leaves the allowed
    roots (symlinks) or whose content is not a PDF are skipped with a Chinese reason."""
    roots = import_roots()
    files, skipped = [], []
    for f in sorted(folder.rglob("*")):
        if len(files) >= MAX_FOLDER_FILES:
            skipped.append(f"文件过多：只导入前 {MAX_FOLDER_FILES} 个。")
            break
        if not f.is_file() or f.suffix.lower() != ".pdf":
            continue
        real = f.resolve()
        if not _under(real, roots):
            skipped.append(f"{f.name}：指向允许目录之外的文件，已跳过。")
            continue
        try:
            check_pdf_file(real)
        except InputRejected as exc:
            skipped.append(str(exc))
            continue
        files.append(real)
    return files, skipped


def allowed_report_folder(text: str, extra_roots: list[Path] | None = None) -> Path | None:
    """A folder the trainer page may read reports from (runs/ and the import roots), or None."""
    roots = import_roots() + [(ROOT / "runs").resolve(), Path("runs").resolve()] + list(extra_roots or [])
    try:
        folder = Path((text or "").strip()).expanduser().resolve()
    except (OSError, ValueError):
        return None
    return folder if _under(folder, roots) else None
