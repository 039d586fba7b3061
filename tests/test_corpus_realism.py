"""Generator realism (issue 9): what real dossiers carry appears in the text layer, and the
ground truth never calls it a defect."""
from __future__ import annotations

import json
import re

import pypdfium2 as pdfium
import pytest

from eval.corpus import generate_corpus
from eval.corpus.checklist import (ADOPTION_WORDS, CALLBACK_CLOSED, CALLBACK_FAILED, CALLBACK_HANDLED,
                                   CALLBACK_REACHED, COURT_REQUEST_KEYWORDS, OUTCOME_WORDS, REQUEST_KEYWORDS)
from eval.corpus.templates.realism import TABLES

pytestmark = pytest.mark.slow  # renders corpora / OCRs / builds wheels: the full run only

_DATE_CH = "0123456789〇○零一二三四五六七八九十年月日"
# a signing date with one seal character inside it: 二〇二五年苏三月四日
SEAL_IN_DATE = re.compile(rf"^[{_DATE_CH}]*年[{_DATE_CH}]*[^\s{_DATE_CH}][{_DATE_CH}]*日$")
OWN_NUMBER = re.compile(r"(法援|援|司援|司法援)(决|指|函|公函|审|告|派|受|批)字?[〔（(]?\d{4}|〔\d{4}〕(决|指)字")
QUOTED = re.compile(r"(于|，)(\d{4}年\d{1,2}月\d{1,2}日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)")
FIRM_CLOSING = [e["title"] for e in TABLES["firm_closing"]]


@pytest.fixture(scope="module")
def dossiers(tmp_path_factory) -> list[tuple[dict, list[str]]]:
    """(truth, text of each page) for 12 rendered dossiers of all families."""
    out = tmp_path_factory.mktemp("realism")
    result = []
    for pdf in generate_corpus(out, 12, seed=23):
        truth = json.loads(pdf.with_name(pdf.name.replace(".pdf", ".truth.json")).read_text(encoding="utf-8"))
        doc = pdfium.PdfDocument(str(pdf))
        texts = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
        doc.close()
        result.append((truth, texts))
    return result


def _status(truth: dict, item: str) -> str:
    return next(f["status"] for f in truth["findings"] if f["item"] == item)


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.replace("\r", "").split("\n")]


def test_wording_holds_no_check_keyword():
    """Realism wording must not answer a request, name an outcome or a callback result."""
    words = [w for ws in REQUEST_KEYWORDS.values() for w in ws] + COURT_REQUEST_KEYWORDS + OUTCOME_WORDS + \
        ADOPTION_WORDS + CALLBACK_FAILED + CALLBACK_REACHED + CALLBACK_CLOSED + CALLBACK_HANDLED
    blob = json.dumps(TABLES, ensure_ascii=False)
    assert not [w for w in words if w in blob]


def test_family_d_wording_is_held_out():
    """In every family-split pool (4+ entries) family D's entries are not any of A-C's."""
    def pools(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k != "by_province":
                    yield from pools(v)
        elif isinstance(node, list) and len(node) >= 4 and not isinstance(node[0], list):
            yield node
    for pool in pools(TABLES):
        keys = [json.dumps(e, ensure_ascii=False) for e in pool]
        d = {k for k in keys[3::4] if k != '""'}
        assert not d & set(keys[0::4] + keys[1::4] + keys[2::4]), pool


def test_own_document_numbers_are_not_another_case(dossiers):
    found = passing = 0
    for truth, texts in dossiers:
        other = {f["page"] for f in truth["page_flags"] if f["flag"] == "other_case"}
        bd7 = {p for d in truth["defects"] if d["item"] == "BD-07" for p in d["pages"]}
        assert bd7 <= other
        own = [lab["page"] for lab, text in zip(truth["page_labels"], texts)
               if lab["page"] not in other and OWN_NUMBER.search(text)]
        assert not set(own) & bd7
        found += len(own)
        passing += bool(own) and _status(truth, "BD-07") == "pass"
    assert found >= 10 and passing >= 5


def test_seal_characters_inside_signing_dates(dossiers):
    clean = 0
    hits = 0
    for truth, texts in dossiers:
        pages = [lab for lab, text in zip(truth["page_labels"], texts) if any(SEAL_IN_DATE.match(ln) for ln in _lines(text))]
        hits += len(pages)
        if pages and not any(d["item"].startswith("TL") for d in truth["defects"]):
            clean += 1
            assert all(_status(truth, f"TL-0{i}") != "fail" for i in range(1, 6))
    assert hits >= 5 and clean >= 2


def test_dates_quoted_in_bodies_and_chinese_numeral_dates(dossiers):
    quoted = sum(1 for _, texts in dossiers for t in texts if QUOTED.search(t.replace("\r\n", "")))
    cn = sum(1 for _, texts in dossiers for t in texts if re.search(r"[〇○零]", t))
    assert quoted >= 10 and cn >= 10


def test_cover_with_bracketed_and_empty_fields(dossiers):
    seen = 0
    for truth, texts in dossiers:
        if truth["page_labels"][0]["type"] != "cover":
            continue
        if re.search(r"（\s*）|（　+）|（签名）|（签字）|——", texts[0]):
            assert truth["case"]["case_no"] in texts[0]
            seen += _status(truth, "BD-08") == "pass"
    assert seen >= 3


def test_firm_forms_stand_in_for_center_forms(dossiers):
    closing = opinion = 0
    for truth, texts in dossiers:
        for lab, text in zip(truth["page_labels"], texts):
            head = "".join(_lines(text)[:3]).replace(" ", "")
            if lab["start"] and lab["type"] == "closing_report" and any(t in head for t in FIRM_CLOSING):
                closing += 1
                assert _status(truth, "MD-13") == "pass" and _status(truth, "FU-05") in ("pass", "fail")
            if lab["start"] and lab["type"] == "defense_opinion" and re.search(r"(辩护|代理)意见|意见书|代理人意见", head):
                opinion += 1
                assert _status(truth, "MD-10") == "pass"
    assert closing >= 2 and opinion >= 3


def test_later_pages_that_look_like_other_types(dossiers):
    """Continuation pages (a closing report's form page, a judgment's signature page, a meeting
    record's signature page) keep their document's type and do not start a document."""
    heads = {c["head"] for c in TABLES["closing_continuation"]}
    seen = set()
    for truth, texts in dossiers:
        if _status(truth, "BD-01") == "fail":
            continue
        for lab, text in zip(truth["page_labels"], texts):
            lines = [ln for ln in _lines(text) if ln and not re.fullmatch(r"[-第 \d页]+", ln)]
            if lab["start"] or not lines:
                continue
            if lab["type"] == "closing_report" and lines[0] in heads:
                seen.add("closing_report")
            if lab["type"] == "judgment" and len(lines) <= 25 and any("书记员" in ln for ln in lines) and \
                    not any("判决如下" in ln for ln in lines):
                seen.add("judgment")
            if lab["type"] == "meeting_record" and not any(ln.startswith(("问：", "答：", "律师：")) for ln in lines):
                seen.add("meeting_record")
    assert seen == {"closing_report", "judgment", "meeting_record"}
