"""Safe extraction of a case zip: nothing written outside the work folder, bounded size.

A zip from a case system or a user's upload is untrusted input. Member names may be
GBK/CP936 without the UTF-8 flag (Chinese Windows), may try to leave the destination
(``../../x.pdf``, ``/etc/x``, ``C:\\x``), may be symlinks, may be encrypted, and the archive
may be a zip bomb. Whole-archive problems raise a DossierError subclass (Chinese + English);
a bad member is skipped and reported as a MemberProblem so the rest can still be reviewed.
"""
from __future__ import annotations

import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ingest.errors import DossierError

UTF8_FLAG = 0x800
ENCRYPTED_FLAG = 0x1
RATIO_FLOOR = 1 << 20  # members smaller than this are never called a bomb by their ratio
CHUNK = 1 << 16


class ZipArchiveError(DossierError):
    """The zip as a whole cannot be used (damaged, encrypted, over the limits)."""

    default_reason, default_reason_zh = "the zip archive is damaged or not a zip file", "压缩包已损坏或不是ZIP格式"


class EncryptedZipError(ZipArchiveError):
    default_reason, default_reason_zh = ("the zip archive is password-protected (encrypted members cannot be read)",
                                         "压缩包已加密（设置了密码），无法读取")


class ZipBombError(ZipArchiveError):
    default_reason, default_reason_zh = ("the zip archive exceeds the size or member limits (possible zip bomb)",
                                         "压缩包超出大小或文件数上限（疑似压缩炸弹）")


@dataclass(frozen=True)
class ZipLimits:
    max_members: int = 2000
    max_total_bytes: int = 1 << 30
    max_member_bytes: int = 300 << 20
    max_ratio: float = 150.0


@dataclass(frozen=True)
class MemberProblem:
    """A member that was skipped, and why (English and Chinese)."""

    name: str
    reason: str
    reason_zh: str

    def line(self) -> str:
        return f"{self.name}: {self.reason} / {self.reason_zh}"


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it: UTF-8 when flagged, else the raw bytes read as
    UTF-8 if valid (some tools omit the flag), else GBK/GB18030 (Chinese Windows), else CP437."""
    if info.flag_bits & UTF8_FLAG:
        return info.filename
    raw = info.filename.encode("cp437")  # zipfile decoded the raw bytes as CP437: undo it
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return info.filename


_DRIVE = re.compile(r"^[A-Za-z]:")


def safe_relpath(name: str) -> PurePosixPath | None:
    """The member's path relative to the destination, or None if it is absolute, has a drive,
    a NUL, or a '..' component (path traversal). Backslashes count as separators."""
    name = name.replace("\\", "/")
    if not name or "\x00" in name or name.startswith("/") or _DRIVE.match(name):
        return None
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts or any(p == ".." for p in parts):
        return None
    return PurePosixPath(*parts)


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ZipArchiveError(path) from exc


def extract(zip_path: Path, dest: Path, limits: ZipLimits = ZipLimits()) -> tuple[list[Path], list[MemberProblem]]:
    """Extract the regular-file members of ``zip_path`` under ``dest``.

    Returns the written files and the skipped members. Raises ZipArchiveError (damaged),
    EncryptedZipError (every file member encrypted) or ZipBombError (too many members, or
    declared or actual total size over the limit)."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    root = dest.resolve()
    written: list[Path] = []
    problems: list[MemberProblem] = []
    with _open_zip(zip_path) as zf:
        try:
            infos = [i for i in zf.infolist() if not i.is_dir()]
        except Exception as exc:  # noqa: BLE001 - a broken central directory
            raise ZipArchiveError(zip_path) from exc
        if len(infos) > limits.max_members:
            raise ZipBombError(zip_path, f"the zip has {len(infos)} files, more than the limit of {limits.max_members}",
                               f"压缩包内文件数 {len(infos)} 超过上限 {limits.max_members}（疑似压缩炸弹）")
        declared = sum(i.file_size for i in infos)
        if declared > limits.max_total_bytes:
            raise ZipBombError(zip_path, f"the zip unpacks to {declared >> 20} MB, more than the limit of "
                                         f"{limits.max_total_bytes >> 20} MB",
                               f"压缩包解压后 {declared >> 20} MB，超过上限 {limits.max_total_bytes >> 20} MB（疑似压缩炸弹）")
        if infos and all(i.flag_bits & ENCRYPTED_FLAG for i in infos):
            raise EncryptedZipError(zip_path)
        total = 0
        taken: set[str] = set()
        for info in infos:
            name = member_name(info)
            problem = _member_problem(info, name, limits)
            rel = safe_relpath(name)
            if problem is None and rel is None:
                problem = MemberProblem(name, "unsafe path in the zip (absolute or '..'), not extracted",
                                        "压缩包内文件路径不安全（绝对路径或含“..”），未解压")
            if problem is None and str(rel).casefold() in taken:
                problem = MemberProblem(name, "duplicate name in the zip, later copy skipped", "压缩包内文件重名，已跳过后一个")
            if problem is not None:
                problems.append(problem)
                continue
            target = root.joinpath(*rel.parts)
            if not target.resolve().is_relative_to(root):  # belt and braces after safe_relpath
                problems.append(MemberProblem(name, "unsafe path in the zip, not extracted", "压缩包内文件路径不安全，未解压"))
                continue
            taken.add(str(rel).casefold())
            budget = min(limits.max_member_bytes, limits.max_total_bytes - total)
            size, problem = _copy_member(zf, info, name, target, budget, limits)
            total += size
            if problem is not None:
                problems.append(problem)
                if total >= limits.max_total_bytes:
                    raise ZipBombError(zip_path)
                continue
            written.append(target)
    return written, problems


def _member_problem(info: zipfile.ZipInfo, name: str, limits: ZipLimits) -> MemberProblem | None:
    """Why a member is skipped before reading it, or None."""
    if info.flag_bits & ENCRYPTED_FLAG:
        return MemberProblem(name, "member is password-protected, not extracted", "该文件已加密（设置了密码），无法解压")
    if _is_symlink(info):
        return MemberProblem(name, "member is a symbolic link, not extracted", "该文件是符号链接，未解压")
    if info.file_size > limits.max_member_bytes:
        return MemberProblem(name, f"member unpacks to {info.file_size >> 20} MB, more than the limit of "
                                   f"{limits.max_member_bytes >> 20} MB", f"该文件解压后超过 {limits.max_member_bytes >> 20} MB 上限")
    if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
        return MemberProblem(name, f"member compression ratio {info.file_size / max(info.compress_size, 1):.0f}:1 is "
                                   f"over the limit (possible zip bomb)", "该文件压缩比异常（疑似压缩炸弹），未解压")
    return None


def _copy_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, target: Path, budget: int,
                 limits: ZipLimits) -> tuple[int, MemberProblem | None]:
    """Stream one member to ``target``, stopping at ``budget`` bytes or past its declared size
    (sizes in the header can lie). Returns the bytes written and a problem (file removed) or None."""
    target.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    problem = None
    try:
        with zf.open(info) as src, open(target, "xb") as out:
            while chunk := src.read(CHUNK):
                size += len(chunk)
                if size > budget or size > info.file_size:
                    problem = MemberProblem(name, "member is larger than declared or than the size limit (possible "
                                                  "zip bomb), not extracted", "该文件实际大小超出声明或上限（疑似压缩炸弹），未解压")
                    break
                if size > RATIO_FLOOR and size > limits.max_ratio * max(info.compress_size, 1):
                    problem = MemberProblem(name, "member compression ratio is over the limit (possible zip bomb)",
                                            "该文件压缩比异常（疑似压缩炸弹），未解压")
                    break
                out.write(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        problem = MemberProblem(name, f"member cannot be unpacked ({type(exc).__name__}: {exc})".replace("\n", " "),
                                "该文件无法解压（已损坏或压缩方式不支持）")
    if problem is not None:
        target.unlink(missing_ok=True)
    return size, problem
