"""评查会管理 (center admin): create a session, import dossiers, draw the sample, assign,
watch progress, adjudicate disagreements side by side, kappa and exports."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from console import render as rnd
from console import security, state
from store.exports import review_form_pdf, session_summary_xlsx
from store.masking import mask_text
from store import repo, reports
from service.demo import model_contract, viewable



def _fmt(v) -> str:
    return "—" if v is None else f"{v:.3f}"


def _import(eng, rs, files: list[tuple[str, Path]], firm) -> None:
    bar = st.progress(0.0, text="正在用模型评查导入的案卷……")
    ok = bad = 0
    for i, (name, path) in enumerate(files, 1):
        try:
            contract, version = model_contract(path)
            repo.add_dossier(eng, viewable(path), contract, firm_id=firm.id, center_id=firm.center_id, session_id=rs.id,
                             model_version=version)
            ok += 1
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
            repo.add_dossier(eng, path, None, firm_id=firm.id, center_id=firm.center_id, session_id=rs.id,
                             error=str(exc))
            st.warning(f"{name}：无法评查（{exc}）")
            bad += 1
        bar.progress(i / len(files), text=f"{i}/{len(files)} {name}")
    st.success(f"导入完成：{ok} 件成功，{bad} 件失败。")


def _act(run, done) -> None:
    """Run an admin action; its refusal (a ValueError with a Chinese reason) is shown, not raised."""
    try:
        done(run())
    except ValueError as exc:  # ResampleRefused, AssignmentError ...
        st.error(str(exc))


def _create(eng, user) -> None:
    with st.form("create_session"):
        name = st.text_input("评查会名称", key="new_name")
        c1, c2, c3 = st.columns(3)
        rate = c1.number_input("抽样比例", min_value=0.01, max_value=1.0, value=0.05, step=0.01, key="new_rate")
        seed = c2.number_input("随机种子", min_value=0, value=2026, step=1, key="new_seed")
        blind = c3.checkbox("盲评（隐去律所、律师、受援人）", value=True, key="new_blind")
        ok = st.form_submit_button("创建评查会")
    if ok:
        try:
            rs = repo.create_review_session(eng, name or "", user.id, float(rate), int(seed), bool(blind))
            st.session_state["admin_session"] = rs.id
            st.session_state["admin_pick"] = rs.id
            st.success(f"已创建评查会「{rs.name}」")
        except ValueError as exc:
            st.error(str(exc))


RULINGS = ["pass", "fail", "not_applicable"]  # a ruling is final: 待人工复核 is no ruling


def _evidence_pages(eng, d, model: dict) -> None:
    """The pages the model's finding rests on, with its evidence highlighted (personal data masked)."""
    pages = list(dict.fromkeys(model.get("pages") or [e.get("page") for e in model.get("evidence", []) if e.get("page")]))
    path = d.file_path  # stored as what the console shows (an e-dossier's bound PDF)
    if not pages or not path or not Path(path).is_file():
        st.caption("该项没有可显示的页面。")
        return
    quotes = {e.get("page"): e.get("text", "") for e in model.get("evidence", []) if e.get("page")}
    cols = st.columns(3)  # a third of the width each: the decision stays in view
    for col, page in zip(cols, pages[:3]):
        col.image(rnd.page_png(path, int(page), 1.0, True, (), quotes.get(page, "")), caption=f"第 {page} 页",
                  width="stretch")


def _adjudicate(eng, user, rs, agr) -> None:
    dis = agr["disagreements"]
    if not dis:
        st.info("两名评查人均已提交的案卷中暂无分歧。")
        return
    pairs = agr["pairs"]
    for k, x in enumerate(dis):
        a1, a2 = pairs[x["dossier_id"]]
        d1 = repo.effective_decisions(eng, a1.id).get(x["item"])
        d2 = repo.effective_decisions(eng, a2.id).get(x["item"])
        model = next((f for f in (a1.dossier.contract or {}).get("findings", []) if f["item"] == x["item"]), {})
        done = f"　已裁决：{state.STATUS_ZH.get(x['adjudicated'])}" if x["adjudicated"] else "　待裁决"
        with st.expander(f"{x['file_name']} · {x['item']}{done}", expanded=not x["adjudicated"]):
            c0, c1, c2 = st.columns(3)
            c0.markdown(f"**模型**：{state.STATUS_ZH.get(model.get('status'), '—')}\n\n{mask_text(model.get('message', ''))}")
            c1.markdown(f"**{a1.reviewer.display_name}**：{state.STATUS_ZH.get(x['first'])}\n\n{d1.reason if d1 else '（采纳模型结论）'}")
            c2.markdown(f"**{a2.reviewer.display_name}**：{state.STATUS_ZH.get(x['second'])}\n\n{d2.reason if d2 else '（采纳模型结论）'}")
            _evidence_pages(eng, a1.dossier, model)
            if x["adjudicated"]:
                st.success(f"已裁决为「{state.STATUS_ZH.get(x['adjudicated'])}」，理由：{x.get('adjudication_reason') or '—'}"
                           "　（可重新裁决，以最后一次为准）")
            status = st.selectbox("裁决结论", RULINGS, index=None, placeholder="请选择裁决结论",
                                  format_func=state.STATUS_ZH.get, key=f"adj_st_{k}")
            reason = st.text_input("裁决理由（必填）", key=f"adj_reason_{k}")
            if st.button("保存裁决", key=f"adj_save_{k}"):
                if status is None or not (reason or "").strip():
                    st.error("请选择裁决结论并填写裁决理由。")
                else:
                    repo.adjudicate(eng, rs.id, x["dossier_id"], x["item"], status, user.id, reason)
                    st.rerun()
    finals = reports.session_final_results(eng, rs.id)
    if finals:
        st.subheader("最终得分与等级（同行评查与裁决后）")
        st.dataframe([{"案卷": f["file_name"], "模型得分": f["model_score"], "模型等级": f["model_grade"],
                       "最终得分": f["score"], "最终等级": f["grade"], "依据": f["source"]} for f in finals],
                     hide_index=True, width="stretch")


def _pick_session(sessions) -> int:
    """The session chosen in the picker (a new session, or the last one opened, comes preselected)."""
    ids = [s.id for s in sessions]
    if st.session_state.get("admin_pick") not in ids:
        st.session_state["admin_pick"] = st.session_state.get("admin_session") if \
            st.session_state.get("admin_session") in ids else ids[0]
    sid = st.selectbox("评查会", ids, key="admin_pick",
                       format_func=lambda i: next(s.name for s in sessions if s.id == i))
    st.session_state["admin_session"] = sid
    return sid


def _import_tab(eng, rs) -> None:
    """导入案卷: uploads and a server folder, checked, then reviewed by the model into the pool."""
    firms = repo.units(eng, "firm")
    firm = st.selectbox("承办律师事务所", firms, format_func=lambda u: u.name, key="imp_firm")
    ups = st.file_uploader("上传案卷 PDF 或电子卷宗 ZIP（一个 ZIP 为一件案件的全部文件）", type=["pdf", "zip"], accept_multiple_files=True, key="imp_files")
    folder = st.text_input("或服务器文件夹路径", key="imp_folder")
    st.caption(f"每个文件不超过 {security.max_upload_mb():g} MB；服务器文件夹须位于："
               + "、".join(str(r) for r in security.import_roots()))
    if st.button("导入并评查", key="imp_go"):
        files = []
        for u in ups or []:
            data = u.getvalue()
            try:
                security.check_upload(u.name, data)
            except security.InputRejected as exc:
                st.error(str(exc))
                continue
            files.append((u.name, repo.store_upload(u.name, data)))
        if folder.strip():
            try:
                found, skipped = security.folder_pdfs(security.resolve_import_folder(folder))
                files += [(f.name, f) for f in found]
                for msg in skipped:
                    st.warning(msg)
            except security.InputRejected as exc:
                st.error(str(exc))
        if files:
            _import(eng, rs, files, firm)
        else:
            st.warning("请先选择文件或文件夹。")


def _sample_tab(eng, sid: int) -> None:
    """抽样与分配: draw the sample, withdraw open tasks to re-sample, assign reviewers; the pool."""
    pool = repo.dossiers(eng, session_id=sid)
    st.write(f"案卷池：{len(pool)} 件，已抽中 {sum(d.sampled for d in pool)} 件")
    c1, c2 = st.columns(2)
    if c1.button("按比例抽样", key="draw"):
        _act(lambda: repo.draw_session_sample(eng, sid),
             lambda chosen: st.success(f"抽中 {len(chosen)} 件（每个中心至少 1 件，可复现）"))
    if any(a.status != "submitted" for a in repo.assignments(eng, session_id=sid)) \
            and st.button("撤回未提交的评查任务（以便重新抽样）", key="withdraw"):
        _act(lambda: repo.withdraw_open_assignments(eng, sid),
             lambda n: st.warning(f"已撤回 {n} 条未提交的评查任务，评查人将不再看到这些任务"))
    if c2.button("分配评查人（每卷两人，回避本单位）", key="assign"):
        _act(lambda: repo.assign_session(eng, sid), lambda made: st.success(f"新建 {len(made)} 条评查任务"))
    st.dataframe([{"ID": d.id, "案卷": d.file_name, "律所": d.firm.name if d.firm else "",
                   "中心": d.center.name if d.center else "", "模型得分": d.model_score,
                   "抽中": "是" if d.sampled else "", "状态": d.status}
                  for d in repo.dossiers(eng, session_id=sid)], hide_index=True, width="stretch")


def _progress_tab(eng, sid: int) -> None:
    """进度: submitted review forms and every task's state."""
    prog = repo.session_progress(eng, sid)
    st.progress(prog["submitted"] / prog["assignments"] if prog["assignments"] else 0.0,
                text=f"已提交 {prog['submitted']} / {prog['assignments']} 份评查表")
    rows = repo.assignments(eng, session_id=sid)
    st.dataframe([{"任务": a.id, "案卷": a.dossier.file_name, "评查人": a.reviewer.display_name,
                   "单位": a.reviewer.unit.name if a.reviewer.unit else "",
                   "状态": "已提交" if a.status == "submitted" else "草稿", "得分": a.score, "等级": a.grade}
                  for a in rows], hide_index=True, width="stretch")


def _agreement_tab(eng, sid: int, agr: dict) -> None:
    """一致性与导出: kappa between reviewers and with the model, the summary workbook, review forms."""
    c1, c2, c3 = st.columns(3)
    c1.metric("项目一致性 κ（合并）", _fmt(agr["items_kappa"]))
    c2.metric("等级一致性 κ", _fmt(agr["grade_kappa"]))
    c3.metric("模型-评查人 κ", _fmt(agr["model"]["kappa"]),
              f"一致率 {agr['model']['agreement']:.0%}" if agr["model"]["agreement"] is not None else None)
    st.caption(f"双人均已提交的案卷：{agr['dossiers']} 件")
    if agr["per_item"]:
        st.dataframe([{"项目": k, "κ": None if v is None else round(v, 3)} for k, v in agr["per_item"].items()],
                     hide_index=True)
    st.download_button("下载评查汇总（XLSX）", key="xlsx", on_click=state.export_logged(f"评查汇总 {sid}"),
                       data=lambda: session_summary_xlsx(**reports.session_summary_data(eng, sid)),
                       file_name=f"评查汇总_{sid}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    submitted = [a for a in repo.assignments(eng, session_id=sid) if a.status == "submitted"]
    if submitted:
        aid = st.selectbox("评查表", [a.id for a in submitted], key="form_pick",
                           format_func=lambda i: next(f"#{a.id} {a.dossier.file_name} · {a.reviewer.display_name}"
                                                      for a in submitted if a.id == i))
        chosen = next(a for a in submitted if a.id == aid)
        st.download_button("下载评查表（PDF）", on_click=state.export_logged(f"评查表 {aid}"),
                           file_name=f"评查表_{Path(chosen.dossier.file_name).stem}_{chosen.reviewer.display_name}.pdf",
                           data=lambda: review_form_pdf(reports.review_form_data(eng, aid, blind=False)),
                           mime="application/pdf", key="form_pdf")


def render() -> None:
    user = state.require("center_admin")
    eng = state.engine()
    st.title("评查会管理")
    with st.expander("创建评查会", expanded=not repo.review_sessions(eng)):
        _create(eng, user)
    sessions = repo.review_sessions(eng)
    if not sessions:
        return
    sid = _pick_session(sessions)
    rs = repo.get_review_session(eng, sid)
    st.caption(f"抽样比例 {rs.sample_rate:.0%}　随机种子 {rs.seed}　{'盲评' if rs.blind else '非盲评'}")
    t_import, t_sample, t_progress, t_adj, t_kappa = st.tabs(["导入案卷", "抽样与分配", "进度", "分歧裁决", "一致性与导出"])
    with t_import:
        _import_tab(eng, rs)
    with t_sample:
        _sample_tab(eng, sid)
    with t_progress:
        _progress_tab(eng, sid)
    agr = reports.session_agreement(eng, sid)
    with t_adj:
        _adjudicate(eng, user, rs, agr)
    with t_kappa:
        _agreement_tab(eng, sid, agr)
