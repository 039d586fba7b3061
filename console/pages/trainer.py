"""模型诊断 (trainer): eval metrics, reviewer overrides with page images, corrections as JSONL."""
from __future__ import annotations

import json
import os
from pathlib import Path

import streamlit as st

from console import render as rnd
from console import security, state
from review.masking import mask_text
from review.report import labels
from review.persistence import repo

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


def render() -> None:
    user = state.require("trainer", "center_admin")
    eng = state.engine()
    st.title("模型诊断")
    unmask = state.unmask_toggle(user, key="tr_unmask")
    t_metrics, t_over, t_export = st.tabs(["评测指标", "评查人改判", "导出训练数据"])
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
        items = sorted({r["item"] for r in rows})
        pick = st.multiselect("按项目筛选", items, key="tr_items")
        for r in rows:
            if pick and r["item"] not in pick:
                continue
            head = (f"{r['file_name']} · {r['item']}：模型 {state.STATUS_ZH.get(r['model_status'], r['model_status'])}"
                    f"（{(r['model_confidence'] or 0):.2f}）→ 评查人 "
                    f"{state.STATUS_ZH.get(r['new_status'], r['new_status']) if r['action'] == 'override' else '增加扣分'}")
            with st.expander(head):
                st.markdown(f"**模型理由**：{mask_text(r['model_message'], user.role, unmask) or '—'}")
                st.markdown(f"**评查人（{r['reviewer']}）理由**：{mask_text(r['reason'], user.role, unmask)}")
                page = next((e.get("page") for e in r["evidence"] if e.get("page")), None) or \
                    (r["pages"][0] if r["pages"] else None)
                if page and Path(r["file_path"]).is_file() and st.checkbox(f"显示第{page}页", key=f"tr_img_{r['decision_id']}"):
                    hl = next((e.get("text", "") for e in r["evidence"] if e.get("page") == page), "")
                    st.image(rnd.page_png(r["file_path"], page, 1.2, not unmask, (), hl), width="stretch")
    with t_export:
        fixes = repo.corrections(eng)
        st.write(f"材料类型/分界更正：{len(fixes)} 条")
        st.dataframe([{"案卷": c.dossier_id, "页": f"{c.first_page}-{c.last_page}", "原类型": c.old_type,
                       "新类型": c.new_type} for c in fixes], hide_index=True)
        st.download_button("导出训练数据（JSONL，每页一行）", data=training_jsonl(eng).encode("utf-8"),
                           file_name="corrections.jsonl", mime="application/jsonl", key="tr_jsonl")
        log = repo.decision_log(eng)
        st.download_button("导出全部评查决定（JSONL，含采纳、改判、增加扣分、裁决）", key="tr_over",
                           data="".join(json.dumps(r, ensure_ascii=False) + "\n" for r in log).encode("utf-8"),
                           file_name="decisions.jsonl", mime="application/jsonl")
