"""自查 (legal-aid center): review a batch before submission, sort by risk, 提醒函 per firm."""
from __future__ import annotations

from datetime import datetime

import streamlit as st

from console import security, state
from store.exports import reminder_letter_docx
from store.masking import mask_text
from store import repo, reports
from service.demo import model_contract, viewable


def _run_batch(eng, batch: str, firm, uploads) -> None:
    accepted = []
    for up in uploads:
        try:
            security.check_upload(up.name, up.getvalue())
            accepted.append(up)
        except security.InputRejected as exc:
            st.error(str(exc))
    uploads = accepted
    if not uploads:
        st.warning("没有可评查的 PDF 或 ZIP 文件。")
        return
    bar = st.progress(0.0, text="正在评查……")
    for i, up in enumerate(uploads, 1):
        path = repo.store_upload(up.name, up.getvalue())
        fid = firm.id if firm else None
        cid = firm.center_id if firm else None
        try:
            contract, version = model_contract(path)
            repo.add_dossier(eng, viewable(path), contract, firm_id=fid, center_id=cid, batch=batch, model_version=version)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
            repo.add_dossier(eng, path, None, firm_id=fid, center_id=cid, batch=batch, error=str(exc))
        bar.progress(i / len(uploads), text=f"已评查 {i}/{len(uploads)}：{up.name}")
    st.success(f"批次「{batch}」完成：{len(uploads)} 件")


def render() -> None:
    user = state.require("center_admin")
    eng = state.engine()
    st.title("自查")
    unmask = state.unmask_toggle(user, key="sc_unmask")
    with st.expander("上传一批案卷进行自查", expanded=not repo.batches(eng)):
        batch = st.text_input("批次名称", value=f"自查-{datetime.now():%Y%m%d-%H%M}", key="sc_batch")
        firms = [u for u in repo.units(eng, "firm") if user.unit_id is None or u.center_id in (None, user.unit_id)]
        firm = st.selectbox("承办律师事务所", firms or repo.units(eng, "firm"), format_func=lambda u: u.name,
                            key="sc_firm")
        ups = st.file_uploader("案卷 PDF 或电子卷宗 ZIP（一个 ZIP 为一件案件的全部文件，可多选）", type=["pdf", "zip"], accept_multiple_files=True, key="sc_files")
        if st.button("开始自查", type="primary", key="sc_go"):
            if not ups:
                st.warning("请先选择文件。")
            elif not batch.strip():
                st.warning("请填写批次名称。")
            else:
                _run_batch(eng, batch.strip(), firm, ups)
                st.session_state["sc_pick"] = batch.strip()
    batches = [b for b in repo.batches(eng) if b != "cli"]
    if not batches:
        st.info("还没有自查批次。")
        return
    if st.session_state.get("sc_pick") not in batches:
        st.session_state["sc_pick"] = batches[-1]
    pick = st.selectbox("批次", batches, key="sc_pick")
    rows = reports.selfcheck_rows(eng, pick)
    st.subheader("按风险排序（否决项、低分、待复核项多者在前）")
    st.dataframe([{"文件": r["file_name"], "律所": r["firm"], "案号": mask_text(r["case_no"] or "", user.role, unmask),
                   "否决": "⚠️ 是" if r["veto"] else "", "得分": r["score"], "等级": r["grade"],
                   "不符合项": r["fails"], "待复核": r["uncertain"],
                   "状态": "评查失败：" + (r["error"] or "") if r["status"] == "failed" else "已评查"}
                  for r in rows], hide_index=True, width="stretch")
    for r in rows:
        if r["status"] != "reviewed" or not (r["fails"] or r["uncertain"]):
            continue
        d = repo.get_dossier(eng, r["id"])
        with st.expander(f"{r['file_name']}：{r['fails']} 项不符合，{r['uncertain']} 项待复核"):
            for p in reports.problems_of(d.contract or {}):
                pages = "、".join(map(str, p["pages"])) or "—"
                st.markdown(f"- **{p['item']}** {p['title']}（第{pages}页）：{mask_text(p['message'], user.role, unmask)}")
    st.subheader("提醒函")
    center = user.unit.name if user.unit else "法律援助中心"
    letters = reports.reminders_by_firm(eng, pick)
    if not letters:
        st.info("本批次没有需要提醒的问题。")
    for i, (firm, items) in enumerate(sorted(letters.items())):
        st.download_button(f"下载提醒函：{firm}（{len(items)} 件）", key=f"letter_{i}",
                           on_click=state.export_logged(f"自查提醒函 {firm}"),
                           data=lambda firm=firm, items=items: reminder_letter_docx(firm, center, items),
                           file_name=f"提醒函_{firm}.docx",
                           mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
