"""Chinese throughout: every console page of every role, every tab and the open findings, as
chromium shows them, carries no Latin word outside a short allow-list (file formats, checklist item
ids). Icon ligatures, commands in code blocks and file paths are not prose and are not scanned."""
from __future__ import annotations

import os
import re

import pytest

from test_console_browser import CHROMIUM, Server, _free_port, playwright  # noqa: F401 - skips with it
from service import demo
from store import make_engine

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium: apt-get install -y chromium")]

ALLOWED = {"PDF", "ZIP", "DOCX", "XLSX", "JSON", "JSONL", "CSV", "MB", "OCR", "ID", "Kappa", "kappa",
           # keys as printed on the keyboard, in the buttons' shortcut hints
           "Alt", "Ctrl", "Shift", "PageDown", "PageUp", "Enter", "Esc"}
ITEM_ID = re.compile(r"^(MD|FU|BD|TL)$")  # the checklist's stable ids (MD-03 ...) assessors use
PATH = re.compile(r"(?:[A-Za-z]:)?(?:[/\\][\w.\-]+)+|[\w\-]+\.(?:pdf|zip|json|jsonl|xlsx|docx|csv)\b")

VISIBLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const el = node.parentElement;
    if (!el || !node.textContent.trim()) continue;
    if (el.closest('[data-testid="stIconMaterial"], code, pre, style, script, [aria-hidden="true"] svg')) continue;
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) continue;
    if (getComputedStyle(el).fontSize === '0px') continue;
    out.push(node.textContent);
  }
  return out.join('\\n');
}"""


def latin_words(text: str) -> set[str]:
    text = PATH.sub(" ", text)
    return {w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ALLOWED and not ITEM_ID.match(w)}


@pytest.fixture
def server(tmp_path):
    db = tmp_path / "latin.db"
    corpus = demo.generated_corpus(tmp_path / "corpus", n=2, seed=5)
    demo.seed_demo(make_engine(f"sqlite:///{db}"), corpus, demo.truth_only)
    from eval.run import main as evaluate

    report = tmp_path / "runs" / "eval"  # the trainer's page shows a real evaluation report
    assert evaluate(["--corpus", str(corpus[0].parent), "--report", str(report)]) == 0
    env = dict(os.environ, JUANPING_DB_URL=f"sqlite:///{db}", JUANPING_DATA_DIR=str(tmp_path / "data"),
               JUANPING_EVAL_DIR=str(report))
    srv = Server(env, _free_port()).start()
    yield srv
    srv.stop()


def _visit_all(page, found: dict, where: str) -> None:
    page.wait_for_timeout(2500)
    texts = [page.evaluate(VISIBLE_TEXT)]
    tabs = page.get_by_role("tab")
    for t in range(tabs.count()):
        tabs.nth(t).click()
        page.wait_for_timeout(1200)
        texts.append(page.evaluate(VISIBLE_TEXT))
    boxes = page.locator('[data-testid="stExpander"] summary')
    for b in range(min(boxes.count(), 8)):
        boxes.nth(b).click()
        page.wait_for_timeout(400)
    texts.append(page.evaluate(VISIBLE_TEXT))
    for w in latin_words("\n".join(texts)):
        found.setdefault(w, where)


def test_no_latin_words_on_any_console_page(server):
    found: dict[str, str] = {}
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        for user in ("reviewer1", "admin", "trainer"):
            page = browser.new_page(viewport={"width": 1500, "height": 1100})
            page.goto(server.url)
            _visit_all(page, found, "登录页")
            page.get_by_label("用户名").fill(user, timeout=60000)
            page.get_by_label("密码").fill(demo.DEMO_PASSWORD)
            page.get_by_role("button", name="登录").click()
            page.wait_for_timeout(3000)
            links = page.locator('[data-testid="stSidebarNavLink"]')
            for i in range(links.count()):
                links.nth(i).click()
                _visit_all(page, found, f"{user}: {links.nth(i).inner_text()}")
            if user == "reviewer1":
                page.locator('[data-testid="stSidebarNavLink"]').first.click()
                page.get_by_role("button", name="打开评查").click(timeout=60000)
                _visit_all(page, found, "reviewer1: 案卷评查（已打开）")
            page.close()
        browser.close()
    assert not found, f"Latin words shown to users: {found}"
