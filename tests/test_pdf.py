import pytest

from ingest.errors import CorruptPdfError, DossierError, EmptyPdfError, EncryptedPdfError, NotPdfError
from ingest.pages.garbled import is_garbled
from ingest.pages.pdf import extract_pages

BODY = ["法律援助案件会见笔录", "会见时间：2025年6月3日", "受援人：张三"]


def test_text_lines_sizes(make_pdf):
    pages = extract_pages(make_pdf([[("会见笔录", 18)] + BODY]))
    assert len(pages) == 1
    p = pages[0]
    assert p.index == 1 and p.text_source == "pdfium" and p.rotation == 0
    assert p.text.splitlines()[0] == "会见笔录"
    assert [ln.text for ln in p.lines][1:] == BODY
    assert p.lines[0].size == pytest.approx(18, abs=0.1) and p.lines[1].size == pytest.approx(12, abs=0.1)
    assert p.title == "会见笔录"
    tops = [ln.top for ln in p.lines]
    assert tops == sorted(tops) and 100 < tops[0] < 130  # 40 mm = 113 pt from the top


def test_cff_font_read_by_pdfium(make_pdf):
    path = make_pdf([BODY], font="noto")
    p = extract_pages(path)[0]
    assert "受援人：张三" in p.text and not p.garbled
    # pdfplumber reads nothing from CFF fonts; the plumber engine falls back to pdfium
    assert "张三" in extract_pages(path, engine="pdfplumber")[0].text


def test_pdfplumber_engine(make_pdf):
    p = extract_pages(make_pdf([BODY]), engine="pdfplumber")[0]
    assert p.text_source == "pdf" and [ln.text for ln in p.lines] == BODY and p.lines[0].size > 0


@pytest.mark.parametrize("angle,expected", [(180, 180), (90, 270), (270, 90)])
def test_rotated_content(make_pdf, angle, expected):
    p = extract_pages(make_pdf([[("rotate", angle)] + BODY]))[0]
    assert p.rotation == expected
    assert [ln.text for ln in p.lines] == BODY  # upright reading order restored
    assert p.lines[0].top < p.lines[-1].top


def test_image_only_and_blank(make_pdf):
    scan, blank = extract_pages(make_pdf([[("image",)], []]))
    assert scan.image_only and scan.text_source == "none"
    assert not blank.image_only and blank.text == ""


def test_garbled_detection():
    assert is_garbled("(cid:12)(cid:34)(cid:56)(cid:78)")
    assert is_garbled("\ue001\ue002\ue003\ue004\ue005")
    assert is_garbled("ÂÉÊÂËÌÍÎÏÐÑÒ")  # GBK bytes read as Latin-1
    assert not is_garbled("会见笔录 2025年6月3日 受援人：张三")
    assert not is_garbled("")


def test_font_without_tounicode_is_garbled(tmp_path):
    """A CID font without a ToUnicode map (common in GBK-era documents): both engines fail."""
    import re

    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_compression(False)
    pdf.add_font("w", "", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
    pdf.set_font("w", size=12)
    pdf.add_page()
    pdf.cell(text="法律援助案件会见笔录 受援人张三 2025年6月3日")
    f = tmp_path / "nomap.pdf"
    f.write_bytes(re.sub(rb"/ToUnicode \d+ 0 R", b"", bytes(pdf.output())))
    p = extract_pages(f)[0]
    assert p.garbled and not p.readable and p.text_source == "none"


def test_garbled_pdfium_page_falls_back_to_pdfplumber(make_pdf, monkeypatch):
    import ingest.pages.pdf as mod

    real = mod._pdfium_page

    def broken(pdf, i):
        page = real(pdf, i)
        page.text, page.garbled = "\ue001\ue002\ue003\ue004\ue005", True
        return page

    monkeypatch.setattr(mod, "_pdfium_page", broken)
    p = extract_pages(make_pdf([BODY]))[0]
    assert p.text_source == "pdf" and not p.garbled and "张三" in p.text


def test_bad_inputs(tmp_path, make_pdf):
    good = make_pdf([BODY]).read_bytes()
    cases = {"notpdf.pdf": (b"PK\x03\x04 this is a zip", NotPdfError),
             "zero.pdf": (b"", EmptyPdfError),
             "garbage.pdf": (b"%PDF-1.4\n" + bytes(range(256)) * 8, CorruptPdfError),
             "trunc.pdf": (good[: len(good) // 3], CorruptPdfError)}
    for name, (data, exc) in cases.items():
        f = tmp_path / name
        f.write_bytes(data)
        with pytest.raises(exc) as info:
            extract_pages(f)
        assert isinstance(info.value, DossierError)
        assert str(info.value).startswith(name + ": ") and "\n" not in str(info.value)
        assert info.value.reason_zh


def test_encrypted(make_pdf):
    path = make_pdf([BODY], name="enc.pdf", password="s3cret")
    with pytest.raises(EncryptedPdfError) as info:
        extract_pages(path)
    assert not info.value.password_given
    with pytest.raises(EncryptedPdfError) as info:
        extract_pages(path, password="wrong")
    assert info.value.password_given and "wrong" in info.value.reason
    assert "张三" in extract_pages(path, password="s3cret")[0].text


def test_sixty_dense_pages_keep_every_line(make_pdf):
    """Every line of many dense pages survives extraction (speed lives in `juanping bench`, not here)."""
    lines = [f"第{i}行：法律援助案件承办情况，受援人张三，2025年6月{i % 28 + 1}日。" for i in range(30)]
    path = make_pdf([[(t, 25, 20 + 8 * k, 11) for k, t in enumerate(lines)] + [(str(n + 1), 185, 10, 10)]
                     for n in range(60)])
    pages = extract_pages(path)
    assert len(pages) == 60 and all(len(p.lines) == 31 for p in pages)
    assert pages[41].lines[-1].text.startswith("第29行") or any("第29行" in ln.text for ln in pages[41].lines)


def test_rotated_table_cells_in_upright_order(make_pdf):
    rows = [("rotate", 180), ("案号", 25, 50, 12), ("（2025）苏0508法援刑字第123号", 60, 50, 12),
            ("受援人", 25, 60, 12), ("张三", 60, 60, 12)]
    p = extract_pages(make_pdf([rows]))[0]
    assert p.rotation == 180
    assert p.text.splitlines() == ["案号 （2025）苏0508法援刑字第123号", "受援人 张三"]


def test_page_turned_by_rotate_entry_reads_in_order(make_pdf, tmp_path):
    """A page turned upside down by its /Rotate 180 entry (a scan bound the wrong way round):
    pdfium orders the glyphs as displayed, right to left; the lines read as written."""
    import pypdfium2 as pdfium
    title = "案件承办情况报告"
    glyphs = [(ch, 40 + 6 * i, 30, 14) for i, ch in enumerate(title)]  # placed glyph by glyph, as browsers print
    src = make_pdf([glyphs + [("本案已办结", 40, 50, 12)]])
    pdf = pdfium.PdfDocument(src)
    pdf[0].set_rotation(180)
    turned = tmp_path / "turned.pdf"
    pdf.save(turned)
    pdf.close()
    p = extract_pages(turned)[0]
    assert p.rotation == 180
    assert [ln.text.replace(" ", "") for ln in p.lines] == [title, "本案已办结"]
