"""E-dossiers (卷宗自动归集): one case's per-document files read as one bound dossier.

A case system delivers a closed case as files (PDFs, photos and scans of signed forms, ID
card images) in a folder or a zip, not as one bound PDF. The simplest sound design: order
the files by name (ingest.edossier.names), bind them into one PDF in a work folder (PDF
pages imported with pypdfium2, each image placed as a full page, so image pages go through
the pipeline's OCR like any scan) and run the normal pipeline on it, keeping the
page -> (file, page in file) map. File names are evidence of the document type of a file's
first page and of where documents start (FileNameModel wraps the page model).

A bad member (corrupt image, encrypted PDF, unsafe zip path) is skipped and recorded as a
processing error; a case with nothing usable raises EmptyEdossierError.
"""
from __future__ import annotations

import hashlib
import io
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from ingest.datamodel import ProcessingError
from ingest.edossier.names import SETTINGS, continues, name_type, order_key
from ingest.errors import DossierError
from ingest.edossier.zipsafe import MemberProblem, ZipLimits, extract

STAGE = "edossier"  # ProcessingError.stage of a skipped file


class EmptyEdossierError(DossierError):
    """No file of the case could be used."""

    default_reason, default_reason_zh = "the e-dossier holds no readable PDF or image file", "电子卷宗中没有可读取的PDF或图片文件"


@dataclass(frozen=True)
class Settings:
    limits: ZipLimits
    extensions: tuple[str, ...]
    ignore_names: frozenset[str]
    ignore_prefixes: tuple[str, ...]
    max_image_pixels: int
    page_box: tuple[float, float]
    name_type_weight: float
    file_start: float


@lru_cache(maxsize=1)
def settings() -> Settings:
    """ingest/data/edossier.yaml as typed settings."""
    data = yaml.safe_load(SETTINGS.read_text(encoding="utf-8")) or {}
    lim = data.get("limits") or {}
    return Settings(
        limits=ZipLimits(max_members=int(lim.get("max_members", 2000)),
                         max_total_bytes=int(lim.get("max_total_mb", 1024)) << 20,
                         max_member_bytes=int(lim.get("max_member_mb", 300)) << 20,
                         max_ratio=float(lim.get("max_ratio", 150))),
        extensions=tuple(x.lower() for x in data.get("extensions", [".pdf"])),
        ignore_names=frozenset(data.get("ignore_names", [])),
        ignore_prefixes=tuple(data.get("ignore_prefixes", [])),
        max_image_pixels=int(float(lim.get("max_image_megapixels", 120)) * 1_000_000),
        page_box=tuple(data.get("page_box_pt", [595.0, 842.0])),
        name_type_weight=float(data.get("name_type_weight", 0.5)),
        file_start=float(data.get("file_start", 0.85)))


def is_edossier(path: Path | str) -> bool:
    """A folder or a ``.zip`` file: one case's per-document files (not a bound PDF)."""
    p = Path(path)
    return p.is_dir() or (p.suffix.lower() == ".zip" and not p.is_dir())


# ------------------------------------------------------------------ files of a case
@dataclass(frozen=True)
class CaseFile:
    """One file of the case: where it is on disk and its name as the case system gave it."""

    path: Path
    name: str  # relative POSIX name inside the case (folders kept), shown to reviewers


@dataclass
class CaseFiles:
    """The ordered files of one case and the members that could not be used."""

    files: list[CaseFile] = field(default_factory=list)
    errors: list[ProcessingError] = field(default_factory=list)


def _ignored(name: str) -> bool:
    s = settings()
    return any(part in s.ignore_names or part.startswith(s.ignore_prefixes) for part in name.split("/"))


def _problem_error(p: MemberProblem) -> ProcessingError:
    return ProcessingError(STAGE, p.line())


def collect(folder: Path, problems: list[MemberProblem] = ()) -> CaseFiles:
    """The case files below ``folder`` in binding order; files of other kinds are reported
    (not silently dropped), archive metadata (__MACOSX, Thumbs.db) ignored. Symlinks that
    leave the folder are not followed."""
    root = folder.resolve()
    out = CaseFiles(errors=[_problem_error(p) for p in problems if not _ignored(p.name.replace("\\", "/"))])
    found: list[CaseFile] = []
    for p in folder.rglob("*"):
        rel = p.relative_to(folder).as_posix()
        if _ignored(rel) or p.is_dir():
            continue
        if not p.resolve().is_relative_to(root):  # a link (or a file under a linked folder) leading out
            out.errors.append(ProcessingError(STAGE, f"{rel}: symbolic link leaving the case folder, skipped / "
                                                     f"指向卷宗目录之外的链接，已跳过"))
            continue
        if p.suffix.lower() not in settings().extensions:
            out.errors.append(ProcessingError(STAGE, f"{rel}: not a PDF or image file (JPEG, PNG, TIFF), skipped / "
                                                     f"不是PDF或图片文件，已跳过"))
            continue
        found.append(CaseFile(p, rel))
    if len(found) > settings().limits.max_members:
        raise EmptyEdossierError(folder, f"the case has {len(found)} files, more than the limit of "
                                         f"{settings().limits.max_members}",
                                 f"卷宗文件数 {len(found)} 超过上限 {settings().limits.max_members}")
    out.files = sorted(found, key=lambda f: order_key(f.name))
    return out


@contextmanager
def open_case(path: Path, workdir: Path) -> Iterator[CaseFiles]:
    """The case's files: a folder read in place, a zip extracted safely under ``workdir``."""
    path = Path(path)
    if not path.exists():
        raise DossierError(path, "no such file or folder", "文件或目录不存在")
    if path.is_dir():
        yield collect(path)
        return
    dest = Path(workdir) / "files"
    try:
        _, problems = extract(path, dest, settings().limits)
        yield collect(dest, problems)
    finally:
        shutil.rmtree(dest, ignore_errors=True)


def find_edossiers(root: Path | str) -> list[Path]:
    """Every case below ``root``: each zip, and each folder that directly holds a case file
    (its sub-folders belong to it); folders holding only folders and zips are descended."""
    root = Path(root)
    if not root.is_dir():
        return [root]
    cases: list[Path] = []

    def walk(folder: Path) -> None:
        entries = sorted(folder.iterdir(), key=lambda p: order_key(p.name))
        if any(e.is_file() and e.suffix.lower() in settings().extensions and not _ignored(e.name) for e in entries):
            cases.append(folder)
            return
        for e in entries:
            if _ignored(e.name):
                continue
            if e.is_file() and e.suffix.lower() == ".zip":
                cases.append(e)
            elif e.is_dir() and not e.is_symlink():
                walk(e)

    walk(root)
    return cases


# ------------------------------------------------------------------ binding
@dataclass(frozen=True)
class PageSource:
    """Where a page of the assembled dossier came from, and what its file name says."""

    page: int                 # 1-based page of the assembled PDF
    file: str                 # the file's name in the case
    page_in_file: int         # 1-based
    named_type: str | None    # the type the file name names (first page of a file only)
    opens_file: bool          # first page of a file
    continues: bool           # the file is a further page file of the document before (判决书_2)

    def to_contract(self) -> dict:
        return {"page": self.page, "file": self.file, "page_in_file": self.page_in_file}


@dataclass
class Assembled:
    pdf: Path
    sources: list[PageSource]
    errors: list[ProcessingError]


def _kind(path: Path) -> str:
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*")):
        return "image"
    return "unknown"


def _fit(w_px: int, h_px: int, box: tuple[float, float]) -> tuple[float, float]:
    """Page size in points for an image: fitted into A4 (landscape for a landscape image)."""
    bw, bh = (box[1], box[0]) if w_px > h_px else box
    scale = min(bw / w_px, bh / h_px)
    return round(w_px * scale, 2), round(h_px * scale, 2)


def _image_frames(path: Path) -> tuple[list, bool]:
    """The image's pages (TIFFs may hold several) as upright PIL images, and whether the file's
    own JPEG bytes can be placed as they are (one upright RGB/grey JPEG frame). Raises on a
    corrupt or oversized image."""
    from PIL import Image, ImageOps

    limit = settings().max_image_pixels
    frames = []
    with Image.open(path) as im:
        as_is = im.format == "JPEG" and im.mode in ("RGB", "L") and im.getexif().get(0x0112, 1) == 1
        for i in range(getattr(im, "n_frames", 1)):
            im.seek(i)
            if im.width * im.height > limit:
                raise ValueError(f"image of {im.width}x{im.height} pixels is over the limit of {limit} pixels")
            frame = ImageOps.exif_transpose(im.copy()) if i == 0 else im.copy()
            frame.load()  # decodes the whole image: a truncated or corrupt file raises here
            if frame.mode not in ("RGB", "L"):
                frame = frame.convert("RGB")
            frames.append(frame)
    return frames, as_is and len(frames) == 1


def _add_image(out, path: Path) -> int:
    """Place each frame of an image file as one full page; returns the pages added."""
    import pypdfium2 as pdfium

    frames, as_is = _image_frames(path)
    for frame in frames:
        w, h = _fit(frame.width, frame.height, settings().page_box)
        page = out.new_page(w, h)
        obj = pdfium.PdfImage.new(out)
        if as_is:
            buf = io.BytesIO(path.read_bytes())
        else:  # JPEG keeps a scan compact, and its bytes stable across runs (the OCR cache key)
            buf = io.BytesIO()
            frame.save(buf, format="JPEG", quality=92)
            buf.seek(0)
        obj.load_jpeg(buf, inline=True)
        obj.set_matrix(pdfium.PdfMatrix().scale(w, h))
        page.insert_obj(obj)
        page.gen_content()
        page.close()
    return len(frames)


def _add_pdf(out, path: Path, password: str | None) -> int:
    """Import every page of a PDF file; raises DossierError subclasses for unusable files."""
    from ingest.pages.pdf import open_pdfium, check_file

    src = open_pdfium(path, check_file(path), password)
    try:
        n = len(src)
        out.import_pages(src)
    finally:
        src.close()
    return n


def _file_error(f: CaseFile, exc: BaseException) -> ProcessingError:
    if isinstance(exc, DossierError):
        return ProcessingError(STAGE, f"{f.name}: {exc.reason} / {exc.reason_zh}")
    detail = f"{type(exc).__name__}: {exc}".replace("\n", " ")[:200]
    return ProcessingError(STAGE, f"{f.name}: damaged or unreadable file, skipped ({detail}) / 文件已损坏或无法读取，已跳过")


def assemble(case: CaseFiles, dest: Path, password: str | None = None, origin: Path | None = None) -> Assembled:
    """Bind the case's files, in order, into one PDF at ``dest``; a file that cannot be read
    is skipped with a processing error. Raises EmptyEdossierError when no page was bound."""
    import pypdfium2 as pdfium

    errors = list(case.errors)
    sources: list[PageSource] = []
    out = pdfium.PdfDocument.new()
    try:
        prev: str | None = None
        for f in case.files:
            before = len(out)
            try:
                kind = _kind(f.path)
                if kind == "pdf":
                    added = _add_pdf(out, f.path, password)
                elif kind == "image":
                    added = _add_image(out, f.path)
                else:
                    errors.append(ProcessingError(STAGE, f"{f.name}: content is neither PDF nor JPEG/PNG/TIFF, "
                                                         f"skipped / 文件内容不是PDF或图片，已跳过"))
                    continue
            except Exception as exc:  # noqa: BLE001 - one bad file is that file's error
                while len(out) > before:  # drop pages half added
                    out.del_page(len(out) - 1)
                errors.append(_file_error(f, exc))
                continue
            cont = continues(prev, f.name)
            named = name_type(f.name)
            for k in range(added):
                sources.append(PageSource(before + k + 1, f.name, k + 1, named if k == 0 else None, k == 0, cont))
            prev = f.name
        if not sources:
            reasons = "; ".join(e.message for e in errors[:5])
            raise EmptyEdossierError(origin or dest.parent, f"the e-dossier holds no readable PDF or image file ({reasons})"
                                     if reasons else None,
                                     f"电子卷宗中没有可读取的PDF或图片文件（{reasons}）" if reasons else None)
        dest.parent.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        out.save(buf)
        dest.write_bytes(_stable_id(buf.getvalue()))
    finally:
        out.close()
    return Assembled(dest, sources, errors)


_TRAILER_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]{32})>\s*<([0-9A-Fa-f]{32})>\s*\]")


def _stable_id(data: bytes) -> bytes:
    """The saved PDF with its random trailer /ID replaced by one derived from the content (same
    length, offsets unchanged): the same files bind to the same bytes, so the OCR cache, keyed
    by the bound file's SHA-256, hits on a re-run."""
    m = None
    for m in _TRAILER_ID.finditer(data):
        pass
    if m is None:
        return data
    blank = data[:m.start()] + b"/ID[<" + b"0" * 32 + b"><" + b"0" * 32 + b">]" + data[m.end():]
    digest = hashlib.sha256(blank).hexdigest()[:32].upper().encode()
    return data[:m.start(1)] + digest + data[m.end(1):m.start(2)] + digest + data[m.end(2):]


# ------------------------------------------------------------------ file names as evidence
class FileNameModel:
    """The page model plus what the file names say (segment.PageModel protocol).

    A file's name naming a type lifts that type on the file's first page (blended like a
    title line, ingest.documents.segment.title_evidence); the first page of a file very probably opens a
    document, unless the file continues the one before (判决书_1, 判决书_2)."""

    def __init__(self, model, sources: list[PageSource]):
        self.model = model
        self.classes_ = list(model.classes_)
        self.by_page = {s.page: s for s in sources}

    def __getattr__(self, name):  # everything else (version, thresholds) is the wrapped model's
        if name == "model":
            raise AttributeError(name)
        return getattr(self.model, name)

    def predict_proba(self, pages) -> np.ndarray:
        probs = np.array(self.model.predict_proba(pages), dtype=float).reshape(len(pages), -1)
        index = {c: i for i, c in enumerate(self.classes_)}
        w = settings().name_type_weight
        for i, pg in enumerate(pages):
            src = self.by_page.get(pg.index)
            if src is not None and src.named_type in index:
                probs[i] *= 1.0 - w
                probs[i, index[src.named_type]] += w
        return probs

    def start_proba(self, pages) -> np.ndarray:
        starts = np.array(self.model.start_proba(pages), dtype=float).reshape(len(pages))
        floor = settings().file_start
        for i, pg in enumerate(pages):
            src = self.by_page.get(pg.index)
            if src is not None and src.opens_file and not src.continues:
                starts[i] = 1.0 - (1.0 - starts[i]) * (1.0 - floor)
        return starts
