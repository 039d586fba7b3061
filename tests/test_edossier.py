"""E-dossier import: file ordering, safe zip reading, assembly, review with sources, batches.

Real files throughout: zips written with zipfile (GBK names without the UTF-8 flag, as on
Chinese Windows), PDFs split from the bundled samples, JPEG scans rendered with pypdfium2.
"""
from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from eval.edossier_split import plan_split, split_to_zip, write_files, write_zip
from ingest.edossier.assemble import (EmptyEdossierError, assemble, collect, find_edossiers, is_edossier,
                             open_case)
from ingest.edossier.names import continues, leading_number, name_type, order_names, page_marker
from ingest.errors import DossierError
from ingest.hashing import case_sha256
from ingest.edossier.zipsafe import EncryptedZipError, ZipBombError, ZipLimits, extract, member_name

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SMALL = SAMPLES / "02_non_litigation.pdf"  # 14 pages, 13 documents


def _truth(pdf: Path) -> dict:
    return json.loads(pdf.with_name(pdf.stem + ".truth.json").read_text(encoding="utf-8"))


def _jpeg(path: Path, size=(400, 560)) -> Path:
    Image.new("L", size, 255).save(path, format="JPEG")
    return path


@pytest.fixture
def case_folder(tmp_path) -> Path:
    """The small sample split into one PDF per document (no scans), in a case folder."""
    folder = tmp_path / "case_a"
    write_files(SMALL, plan_split(_truth(SMALL), scan_share=0.0), folder)
    return folder


# ------------------------------------------------------------------ names
def test_order_names_numbering_dates_and_natural_sort():
    names = ["10_结案报告.pdf", "2_申请表.pdf", "01_卷宗封面.pdf", "（3）授权委托书.jpg", "第4份 会见笔录.pdf",
             "05_判决书_10.jpg", "05_判决书_2.jpg", "05_判决书_1.jpg", "无编号.pdf",
             "2025-03-04 回访记录.jpg", "20250301_阅卷笔录.pdf"]
    assert order_names(names) == ["01_卷宗封面.pdf", "2_申请表.pdf", "（3）授权委托书.jpg", "第4份 会见笔录.pdf",
                                  "05_判决书_1.jpg", "05_判决书_2.jpg", "05_判决书_10.jpg", "10_结案报告.pdf",
                                  "20250301_阅卷笔录.pdf", "2025-03-04 回访记录.jpg", "无编号.pdf"]
    # folders order first, each level by its own numbering
    assert order_names(["2_证据/1.jpg", "10_结案/1.pdf", "1_封面.pdf", "2_证据/10.jpg", "2_证据/9.jpg"]) == \
        ["1_封面.pdf", "2_证据/1.jpg", "2_证据/9.jpg", "2_证据/10.jpg", "10_结案/1.pdf"]
    assert leading_number("3-2 补充材料") == (3, 2)
    assert leading_number("20250301_阅卷笔录") is None  # a date, not file number 20250301


def test_name_type_and_page_files():
    assert name_type("03_授权委托书.jpg") == "power_of_attorney"
    assert name_type("（7）法律援助公函.pdf") == "aid_letter"
    assert name_type("01_卷宗封面.pdf") == "cover"
    assert name_type("身份证正面.jpg") == "identity"
    assert name_type("结案报告/扫描1.jpg") == "closing_report"  # the folder names the type
    assert name_type("IMG_0001.jpg") is None
    assert page_marker("05_判决书_2") == ("05_判决书", 2)
    assert page_marker("01") == ("01", None)
    assert continues("05_判决书_1.jpg", "05_判决书_2.jpg")
    assert continues("05_判决书.pdf", "05_判决书_2.jpg")
    assert not continues("05_判决书_2.jpg", "06_结案报告.pdf")
    assert not continues("a/05_判决书_1.jpg", "b/05_判决书_2.jpg")


# ------------------------------------------------------------------ zips
def test_gbk_and_utf8_names_and_nested_folders(tmp_path):
    src = _jpeg(tmp_path / "p.jpg")
    z = write_zip([("01_卷宗封面.jpg", src), ("证据材料/02_证据清单.jpg", src), ("03_结案报告.jpg", src)],
                  tmp_path / "c.zip", gbk={"01_卷宗封面.jpg", "证据材料/02_证据清单.jpg"})
    with zipfile.ZipFile(z) as zf:
        infos = zf.infolist()
        assert [bool(i.flag_bits & 0x800) for i in infos] == [False, False, True]
        assert [member_name(i) for i in infos] == ["01_卷宗封面.jpg", "证据材料/02_证据清单.jpg", "03_结案报告.jpg"]
    with open_case(z, tmp_path / "work") as case:
        assert [f.name for f in case.files] == ["01_卷宗封面.jpg", "03_结案报告.jpg", "证据材料/02_证据清单.jpg"]
        assert all(f.path.is_file() for f in case.files)
        assert not case.errors
    assert not (tmp_path / "work" / "files").exists()  # extracted files are removed afterwards


def test_path_traversal_and_absolute_names_are_not_written(tmp_path):
    src = _jpeg(tmp_path / "p.jpg")
    z = write_zip([("../../evil.jpg", src), ("/abs/evil.jpg", src), ("C:\\win\\evil.jpg", src),
                   ("ok/../../evil2.jpg", src), ("ok/01_封面.jpg", src)], tmp_path / "bad.zip")
    dest = tmp_path / "deep" / "dest"
    written, problems = extract(z, dest)
    assert written == [dest.resolve() / "ok" / "01_封面.jpg"]
    assert len(problems) == 4 and all("路径不安全" in p.reason_zh for p in problems)
    assert not list(tmp_path.rglob("evil*"))


def test_zip_bomb_limits(tmp_path):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("01_zeros.pdf", b"\0" * (8 << 20))  # ~1000:1
        zf.writestr("02_ok.jpg", (tmp_path / "x").name.encode() * 10)
    written, problems = extract(bomb, tmp_path / "d1")
    assert [w.name for w in written] == ["02_ok.jpg"]
    assert "压缩炸弹" in problems[0].reason_zh and problems[0].name == "01_zeros.pdf"
    with pytest.raises(ZipBombError) as exc:
        extract(bomb, tmp_path / "d2", ZipLimits(max_total_bytes=1 << 20))
    assert "上限" in exc.value.reason_zh
    with pytest.raises(ZipBombError):
        extract(bomb, tmp_path / "d3", ZipLimits(max_members=1))


def _encrypt_flags(data: bytes) -> bytes:
    """Set the 'encrypted' bit of every member (local and central headers), as a password tool would."""
    buf = bytearray(data)
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = buf.find(sig)
        while i >= 0:
            buf[i + off] |= 0x01
            i = buf.find(sig, i + 4)
    return bytes(buf)


def test_password_protected_zip(tmp_path):
    src = _jpeg(tmp_path / "p.jpg")
    plain = write_zip([("01_封面.jpg", src)], tmp_path / "plain.zip")
    locked = tmp_path / "locked.zip"
    locked.write_bytes(_encrypt_flags(plain.read_bytes()))
    with pytest.raises(EncryptedZipError) as exc:
        extract(locked, tmp_path / "d")
    assert "密码" in exc.value.reason_zh and "password" in exc.value.reason
    from service.review_file import review_edossier

    with pytest.raises(DossierError):
        review_edossier(locked, ocr=False)


def test_damaged_zip_is_a_case_error(tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    from service.review_file import review_edossier

    with pytest.raises(DossierError) as exc:
        review_edossier(bad, ocr=False)
    assert "压缩包" in exc.value.reason_zh


# ------------------------------------------------------------------ assembly and review
def test_assembled_pdf_is_stable_and_maps_pages(case_folder, tmp_path):
    """Same files -> same bytes (the OCR cache is keyed by the bound file's SHA-256)."""
    case = collect(case_folder)
    a = assemble(case, tmp_path / "a.pdf")
    b = assemble(case, tmp_path / "b.pdf")
    assert hashlib.sha256(a.pdf.read_bytes()).digest() == hashlib.sha256(b.pdf.read_bytes()).digest()
    assert len(a.sources) == _truth(SMALL)["pages"]
    assert [s.page for s in a.sources] == list(range(1, len(a.sources) + 1))
    assert a.sources[0].file.endswith("卷宗封面.pdf") and a.sources[0].named_type == "cover"


def test_corrupt_member_is_skipped_and_recorded(case_folder):
    from service.review_file import review_edossier

    good = sorted(case_folder.iterdir())[0]
    (case_folder / "99_损坏的扫描件.jpg").write_bytes(_jpeg(case_folder / "tmp.jpg").read_bytes()[:300])
    (case_folder / "tmp.jpg").unlink()
    (case_folder / "说明.docx").write_bytes(b"PK\x03\x04 docx")
    review = review_edossier(case_folder, ocr=False)
    msgs = [e["message"] for e in review.errors if e["stage"] == "edossier"]
    assert any("99_损坏的扫描件.jpg" in m and "已损坏" in m for m in msgs)
    assert any("说明.docx" in m and "不是PDF或图片" in m for m in msgs)
    assert review.pages == _truth(SMALL)["pages"] and review.grade
    assert review.sources[0]["file"] == good.name


def test_case_with_nothing_usable_is_an_error(tmp_path):
    from service.review_file import review_edossier

    folder = tmp_path / "empty_case"
    folder.mkdir()
    (folder / "01_封面.jpg").write_bytes(b"\xff\xd8\xff broken")
    with pytest.raises(EmptyEdossierError) as exc:
        review_edossier(folder, ocr=False)
    assert "没有可读取" in exc.value.reason_zh and "01_封面.jpg" in exc.value.reason


def test_edossier_review_sources_and_evidence_name_files(tmp_path):
    """One document as a JPEG scan (OCR'd): sources map every page; findings name the files."""
    from service.review_file import is_edossier, review_edossier, review_file

    z, plan = split_to_zip(SMALL, tmp_path / "case.zip", seed=3, max_scanned_pages=1)
    assert is_edossier(z) and is_edossier(tmp_path) and not is_edossier(SMALL)
    scan = next(f for f in plan if f.scanned)
    review = review_edossier(z)
    contract = review.to_contract()
    assert contract["file"] == "case.zip"
    assert [s["page"] for s in contract["sources"]] == list(range(1, contract["pages"] + 1))
    assert contract["sources"][scan.pages[0] - 1] == {"page": scan.pages[0], "file": scan.name, "page_in_file": 1}
    bound = review_file(SMALL)
    assert [(d.type, d.first_page) for d in review.documents] == [(d.type, d.first_page) for d in bound.documents]
    failed = [f for f in contract["findings"] if f["status"] == "fail" and f["pages"]]
    assert failed, "the sample has page-bound defects"
    for f in failed:
        page = f["pages"][0]
        assert f"第{page}页来自“{contract['sources'][page - 1]['file']}”" in f["message"]
        for ev in f.get("evidence", []):
            if ev["page"]:
                assert ev["file"] == contract["sources"][ev["page"] - 1]["file"]


# ------------------------------------------------------------------ batches
def test_find_edossiers_and_case_hash(case_folder, tmp_path):
    root = tmp_path / "root"
    (root / "2025" / "q3").mkdir(parents=True)
    z = write_zip([(p.name, p) for p in sorted(case_folder.iterdir())], root / "2025" / "case_b.zip")
    folder = root / "2025" / "q3" / "case_c"
    folder.mkdir()
    for p in case_folder.iterdir():
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "附件").mkdir()  # nested folder belongs to case_c, not a case of its own
    _jpeg(folder / "附件" / "1.jpg")
    assert find_edossiers(root) == [z, folder]
    assert case_sha256(folder) == case_sha256(folder) and case_sha256(folder) != case_sha256(case_folder)


def test_edossiers_batch_over_two_cases_with_database_and_resume(case_folder, tmp_path):
    from cli import main
    from store.results import ResultStore

    root = tmp_path / "cases"
    root.mkdir()
    write_zip([(p.name, p) for p in sorted(case_folder.iterdir())], root / "case_zip.zip",
              gbk={p.name for p in case_folder.iterdir()})
    folder = root / "case_dir"
    folder.mkdir()
    for p in sorted(case_folder.iterdir())[:6]:
        (folder / p.name).write_bytes(p.read_bytes())
    db = f"sqlite:///{tmp_path / 'r.db'}"
    out = tmp_path / "json"
    argv = ["review", "--edossiers", str(root), "--db", db, "--json", str(out), "--quiet", "--workers", "1",
            "--no-progress"]
    assert main(argv) == 0
    contracts = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in out.rglob("*.json")}
    assert set(contracts) == {"case_zip.json", "case_dir.json"}
    assert contracts["case_zip.json"]["sources"][0]["file"].endswith("卷宗封面.pdf")
    assert contracts["case_dir.json"]["pages"] == len(contracts["case_dir.json"]["sources"])
    store = ResultStore(db)
    assert store.count() == 2
    from service.batch import run_batch

    again = run_batch(find_edossiers(root), store=store, workers=1, progress=False)
    assert again.skipped == 2 and again.reviewed == 0


def test_cli_single_edossier_reports_bad_case(tmp_path, capsys):
    from cli import main

    folder = tmp_path / "nothing"
    folder.mkdir()
    (folder / "readme.txt").write_text("x")
    assert main(["review", str(folder), "--edossier", "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "没有可读取" in err and "no readable" in err


def test_folder_links_leaving_the_case_are_not_read(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    _jpeg(outside / "secret.jpg")
    case = tmp_path / "case"
    case.mkdir()
    _jpeg(case / "01_封面.jpg")
    (case / "02_链接.jpg").symlink_to(outside / "secret.jpg")
    (case / "03_目录").symlink_to(outside, target_is_directory=True)
    files = collect(case)
    assert [f.name for f in files.files] == ["01_封面.jpg"]
    assert any("02_链接.jpg" in e.message and "链接" in e.message for e in files.errors)
