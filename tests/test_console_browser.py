"""Real-browser run of the console: Debian chromium driven by Playwright.

Logs in as a reviewer, opens an assigned dossier, overrides one finding with a
reason, restarts the server in the middle of the review (nothing is lost),
submits, then checks the stored score and the exported review form.
Skipped when /usr/bin/chromium or playwright is missing (never `playwright install`).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium: apt-get install -y chromium"),
]
playwright = pytest.importorskip("playwright.sync_api", reason="needs `pip install playwright` (no browser download)")

from service import demo
from store import make_engine, repo  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, env: dict, port: int):
        self.env, self.port, self.proc = env, port, None

    def start(self) -> "Server":
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
             "--server.port", str(self.port), "--server.fileWatcherType", "none",
             "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{self.port}/_stcore/health", timeout=2).read() == b"ok":
                    return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("streamlit did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


@pytest.fixture
def setup(tmp_path):
    db = tmp_path / "browser.db"
    eng = make_engine(f"sqlite:///{db}")
    info = demo.seed_demo(eng, demo.generated_corpus(tmp_path / "corpus", n=2, seed=5), demo.truth_only)
    env = dict(os.environ, JUANPING_DB_URL=f"sqlite:///{db}", JUANPING_DATA_DIR=str(tmp_path / "data"))
    server = Server(env, _free_port()).start()
    yield server, eng, info
    server.stop()


SHOTS = os.environ.get("JUANPING_SCREENSHOTS")  # a folder: save what the browser showed at each step


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.wait_for_timeout(1500)  # let Streamlit finish painting
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _login_and_open(page, url: str) -> None:
    page.goto(url)
    page.get_by_label("用户名").fill("reviewer1", timeout=60000)
    _shot(page, "01_login")
    page.get_by_label("密码").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("button", name="打开评查").click(timeout=60000)
    page.get_by_text("评查项目（待复核项在前）").wait_for(timeout=60000)
    _shot(page, "02_dossier_review")


def _expander(page, item: str):
    return page.locator('[data-testid="stExpander"]').filter(has_text=f"{item} ").first


def test_reviewer_overrides_restarts_submits_in_chromium(setup):
    server, eng, info = setup
    a = repo.assignments(eng, reviewer_id=info["users"]["reviewer1"])[0]
    model = {f["item"]: f for f in a.dossier.contract["findings"]}
    item = next(i for i in ("MD-14", "MD-13", "MD-06", "MD-03") if model[i]["status"] == "pass")
    reason = "浏览器测试：卷内未见该材料"
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        _login_and_open(page, server.url)
        box = _expander(page, item)
        box.locator("summary").click()
        box.get_by_text("改判", exact=True).click()
        box.get_by_label("理由（必填）").fill(reason)
        box.get_by_label("理由（必填）").press("Control+Enter")
        box.get_by_role("button", name="保存").click()
        _shot(page, "03_override_saved")
        deadline = time.time() + 30
        while item not in repo.effective_decisions(eng, a.id) and time.time() < deadline:
            time.sleep(0.3)
        dec = repo.effective_decisions(eng, a.id)[item]
        assert dec.action == "override" and dec.new_status == "fail" and dec.reason == reason

        # F5 in the middle of the review: still logged in, on the same task, the decision shown
        assert f"task={a.id}" in page.url and "s=" in page.url
        page.reload()
        page.get_by_text("评查项目（待复核项在前）").wait_for(timeout=60000)
        assert page.get_by_label("用户名").count() == 0 and f"task={a.id}" in page.url
        box = _expander(page, item)
        box.locator("summary").click()
        box.get_by_text(reason).first.wait_for(timeout=30000)
        _shot(page, "03b_after_reload")

        # restart the server in the middle of the review: the decision is still there
        server.stop()
        server.start()
        _login_and_open(page, server.url)
        box = _expander(page, item)
        box.locator("summary").click()
        box.get_by_text(reason).first.wait_for(timeout=30000)

        page.get_by_text("本人已逐项审阅，确认以上评查意见").click()
        page.get_by_role("button", name="提交评查表").click()
        page.get_by_text("已提交：").first.wait_for(timeout=30000)
        _shot(page, "04_submitted")
        with page.expect_download(timeout=60000) as dl:
            page.get_by_role("button", name="下载评查表（PDF）").click()
        downloaded = Path(dl.value.path()).read_bytes()
        browser.close()

    done = repo.get_assignment(eng, a.id)
    score, grade, _ = repo.assignment_result(eng, a.id)
    assert done.status == "submitted" and done.signature_name == "王律师"
    assert done.score == score == (a.dossier.model_score - model_deduction(item))
    import pypdfium2 as pdfium
    assert downloaded.startswith(b"%PDF")
    doc = pdfium.PdfDocument(downloaded)
    text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    doc.close()
    assert reason in text and item in text and "王律师" in text and f"{score:g}" in text


def model_deduction(item: str) -> float:
    from review.checklist import default_checklist
    return default_checklist().item(item).points
