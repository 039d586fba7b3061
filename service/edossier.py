"""Review an e-dossier: bind its files in a work folder, review the bound dossier, and say
in the contract which file every page came from (``sources``, and the findings' evidence and
messages name the source file of their pages)."""
from __future__ import annotations

import dataclasses
import shutil
import tempfile
from pathlib import Path

from ingest.edossier.assemble import FileNameModel, PageSource, assemble, open_case
from ingest.pages.ocr import default_engine
from ingest.pipeline import load_dossier
from models import default_classifier
from review.engine import review_dossier
from review.findings import Review, bounded
from service.review_file import use_followup_models

MAX_NAMED_PAGES = 5  # source files named in one finding's message


def review_edossier(path: Path, password: str | None = None, checklist=None, ocr: bool = True,
                    workdir: Path | None = None, keep_bound: Path | None = None) -> Review:
    """Review the case at ``path`` (folder or zip) as one dossier; see service.review_file.
    ``keep_bound``: also keep the bound PDF there (the console shows its pages)."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="juanping-edossier-", dir=workdir) as tmp:
        with open_case(path, Path(tmp)) as case:
            bound = assemble(case, Path(tmp) / f"{path.stem or 'edossier'}.pdf", password, origin=path)
        dossier = load_dossier(bound.pdf, FileNameModel(default_classifier(), bound.sources),
                               ocr=default_engine() if ocr else None)
        dossier.errors[:0] = bound.errors
        review = review_dossier(dossier, checklist, use_followup_models=use_followup_models())
        if keep_bound is not None:
            shutil.copyfile(bound.pdf, keep_bound)
    review.file = path.name
    annotate_sources(review, bound.sources)
    return review


def source_note(pages: list[int], by_page: dict[int, PageSource]) -> str:
    """'第7页来自“03_授权委托书.jpg”第1页' for the first few pages of a finding."""
    parts = [f"第{p}页来自“{by_page[p].file}”第{by_page[p].page_in_file}页" for p in pages[:MAX_NAMED_PAGES] if p in by_page]
    if len(pages) > MAX_NAMED_PAGES:
        parts.append(f"等{len(pages)}页")
    return "；".join(parts)


def annotate_sources(review: Review, sources: list[PageSource]) -> None:
    """Put ``sources`` in the review and name each finding's source files: evidence entries get
    ``file``/``page_in_file``, messages of failed and uncertain findings a 来源文件 note."""
    by_page = {s.page: s for s in sources}
    review.sources = [s.to_contract() for s in sources]
    for f in review.findings:
        f.evidence = [dataclasses.replace(e, file=by_page[e.page].file, page_in_file=by_page[e.page].page_in_file)
                      if e.page in by_page else e for e in f.evidence]
        if f.status in ("fail", "uncertain") and f.pages:
            note = source_note(f.pages, by_page)
            if note:
                f.message = bounded(f"{f.message}（来源文件：{note}）" if f.message else f"来源文件：{note}")
    for flag in review.page_flags:
        src = by_page.get(flag.get("page"))
        if src is not None:
            flag["file"] = src.file
