"""Split a bound corpus dossier into the per-document files a case system would deliver.

Input: a generated dossier PDF and its NAME.truth.json (``juanping corpus``, samples/).
Output: one file per document named like a case system names them (``03_法律援助公函.pdf``,
``（3）…``, ``第3份 …``), a share of the documents as JPEG scans (pypdfium2 rendering at
~200 dpi, mild noise, one JPEG per page: ``05_判决书_1.jpg``, ``05_判决书_2.jpg``), zipped with
GBK names (no UTF-8 flag, as on Chinese Windows) for some members. The holdout check
(eval.edossier_eval) reviews the zip and the bound PDF and compares.
"""
from __future__ import annotations

import json
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ingest.doctypes import type_name

NAME_STYLES = ("{i:02d}_{name}", "（{i}）{name}", "第{i}份 {name}", "{i}-{name}")
SCAN_DPI = 200
NOISE_SIGMA = 6.0  # grey levels of gaussian noise on a scan


@dataclass(frozen=True)
class SplitFile:
    """One file to write: its name in the case, the bound pages it holds, as a scan or a PDF."""

    name: str
    pages: tuple[int, ...]
    scanned: bool


def doc_name(doc_type: str) -> str:
    """A case system's document name for a type: its Chinese name (first of alternatives)."""
    name = type_name(doc_type).split("/")[0]
    return "其他材料" if doc_type == "other" else name


def plan_split(truth: dict, scan_share: float = 1 / 3, seed: int = 0,
               max_scanned_pages: int | None = None) -> list[SplitFile]:
    """The files for a dossier's documents (truth ``documents``): ``scan_share`` of the documents
    (chosen by ``seed``) become one JPEG per page, at most ``max_scanned_pages`` pages in all."""
    rng = random.Random(seed)
    docs = truth["documents"]
    style = NAME_STYLES[rng.randrange(len(NAME_STYLES))]
    n_scan = round(len(docs) * scan_share)
    scanned = set(rng.sample(range(len(docs)), n_scan)) if n_scan else set()
    budget = max_scanned_pages if max_scanned_pages is not None else 10 ** 9
    files: list[SplitFile] = []
    for i, d in enumerate(docs, start=1):
        pages = tuple(range(d["first_page"], d["last_page"] + 1))
        base = style.format(i=i, name=doc_name(d["type"]))
        if (i - 1) in scanned and len(pages) <= budget:
            budget -= len(pages)
            if len(pages) == 1:
                files.append(SplitFile(f"{base}.jpg", pages, True))
            else:
                files += [SplitFile(f"{base}_{k}.jpg", (p,), True) for k, p in enumerate(pages, start=1)]
        else:
            files.append(SplitFile(f"{base}.pdf", pages, False))
    return files


def _scan(page, rng: random.Random, dest: Path) -> None:
    """Render one page as a mildly noisy greyscale JPEG scan at SCAN_DPI."""
    import numpy as np
    from PIL import Image

    img = page.render(scale=SCAN_DPI / 72, grayscale=True).to_pil().convert("L")
    arr = np.asarray(img, dtype=np.float32)
    noise = np.random.default_rng(rng.randrange(2 ** 32)).normal(0.0, NOISE_SIGMA, arr.shape)
    out = Image.fromarray(np.clip(arr + noise, 0, 255).astype(np.uint8), "L")
    out.save(dest, format="JPEG", quality=85, dpi=(SCAN_DPI, SCAN_DPI))


def write_files(pdf_path: Path, plan: list[SplitFile], out_dir: Path, seed: int = 0) -> list[Path]:
    """Write the planned files under ``out_dir`` (PDF pages copied, scans rendered)."""
    import pypdfium2 as pdfium

    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    src = pdfium.PdfDocument(str(pdf_path))
    written = []
    try:
        for f in plan:
            dest = out_dir / f.name
            if f.scanned:
                page = src[f.pages[0] - 1]
                try:
                    _scan(page, rng, dest)
                finally:
                    page.close()
            else:
                doc = pdfium.PdfDocument.new()
                doc.import_pages(src, [p - 1 for p in f.pages])
                doc.save(str(dest))
                doc.close()
            written.append(dest)
    finally:
        src.close()
    return written


class _GbkInfo(zipfile.ZipInfo):
    """A member whose name is stored as GBK bytes without the UTF-8 flag (Chinese Windows)."""

    def _encodeFilenameFlags(self):  # noqa: N802 - zipfile's hook
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def write_zip(members: list[tuple[str, Path]], dest: Path, gbk: set[str] = frozenset()) -> Path:
    """Zip ``(name in zip, file)`` pairs; names in ``gbk`` are stored as GBK, the rest UTF-8."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for arcname, path in members:
            info = (_GbkInfo if arcname in gbk else zipfile.ZipInfo)(arcname, date_time=(2025, 7, 1, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, Path(path).read_bytes())
    return dest


def split_to_zip(pdf_path: Path, dest_zip: Path, truth: dict | None = None, scan_share: float = 1 / 3,
                 seed: int = 0, max_scanned_pages: int | None = None, gbk_share: float = 0.5) -> tuple[Path, list[SplitFile]]:
    """The whole splitter: plan, write the files next to the zip (a folder named like it) and
    zip them, ``gbk_share`` of the names as GBK. Returns the zip and the plan."""
    pdf_path = Path(pdf_path)
    if truth is None:
        truth = json.loads(pdf_path.with_name(pdf_path.stem + ".truth.json").read_text(encoding="utf-8"))
    plan = plan_split(truth, scan_share, seed, max_scanned_pages)
    folder = dest_zip.with_suffix("")
    paths = write_files(pdf_path, plan, folder, seed)
    rng = random.Random(seed + 1)
    gbk = {f.name for f in plan if rng.random() < gbk_share}
    return write_zip([(f.name, p) for f, p in zip(plan, paths)], dest_zip, gbk), plan
