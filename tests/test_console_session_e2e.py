"""A whole cross-evaluation session in real chromium: the admin creates a session, imports a dossier
(reviewed by the model), samples and assigns it; two reviewers review it differently, one of them
reloads (F5) in the middle and stays on the task; the admin adjudicates with the pages in view; the
final score is in the XLSX; the 评查表 PDF and the 提醒函 DOCX have human file names and A4 pages.
Screenshots of every step are kept in the test's output folder (tmp_path/screenshots)."""
from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest

from test_console_browser import CHROMIUM, Server, _expander, _free_port, playwright  # noqa: F401
from service import demo
from store import make_engine, repo

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium: apt-get install -y chromium")]
A4 = (595, 842)


@pytest.fixture
def site(tmp_path):
    db = tmp_path / "e2e.db"
    eng = make_engine(f"sqlite:///{db}")
    corpus = demo.generated_corpus(tmp_path / "corpus", n=3, seed=5)
    demo.seed_demo(eng, corpus[:2], demo.truth_only)
    env = dict(os.environ, JUANPING_DB_URL=f"sqlite:///{db}", JUANPING_DATA_DIR=str(tmp_path / "data"))
    server = Server(env, _free_port()).start()
    yield server, eng, corpus[2], tmp_path
    server.stop()


class Shots:
    def __init__(self, folder: Path):
        self.folder, self.n = folder, 0
        folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, page, name: str) -> None:
        self.n += 1
        page.wait_for_timeout(1200)
        page.screenshot(path=str(self.folder / f"{self.n:02d}_{name}.png"), full_page=True)


def login(page, url: str, user: str) -> None:
    page.set_default_timeout(90000)  # a busy 2-core machine: Streamlit reruns can take a while
    page.goto(url)
    page.get_by_label("用户名").fill(user, timeout=60000)
    page.get_by_label("密码").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.locator('[data-testid="stSidebarNavLink"]').first.wait_for(timeout=60000)


def pick(page, label: str, option: str) -> None:
    page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first.click()
    page.get_by_role("option", name=option).first.click()


def download(page, button) -> tuple[str, bytes]:
    """(suggested file name, bytes) of what a download button gives; a click lost in a rerun is
    clicked again."""
    for attempt in range(3):
        button.wait_for()
        page.wait_for_timeout(1500)  # let the previous click's rerun finish
        try:
            with page.expect_download(timeout=90000) as dl:
                button.click()
            return dl.value.suggested_filename, Path(dl.value.path()).read_bytes()
        except playwright.TimeoutError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def token_of(page) -> str:
    return re.search(r"[?&]s=([^&]+)", page.url).group(1)


def review_task(page, url: str, token: str, task: int) -> None:
    page.goto(f"{url}review?s={token}&task={task}")  # the task link
    page.get_by_text("评查项目（待复核项在前）").wait_for(timeout=60000)


def submit(page) -> None:
    page.get_by_text("本人已逐项审阅，确认以上评查意见").click()
    page.get_by_role("button", name="提交评查表").click()
    page.get_by_text("已提交：").first.wait_for(timeout=60000)


def test_a_whole_cross_evaluation_session(site):
    server, eng, pdf, tmp = site
    url, shot = server.url, Shots(tmp / "screenshots")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])

        # 1. admin: create the session, import a dossier, sample, assign
        admin = browser.new_page(viewport={"width": 1500, "height": 1100})
        login(admin, url, "admin")
        admin.get_by_text("创建评查会").first.click()
        admin.get_by_label("评查会名称").fill("端到端评查会")
        admin.get_by_label("抽样比例").fill("1")
        admin.get_by_role("button", name="创建评查会").click()
        admin.get_by_text("已创建评查会").wait_for(timeout=60000)
        admin.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(pdf))
        # the chip shows the file's name, shortened in the middle when it is long (0003_ad...rative.pdf)
        admin.locator('[data-testid="stFileChipName"]').filter(has_text=pdf.name[:7]).first.wait_for(timeout=30000)
        done, empty = admin.get_by_text("导入完成：1 件成功"), admin.get_by_text("请先选择文件或文件夹")
        for _ in range(5):  # on a loaded machine the upload may still be on its way when the button is clicked
            admin.get_by_role("button", name="导入并评查").click()
            (done.or_(empty)).first.wait_for(timeout=300000)
            if done.count():
                break
            admin.wait_for_timeout(3000)
        done.wait_for(timeout=1000)
        shot(admin, "admin_imported")
        admin.get_by_role("tab", name="抽样与分配").click()
        admin.get_by_role("button", name="按比例抽样").click()
        admin.get_by_text("抽中 1 件").wait_for(timeout=60000)
        admin.get_by_role("button", name="分配评查人（每卷两人，回避本单位）").click()
        admin.get_by_text("新建 2 条评查任务").wait_for(timeout=60000)
        shot(admin, "admin_assigned")
        rs = next(s for s in repo.review_sessions(eng) if s.name == "端到端评查会")
        (dossier,) = repo.dossiers(eng, session_id=rs.id)
        first, second = repo.assignments(eng, session_id=rs.id)
        model = {f["item"]: f for f in dossier.contract["findings"]}
        item = next(i for i in ("MD-14", "MD-13", "MD-06", "MD-03", "MD-07") if model[i]["status"] == "pass")

        # 2. the first reviewer overrides one item, reloads in the middle, submits
        r1 = browser.new_page(viewport={"width": 1500, "height": 1100})
        login(r1, url, first.reviewer.username)
        review_task(r1, url, token_of(r1), first.id)
        shot(r1, "reviewer1_task_link")
        box = _expander(r1, item)
        box.locator("summary").click()
        box.get_by_text("改判", exact=True).click()
        box.get_by_label("理由（必填）").fill("端到端：卷内未见该材料")
        box.get_by_label("理由（必填）").press("Control+Enter")
        box.get_by_role("button", name="保存").click()
        shot(r1, "reviewer1_override")
        r1.reload()  # F5: same reviewer, same task, decision kept
        r1.get_by_text("评查项目（待复核项在前）").wait_for(timeout=60000)
        assert r1.get_by_label("用户名").count() == 0 and f"task={first.id}" in r1.url
        shot(r1, "reviewer1_after_reload")
        submit(r1)
        shot(r1, "reviewer1_submitted")

        # 3. the second reviewer accepts the model's findings and submits
        r2 = browser.new_page(viewport={"width": 1500, "height": 1100})
        login(r2, url, second.reviewer.username)
        review_task(r2, url, token_of(r2), second.id)
        submit(r2)
        shot(r2, "reviewer2_submitted")

        # 4. admin adjudicates with the pages in view
        admin.reload()
        admin.get_by_role("tab", name="分歧裁决").wait_for(timeout=60000)
        pick(admin, "评查会", "端到端评查会")
        admin.get_by_role("tab", name="分歧裁决").click()
        box = admin.locator('[data-testid="stExpander"]').filter(has_text=item).first
        box.locator('[data-testid="stImage"]').first.wait_for(timeout=60000)  # the finding's pages
        shot(admin, "admin_adjudication_pages")
        ruling = box.locator('[data-testid="stSelectbox"]').filter(has_text="裁决结论").first
        ruling.scroll_into_view_if_needed()
        ruling.locator("input").click()
        ruling.locator("input").fill("不符合")
        ruling.locator("input").press("Enter")
        box.get_by_label("裁决理由（必填）").fill("合议：确未归档该材料")
        box.get_by_label("裁决理由（必填）").press("Enter")
        box.get_by_role("button", name="保存裁决").click()
        admin.get_by_text("最终得分与等级（同行评查与裁决后）").wait_for(timeout=60000)
        admin.get_by_text(re.compile(f"{item}.*已裁决：不符合")).first.wait_for(timeout=60000)
        shot(admin, "admin_adjudicated")

        # 5. exports: XLSX with the final score, 评查表 PDF, 提醒函 DOCX
        admin.get_by_role("tab", name="一致性与导出").click()
        admin.get_by_role("button", name="下载评查汇总（XLSX）").wait_for()
        shot(admin, "admin_export_tab")
        _, xlsx = download(admin, admin.get_by_role("button", name="下载评查汇总（XLSX）"))
        form_name, form = download(admin, admin.get_by_role("button", name="下载评查表（PDF）"))
        shot(admin, "admin_exports")
        admin.locator('[data-testid="stSidebarNavLink"]').filter(has_text="月度提醒函").click()
        admin.get_by_role("button", name=re.compile("出具.*提醒函")).click()
        letter_name, letter = download(admin, admin.get_by_role("button", name="下载提醒函（DOCX）").first)
        shot(admin, "admin_letters")
        browser.close()

    from openpyxl import load_workbook

    finals = {r[0]: r for r in load_workbook(io.BytesIO(xlsx))["最终结果"].iter_rows(values_only=True)}
    deduction = next(f for f in repo.assignment_result(eng, first.id)[2] if f.item == item).deduction
    assert deduction > 0
    assert finals[dossier.id][4] == pytest.approx(dossier.model_score - deduction)  # the ruling counts
    assert finals[dossier.id][6] == "裁决"

    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(form)
    assert all(tuple(round(x) for x in doc[i].get_size()) == A4 for i in range(len(doc)))
    doc.close()
    from docx import Document

    section = Document(io.BytesIO(letter)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    for name in (form_name, letter_name):
        assert not re.search(r"[0-9a-f]{12,}", name) and name.endswith((".pdf", ".docx"))
    assert form_name.startswith("评查表_") and letter_name.startswith("提醒函_")
    assert len(list((tmp / "screenshots").glob("*.png"))) >= 8
    from store.accounts import audit_log

    exports = [(e.actor, e.target) for e in audit_log(eng, "export")]  # every export is in the audit log
    assert ("admin", f"评查汇总 {rs.id}") in exports and any(t.startswith("评查表") for _, t in exports)
    assert any(t.startswith("提醒函") for _, t in exports)
