"""案卷评查: page images, document outline with corrections, every checklist item with the
model's finding, accept / override (reason required) / add deduction, live score, submit and sign."""
from __future__ import annotations

import streamlit as st

from console import render as rnd
from console import state
from ingest.doctypes import type_codes, type_name
from store.exports import review_form_pdf
from store.masking import mask_obj, mask_text
from store import repo, reports
from review.report import case_kind_name
from review.checklist import default_checklist
from store.sessions import FIRM_PATTERN, blind_contract, blind_terms, review_order

ACTIONS = {"采纳": "accept", "改判": "override", "增加扣分": "add_deduction"}
ACTION_ZH = {v: k for k, v in ACTIONS.items()}


def _jump(page: int, highlight: str = "") -> None:
    st.session_state["view_page"] = int(page)
    st.session_state["highlight"] = highlight


def _next_item(order: list[dict], decided: set[str]) -> None:
    """下一项: open the next item (after the one open now) that has no decision yet, and show its page."""
    items = [f["item"] for f in order]
    start = items.index(st.session_state["open_item"]) + 1 if st.session_state.get("open_item") in items else 0
    rest = [f for f in order[start:] + order[:start] if f["item"] not in decided]
    if rest:
        st.session_state["open_item"] = rest[0]["item"]
        page = next((e.get("page") for e in rest[0].get("evidence") or [] if e.get("page")), None) or \
            next(iter(rest[0].get("pages") or []), None)
        if page:
            _jump(page, next((e.get("text") or "" for e in rest[0].get("evidence") or [] if e.get("page") == page), ""))
    else:
        st.session_state["flash"] = "所有项目均已处理"


def _next_dossier(ids: list[int], current: int) -> None:
    """下一份: the next of the reviewer's tasks (the first after the last)."""
    nxt = ids[(ids.index(current) + 1) % len(ids)] if current in ids else ids[0]
    st.session_state["assignment_id"] = st.session_state["review_pick"] = nxt
    for key in ("view_page", "highlight", "open_item"):
        st.session_state.pop(key, None)


def _pick_assignment(user):
    eng = state.engine()
    mine = repo.assignments(eng, reviewer_id=user.id)
    if not mine:
        st.info("暂无分配给您的案卷。")
        st.stop()
    ids = [a.id for a in mine]
    current = st.session_state.get("assignment_id")
    if current is None:  # a reload (F5) or a task link: the task is in the URL
        linked = st.query_params.get("task", "")
        current = int(linked) if linked.isdigit() else None
    if current not in ids:
        current = ids[0]
    labels = {a.id: f"#{a.id} {a.dossier.file_name}（{'已提交' if a.status == 'submitted' else '草稿'}）" for a in mine}
    if st.session_state.get("review_pick") not in ids:
        st.session_state["review_pick"] = current
    c1, c2 = st.columns([6, 1])
    aid = c1.selectbox("案卷", ids, format_func=labels.get, key="review_pick")
    c2.button("下一份", key="next_dossier", on_click=_next_dossier, args=(ids, aid), shortcut="Alt+PageDown",
              help="快捷键 Alt+PageDown", width="stretch")
    if aid != st.session_state.get("assignment_id"):
        st.session_state["assignment_id"] = aid
        st.session_state.pop("view_page", None)
        st.session_state.pop("highlight", None)
        st.session_state.pop("open_item", None)
    if st.query_params.get("task") != str(aid):
        st.query_params["task"] = str(aid)  # the URL names the task: a reload stays on it
    return repo.get_assignment(eng, aid)


def _viewer(path: str, n_pages: int, terms: tuple[str, ...], patterns: tuple[str, ...]) -> None:
    page = min(max(1, int(st.session_state.get("view_page", 1))), max(1, n_pages))
    st.session_state["view_page"] = page
    c1, c2, c3 = st.columns([1, 2, 1])
    c1.button("上一页", key="prev_page", on_click=_jump, args=(max(1, page - 1),), disabled=page <= 1,
              shortcut="Alt+Left")
    c2.number_input("页码", min_value=1, max_value=max(1, n_pages), step=1, key="view_page")
    c3.button("下一页", key="next_page", on_click=_jump, args=(min(n_pages, page + 1),), disabled=page >= n_pages,
              shortcut="Alt+Right")
    hl = st.session_state.get("highlight", "")
    st.image(rnd.page_png(path, page, 1.4, True, terms, hl, patterns, seals=bool(patterns)), caption=f"第 {page} / {n_pages} 页"
             + (f"　高亮：{mask_text(hl)[:30]}" if hl else ""), width="stretch")
    with st.expander("缩略图", expanded=False):
        start = st.selectbox("页段", list(range(1, n_pages + 1, 12)), key="thumb_start",
                             format_func=lambda s: f"第{s}-{min(n_pages, s + 11)}页")
        cols = st.columns(4)
        for i, p in enumerate(range(start, min(n_pages, start + 11) + 1)):
            with cols[i % 4]:
                st.image(rnd.page_png(path, p, 0.3, True, terms, "", patterns, seals=bool(patterns)), width="stretch")
                st.button(f"第{p}页", key=f"thumb_{p}", on_click=_jump, args=(p,))


def _outline(eng, user, dossier, contract, readonly: bool) -> None:
    docs = repo.corrected_documents(contract, repo.corrections(eng, dossier.id))
    st.dataframe([{"材料": type_name(d["type"]), "起止页": f"{d['first_page']}-{d['last_page']}",
                   "置信度": round(d.get("confidence", 1.0), 2)} for d in docs], hide_index=True, width="stretch")
    if readonly:
        return
    with st.expander("更正材料类型或分界"):
        codes = type_codes()
        c1, c2 = st.columns(2)
        first = c1.number_input("起始页", 1, max(1, dossier.pages), key="corr_first")
        last = c2.number_input("结束页", 1, max(1, dossier.pages), key="corr_last")
        new_type = st.selectbox("正确类型", codes, format_func=lambda c: f"{type_name(c)}（{c}）", key="corr_type")
        if st.button("保存更正", key="corr_save"):
            old = next((d["type"] for d in docs if d["first_page"] <= first <= d["last_page"]), None)
            try:
                repo.add_correction(eng, dossier.id, int(first), int(last), old, new_type, user.id)
                st.success("已保存更正。")
                st.rerun()
            except ValueError as exc:
                st.error(str(exc))


def _item(eng, user, a, f: dict, final, decision, readonly: bool) -> None:
    cl = default_checklist()
    item = cl.item(f["item"])
    status = f.get("status", "uncertain")
    label = (f"{state.STATUS_ICON.get(status, '')} {f['item']} {item.title}　模型：{state.STATUS_ZH.get(status, status)}"
             f"　置信度 {f.get('confidence', 1.0):.2f}")
    if decision is not None:
        label += f"　【{ACTION_ZH[decision.action]}】"
    if final.status != status:
        label += f" → {state.STATUS_ZH.get(final.status, final.status)}"
    if final.deduction:
        label += f"　扣{final.deduction:g}分"
    opened = st.session_state.get("open_item") == f["item"]  # just saved, or reached by 下一项
    with st.expander(label, expanded=opened or (status == "uncertain" and decision is None and not readonly)):
        if f.get("message"):
            st.markdown(f"**模型说明**：{f['message']}")
        ev = f.get("evidence") or []
        for j, e in enumerate(ev[:8]):
            if e.get("page"):
                cols = st.columns([4, 1])
                cols[0].markdown(f"第{e['page']}页：{e.get('text') or e.get('source') or ''}")
                cols[1].button("跳到该页", key=f"ev_{a.id}_{f['item']}_{j}", on_click=_jump,
                               args=(e["page"], e.get("text") or ""))
            elif e.get("text") or e.get("source"):
                st.markdown(f"- {e.get('text') or e.get('source')}")
        pages = [p for p in f.get("pages", []) if p not in {e.get("page") for e in ev}]
        if pages:
            cols = st.columns(min(6, len(pages)))
            for k, p in enumerate(pages[:6]):
                cols[k].button(f"第{p}页", key=f"pg_{a.id}_{f['item']}_{p}", on_click=_jump, args=(p, ""))
        if decision is not None:
            st.info(f"评查人处理：{ACTION_ZH[decision.action]}"
                    + (f"，改为「{state.STATUS_ZH.get(decision.new_status, decision.new_status)}」" if decision.action == "override" else "")
                    + (f"，扣{decision.points:g}分" if decision.action == "add_deduction" and decision.points is not None else "")
                    + (f"；理由：{decision.reason}" if decision.reason else ""))
        if readonly:
            return
        key = f"{a.id}_{f['item']}"
        act = st.radio("处理", list(ACTIONS), horizontal=True, key=f"act_{key}")
        new_status, points, reason = None, None, ""
        if ACTIONS[act] == "override":
            opts = [s for s in ("fail", "pass", "not_applicable") if s != status] or ["fail"]
            new_status = st.selectbox("改判为", opts, format_func=state.STATUS_ZH.get, key=f"new_{key}")
        if ACTIONS[act] == "add_deduction":
            cap = item.max_deduction if item.max_deduction != float("inf") else 100.0
            points = st.number_input("扣分", min_value=0.5, max_value=float(cap), value=float(min(item.points, cap)),
                                     step=0.5, key=f"pts_{key}")
        if ACTIONS[act] != "accept":
            reason = st.text_area("理由（必填）", key=f"reason_{key}", height=70)
        if st.button("保存", key=f"save_{key}"):
            try:
                repo.record_decision(eng, a.id, f["item"], ACTIONS[act], user_id=user.id, new_status=new_status,
                                     points=points, reason=reason)
                st.session_state["flash"] = f"{f['item']} 已保存"
                st.session_state["open_item"] = f["item"]  # the item stays open after saving
                st.rerun()
            except ValueError as exc:
                st.error(str(exc))


def _shown_contract(a, d) -> tuple[dict, tuple[str, ...], tuple[str, ...]]:
    """The contract as the reviewer may see it (names hidden in a blind session, personal data
    masked always), and the terms and patterns to hide on page images."""
    contract = d.contract or {"findings": [], "documents": [], "pages": d.pages}
    terms: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    if a.session.blind:
        patterns = (FIRM_PATTERN,)
        terms = tuple(blind_terms(*repo.blind_names(d)))
        contract = blind_contract(contract, *terms)
    return mask_obj(contract), terms, patterns  # reviewers never see unmasked personal data


def _summary(a, d, shown: dict, score: float, grade: str, decided: int) -> None:
    """The case line, model and current score and grade, progress, a provisional grade's reason."""
    case = shown.get("case") or {}
    st.caption(f"案号：{case.get('case_no') or '未识别'}　类型：{case_kind_name(case.get('case_kind'))}　"
               f"受援人：{case.get('client') or '—'}　承办人：{case.get('lawyer') or '—'}　"
               f"承办机构：{'＊＊＊' if a.session.blind else (d.firm.name if d.firm else '—')}")
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("模型初评", f"{d.model_score:g}" if d.model_score is not None else "—", d.model_grade or "")
    m2.metric("当前得分", f"{score:g}", f"{score - (d.model_score or score):+g}")
    m3.metric("当前等级", grade)
    n_unsure = sum(f.get("status") == "uncertain" for f in shown.get("findings", []))
    m4.metric("已处理 / 待复核", f"{decided} / {n_unsure}")
    if shown.get("grade_status") == "provisional":
        low, high = shown.get("score_range") or (None, None)
        st.info(f"模型初评等级待复核：得分区间 {low:g}–{high:g}，待复核项确认后可能为"
                f"{'、'.join(shown.get('grade_if_confirmed') or [])}。{shown.get('grade_reason') or ''}")


def _submit(eng, user, a) -> None:
    """提交并签名: the signature, the confirmation, and the submission that makes the form read-only."""
    st.subheader("提交并签名")
    sig = st.text_input("签名（姓名）", value=user.display_name, key=f"sig_{a.id}")
    confirm = st.checkbox("本人已逐项审阅，确认以上评查意见", key=f"confirm_{a.id}")
    if st.button("提交评查表", type="primary", key=f"submit_{a.id}"):
        if not confirm:
            st.error("请先勾选确认。")
        else:
            try:
                repo.submit_assignment(eng, a.id, sig)
                st.session_state["flash"] = "评查表已提交"
                st.rerun()
            except ValueError as exc:
                st.error(str(exc))


def _items(eng, user, a, shown: dict, final: dict, decisions: dict, readonly: bool) -> None:
    """The checklist items (uncertain first) with the model's findings and the reviewer's decisions."""
    st.subheader("评查项目（待复核项在前）")
    order = [f for f in review_order(shown.get("findings", [])) if f["item"] in final]
    if not readonly:
        st.button("下一项（未处理）", key="next_item", on_click=_next_item, args=(order, set(decisions)),
                  shortcut="Alt+Down", help="快捷键 Alt+↓；翻页 Alt+←/→，下一份 Alt+PageDown")
    for f in review_order(shown.get("findings", [])):
        if f["item"] in final:
            _item(eng, user, a, f, final[f["item"]], decisions.get(f["item"]), readonly)


def render() -> None:
    user = state.require("reviewer")
    eng = state.engine()
    st.title("案卷评查")
    a = _pick_assignment(user)
    d = a.dossier
    readonly = a.status == "submitted"
    shown, terms, patterns = _shown_contract(a, d)
    score, grade, findings = repo.assignment_result(eng, a.id)
    final = {f.item: f for f in findings}
    decisions = repo.effective_decisions(eng, a.id)
    if msg := st.session_state.pop("flash", None):
        st.toast(msg)
    _summary(a, d, shown, score, grade, len(decisions))
    if readonly:
        st.success(f"已提交：{a.signature_name} 于 {a.signed_at:%Y-%m-%d %H:%M} 签署（只读）。")

    left, right = st.columns([5, 6])
    with left, st.container(key="page_viewer"):  # sticky (console/zh.css): the page stays in view while deciding
        n_pages = d.pages or rnd.page_count(d.file_path)
        _viewer(d.file_path, n_pages, terms, patterns)
        st.subheader("材料目录")
        _outline(eng, user, d, shown, readonly)
    with right:
        _items(eng, user, a, shown, final, decisions, readonly)
        st.divider()
        if not readonly:
            _submit(eng, user, a)
        aid = a.id
        st.download_button("下载评查表（PDF）", data=lambda: review_form_pdf(reports.review_form_data(eng, aid)),
                           on_click=state.export_logged(f"评查表 {aid}"),
                           mime="application/pdf",
                           file_name=f"评查表_{d.file_name.rsplit('.', 1)[0]}_{a.reviewer.display_name}.pdf", key=f"pdf_{a.id}")
