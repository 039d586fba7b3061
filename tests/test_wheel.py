"""The wheel carries everything a review needs: modules, data files, bundled weights, the console.

Built with pip from the project's own files and installed (without dependencies, which the test
environment already has) into a folder of its own; the review then runs from outside the
repository, so nothing can be found in the working tree by accident.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # renders corpora / OCRs / builds wheels: the full run only

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "01_criminal_defense.pdf"

PROBE = """
import json, sys
import app, cli, console, ingest, models, review
from models import default_classifier
from models.followups import default_followup_models
from review.calibration import default_calibration
mods = {m.__name__: m.__file__ for m in (app, cli, console, ingest, models, review)}
print(json.dumps({"files": mods, "classifier": type(default_classifier()).__name__,
                  "followups": default_followup_models() is not None,
                  "calibrated": bool(getattr(default_calibration(), "counts", None))}))
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # the project's own files (tracked or new, not ignored) in a clean tree: setuptools reuses a
    # build/ folder, which would hide a file the package configuration leaves out
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.split("\0")
    src = out / "src"
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(out / "dist")], check=True, cwd=out)
    wheel = next((out / "dist").glob("juanping-*.whl"))
    target = out / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, cwd=out)
    return target


def _run(target: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(target)}
    return subprocess.run([sys.executable, *args], cwd=target.parent, env=env, capture_output=True, text=True,
                          timeout=600)


def test_the_wheel_imports_the_console_and_loads_every_bundled_artifact(installed):
    probe = _run(installed, "-c", PROBE)
    assert probe.returncode == 0, probe.stderr[-2000:]
    got = json.loads(probe.stdout.strip().splitlines()[-1])
    assert all(Path(f).is_relative_to(installed) for f in got["files"].values()), got["files"]
    assert got["followups"] and got["calibrated"]


def test_the_wheel_reviews_a_sample(installed, tmp_path):
    out = tmp_path / "review.json"
    done = _run(installed, "-c", "import sys, cli; sys.exit(cli.main(sys.argv[1:]))",
                "review", str(SAMPLE), "--json", str(out))
    assert done.returncode in (0, 1), done.stderr[-2000:]  # 1: the sample has failed items
    contract = json.loads(out.read_text(encoding="utf-8"))
    assert contract["contract_version"] == 2 and contract["verdict"] == "dossier"
    assert len(contract["findings"]) == 33 and contract["case"]["case_no"]
