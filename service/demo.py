"""Model contracts for imported files and the demo seeded into an empty database."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Callable

from sqlalchemy.engine import Engine

from store import demo_month, repo
from store.sessions import rescore

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"

DEMO_PASSWORD = "juanping2026"
DEMO_UNITS = {"centers": ["苏州市法律援助中心", "无锡市法律援助中心"],
              "firms": [("江苏明德律师事务所", 0), ("苏州正衡律师事务所", 0),
                        ("无锡锡成律师事务所", 1), ("江苏太湖律师事务所", 1)]}
# username, display name, role, unit key ("c0", "f2"...)
DEMO_USERS = [("reviewer1", "王律师", "reviewer", "f0"), ("reviewer2", "李律师", "reviewer", "f2"),
              ("reviewer3", "赵律师", "reviewer", "f1"), ("reviewer4", "钱律师", "reviewer", "f3"),
              ("admin", "周主任", "center_admin", "c0"), ("admin2", "吴主任", "center_admin", "c1"),
              ("trainer", "孙工程师", "trainer", None)]


def truth_contract(pdf: Path) -> dict | None:
    """The contract part of a generator ``.truth.json`` next to ``pdf`` (scored with review.scoring)."""
    truth = pdf.with_name(pdf.stem + ".truth.json")
    if not truth.is_file():
        return None
    data = json.loads(truth.read_text(encoding="utf-8"))
    contract = {k: data[k] for k in ("file", "pages", "case", "documents", "page_flags", "findings") if k in data}
    score, grade, findings = rescore(contract, {})
    contract["findings"] = [f.to_contract() for f in findings]
    contract["score"], contract["grade"] = round(score, 1), grade
    contract["veto"] = any(f.veto and f.status == "fail" for f in findings)
    return contract


def model_contract(pdf: Path | str) -> tuple[dict, str]:
    """(contract, model_version) from the full pipeline (service.review_file.review_file).

    A review that fails raises: the console shows the failure for that file. The generator's
    truth is never shown as if it were the model's output (tests that want it say so and call
    ``truth_only``). Unreadable files raise ingest.errors.DossierError.
    """
    from models import model_version
    from review.report import review_to_json
    from service.review_file import is_edossier, review_edossier, review_file

    if is_edossier(pdf):  # a zip / folder of one case's files: its bound PDF is kept for viewing
        return review_to_json(review_edossier(Path(pdf), keep_bound=viewable(pdf, bound=True))), model_version()
    return review_to_json(review_file(Path(pdf))), model_version()


def viewable(path: Path | str, bound: bool = False) -> Path:
    """The PDF the console shows for a stored upload: an e-dossier's bound PDF (kept next to the
    zip by model_contract; ``bound``: its path even before it exists), else the file itself."""
    path = Path(path)
    copy = path.with_name(path.name + ".bound.pdf")
    return copy if path.suffix.lower() == ".zip" and (bound or copy.exists()) else path


def sample_pdfs(sample_dir: Path | None = None) -> list[Path]:
    """Bundled samples, or a small generated set when the folder is empty."""
    sample_dir = sample_dir or SAMPLES
    pdfs = sorted(sample_dir.glob("*.pdf")) if sample_dir.is_dir() else []
    if pdfs:
        return pdfs
    out = repo.data_dir().parent / "demo_corpus"
    if not sorted(out.glob("*.pdf")):
        subprocess.run([sys.executable, "-m", "eval.corpus", "--out", str(out), "--n", "4", "--seed", "11"],
                       cwd=ROOT, check=True, capture_output=True)
    return sorted(out.glob("*.pdf"))


def seed_demo(engine: Engine, pdfs: list[Path] | None = None,
              contract_fn: Callable[[Path], tuple[dict, str]] = model_contract) -> dict:
    """Units, users, one blind demo session with every sample dossier sampled and assigned."""
    centers = [repo.create_unit(engine, n, "center") for n in DEMO_UNITS["centers"]]
    firms = [repo.create_unit(engine, n, "firm", centers[c].id) for n, c in DEMO_UNITS["firms"]]
    unit = {f"c{i}": u.id for i, u in enumerate(centers)} | {f"f{i}": u.id for i, u in enumerate(firms)}
    users = {name: repo.create_user(engine, name, DEMO_PASSWORD, role, disp, unit.get(key) if key else None)
             for name, disp, role, key in DEMO_USERS}
    month = demo_month.create_session(engine, users["admin"].id)
    rs = repo.create_review_session(engine, "2026年第四季度交叉评查（演示）", users["admin"].id,
                                    sample_rate=1.0, seed=2026, blind=True)
    pdfs = pdfs if pdfs is not None else sample_pdfs()
    imported = []
    # dossiers of firms 0 and 2 (one per center): reviewer1 (firm 0) and reviewer2 (firm 2) review across
    for i, pdf in enumerate(pdfs):
        firm = firms[[1, 3][i % 2]]
        contract, version = contract_fn(pdf)
        repo.add_dossier(engine, pdf, contract, firm_id=firm.id, center_id=firm.center_id,
                         session_id=rs.id, model_version=version)
        imported.append((pdf, firm, contract, version))
    repo.draw_session_sample(engine, rs.id)
    # demo: reviewer1 and reviewer2 review every sampled dossier (both are from other units)
    _assign_demo(engine, rs.id, [users["reviewer1"].id, users["reviewer2"].id])
    # the center's November check of the same dossiers: final grades, subsidies and 提醒函
    demo_month.seed(engine, month, rs.id, imported, users["admin"].id)
    return {"session_id": rs.id, "users": {k: u.id for k, u in users.items()}}


def _assign_demo(engine: Engine, session_id: int, reviewer_ids: list[int]) -> None:
    from store.orm import Assignment
    with repo.session(engine) as s, s.begin():
        for d in repo.dossiers(engine, session_id=session_id, sampled=True):
            for r in reviewer_ids:
                s.add(Assignment(session_id=session_id, dossier_id=d.id, reviewer_id=r, status="draft"))


def ensure_demo(engine: Engine) -> dict | None:
    """Seed the demo once, into an empty database only (never beside real accounts or results)."""
    if repo.is_empty(engine):
        return seed_demo(engine)
    return None


def generated_corpus(out: Path, n: int = 4, seed: int = 7) -> list[Path]:
    """Synthetic dossiers from the corpus generator (reused if already there)."""
    out = Path(out)
    if not sorted(out.glob("*.pdf")):
        from eval.corpus.generate import generate_corpus
        generate_corpus(out, n, seed)
    return sorted(out.glob("*.pdf"))


def truth_only(pdf: Path) -> tuple[dict, str]:
    """contract_fn for tests and offline demos: the generator's truth as the 'model' output."""
    contract = truth_contract(Path(pdf))
    if contract is None:
        raise FileNotFoundError(f"{pdf}: no truth file")
    return contract, "truth"
