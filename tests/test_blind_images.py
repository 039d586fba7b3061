"""Blind mode holds on page images: every page image a reviewer of the blind demo session sees
(the bundled samples, rendered as the review page renders them) is read back by OCR and shows no
firm, lawyer or client name and no ID or phone number; wrapped lines and red seals are covered."""
from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from console.render import page_png
from store.masking import ID_RE, PHONE_RE, redaction_spans
from store.seals import seal_boxes
from store.sessions import FIRM_PATTERN, blind_terms

SAMPLES = __import__("pathlib").Path(__file__).resolve().parents[1] / "samples"


def test_wrapped_id_phone_address_name_and_firm_are_covered_on_both_lines():
    text = ("兹证明胡洋刚，公民身份号码310602198\r\n801139892，住上海市宝山区新城街道新桥村4组78号，系常住人\r\n"
            "口。电话1331\r\n3574937。乙方（受托\r\n人）\r\n江苏明德律\r\n师事务所\r\n委托代理协议书")
    covered = [text[s:e] for s, e in redaction_spans(text, ("胡洋刚",), (FIRM_PATTERN,))]
    for part in ("310602198", "801139892", "1331", "3574937", "江苏明德律", "师事务所", "胡洋刚"):
        assert part in covered
    assert any("新桥村4组78号" in c for c in covered)  # the whole address, not half of it
    assert not any("委托代理" in c or "系常住人" in c for c in covered)  # a match reaches one line back only


def test_red_seal_is_found_and_covered():
    raw = Image.open(io.BytesIO(page_png(str(SAMPLES / "02_non_litigation.pdf"), 8, 1.0, False)))
    assert len(seal_boxes(raw)) == 1  # the firm's round seal on the agreement
    blind = Image.open(io.BytesIO(page_png(str(SAMPLES / "02_non_litigation.pdf"), 8, 1.0, True, (),
                                           "", (FIRM_PATTERN,), seals=True)))
    assert seal_boxes(blind) == []


@pytest.fixture(scope="module")
def blind_session(tmp_path_factory):
    """The demo's blind session over the bundled samples: (file path, the names blind mode hides)."""
    from service import demo
    from store import make_engine, repo

    eng = make_engine(f"sqlite:///{tmp_path_factory.mktemp('blind') / 'demo.db'}")
    info = demo.seed_demo(eng, demo.sample_pdfs(SAMPLES), demo.truth_only)
    out = []
    for a in repo.assignments(eng, reviewer_id=info["users"]["reviewer1"]):
        if a.session.blind:
            out.append((a.dossier.file_path, tuple(blind_terms(*repo.blind_names(a.dossier)))))
    assert len(out) == len(list(SAMPLES.glob("*.pdf")))
    return out


@pytest.mark.slow
def test_ocr_finds_no_name_id_or_phone_on_any_blind_page_image(blind_session):
    import pypdfium2 as pdfium

    from ingest.pages.ocr import default_engine

    ocr = default_engine()
    leaks = []
    for path, terms in blind_session:
        assert terms  # lawyer and client are known for every sample
        doc = pdfium.PdfDocument(path)
        sizes = [doc[i].get_size() for i in range(len(doc))]
        doc.close()
        for page, (w, h) in enumerate(sizes, start=1):
            png = page_png(path, page, 1.4, True, terms, "", (FIRM_PATTERN,), seals=True)  # as review.py shows it
            text = re.sub(r"\s", "", ocr.ocr_image(Image.open(io.BytesIO(png)), w, h).text)
            found = [t for t in terms if t in text] + re.findall(FIRM_PATTERN, text)
            found += ID_RE.findall(text) + PHONE_RE.findall(text)
            if found:
                leaks.append((path.rsplit("/", 1)[-1], page, found))
    assert not leaks, leaks
