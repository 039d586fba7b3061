"""The single command line `juanping`: review, corpus, train, eval, bench, serve, tokens.

Subcommands only parse arguments and call library functions, so the console
and tests use the same code paths.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from service.batch import DEFAULT_TIME_BUDGET  # service.batch imports nothing heavy at module level

if TYPE_CHECKING:
    from service.batch import FileOutcome
    from store.results import ResultStore

DEFAULT_SAMPLES = Path(__file__).resolve().parent / "samples"
DEFAULT_DB = "sqlite:///juanping.db"


def _pdf_files(target: Path) -> list[Path]:
    from service.batch import find_pdfs

    return find_pdfs(target)


def _review_files(args: argparse.Namespace, target: Path) -> list[Path] | None:
    """The dossiers to review under target, or None (reason printed) when there are none."""
    if args.edossiers:  # every case folder or zip below ROOT is one e-dossier
        from ingest.edossier.assemble import find_edossiers

        files = find_edossiers(target)
        if not files:
            print(f"{target}: 目录中没有电子卷宗（案件文件夹或 zip） / no case folders or zips found", file=sys.stderr)
            return None
    elif args.edossier:  # the folder or zip itself is one case's per-document files
        files = [target]
    else:
        files = _pdf_files(target)
    if not files:
        print(f"{target}: 目录中没有 PDF 文件 / no PDF files found", file=sys.stderr)
        return None
    return files


def _open_store(url: str) -> ResultStore | None:
    """The result database at url, or None (reason printed) when it cannot be opened."""
    from store import opened_or_reported
    from store.results import ResultStore

    return opened_or_reported(url, ResultStore)


def _show_outcome(o: FileOutcome, quiet: bool) -> None:
    """One finished file: its summary, or why it was skipped, a duplicate or not reviewable."""
    from service.batch import DUPLICATE, FAILED, REVIEWED, SKIPPED

    name = Path(o.path).name
    if o.status == FAILED:
        print(o.error or f"{name}: 无法评查 / cannot be reviewed", file=sys.stderr)
    elif o.status == DUPLICATE:
        print(f"{name}: 重复文件，与 {Path(o.duplicate_of).name} 内容相同（SHA-256 一致），只评查一次 / duplicate of "
              f"{Path(o.duplicate_of).name}, reviewed once", file=sys.stderr)
    elif o.status == SKIPPED:
        if not quiet:
            print(f"{name}: 已用同一模型版本评查过，跳过 / already reviewed with this model version")
    elif o.status == REVIEWED and not quiet:
        print(o.summary or name)
        print(f"  用时 {o.elapsed:.2f} 秒\n")


def _run_review(args: argparse.Namespace, files: list[Path], store: ResultStore | None, target: Path,
                single: bool) -> int:
    """run_batch over files; exit code 0, 1 (some failed), 2 (Dask unreachable) or 130 (interrupted)."""
    from service.batch import run_batch

    try:
        report = run_batch(files, store=store, workers=1 if single else args.workers, password=args.password,
                           dask=args.dask, json_out=args.json, root=None if single else target,
                           summaries=not args.quiet, rereview=single or args.rereview,
                           progress=None if not args.no_progress else False,
                           on_outcome=lambda o: _show_outcome(o, args.quiet), time_budget=args.time_budget)
    except (OSError, TimeoutError) as exc:
        if not args.dask:
            raise
        print(f"{args.dask}: 无法连接 Dask 调度器 / cannot reach the Dask scheduler ({exc})".replace("\n", " "),
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断：已完成的结果已保存，重新运行将跳过它们 / interrupted: finished results are saved, "
              "re-run to continue", file=sys.stderr)
        return 130
    if not single:
        print(report.summary_line())
    return 1 if report.failed else 0


def cmd_review(args: argparse.Namespace) -> int:
    """Review one PDF or every PDF under a folder; bad files are reported, the rest go on.

    A folder runs in parallel processes (--workers, default all cores) or on a Dask cluster
    (--dask tcp://scheduler:8786); with --db each result is stored as it finishes and a
    re-run skips dossiers already reviewed with the same model version."""
    target = Path(args.edossiers or args.path)
    if not target.exists():
        print(f"{target}: 文件或目录不存在 / no such file or directory", file=sys.stderr)
        return 2
    files = _review_files(args, target)
    if files is None:
        return 2
    store = None
    if args.db:
        store = _open_store(args.db)
        if store is None:
            return 2
    single = target.is_file() or bool(args.edossier and not args.edossiers)
    if args.json and not single:
        Path(args.json).mkdir(parents=True, exist_ok=True)
    return _run_review(args, files, store, target, single)


def cmd_corpus(args: argparse.Namespace) -> int:
    if args.independent:
        from eval.independent import build_corpus

        split = args.split or "test"
        paths = build_corpus(Path(args.out), n=args.n, seed=args.seed, scanned_share=args.scanned_share, split=split)
        print(f"已生成 {len(paths)} 份独立评估案卷（{split}）-> {args.out}")
        return 0
    from eval.corpus import generate_corpus

    families = args.families.split(",") if args.families else None
    paths = generate_corpus(Path(args.out), n=args.n, seed=args.seed, families=families)
    print(f"已生成 {len(paths)} 份案卷 -> {args.out}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from eval.bench import main as bench_main

    argv = ["--out", args.out] + (["--quick"] if args.quick else [])
    if args.workdir:
        argv += ["--workdir", args.workdir]
    if args.scanned_pages is not None:
        argv += ["--scanned-pages", str(args.scanned_pages)]
    return bench_main(argv)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="juanping", description="法律援助案卷质量评查 (legal-aid dossier review)")
    sub = parser.add_subparsers(dest="command", required=True)

    rev = sub.add_parser("review", help="评查一份案卷或一个目录下的全部案卷")
    rev.add_argument("path", nargs="?", default=str(DEFAULT_SAMPLES), help="PDF file or folder (default: bundled samples)")
    rev.add_argument("--json", help="write the contract JSON here (a folder when reviewing several files)")
    rev.add_argument("--db", default=None, help=f"database URL to store results, e.g. {DEFAULT_DB}")
    rev.add_argument("--password", default=None, help="password of an encrypted PDF")
    rev.add_argument("--quiet", action="store_true", help="no per-dossier summary")
    rev.add_argument("--workers", type=int, default=None,
                     help="parallel processes for a folder (default: number of CPU cores; 1 = no pool)")
    rev.add_argument("--dask", default=None, metavar="ADDRESS",
                     help="run on a Dask distributed cluster, e.g. tcp://scheduler:8786")
    rev.add_argument("--rereview", action="store_true",
                     help="review again even if the database has a result for the same model version")
    rev.add_argument("--no-progress", action="store_true", help="no progress bar")
    rev.add_argument("--time-budget", type=float, default=DEFAULT_TIME_BUDGET, metavar="SECONDS",
                     help=f"stop a file's review after this many seconds and report it (default "
                          f"{DEFAULT_TIME_BUDGET:g}; 0 = no limit)")
    rev.add_argument("--edossier", action="store_true",
                     help="PATH is one e-dossier: a folder or .zip of one case's per-document files (PDF, JPEG, PNG, TIFF)")
    rev.add_argument("--edossiers", default=None, metavar="ROOT",
                     help="review every e-dossier (case folder or .zip) below ROOT as a batch")
    rev.set_defaults(func=cmd_review)

    cor = sub.add_parser("corpus", help="生成带标注的合成案卷语料")
    cor.add_argument("--out", required=True)
    cor.add_argument("--n", type=int, default=20)
    cor.add_argument("--seed", type=int, default=1)
    cor.add_argument("--families", default=None, help="template families, e.g. A,B,C")
    cor.add_argument("--independent", action="store_true",
                     help="the independent evaluation set (eval/independent: other wording, layout, fonts)")
    cor.add_argument("--scanned-share", type=float, default=0.25, help="share of image-only scans (--independent)")
    cor.add_argument("--split", default=None, choices=["calib", "test"], help="split name written to meta (--independent)")
    cor.set_defaults(func=cmd_corpus)

    ben = sub.add_parser("bench", help="速度与内存基准测试（自动生成案卷）")
    ben.add_argument("--out", default="runs/bench.json", help="JSON results (default runs/bench.json)")
    ben.add_argument("--quick", action="store_true", help="few small dossiers, no OCR (under a minute)")
    ben.add_argument("--workdir", default=None, help="keep the generated PDFs here")
    ben.add_argument("--scanned-pages", type=int, default=None, help="pages of the scanned dossier (0 = skip OCR)")
    ben.set_defaults(func=cmd_bench)

    from service.api.commands import add_api_parsers  # light: the app is imported only by `serve`

    add_api_parsers(sub, DEFAULT_TIME_BUDGET)

    from store.monthly_cli import add_monthly_parsers  # subsidy, letters

    add_monthly_parsers(sub)

    # listed for help only: main() hands their whole command line to their own parsers
    sub.add_parser("train", help="训练模型（参数见 juanping train -h）", add_help=False)
    sub.add_parser("eval", help="在留出集上评估模型与检查项（参数见 juanping eval -h）", add_help=False)
    sub.add_parser("eval-edossier", help="电子卷宗导入留出检验（参数见 juanping eval-edossier -h）", add_help=False)
    sub.add_parser("users", help="账号管理：新建、列出、停用、重置密码、CSV 导入（参数见 juanping users -h）",
                   add_help=False)
    return parser


# subcommands whose own parsers take the rest of the command line (options included)
DELEGATED = {"train": "training.pages", "eval": "eval.run", "eval-edossier": "eval.edossier_eval", "users": "store.accounts_cli"}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in DELEGATED:
        import importlib

        return importlib.import_module(DELEGATED[argv[0]]).main(argv[1:])
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
