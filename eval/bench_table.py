"""`juanping bench` results as a rich table: each measure, its value and its target (✓ / ✗)."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.table import Table


def _mark(res: dict, key: str) -> str:
    """' ✓' / ' ✗' after a value with a target, nothing when it was not measured."""
    m = res["targets"][key]["met"]
    return "" if m is None else (" ✓" if m else " ✗")


def _speed_rows(t: Table, res: dict) -> None:
    """Extraction engines, stage times, page-model rate and the digital review time."""
    ex = res["extraction"]
    t.add_row(f"提取 pages/s：ingest（{ex['ingest']['pages']} 页）", f"{ex['ingest']['pages_per_s']:.0f}", "")
    t.add_row("提取 pages/s：raw pdfplumber", f"{ex['pdfplumber']['pages_per_s']:.0f}", "")
    t.add_row("提取 pages/s：raw pypdfium2", f"{ex['pypdfium2']['pages_per_s']:.0f}", "")
    t.add_row("ingest / pdfplumber", f"{ex['ratio_ingest_vs_pdfplumber']:.2f}x{_mark(res, 'ingest_vs_pdfplumber_ratio')}",
              "≥ 0.5x")
    st = res["stages_digital_100"]
    stages = "  ".join(f"{k} {st[k]:.2f}" for k in ("extract", "ocr", "classify", "segment", "page_numbers",
                                                     "page_flags", "facts", "checks"))
    t.add_row(f"分阶段 s（{st['pages']} 页数字版）", stages, "")
    t.add_row("分类 pages/s（页面模型）",
              f"{res['targets']['classify_pages_per_s']['value']:.0f}{_mark(res, 'classify_pages_per_s')}", "≥ 50")
    rd = res["review_digital_100"]
    t.add_row(f"评查 {rd['pages']} 页数字版", f"{rd['seconds']:.2f} s，{rd['pages_per_s']:.0f} 页/s"
              f"（pypdfium2 原生速度的 {res['summary']['review_share_of_pypdfium2_rate']:.0%}）"
              f"{_mark(res, 'digital_100_review_s')}", "≤ 0.2 s")


def _ocr_rows(t: Table, res: dict) -> None:
    """The scanned dossier's review and OCR rate, next to onnxruntime and raw rapidocr."""
    rs = res["review_scanned_100"]
    t.add_row("评查扫描版（OCR）", "跳过: " + rs["note"] if rs.get("skipped")
              else f"{rs['pages']} 页 {rs['seconds']:.1f} s（OCR {rs['ocr_s_per_page']} s/页）"
              f"{_mark(res, 'ocr_s_per_page')}", "" if rs.get("skipped") else "OCR ≤ 0.5 s/页")
    ort = res.get("ocr_onnxruntime")
    if ort:
        t.add_row("同一批页面，onnxruntime 后端", f"{ort['s_per_page']} s/页（本系统默认 {rs.get('backend')}）", "")
    raw = res.get("ocr_raw_rapidocr")
    if raw:
        t.add_row("原生 rapidocr（默认参数，同一批页面）", f"{raw['s_per_page']} s/页（{raw['dpi']} dpi），"
                  f"本系统快 {res['summary']['ocr_speedup_vs_raw']} 倍{_mark(res, 'ocr_speedup_vs_raw')}", "≥ 2.5 倍")


def _batch_rows(t: Table, res: dict) -> None:
    """Batch time on 1 and 2 processes (extrapolated to 200 dossiers when fewer ran) and the speedup."""
    for b in res["batch"]:
        extra = "" if b["dossiers"] >= 200 else f"（折算 200 份 {b['extrapolated_200_s']:.0f} s）"
        key = _mark(res, "batch_200x50_2proc_s") if b["workers"] == 2 else ""
        t.add_row(f"批量 {b['dossiers']} 份×~50 页，{b['workers']} 进程",
                  f"{b['seconds']:.1f} s，{b['dossiers_per_min']} 份/分{extra}{key}",
                  "≤ 300 s (2 进程, 200 份)" if b["workers"] == 2 else "")
    if res["summary"]["batch_speedup_2_vs_1"] is not None:
        t.add_row("批量 2 进程 / 1 进程 加速比",
                  f"{res['summary']['batch_speedup_2_vs_1']}x{_mark(res, 'batch_speedup_2_vs_1')}", "≥ 1.7x")


def _memory_rows(t: Table, res: dict) -> None:
    """RSS while extracting and during OCR, review heap peak, process peaks."""
    m = res["memory"]
    fl = m["extract_big"]
    t.add_row(f"内存：提取 {fl['pages']} 页", f"RSS {fl['rss_before_mb']:.0f}→峰值 {fl['rss_peak_mb']:.0f} MB，"
              f"{fl['growth_mb_per_100_pages']:+.1f} MB/100 页（文本 {fl['extracted_text_mb']:.1f} MB）", "平稳")
    om = res.get("ocr_memory")
    if om:
        t.add_row(f"内存：OCR {om['pages']} 页扫描件（第二遍）", f"预热后 RSS {om['rss_after_warmup_mb']:.0f} MB，"
                  f"{om['rss_growth_mb_per_100_pages']:+.1f} MB/100 页", "平稳")
    t.add_row("内存：评查 100 页 Python 堆峰值", f"{m['review_digital_100']['python_heap_peak_mb']} MB", "")
    t.add_row("内存：maxrss 本进程 / 批量单个工作进程峰值",
              f"{m['maxrss_self_mb']:.0f} / {m['batch_worker_peak_rss_mb']:.0f} MB", "")


def render_table(res: dict) -> None:
    """Print the table and the run's notes (140 columns wide when not on a terminal)."""
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"juanping bench（{'quick' if res['config']['quick'] else 'full'}，"
                    f"{res['meta']['cpus']} 核，模型 {res['meta']['model_version']}）")
    t.add_column("测量 / measure")
    t.add_column("结果 / result", justify="right")
    t.add_column("目标 / target", justify="right")
    _speed_rows(t, res)
    _ocr_rows(t, res)
    _batch_rows(t, res)
    _memory_rows(t, res)
    t.add_row("总用时", f"{res['total_s']:.0f} s", "")
    con = Console()
    if not con.is_terminal:
        con = Console(width=140)
    con.print(t)
    for n in res.get("notes", []):
        con.print(f"注：{n}")
