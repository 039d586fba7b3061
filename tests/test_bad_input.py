"""Bad-input corpus: every file gets a clear one-line error or a correct review, a batch
never stops on one bad file and the database is never left half-written.

All inputs are generated here (corpus generator, fpdf2, pypdfium2) in tmp_path.
"""
from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

import cli
from ingest.errors import EmptyPdfError, EncryptedPdfError, NotPdfError
from service.batch import find_pdfs, run_batch
from service.batch_worker import review_one
from store.results import ResultStore

ROOT = Path(__file__).resolve().parents[1]
ITEMS = 33


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    from eval.corpus import generate_corpus

    return sorted(generate_corpus(tmp_path_factory.mktemp("bad_corpus"), n=8, seed=909))


def concat(sources: list[Path], dest: Path, pages: int) -> Path:
    from eval.bench import concat_pdfs

    return concat_pdfs(sources, dest, pages)


def one_line_error(capsys, name: str) -> str:
    err = [line for line in capsys.readouterr().err.strip().splitlines() if line.strip()]
    assert len(err) == 1, err
    assert name in err[0]
    return err[0]


def review_contract(path: Path, password: str | None = None) -> dict:
    res = review_one(str(path), password)
    assert res["status"] == "reviewed", res.get("error")
    c = res["contract"]
    covered = [p for d in c["documents"] for p in range(d["first_page"], d["last_page"] + 1)]
    assert covered == list(range(1, c["pages"] + 1))
    assert len(c["findings"]) == ITEMS
    return c


# ------------------------------------------------------------------ whole-file errors
def test_truncated(tmp_path, corpus, capsys):
    bad = tmp_path / "truncated.pdf"
    data = corpus[0].read_bytes()
    bad.write_bytes(data[: len(data) * 2 // 5])
    assert cli.main(["review", str(bad)]) == 1
    line = one_line_error(capsys, "truncated.pdf")
    assert "damaged" in line or "truncated" in line or "损坏" in line


def test_corrupt_garbage_after_header(tmp_path, capsys):
    bad = tmp_path / "corrupt.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + os.urandom(20000))
    assert cli.main(["review", str(bad)]) == 1
    line = one_line_error(capsys, "corrupt.pdf")
    assert "损坏" in line


def test_corrupt_middle_is_reviewed_or_reported(tmp_path, corpus, capsys):
    data = bytearray(corpus[1].read_bytes())
    mid = len(data) // 2
    data[mid: mid + 4000] = os.urandom(4000)
    bad = tmp_path / "mangled.pdf"
    bad.write_bytes(bytes(data))
    code = cli.main(["review", str(bad), "--quiet"])
    if code:
        one_line_error(capsys, "mangled.pdf")
    else:
        assert capsys.readouterr().err.strip() == ""


def test_encrypted_without_and_with_password(make_pdf, capsys):
    pdf = make_pdf([["法律援助案件卷宗", "（2025）苏0508法援民字第7号"], ["受援人：张某"]], name="locked.pdf",
                   password="s3cret")
    assert cli.main(["review", str(pdf)]) == 1
    line = one_line_error(capsys, "locked.pdf")
    assert "encrypted" in line and "加密" in line
    assert cli.main(["review", str(pdf), "--password", "wrong"]) == 1
    assert "password is wrong" in one_line_error(capsys, "locked.pdf")
    c = review_contract(pdf, password="s3cret")
    assert c["pages"] == 2
    assert cli.main(["review", str(pdf), "--password", "s3cret", "--quiet"]) == 0
    with pytest.raises(EncryptedPdfError):
        from service.review_file import review_file

        review_file(pdf)


def test_zero_page_pdf(tmp_path, capsys):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    bad = tmp_path / "nopages.pdf"
    doc.save(str(bad))
    doc.close()
    assert cli.main(["review", str(bad)]) == 1
    one_line_error(capsys, "nopages.pdf")


def test_zero_page_pdf_is_called_empty_even_after_an_encrypted_file(tmp_path, make_pdf):
    import pypdfium2 as pdfium

    from service.review_file import review_file

    locked = make_pdf([["加密"]], name="locked0.pdf", password="pw")
    with pytest.raises(EncryptedPdfError):
        review_file(locked)  # leaves pdfium's last error at 'password'
    doc = pdfium.PdfDocument.new()
    bad = tmp_path / "nopages.pdf"
    doc.save(str(bad))
    doc.close()
    with pytest.raises(EmptyPdfError):
        review_file(bad)


def test_zero_byte(tmp_path, capsys):
    bad = tmp_path / "zero.pdf"
    bad.write_bytes(b"")
    assert cli.main(["review", str(bad)]) == 1
    line = one_line_error(capsys, "zero.pdf")
    assert "empty" in line and "空" in line


@pytest.mark.parametrize("name,data", [
    ("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200),
    ("letter.pdf", b"PK\x03\x04" + b"\x00" * 200),  # a .docx renamed
    ("notes.pdf", "这是一份文本文件，不是PDF。\n".encode("utf-8")),
])
def test_non_pdf_renamed(tmp_path, capsys, name, data):
    bad = tmp_path / name
    bad.write_bytes(data)
    assert cli.main(["review", str(bad)]) == 1
    line = one_line_error(capsys, name)
    assert "not a PDF" in line and "不是PDF" in line
    from service.review_file import review_file

    with pytest.raises(NotPdfError):
        review_file(bad)


# ------------------------------------------------------------------ odd but reviewable files
@pytest.mark.slow
def test_thousand_page_dossier(tmp_path, corpus):
    big = concat(corpus, tmp_path / "thousand.pdf", 1000)
    t = time.perf_counter()
    c = review_contract(big)
    assert c["pages"] == 1000
    assert time.perf_counter() - t < 300  # measured ~5-10 s on 2 cores


@pytest.mark.slow
def test_huge_page_image(tmp_path):
    """A 10000 x 10000 px page image (a scan at absurd resolution): reviewed, no memory blow-up."""
    import resource

    from fpdf import FPDF
    from PIL import Image, ImageDraw

    Image.MAX_IMAGE_PIXELS = None
    img = Image.new("L", (10000, 10000), 250)
    draw = ImageDraw.Draw(img)
    for y in range(800, 9200, 160):
        draw.rectangle([900, y, 9100 - (y * 7) % 3000, y + 70], fill=30)
    png = tmp_path / "huge.png"
    img.save(png)
    del img, draw
    pdf = FPDF(unit="mm", format="A4")
    pdf.add_page()
    pdf.image(str(png), x=0, y=0, w=210, h=297)
    out = tmp_path / "huge_image.pdf"
    pdf.output(str(out))
    res = review_one(str(out))  # bars, no text: not gradable (issue 9), still a full contract
    c = res["contract"]
    assert c["pages"] == 1 and res["verdict"] == "not_a_dossier" and c["score"] is None and c["grade"] is None
    assert {f["flag"] for f in c["page_flags"]} <= {"blank", "rotated", "duplicate", "other_case", "unnumbered",
                                                    "unreadable"}
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 4 * 2 ** 20  # KiB: < 4 GiB


def _strip_tounicode(src: Path, dest: Path) -> Path:
    data = src.read_bytes()
    assert b"/ToUnicode" in data
    dest.write_bytes(data.replace(b"/ToUnicode", b"/ToUnicodX"))  # same length: xref offsets stay valid
    return dest


def _by_font(corpus: list[Path], word: str) -> Path:
    import json

    for p in corpus:
        meta = json.loads(p.with_name(p.stem + ".truth.json").read_text(encoding="utf-8"))["meta"]
        if word in str(meta.get("font", "")):
            return p
    pytest.skip(f"no {word} dossier in this corpus")


def _review_no_ocr(path: Path) -> dict:
    from review.report import review_to_json
    from service.review_file import review_file

    return review_to_json(review_file(path, ocr=False))


def test_font_without_tounicode_without_ocr_is_unreadable_and_uncertain(tmp_path, corpus):
    """CFF CJK font (Noto) without ToUnicode: both engines give garbage -> every page unreadable;
    without OCR the review completes with uncertain items rather than confident fails."""
    bad = _strip_tounicode(_by_font(corpus, "noto"), tmp_path / "no_tounicode.pdf")
    c = _review_no_ocr(bad)
    flags = Counter(f["flag"] for f in c["page_flags"])
    assert flags["unreadable"] == c["pages"]
    status = Counter(f["status"] for f in c["findings"])
    assert len(c["findings"]) == ITEMS and status["uncertain"] >= 10 and status["uncertain"] > status["fail"]


def test_font_without_tounicode_has_no_confident_fail(tmp_path, corpus):
    bad = _strip_tounicode(_by_font(corpus, "noto"), tmp_path / "no_tounicode.pdf")
    c = _review_no_ocr(bad)
    assert not [f for f in c["findings"] if f["status"] == "fail" and f["confidence"] >= 0.6]


def test_font_without_tounicode_is_read_back_by_ocr(make_pdf, tmp_path):
    """With OCR (the default) a garbled page is re-read from its image: the case number comes back."""
    pytest.importorskip("rapidocr_onnxruntime")
    case_no = "（2025）苏0508法援民字第77号"
    src = make_pdf([[("法律援助案件卷宗", 22), (f"案号：{case_no}", 14), ("受援人：张某某", 14),
                     ("承办律师：李某", 14)]], name="cover.pdf", font="noto")
    bad = _strip_tounicode(src, tmp_path / "cover_no_tounicode.pdf")
    c = review_contract(bad)
    assert c["case"]["case_no"] and "0508" in c["case"]["case_no"]


def test_truetype_without_tounicode_is_detected(tmp_path, corpus):
    from ingest.pages.pdf import extract_pages

    bad = _strip_tounicode(_by_font(corpus, "wqy"), tmp_path / "wqy_no_tounicode.pdf")
    pages = extract_pages(bad)
    assert sum(p.garbled or p.text_source == "none" for p in pages) >= len(pages) // 2


def test_all_blank_pages(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(6):
        pdf.add_page()
    out = tmp_path / "blank.pdf"
    pdf.output(str(out))
    res = review_one(str(out))  # nothing to read: no score or grade (issue 9), a one-line reason
    assert res["status"] == "failed" and res["verdict"] == "not_a_dossier" and "无法识别任何文字" in res["error"]
    c = res["contract"]
    assert c["pages"] == 6 and c["score"] is None and c["grade"] is None and c["findings"] == []
    assert sorted(f["page"] for f in c["page_flags"] if f["flag"] == "blank") == list(range(1, 7))


# ------------------------------------------------------------------ batches of bad files
def test_batch_goes_on_past_every_bad_file(tmp_path, corpus, make_pdf, capsys):
    d = tmp_path / "mixed"
    d.mkdir()
    shutil.copy(corpus[0], d / "a_good.pdf")
    shutil.copy(corpus[0], d / "a_good_again.pdf")  # duplicated file in the batch
    (d / "b_zero.pdf").write_bytes(b"")
    (d / "c_text.pdf").write_bytes(b"hello")
    (d / "d_trunc.pdf").write_bytes(corpus[1].read_bytes()[:3000])
    shutil.copy(make_pdf([["加密"]], name="e_locked.pdf", password="pw"), d / "e_locked.pdf")
    shutil.copy(corpus[3], d / "z_good.pdf")
    db = f"sqlite:///{tmp_path / 'm.db'}"
    assert cli.main(["review", str(d), "--db", db, "--workers", "1", "--quiet"]) == 1
    cap = capsys.readouterr()
    err = [line for line in cap.err.splitlines() if line.strip()]
    for name in ("b_zero.pdf", "c_text.pdf", "d_trunc.pdf", "e_locked.pdf"):
        assert sum(line.startswith(name + ": ") for line in err) == 1, (name, err)
    assert any("a_good_again.pdf" in line and "重复" in line for line in err)
    assert "成功 2 份" in cap.out and "无法评查 4 份" in cap.out and "重复文件 1 份" in cap.out
    rows = ResultStore(db).all()
    assert sorted((r.file_name, r.status) for r in rows) == [
        ("a_good.pdf", "reviewed"), ("b_zero.pdf", "failed"), ("c_text.pdf", "failed"),
        ("d_trunc.pdf", "failed"), ("e_locked.pdf", "failed"), ("z_good.pdf", "reviewed")]


def test_duplicate_reviewed_once(tmp_path, corpus):
    d = tmp_path / "dups"
    d.mkdir()
    for name in ("x.pdf", "y.pdf", "z.pdf"):
        shutil.copy(corpus[4], d / name)
    db = f"sqlite:///{tmp_path / 'dup.db'}"
    report = run_batch(find_pdfs(d), store=ResultStore(db), workers=1, progress=False)
    assert report.reviewed == 1 and report.duplicates == 2
    assert len(ResultStore(db).all()) == 1


# ------------------------------------------------------------------ fault: SIGKILL mid-batch, then resume
@functools.lru_cache(maxsize=None)
def _reader(db: str):
    return create_engine(db, poolclass=NullPool)


def _count_rows(db: str) -> int:
    """Stored CLI rows, read by a separate connection while the batch writes (0 before the table exists)."""
    try:
        with _reader(db).connect() as c:
            return c.execute(text("SELECT count(*) FROM dossiers WHERE batch = 'cli'")).scalar()
    except SQLAlchemyError:
        return 0


INTERRUPT_COPIES = 4


def _batch_after_first_row(tmp_path: Path, corpus: list[Path], name: str,
                           db: str | None = None) -> tuple[subprocess.Popen, Path, str]:
    """Four copies of the corpus, a `juanping review DIR` child in its own process group, returned
    once it has stored its first row: (process, folder, db url). SQLite in tmp_path unless ``db``
    is given. Each copy differs by a comment after %%EOF (another file, not a duplicate), so that
    the batch is still busy when the test, slowed by the writer's lock, sends its signal."""
    d = tmp_path / name
    d.mkdir()
    for k in range(INTERRUPT_COPIES):
        for p in corpus:
            (d / f"{p.stem}_{k}.pdf").write_bytes(p.read_bytes() + f"\n% copy {k}\n".encode())
    db = db or f"sqlite:///{tmp_path / f'{name}.db'}"
    ResultStore(db)  # schema in place before the child starts
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "review", str(d), "--db", db, "--workers", "2",
                             "--quiet", "--no-progress"], cwd=str(ROOT), env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 180
    while _count_rows(db) < 1:
        if proc.poll() is not None or time.monotonic() > deadline:
            _kill_group(proc)
            pytest.fail(f"no row written within 180 s: {proc.stderr.read().decode()}")
        time.sleep(0.05)
    return proc, d, db


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # clean up (orphaned) workers we started
    except ProcessLookupError:
        pass


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_sigkill_mid_batch_then_resume(tmp_path, corpus, backend, request):
    n = len(corpus) * INTERRUPT_COPIES
    pg = request.getfixturevalue("pg_url") if backend == "postgres" else None
    proc, d, db = _batch_after_first_row(tmp_path, corpus, "fault", pg)
    try:
        proc.send_signal(signal.SIGKILL)  # the parent only: its workers are orphaned mid-file
        proc.wait(timeout=30)
    finally:
        _kill_group(proc)
        proc.stderr.close()
    at_kill = _count_rows(db)
    assert 1 <= at_kill < n  # killed midway

    report = run_batch(find_pdfs(d), store=ResultStore(db), workers=2, progress=False)
    assert report.failed == 0 and report.skipped >= at_kill - 0 and report.reviewed + report.skipped == n
    rows = ResultStore(db).all()
    assert len(rows) == n
    assert Counter(r.sha256 for r in rows).most_common(1)[0][1] == 1
    assert all(r.status == "reviewed" and r.contract and r.contract["pages"] == r.pages for r in rows)
    # and a third run does nothing
    again = run_batch(find_pdfs(d), store=ResultStore(db), workers=1, progress=False)
    assert again.skipped == n and len(ResultStore(db).all()) == n


@pytest.mark.slow
def test_ctrl_c_mid_batch_then_resume(tmp_path, corpus):
    """SIGINT to the whole process group (a terminal's Ctrl-C): exit 130 with a one-line
    message, finished rows kept, and a re-run completes the batch without duplicates."""
    n = len(corpus) * INTERRUPT_COPIES
    proc, d, db = _batch_after_first_row(tmp_path, corpus, "ctrlc")
    try:
        os.killpg(proc.pid, signal.SIGINT)
        code = proc.wait(timeout=60)
        err = proc.stderr.read().decode()
    finally:
        _kill_group(proc)
        proc.stderr.close()
    assert code == 130, err
    assert "已中断" in err and "Traceback" not in err
    at_stop = _count_rows(db)
    assert 1 <= at_stop < n
    report = run_batch(find_pdfs(d), store=ResultStore(db), workers=1, progress=False)
    assert report.skipped == at_stop and report.reviewed == n - at_stop and report.failed == 0
    assert len(ResultStore(db).all()) == n
