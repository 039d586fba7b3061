"""Review -> contract JSON and a readable Chinese summary (评查意见)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from ingest.doctypes import type_name
from review.findings import Review

LABELS = Path(__file__).parent / "data" / "labels.yaml"


@lru_cache(maxsize=1)
def labels() -> dict:
    return yaml.safe_load(LABELS.read_text(encoding="utf-8"))


def case_kind_name(code: str | None) -> str:
    """'criminal_defense' -> '刑事辩护'; unknown codes are returned as is."""
    if not code:
        return "未识别"
    return labels()["case_kinds"].get(code, code)


def review_to_json(review: Review) -> dict:
    """The output-contract JSON of a review."""
    return review.to_contract()


def _pages(pages: list[int]) -> str:
    return "、".join(map(str, pages)) if pages else "—"


def summary_text(review: Review) -> str:
    """A short Chinese summary a reviewer reads before opening the dossier."""
    case = review.case or {}
    if not review.is_dossier:
        return f"{review.file}：不是法律援助案卷，未评分 / not a legal-aid dossier, not scored（{review.verdict_reason}）"
    out = [f"案卷：{review.file}（共{review.pages}页）",
           f"案号：{case.get('case_no') or '未识别'}　类型：{case_kind_name(case.get('case_kind'))}"
           f"　受援人：{case.get('client') or '未识别'}　承办人：{case.get('lawyer') or '未识别'}",
           f"结案日期：{case.get('closing_date') or '未识别'}", "", "识别材料："]
    for d in review.documents:
        rng = f"第{d.first_page}页" if d.first_page == d.last_page else f"第{d.first_page}-{d.last_page}页"
        out.append(f"  {type_name(d.type)}　{rng}")
    if review.page_flags:
        flags = "；".join(f"第{f['page']}页{f['flag']}" for f in review.page_flags)
        out.append(f"页面标记：{flags}")
    failed = review.by_status("fail")
    out += ["", f"扣分项（{len(failed)}项）："]
    for f in failed:
        veto = "【否决】" if f.veto else ""
        out.append(f"  {f.item}{veto}　扣{f.deduction:g}分　页：{_pages(f.pages)}　{f.message}")
    if not failed:
        out.append("  无")
    unsure = review.by_status("uncertain")
    if unsure:
        out += ["", f"待人工复核（{len(unsure)}项）："]
        out += [f"  {f.item}　页：{_pages(f.pages)}　{f.message}" for f in unsure]
    line = f"得分：{review.score:g}　等级：{review.grade}" + ("（存在否决项）" if review.vetoed else "")
    if review.grade_status == "provisional":
        low, high = review.score_range
        line = (f"得分：{high:g}（待复核项全部不符合时{low:g}）　等级：{review.grade}"
                f"（确认后可能为{'/'.join(review.grade_if_confirmed)}；{review.grade_reason}）")
    out += ["", line]
    return "\n".join(out)
