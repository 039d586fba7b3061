"""Acceptance of issue 11: the demo database's subsidy statement and November letters open in
LibreOffice (converted headless to PDF), on A4 pages, with human file names and the totals
computed here independently from the database rows and the YAML rules."""
from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from datetime import timezone
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pdfplumber
import pytest
import yaml
from sqlalchemy import select

from monthly_support import private_copy, seed_template
from store import make_engine, repo
from store.documents import write_month_letters, write_statement
from store.orm import Adjudication, DossierRow
from store.reporting_period import parse_month, parse_period
from store.sessions import ItemDecision, rescore
from store.subsidy_rules import load_rules

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [pytest.mark.slow,  # LibreOffice conversions: the full run only
              pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: "
                                 "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui")]
ROOT = Path(__file__).resolve().parents[1]
A4 = (595, 842)


def to_pdf(files: list[Path], out: Path, profile: Path) -> list[Path]:
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *map(str, files)], check=True, capture_output=True, timeout=180)
    pdfs = [out / (f.stem + ".pdf") for f in files]
    assert all(p.is_file() for p in pdfs), list(out.iterdir())
    return pdfs


def pdf_facts(path: Path) -> tuple[str, set[tuple[int, int]]]:
    with pdfplumber.open(path) as pdf:
        text = "".join((p.extract_text() or "") for p in pdf.pages)
        return text.replace("\n", "").replace(" ", ""), {(round(p.width), round(p.height)) for p in pdf.pages}


def independent_rows(engine) -> list[dict]:
    """Every reviewed dossier with its final grade from the raw rows: the center's adjudications
    laid over the stored contract, else the contract's own grade; its latest review time."""
    with repo.session(engine) as s:
        adj = defaultdict(list)
        for a in s.scalars(select(Adjudication)):
            adj[a.dossier_id].append(a)
        out = []
        for d in s.scalars(select(DossierRow)).unique():
            ruled = {a.item_id: ItemDecision(a.item_id, "override", a.decided_status) for a in adj[d.id]}
            final = rescore(d.contract, ruled) if ruled else None
            grade = final[1] if final else d.contract["grade"]
            failed = ({f.item for f in final[2] if f.status == "fail"} if final else
                      {f["item"] for f in d.contract["findings"] if f["status"] == "fail"})
            times = [d.created_at] + [a.created_at for a in adj[d.id]]
            when = max(t.replace(tzinfo=timezone.utc) if t.tzinfo is None else t for t in times)
            out.append({"id": d.id, "firm": d.firm.name, "case_no": d.case_no, "sha": d.sha256, "kind": d.case_kind,
                        "grade": grade, "when": when, "failed": failed})
    return out


def expected_total(rows: list[dict], scheme: str) -> Decimal:
    spec = yaml.safe_load((ROOT / "store/data/subsidy.yaml").read_text(encoding="utf-8"))["schemes"]
    amounts, factors = dict(spec["default"]["amounts"]), dict(spec["default"]["factors"])
    if scheme != "default":
        amounts |= spec[scheme].get("amounts", {})
        factors |= spec[scheme].get("factors", {})
    latest = {}
    for r in rows:  # one payment per case (firm + case number): its latest review
        key = (r["firm"], r["case_no"])
        if key not in latest or (r["when"], r["id"]) > (latest[key]["when"], latest[key]["id"]):
            latest[key] = r
    total = Decimal("0")
    for r in latest.values():
        base = Decimal(str(amounts[r["kind"]]["*"]))  # the demo's truth contracts carry no stage
        total += (base * Decimal(str(factors[r["grade"]]))).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return total


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    base = tmp_path_factory.mktemp("office")
    db, _ = seed_template(base)
    return make_engine(private_copy(db, base)), base


@pytest.mark.parametrize("scheme", ["default", "jiangsu_suzhou"])
def test_subsidy_statement_opens_in_libreoffice_with_the_right_total(demo_db, tmp_path, scheme):
    engine, _ = demo_db
    rows = independent_rows(engine)
    grades = {r["grade"] for r in rows}
    assert {"优秀", "良好", "合格", "不合格"} <= grades  # the demo has every grade band
    assert len({r["firm"] for r in rows}) >= 2 and len({r["when"].date().month for r in rows}) == 1
    st, path = write_statement(engine, parse_period("2026Q4"), load_rules(scheme), tmp_path / "out")
    assert path.name == "办案补贴_2026Q4.xlsx"
    want = expected_total(rows, scheme)
    assert st.total == want and want > 0
    [pdf] = to_pdf([path], tmp_path / "pdf", tmp_path / "lo_profile")
    text, sizes = pdf_facts(pdf)
    assert sizes == {A4}
    assert f"{want:,.2f}" in text and "总计" in text and "暂缓发放" in text and "待整改后发放" in text


def test_month_letters_open_in_libreoffice_with_every_failed_item(demo_db, tmp_path):
    engine, _ = demo_db
    rows = [r for r in independent_rows(engine) if r["when"].date().month == 11 and r["when"].year == 2026]
    latest = {}
    for r in rows:  # one file imported twice is one dossier: its latest review
        if r["sha"] not in latest or (r["when"], r["id"]) > (latest[r["sha"]]["when"], latest[r["sha"]]["id"]):
            latest[r["sha"]] = r
    per_firm: dict[str, tuple[int, int]] = {}
    for r in latest.values():
        if r["failed"]:
            n_dossiers, n_points = per_firm.get(r["firm"], (0, 0))
            per_firm[r["firm"]] = (n_dossiers + 1, n_points + len(r["failed"]))
    written = write_month_letters(engine, parse_month("2026-11"), tmp_path / "letters")
    assert {w.letter.firm.name for w in written} == set(per_firm) and len(per_firm) >= 2
    pdfs = to_pdf([w.path for w in written], tmp_path / "pdf", tmp_path / "lo_profile")
    for w, pdf in zip(written, pdfs):
        assert w.path.name == f"提醒函_{w.letter.firm.name}_2026年11月.docx"
        assert not re.search(r"[0-9a-f]{16}", w.path.name)
        text, sizes = pdf_facts(pdf)
        assert sizes == {A4}
        n_dossiers, n_points = per_firm[w.letter.firm.name]
        assert f"共有{n_dossiers}件案卷存在以下{n_points}个问题" in text, text[:300]
        assert w.letter.number in text and w.letter.firm.name in text
