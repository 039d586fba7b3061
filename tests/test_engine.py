"""The engine runs every item and survives a broken check."""
from dataclasses import replace

from dossier_builders import build
from review.checklist import load_checklist
from review.checks.registry import REGISTRY, available_checks, check
from review.engine import review_dossier

CL = load_checklist()


def test_every_item_gets_one_finding():
    r = review_dossier(build())
    assert [f.item for f in r.findings] == CL.ids
    assert all(f.decided_by for f in r.findings)


def test_exception_in_check_becomes_uncertain(monkeypatch):
    @check("_boom_for_test")
    def boom(dossier, item, ctx):
        raise RuntimeError("kaputt")

    try:
        items = tuple(replace(i, check="_boom_for_test") if i.id == "BD-02" else i for i in CL.items)
        r = review_dossier(build(), replace(CL, items=items))
        f = r.finding("BD-02")
        assert f.status == "uncertain" and f.deduction == 0
        assert "kaputt" in f.error and "检查出错" in f.message
        assert any(e["stage"] == "review:BD-02" for e in r.errors)
        assert r.finding("BD-01").status == "pass"
    finally:
        REGISTRY.pop("_boom_for_test", None)


def test_not_applicable_items_skip_the_check():
    r = review_dossier(build(kind="non_litigation", stage=None))
    assert r.finding("MD-10").status == "not_applicable"
    assert r.finding("TL-02").status == "not_applicable"


def test_empty_dossier_does_not_crash():
    from pathlib import Path

    from ingest.datamodel import Dossier
    r = review_dossier(Dossier(path=Path("empty.pdf")))
    # no text at all: not gradable as a dossier (contract v2), never a score or grade
    assert r.verdict == "not_a_dossier" and r.findings == [] and r.score is None and r.grade is None


def test_registry_names_cover_checklist():
    assert {i.check for i in CL.items} <= set(available_checks())


def test_number_based_failure_on_a_scanned_page_goes_to_the_reviewer_as_uncertain():
    from dossier_builders import build
    from review.context import CheckContext
    from review.checklist import default_checklist
    from review.engine import run_item

    cl = default_checklist()
    digital = build(printed={5: 9})  # page 5 carries a wrong printed number
    ctx = CheckContext.build(digital, cl)
    assert run_item(digital, cl.item("BD-03"), ctx).status == "fail"
    scanned = build(printed={5: 9})
    for page in scanned.pages:
        page.text_source = "ocr"
    finding = run_item(scanned, cl.item("BD-03"), CheckContext.build(scanned, cl))
    assert finding.status == "uncertain" and finding.deduction == 0
    assert "OCR" in finding.message and finding.decided_by.endswith("+ocr")
