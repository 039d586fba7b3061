"""Holdout check of e-dossier import: split bound dossiers into per-document files (a share as
JPEG scans), zip them, review the zip and the bound PDF, and compare.

Same documents (page-type macro-F1 on the assembled pages, boundaries), same findings except
the page-numbering items a re-scan may legitimately change, same grade.

``juanping eval-edossier --corpus DIR [--n N] [--scan-share 0.33] [--out runs/edossier.json]``
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from eval.edossier_split import split_to_zip
from eval.metrics import macro_f1

# items whose verdict rests on printed page numbers, which a JPEG re-scan may read less surely
NUMBERING_ITEMS = ("BD-02", "BD-03")


def page_types(documents: list, pages: int) -> list[str]:
    """Per page (1..pages), the type of the document covering it."""
    out = ["?"] * pages
    for d in documents:
        for p in range(d.first_page, d.last_page + 1):
            if 1 <= p <= pages:
                out[p - 1] = d.type
    return out


@dataclass
class Comparison:
    """How an e-dossier review agrees with the bound PDF's review of the same dossier."""

    name: str
    pages_bound: int
    pages_edossier: int
    page_macro_f1: float
    same_boundaries: bool
    finding_diffs: list[dict] = field(default_factory=list)       # outside NUMBERING_ITEMS
    numbering_diffs: list[dict] = field(default_factory=list)     # NUMBERING_ITEMS
    scan_diffs: list[dict] = field(default_factory=list)  # findings on pages the e-dossier holds as scans (OCR)
    grade_bound: str | None = None
    grade_edossier: str | None = None
    scanned_pages: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def same_grade(self) -> bool:
        return self.grade_bound == self.grade_edossier

    @property
    def findings_agree(self) -> bool:
        """Same status on every item outside the numbering items."""
        return not self.finding_diffs and not self.scan_diffs

    @property
    def agree_off_scans(self) -> bool:
        """Same status on every item except those on scanned pages, where OCR reads the dates."""
        return not self.finding_diffs


def compare(name: str, bound, edossier, scanned: set[int] = frozenset()) -> Comparison:
    """Compare two Reviews of one dossier (bound PDF vs e-dossier); ``scanned``: the pages the
    e-dossier holds as JPEG scans (a finding changed on them is an OCR effect, kept apart)."""
    n = bound.pages
    a, b = page_types(bound.documents, n), page_types(edossier.documents, n)
    starts = lambda r: [d.first_page for d in r.documents]  # noqa: E731
    diffs, numbering, scan = [], [], []
    other = {f.item: f for f in edossier.findings}
    for f in bound.findings:
        g = other.get(f.item)
        status = g.status if g else None
        if status != f.status:
            row = {"item": f.item, "bound": f.status, "edossier": status, "message": g.message[:300] if g else ""}
            if f.item in NUMBERING_ITEMS:
                numbering.append(row)
            elif (set(f.pages) | set(g.pages if g else [])) & set(scanned):
                scan.append(row)
            else:
                diffs.append(row)
    return Comparison(name=name, pages_bound=n, pages_edossier=edossier.pages, page_macro_f1=macro_f1(a, b),
                      same_boundaries=starts(bound) == starts(edossier), finding_diffs=diffs,
                      numbering_diffs=numbering, scan_diffs=scan, grade_bound=bound.grade, grade_edossier=edossier.grade,
                      errors=[str(e.get("message")) for e in edossier.errors if e.get("stage") == "edossier"])


def run_one(pdf: Path, workdir: Path, seed: int = 0, scan_share: float = 1 / 3,
            max_scanned_pages: int | None = None) -> Comparison:
    """Split ``pdf`` (with its NAME.truth.json) into a case zip under ``workdir``, review both, compare."""
    from service.review_file import review_edossier, review_file

    started = time.perf_counter()
    zip_path, plan = split_to_zip(pdf, workdir / f"{pdf.stem}.zip", seed=seed, scan_share=scan_share,
                                  max_scanned_pages=max_scanned_pages)
    scanned = {p for f in plan if f.scanned for p in f.pages}
    result = compare(pdf.stem, review_file(pdf), review_edossier(zip_path), scanned)
    result.scanned_pages = len(scanned)
    result.seconds = time.perf_counter() - started
    return result


def changes(diffs: list[dict]) -> list[str]:
    """``TL-05:fail->uncertain`` for each item whose status differs."""
    return [f"{d['item']}:{d['bound']}->{d['edossier']}" for d in diffs]


def summarize(results: list[Comparison]) -> dict:
    """Corpus-level numbers: mean and minimum page macro-F1, boundary, finding and grade agreement."""
    n = len(results) or 1
    f1 = [r.page_macro_f1 for r in results]
    return {"dossiers": len(results),
            "page_macro_f1_mean": round(sum(f1) / n, 4), "page_macro_f1_min": round(min(f1, default=0.0), 4),
            "same_boundaries": round(sum(r.same_boundaries for r in results) / n, 4),
            "finding_agreement": round(sum(r.findings_agree for r in results) / n, 4),
            "finding_agreement_off_scans": round(sum(r.agree_off_scans for r in results) / n, 4),
            "scan_changed_items": sum(len(r.scan_diffs) for r in results),
            # of those, verdicts that flipped between pass and fail (not merely became uncertain on an OCR'd date)
            "scan_flipped_items": sum(1 for r in results for d in r.scan_diffs
                                      if "uncertain" not in (d["bound"], d["edossier"])),
            "grade_agreement": round(sum(r.same_grade for r in results) / n, 4),
            "numbering_item_changes": sum(len(r.numbering_diffs) for r in results),
            "scanned_pages": sum(r.scanned_pages for r in results)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="juanping eval-edossier",
                                 description="电子卷宗导入留出检验：拆分案卷为逐份文件（部分为扫描图片）后评查，与整卷PDF结果比较")
    ap.add_argument("--corpus", required=True, help="folder of NAME.pdf + NAME.truth.json (juanping corpus, samples/)")
    ap.add_argument("--n", type=int, default=None, help="at most this many dossiers")
    ap.add_argument("--scan-share", type=float, default=1 / 3, help="share of documents rendered as JPEG scans")
    ap.add_argument("--max-scanned-pages", type=int, default=None, help="cap of scanned pages per dossier")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workdir", default=None, help="keep the split files and zips here")
    ap.add_argument("--out", default=None, help="write the per-dossier results and summary as JSON")
    a = ap.parse_args(argv)
    pdfs = sorted(p for p in Path(a.corpus).glob("*.pdf") if p.with_name(p.stem + ".truth.json").exists())[:a.n]
    if not pdfs:
        print(f"{a.corpus}: 没有带 .truth.json 的案卷 / no dossiers with truth files", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="juanping-edossier-eval-") as tmp:
        work = Path(a.workdir or tmp)
        results = []
        for i, pdf in enumerate(pdfs):
            r = run_one(pdf, work, seed=a.seed + i, scan_share=a.scan_share, max_scanned_pages=a.max_scanned_pages)
            results.append(r)
            print(f"{r.name}: F1={r.page_macro_f1:.3f} 边界{'一致' if r.same_boundaries else '不同'} "
                  f"等级 {r.grade_bound}/{r.grade_edossier} 检查项差异 {[d['item'] for d in r.finding_diffs]} "
                  f"页码项差异 {[d['item'] for d in r.numbering_diffs]} "
                  f"扫描页检查项差异 {changes(r.scan_diffs)} "
                  f"扫描页 {r.scanned_pages}（{r.seconds:.1f} 秒）")
    summary = summarize(results)
    print(json.dumps(summary, ensure_ascii=False))
    if a.out:
        Path(a.out).parent.mkdir(parents=True, exist_ok=True)
        Path(a.out).write_text(json.dumps({"summary": summary, "dossiers": [asdict(r) for r in results]},
                                          ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
