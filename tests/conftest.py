"""Shared fixtures: small real PDFs built with fpdf2 and a CJK font.

Tests build their own PDFs so they do not depend on the corpus generator.
fpdf2 2.8 reads TrueType collections directly (add_font(...,
collection_font_number=N)); the fontTools fallback extracts face N to a
cache dir for older fpdf2 versions.
"""
from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


@pytest.fixture(autouse=True)
def keep_main_module():
    """Streamlit's AppTest runs a page as a new ``__main__`` module and leaves it in sys.modules;
    a later test whose library spawns processes (Dask's nanny) would then re-run that page in
    every child. Each test gets the real ``__main__`` back."""
    main = sys.modules.get("__main__")
    yield
    if main is not None:
        sys.modules["__main__"] = main


@pytest.fixture(scope="session", autouse=True)
def private_ocr_cache(tmp_path_factory):
    """OCR results cached by the tests stay in the test's temp dir, never in ~/.cache (inherited by
    the CLI subprocesses the tests start)."""
    import os

    old = os.environ.get("JUANPING_OCR_CACHE")
    os.environ["JUANPING_OCR_CACHE"] = str(tmp_path_factory.mktemp("ocr_cache"))
    yield
    if old is None:
        os.environ.pop("JUANPING_OCR_CACHE", None)
    else:
        os.environ["JUANPING_OCR_CACHE"] = old
NOTO = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def _add_font(pdf, family: str, path: Path, index: int, cache: Path) -> None:
    try:
        pdf.add_font(family, "", str(path), collection_font_number=index)
    except TypeError:  # old fpdf2 without TTC support: extract the face with fontTools
        from fontTools.ttLib import TTCollection

        out = cache / f"{path.stem}-{index}.ttf"
        if not out.exists():
            TTCollection(str(path)).fonts[index].save(str(out))
        pdf.add_font(family, "", str(out))


@pytest.fixture(scope="session")
def font_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fonts")


@pytest.fixture
def make_pdf(tmp_path, font_cache) -> Callable[..., Path]:
    """make_pdf(pages, name="x.pdf", font="wqy", password=None) -> Path.

    `pages` is a list of page specs; a spec is a list of items:
    - "text"                  next line in the body (12 pt)
    - ("text", size)          next body line at that size
    - ("text", x, y, size)    text at a position (mm, top-left origin)
    - ("rotate", angle)       draw the whole page rotated by angle (counter-clockwise)
    - ("image",)              a small grey raster image (a "scan")
    An empty list is a blank page.
    """

    def build(pages: list[list], name: str = "x.pdf", font: str = "wqy",
              password: str | None = None) -> Path:
        from fpdf import FPDF

        pdf = FPDF(unit="mm", format="A4")
        pdf.set_auto_page_break(False)
        if font == "noto":
            _add_font(pdf, "cjk", NOTO, 2, font_cache)
        else:
            _add_font(pdf, "cjk", WQY, 0, font_cache)
        if password is not None:
            pdf.set_encryption(owner_password="owner-" + password, user_password=password)
        for spec in pages:
            pdf.add_page()
            pdf.set_font("cjk", size=12)
            angle = next((it[1] for it in spec if isinstance(it, tuple) and it[0] == "rotate"), 0)
            with pdf.rotation(angle, 105, 148.5):
                y = 40.0
                for it in spec:
                    if isinstance(it, str):
                        it = (it, 12)
                    if it[0] == "rotate":
                        continue
                    if it[0] == "image":
                        _grey_image(pdf, font_cache)
                        continue
                    if len(it) == 2:
                        pdf.set_font_size(it[1])
                        pdf.set_xy(25, y)
                        pdf.cell(text=it[0])
                        y += it[1] * 0.55
                    else:
                        text, x, yy, size = it
                        pdf.set_font_size(size)
                        pdf.set_xy(x, yy)
                        pdf.cell(text=text)
        out = tmp_path / name
        pdf.output(str(out))
        return out

    return build


def _grey_image(pdf, cache: Path) -> None:
    png = cache / "grey.png"
    if not png.exists():
        import struct
        import zlib

        w = h = 32
        rows = b"".join(b"\x00" + bytes([128]) * w for _ in range(h))
        def chunk(t, d):
            return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
        png.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
                        + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    pdf.image(str(png), x=10, y=10, w=190, h=277)


def page_number_item(n: int, style: str = "plain") -> tuple:
    """A printed page number at the top right (plain) or bottom centre (dash / di)."""
    if style == "dash":
        return (f"- {n} -", 100, 285, 10)
    if style == "di":
        return (f"第 {n} 页", 98, 285, 10)
    return (str(n), 185, 10, 10)


# ------------------------------------------------------------------ console (AppTest) support
@pytest.fixture(scope="session")
def seeded_console_db(tmp_path_factory) -> Callable[[int, int], tuple]:
    """Factory: (template DB, seed info, corpus dir) seeded from a generated corpus with the
    generator truth as the model output; built once per (n, seed) and copied per test."""
    from service import demo
    from store import get_engine, reset_engines

    built: dict[tuple[int, int], tuple] = {}

    def build(n: int, seed: int) -> tuple:
        if (n, seed) not in built:
            base = tmp_path_factory.mktemp(f"console_n{n}_s{seed}")
            pdfs = demo.generated_corpus(base / "corpus", n=n, seed=seed)
            db = base / "template.db"
            info = demo.seed_demo(get_engine(f"sqlite:///{db}"), pdfs, demo.truth_only)
            reset_engines()
            built[(n, seed)] = (db, info, base / "corpus")
        return built[(n, seed)]

    return build


def use_console_db(template_db: Path, tmp_path: Path, monkeypatch, import_root: Path) -> str:
    """Point the console at a private copy of a seeded DB (tests never share writes); returns its URL."""
    import shutil

    copy = tmp_path / "juanping.db"
    shutil.copy(template_db, copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv("JUANPING_DB_URL", url)
    monkeypatch.setenv("JUANPING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("JUANPING_IMPORT_ROOT", str(import_root))  # server-side import is confined to a root
    return url


def replace_model(monkeypatch, contract_fn) -> None:
    """The admin and self-check pages call the model pipeline; tests swap in a fast, deterministic one."""
    import console.pages.admin as admin
    import console.pages.selfcheck as selfcheck

    monkeypatch.setattr(admin, "model_contract", contract_fn)
    monkeypatch.setattr(selfcheck, "model_contract", contract_fn)


def render_page(module: str, user_id: int | None = None, **state):
    """Run one console page as `user_id` with extra session state (streamlit AppTest)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(f"from console.pages import {module}\n{module}.render()\n", default_timeout=60)
    if user_id is not None:
        at.session_state["user_id"] = user_id
    for k, v in state.items():
        at.session_state[k] = v
    return at.run()


@pytest.fixture(scope="session")
def pg_cluster():
    """A PostgreSQL cluster for the `postgres` tests; skipped, with the reason, where none can start."""
    from pg_cluster import Cluster

    cluster = Cluster()
    try:
        cluster.start()
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    PG_SERVER.append(cluster.server_version())
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster) -> str:
    """URL of a fresh, empty database on the test cluster."""
    return pg_cluster.new_database()


PG_SERVER: list[str] = []  # the version the postgres tests ran against, for the summary line


def pytest_terminal_summary(terminalreporter) -> None:
    """One line in every run's log saying whether the `postgres` tests ran on a real server or were
    skipped (and why), so a CI log shows it without -v."""
    counts = {}
    for outcome in ("passed", "failed", "error", "skipped"):
        reports = [r for r in terminalreporter.stats.get(outcome, []) if "postgres" in getattr(r, "keywords", {})
                   and getattr(r, "when", "call") in ("call", "setup")]
        if outcome == "passed":
            reports = [r for r in reports if r.when == "call"]
        counts[outcome] = len({r.nodeid for r in reports})
    if not any(counts.values()):
        return
    server = PG_SERVER[0] if PG_SERVER else "no server"
    terminalreporter.write_line(
        f"postgres tests: {counts['passed']} passed, {counts['failed'] + counts['error']} failed, "
        f"{counts['skipped']} skipped, against {server}")


# The quick run (`pytest -q`, a few minutes on 2 cores) leaves out what trains models, renders
# corpora, drives chromium or starts PostgreSQL; `pytest -q --full` (CI, the README's test
# command) runs everything. Deselected, not skipped: a quick run reports how many it left out.
HEAVY_MARKERS = ("slow", "browser", "postgres")


def pytest_addoption(parser) -> None:
    parser.addoption("--full", action="store_true", default=False,
                     help="run the whole suite, heavy tests (slow, browser, postgres) included")


def pytest_collection_modifyitems(config, items) -> None:
    if config.getoption("--full") or config.getoption("-m"):
        return
    heavy = [it for it in items if any(it.get_closest_marker(m) for m in HEAVY_MARKERS)]
    if heavy:
        config.hook.pytest_deselected(items=heavy)
        keep = set(heavy)
        items[:] = [it for it in items if it not in keep]
