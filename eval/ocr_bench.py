"""OCR benchmark: seconds, confidence and, against a digital twin, character accuracy per page.

`python -m eval.ocr_bench SCAN.pdf [--digital TWIN.pdf] [--pages 1,3] [--dpi N] [--det-limit N]`
OCRs pages with ingest.pages.ocr.OcrEngine and prints one row per page; with digital twins it also
prints how often each kind of reading (dates, page numbers, ...) is wrong at each confidence
threshold (reading_table), which is how the decisive-confidence threshold was chosen.
"""
from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

from ingest.pages.ocr import DEFAULT_DET_LIMIT, DEFAULT_DPI, OcrEngine
from ingest.readings import edit_distance


def char_accuracy(ocr_text: str, ref_text: str) -> tuple[float, float]:
    """(bag-of-characters F1, 1 - normalised edit distance), whitespace ignored."""
    from collections import Counter

    a, b = re.sub(r"\s+", "", ocr_text), re.sub(r"\s+", "", ref_text)
    if not a and not b:
        return 1.0, 1.0
    inter = sum((Counter(a) & Counter(b)).values())
    return 2 * inter / (len(a) + len(b)), 1 - edit_distance(a, b) / max(len(a), len(b))


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m eval.ocr_bench")
    ap.add_argument("pdf", nargs="+", type=Path, help="scanned PDF(s)")
    ap.add_argument("--digital", nargs="*", type=Path, default=[], help="digital twin(s), same order")
    ap.add_argument("--pages", default="", help="1-based pages (default all)")
    ap.add_argument("--dpi", type=int, default=DEFAULT_DPI)
    ap.add_argument("--det-limit", type=int, default=DEFAULT_DET_LIMIT)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--cached", action="store_true", help="read pages through the OCR cache (no timing)")
    return ap


def main(argv: list[str] | None = None) -> int:
    """OCR pages, print seconds, confidence and (with a digital twin) character accuracy."""
    import resource

    a = build_parser().parse_args(argv)
    eng = OcrEngine(dpi=a.dpi, det_limit_side_len=a.det_limit, threads=a.threads)
    t = time.perf_counter()
    eng.rapid
    print(f"model load {time.perf_counter() - t:.2f}s, threads={eng.threads}, dpi={a.dpi}, det_limit={a.det_limit}")
    run = _BenchRun(eng, eng if a.cached else eng.ocr_page)
    for k, path in enumerate(a.pdf):
        run.scan_file(path, a.digital[k] if k < len(a.digital) else None, a.pages)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pages {len(run.wall)}: mean {statistics.fmean(run.wall):.2f}s wall, {statistics.fmean(run.cpu):.2f}s cpu, "
          f"median {statistics.median(run.wall):.2f}s; max RSS {rss:.0f} MB")
    if run.f1s:
        print(f"char accuracy vs digital text: bag-of-chars F1 {statistics.fmean(run.f1s):.4f}, "
              f"1-NED {statistics.fmean(run.neds):.4f} (mean over {len(run.f1s)} pages)")
        print(reading_table(run.checks))
    return 0


class _BenchRun:
    """Per-page timings and accuracies collected over the files of one benchmark run."""

    def __init__(self, eng: OcrEngine, read) -> None:
        self.eng, self.read = eng, read
        self.checks: list[tuple[str, bool, float]] = []
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self.f1s: list[float] = []
        self.neds: list[float] = []

    def scan_file(self, path: Path, digital: Path | None, pages_arg: str) -> None:
        """OCR the chosen pages of one scan, printing a row per page."""
        import pypdfium2 as pdfium

        twin = None
        if digital is not None:
            from ingest.pages.pdf import extract_pages

            twin = extract_pages(digital)
        doc = pdfium.PdfDocument(str(path))
        n = len(doc)
        doc.close()
        pages = [int(x) for x in pages_arg.split(",") if x.strip()] or list(range(1, n + 1))
        for i in pages:
            c0, w0 = time.process_time(), time.perf_counter()
            pg = self.read(path, i)
            self.wall.append(time.perf_counter() - w0)
            self.cpu.append(time.process_time() - c0)
            row = (f"{path.name} p{i:>3} {self.wall[-1]:5.2f}s cpu {self.cpu[-1]:5.2f}s "
                   f"conf {self.eng.last_confidence:.3f} rot {pg.rotation:>3}")
            if twin is not None:
                row += self._compare(pg, twin[i - 1])
            print(row, flush=True)

    def _compare(self, pg, ref) -> str:
        """Score one OCR'd page against its digital twin page; the row's accuracy columns."""
        from ingest.pages.pagenumbers import read_printed_number
        from ingest.readings import reading_checks

        ref.printed_number = read_printed_number(ref)[0]
        self.checks += reading_checks(pg, ref)
        f1, ned = char_accuracy(pg.text, ref.text)
        self.f1s.append(f1)
        self.neds.append(ned)
        return f" f1 {f1:.3f} 1-ned {ned:.3f} twin_rot {ref.rotation}"


def reading_table(checks: list[tuple[str, bool, float]],
                  thresholds: tuple[float, ...] = (0.5, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97)) -> str:
    """Per kind and threshold: readings at or above it, and how many of those are wrong.

    The decisive-confidence threshold (review.engine.OCR_DECISIVE_CONF) is the
    lowest one that keeps wrong readings out while keeping most right ones.
    """
    rows = ["kind | n | wrong | " + " | ".join(f">={t:g} kept/wrong" for t in thresholds)]
    for kind in sorted({k for k, _, _ in checks}):
        sel = [(ok, c) for k, ok, c in checks if k == kind]
        cells = [f"{sum(c >= t for _, c in sel)}/{sum(c >= t and not ok for ok, c in sel)}" for t in thresholds]
        rows.append(f"{kind} | {len(sel)} | {sum(not ok for ok, _ in sel)} | " + " | ".join(cells))
    wrong = sorted(round(c, 3) for _, ok, c in checks if not ok)
    return "\n".join(rows + [f"confidences of wrong readings: {wrong}"])


if __name__ == "__main__":
    raise SystemExit(main())
