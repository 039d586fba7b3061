"""模型诊断 (trainer): eval metrics, reviewer overrides with page images, corrections as JSONL."""
from __future__ import annotations

import json
import os
from pathlib import Path

import streamlit as st

from ingest.doctypes import type_name
from console import render as rnd
from console import security, state
from store.masking import mask_text
from store import reports, repo
from review.report import labels

DEFAULT_EVAL = os.environ.get("JUANPING_EVAL_DIR", "runs/eval")


def _at(metrics: dict, path: str):
    for part in path.split("."):
        if not isinstance(metrics, dict) or part not in metrics:
            return None
        metrics = metrics[part]
    return metrics


def headline(metrics: dict) -> list[dict]:
    """The report's headline numbers under their Chinese names (review/data/labels.yaml: metrics)."""
    return [{"指标": name, "值": round(v, 4) if isinstance(v, float) else v}
            for path, name in labels()["metrics"].items() if isinstance(v := _at(metrics, path), (int, float))]


def per_item(metrics: dict, key: str = "items") -> list[dict]:
    """Precision, recall and counts per checklist item (or family), Chinese column names."""
    cols = labels()["metric_columns"]
    rows = (_at(metrics, f"defects.{key}") or {}).items()
    return [{"项目": item} | {cols[c]: (round(v, 3) if isinstance(v, float) else v) for c, v in m.items() if c in cols}
            for item, m in sorted(rows)]


def training_jsonl(eng) -> str:
    rows = repo.correction_training_rows(eng, rnd.page_text)
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def _override_list(rows: list[dict], user, unmask: bool, key: str) -> None:
    """Each reviewer decision against the model, with the reasons and the page it concerns."""
    for r in rows:
        head = (f"{r['file_name']} · {r['item']}：模型 {state.STATUS_ZH.get(r['model_status'], r['model_status'])}"
                f"（{(r['model_confidence'] or 0):.2f}）→ 评查人 "
                f"{state.STATUS_ZH.get(r['new_status'], r['new_status']) if r['action'] == 'override' else '增加扣分'}")
        with st.expander(head):
            st.markdown(f"**模型理由**：{mask_text(r['model_message'], user.role, unmask) or '—'}")
            st.markdown(f"**评查人（{r['reviewer']}）理由**：{mask_text(r['reason'], user.role, unmask)}")
            page = next((e.get("page") for e in r["evidence"] if e.get("page")), None) or \
                (r["pages"][0] if r["pages"] else None)
            if page and Path(r["file_path"]).is_file() and st.checkbox(f"显示第{page}页", key=f"{key}_img_{r['decision_id']}"):
                hl = next((e.get("text", "") for e in r["evidence"] if e.get("page") == page), "")
                st.image(rnd.page_png(r["file_path"], page, 1.2, not unmask, (), hl), width="stretch")


def confusion_rows(confusion: dict[str, dict[tuple[str, str], int]]) -> list[dict]:
    """Per item: reviews, agreement, and where the model and the reviewers part."""
    rows = []
    for item, cells in confusion.items():
        n = sum(cells.values())
        get = lambda m, r: sum(v for (a, b), v in cells.items() if a in m and b in r)  # noqa: E731
        agree = sum(v for (a, b), v in cells.items() if a == b)
        rows.append({"项目": item, "评查次数": n, "一致率": round(agree / n, 3),
                     "模型不符合→评查通过": get(("fail",), ("pass", "not_applicable")),
                     "模型通过→评查不符合": get(("pass", "not_applicable"), ("fail",)),
                     "待复核→不符合": get(("uncertain",), ("fail",)), "待复核→通过": get(("uncertain",), ("pass", "not_applicable"))})
    return rows


def _confusion(eng, user, unmask: bool) -> None:
    rows = confusion_rows(reports.model_reviewer_confusion(eng))
    if not rows:
        st.info("尚无已提交的评查表。")
    else:
        st.caption("按检查项统计模型结论与评查人最终结论（含改判）的对照；选择项目可查看具体案卷与页面。")
        st.dataframe(rows, hide_index=True, width="stretch")
        parted = [r["项目"] for r in rows if r["一致率"] < 1]
        item = st.selectbox("查看存在分歧的项目", parted, index=None, placeholder="请选择项目", key="cf_item")
        if item:
            _override_list([r for r in repo.overrides(eng) if r["item"] == item], user, unmask, "cf")
    types = reports.page_type_confusion(eng)
    st.subheader("材料类型更正（模型类型 → 评查人更正）")
    if not types:
        st.caption("尚无材料类型更正。")
    else:
        st.dataframe([{"模型类型": type_name(a), "更正为": type_name(b), "页数": n}
                      for (a, b), n in sorted(types.items(), key=lambda x: -x[1])], hide_index=True, width="stretch")


def render() -> None:
    user = state.require("trainer", "center_admin")
    eng = state.engine()
    st.title("模型诊断")
    unmask = state.unmask_toggle(user, key="tr_unmask")
    t_metrics, t_over, t_confusion, t_export = st.tabs(["评测指标", "评查人改判", "模型与评查人对照", "导出训练数据"])
    with t_metrics:
        typed = st.text_input("评测报告文件夹（评测命令的输出目录）", value=DEFAULT_EVAL, key="tr_eval")
        allowed = security.allowed_report_folder(typed, [Path(DEFAULT_EVAL).resolve()])
        folder = allowed or Path(typed)
        mfile = folder / "metrics.json"
        if allowed is None:
            st.error(f"不允许读取该目录：{typed}（只能读取 runs/ 或导入目录之内的评测报告）")
        elif mfile.is_file():
            metrics = json.loads(mfile.read_text(encoding="utf-8"))
            st.dataframe(headline(metrics), hide_index=True, width="stretch")
            st.subheader("按类别")
            st.dataframe(per_item(metrics, "families"), hide_index=True, width="stretch")
            st.subheader("按检查项")
            st.dataframe(per_item(metrics), hide_index=True, width="stretch")
            for png in sorted(folder.glob("*.png")):
                st.image(str(png), caption=labels()["plots"].get(png.stem, "评测图表"))
        else:
            st.info(f"未找到 {mfile}；运行 `juanping eval --report {folder}` 生成。")
    with t_over:
        rows = repo.overrides(eng)
        st.write(f"共 {len(rows)} 条改判/增加扣分")
        pick = st.multiselect("按项目筛选", sorted({r["item"] for r in rows}), key="tr_items", placeholder="全部项目")
        _override_list([r for r in rows if not pick or r["item"] in pick], user, unmask, "tr")
    with t_confusion:
        _confusion(eng, user, unmask)
    with t_export:
        fixes = repo.corrections(eng)
        st.write(f"材料类型/分界更正：{len(fixes)} 条")
        st.dataframe([{"案卷": c.dossier_id, "页": f"{c.first_page}-{c.last_page}", "原类型": type_name(c.old_type or "other"),
                       "新类型": type_name(c.new_type)} for c in fixes], hide_index=True)
        st.download_button("导出训练数据（JSONL，每页一行）", data=training_jsonl(eng).encode("utf-8"),
                           on_click=state.export_logged("训练数据 corrections.jsonl"),
                           file_name="corrections.jsonl", mime="application/jsonl", key="tr_jsonl")
        log = repo.decision_log(eng)
        st.download_button("导出全部评查决定（JSONL，含采纳、改判、增加扣分、裁决）", key="tr_over",
                           on_click=state.export_logged("评查决定 decisions.jsonl"),
                           data="".join(json.dumps(r, ensure_ascii=False) + "\n" for r in log).encode("utf-8"),
                           file_name="decisions.jsonl", mime="application/jsonl")
