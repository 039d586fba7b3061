"""A demo database (bundled samples, generator truth as the model output) for the subsidy and
提醒函 tests: seeded once per module, copied per test."""
from __future__ import annotations

import shutil
from pathlib import Path

from service import demo
from store import make_engine


def seed_template(base: Path) -> tuple[Path, dict]:
    db = base / "template.db"
    eng = make_engine(f"sqlite:///{db}")
    info = demo.seed_demo(eng, demo.sample_pdfs(), demo.truth_only)
    eng.dispose()
    return db, info


def private_copy(template: Path, tmp_path: Path) -> str:
    copy = tmp_path / "juanping.db"
    shutil.copy(template, copy)
    return f"sqlite:///{copy}"
