"""The `juanping eval` report: metrics.json, the plots and report.md, one section per helper."""
from __future__ import annotations

import json
from pathlib import Path

from eval.report_plots import write_plots


def fmt3(x: float) -> str:
    """Three decimals: how every score is written in the reports."""
    return f"{x:.3f}"


def _families(recall: dict) -> str:
    """'MD/FU/BD/TL' recall cell."""
    return "/".join(fmt3(recall.get(f, 0.0)) for f in ("MD", "FU", "BD", "TL"))


def _setup_lines(m: dict) -> list[str]:
    """Title, corpus, model and counts."""
    return ["# Juanping evaluation", "",
            f"- corpus: {m['setup']['corpus']}",
            f"- model: {m['setup']['model_version']} ({m['setup']['model_corpus']})",
            f"- dossiers: {m['dossiers']}, pages: {m['pages']}, "
            f"load errors: {len(m['errors'])}", ""]


def _page_type_lines(m: dict) -> list[str]:
    """Page-type scores overall and per class, raw and after segmentation."""
    lines = ["## Page types", "",
             "| measure | raw classifier | after segmentation |", "|---|---|---|",
             f"| accuracy | {fmt3(m['page_type']['accuracy'])} | {fmt3(m['page_type_segmented']['accuracy'])} |",
             f"| macro-F1 | {fmt3(m['page_type']['macro_f1'])} | {fmt3(m['page_type_segmented']['macro_f1'])} |",
             f"| ECE (10 bins) | {fmt3(m['ece'])} | |", "",
             "| type | support | precision | recall | F1 | F1 segmented |", "|---|---|---|---|---|---|"]
    for c, v in m["page_type"]["per_class"].items():
        lines.append(f"| {c} | {v['support']} | {fmt3(v['precision'])} | {fmt3(v['recall'])} | {fmt3(v['f1'])} "
                     f"| {fmt3(m['page_type_segmented']['per_class_f1'].get(c, 0.0))} |")
    return lines


def _boundary_lines(m: dict) -> list[str]:
    """Document start pages, zero-error dossiers and the per-family table."""
    b, br = m["boundary"], m["boundary_raw"]
    lines = ["", "## Document boundaries (start pages)", "",
             "| | precision | recall | F1 | tp | fp | fn |", "|---|---|---|---|---|---|---|",
             f"| segmented | {fmt3(b['precision'])} | {fmt3(b['recall'])} | {fmt3(b['f1'])} | {b['tp']} | {b['fp']} | {b['fn']} |",
             f"| raw P(start)>=0.5 | {fmt3(br['precision'])} | {fmt3(br['recall'])} | {fmt3(br['f1'])} | {br['tp']} | {br['fp']} | {br['fn']} |",
             "", f"Dossiers segmented with zero errors (every page type and boundary right): "
             f"**{fmt3(m['zero_error_share'])}**", "",
             "| template family | pages | accuracy | macro-F1 | zero-error share |", "|---|---|---|---|---|"]
    for f, v in m["template_families"].items():
        lines.append(f"| {f} | {v['pages']} | {fmt3(v['accuracy'])} | {fmt3(v['macro_f1'])} | {fmt3(v['zero_error_share'])} |")
    return lines


def _source_lines(m: dict) -> list[str]:
    """Digital vs scanned headline table (only when the run has by_source)."""
    if not m.get("by_source"):
        return []
    lines = ["", "## Digital vs scanned", "",
             "| source | dossiers | pages | page acc | macro-F1 | macro-F1 segmented | boundary F1 | zero-error "
             "| defect P | defect R | recall MD/FU/BD/TL | flagged P | flagged R | flagged recall MD/FU/BD/TL "
             "| s/dossier |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for src, v in m["by_source"].items():
        lines.append(f"| {src} | {v['dossiers']} | {v['pages']} | {fmt3(v['page_accuracy'])} | "
                     f"{fmt3(v['page_macro_f1'])} | {fmt3(v.get('page_macro_f1_segmented') or 0.0)} | "
                     f"{fmt3(v['boundary_f1'])} | {fmt3(v['zero_error_share'])} | "
                     f"{fmt3(v['defect_precision'] or 0.0)} | {fmt3(v['defect_recall'] or 0.0)} | "
                     f"{_families(v['family_recall'])} | {fmt3(v.get('flagged_precision') or 0.0)} | "
                     f"{fmt3(v.get('flagged_recall') or 0.0)} | {_families(v.get('family_flagged_recall', {}))} | "
                     f"{v['mean_s']:.2f} |")
    lines += ["", "Flagged = `fail` or `uncertain` (a reviewer sees it either way); defect P/R count `fail` only."]
    return lines


def _trust_lines(m: dict) -> list[str]:
    """Report table: false fails and open items per dossier, exact sets, fail calibration."""
    rows = [("all", m.get("trust") or {})] + [(k, v.get("trust") or {}) for k, v in (m.get("by_source") or {}).items()]
    rows = [(k, t) for k, t in rows if t]
    if not rows:
        return []
    out = ["", "## What a reviewer sees per dossier", "",
           "| source | dossiers | false fail / dossier | uncertain on fine items / dossier | uncertain / dossier "
           "| exact fail set | fail ECE | fail precision | mean fail confidence | provisional grades |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for k, t in rows:
        out.append(f"| {k} | {t['dossiers']} | {t['false_fail_per_dossier']:.2f} | {t['uncertain_fine_per_dossier']:.2f} "
                   f"| {t['uncertain_per_dossier']:.2f} | {fmt3(t['exact_fail_set_share'])} | {fmt3(t['fail_ece'])} "
                   f"| {fmt3(t['fail_precision'] or 0.0)} | {fmt3(t['fail_mean_confidence'] or 0.0)} "
                   f"| {fmt3(t['provisional_grade_share'])} |")
    return out


def _defect_lines(m: dict) -> list[str]:
    """'fail' findings vs injected defects, per family and per item, then the flagged table."""
    lines = ["", "## Defects: 'fail' findings vs injected defects", ""]
    if not m["defects"]:
        return lines + ["Not measured: review.engine was unavailable or failed on every dossier."]
    lines += [f"Reviewed dossiers: {m['reviewed_dossiers']}", "",
              "| family | precision | recall | F1 | tp | fp | fn |", "|---|---|---|---|---|---|---|"]
    for f, v in list(m["defects"]["families"].items()) + [("all", m["defects"]["overall"])]:
        lines.append(f"| {f} | {fmt3(v['precision'])} | {fmt3(v['recall'])} | {fmt3(v['f1'])} | {v['tp']} | {v['fp']} | {v['fn']} |")
    lines += ["", "| item | precision | recall | tp | fp | fn |", "|---|---|---|---|---|---|"]
    for it, v in m["defects"]["items"].items():
        prec = fmt3(v["precision"]) if v["tp"] + v["fp"] else "–"
        rec = fmt3(v["recall"]) if v["support"] else "–"
        lines.append(f"| {it} | {prec} | {rec} | {v['tp']} | {v['fp']} | {v['fn']} |")
    lines += ["", "'–': undefined (the item never failed / was never injected in this set)."]
    return lines + _flagged_lines(m.get("defects_flagged"))


def _flagged_lines(flagged: dict | None) -> list[str]:
    """Report table: injected defects found as fail or uncertain, per family."""
    if not flagged:
        return []
    out = ["", "Flagged (fail or uncertain) vs injected defects: what a reviewer is shown.", "",
           "| family | flagged precision | flagged recall | tp | fp | fn |", "|---|---|---|---|---|---|"]
    for f, v in list(flagged["families"].items()) + [("all", flagged["overall"])]:
        out.append(f"| {f} | {fmt3(v['precision'])} | {fmt3(v['recall'])} | {v['tp']} | {v['fp']} | {v['fn']} |")
    return out


def _closing_lines(m: dict, plots: list[Path]) -> list[str]:
    """Timing, load errors (first 30), plot links and the command that made the report."""
    t = m["timing"]
    lines = ["", "## Timing (load + classify + segment + review, per dossier)", "",
             f"mean {t['mean_s']:.2f} s, median {t['median_s']:.2f} s, max {t['max_s']:.2f} s, "
             f"{t['mean_s_per_page'] * 1000:.1f} ms per page", ""]
    if m["errors"]:
        lines += ["## Errors", ""] + [f"- {e['name']}: {e['error']}" for e in m["errors"][:30]] + [""]
    lines += ["## Plots", ""] + [f"![{p.stem}]({p.name})" for p in plots] + [""]
    return lines + ["Command: `" + m["setup"]["command"] + "`", ""]


def write_report(metrics: dict, report_dir: Path) -> None:
    """report.md, metrics.json and PNG plots."""
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=1),
                                             encoding="utf-8")
    plots = write_plots(metrics, report_dir)
    m = metrics
    lines = (_setup_lines(m) + _page_type_lines(m) + _boundary_lines(m) + _source_lines(m) + _trust_lines(m)
             + _defect_lines(m) + _closing_lines(m, plots))
    (report_dir / "report.md").write_text("\n".join(lines), encoding="utf-8")
