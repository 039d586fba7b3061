"""PNG plots of the `juanping eval` report (matplotlib, headless)."""
from __future__ import annotations

from pathlib import Path

import numpy as np


def _pyplot():
    """pyplot on the headless Agg backend, imported only when a report is written."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def _save(fig, path: Path) -> Path:
    """Lay out, write at the report's resolution and free the figure."""
    plt = _pyplot()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def _confusion_plot(metrics: dict, report_dir: Path) -> Path | None:
    """Page-type confusion matrix: row-normalised colour, raw counts written in the cells."""
    labels, mat = metrics["confusion"]["labels"], np.asarray(metrics["confusion"]["matrix"])
    if not len(labels):
        return None
    norm = mat / np.maximum(mat.sum(1, keepdims=True), 1)
    fig, ax = _pyplot().subplots(figsize=(10, 9))
    ax.imshow(norm, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=7)
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    for i in range(len(labels)):
        for j in range(len(labels)):
            if mat[i, j]:
                ax.text(j, i, str(mat[i, j]), ha="center", va="center", fontsize=5,
                        color="white" if norm[i, j] > 0.5 else "black")
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title("Page type confusion (row-normalised colour, counts)")
    return _save(fig, report_dir / "confusion.png")


def _defects_plot(metrics: dict, report_dir: Path) -> Path | None:
    """Precision and recall bars per checklist item ('fail' vs injected defects)."""
    if not metrics.get("defects"):
        return None
    items = metrics["defects"]["items"]
    names = list(items)
    x = np.arange(len(names))
    fig, ax = _pyplot().subplots(figsize=(max(6, len(names) * 0.35), 4))
    ax.bar(x - 0.2, [items[k]["precision"] for k in names], 0.4, label="precision")
    ax.bar(x + 0.2, [items[k]["recall"] for k in names], 0.4, label="recall")
    ax.set_xticks(x, names, rotation=90, fontsize=7)
    ax.set_ylim(0, 1.05)
    ax.legend()
    ax.set_title("'fail' findings vs injected defects per checklist item")
    return _save(fig, report_dir / "defects_per_item.png")


def _reliability_plot(metrics: dict, report_dir: Path) -> Path | None:
    """Reliability diagram of the page classifier's confidence (non-empty bins)."""
    rel = [r for r in metrics["reliability"] if r["count"]]
    if not rel:
        return None
    fig, ax = _pyplot().subplots(figsize=(4.5, 4.5))
    ax.plot([0, 1], [0, 1], "--", color="grey")
    ax.plot([r["confidence"] for r in rel], [r["accuracy"] for r in rel], "o-")
    ax.set_xlabel("confidence")
    ax.set_ylabel("accuracy")
    ax.set_title(f"Reliability (ECE {metrics['ece']:.3f})")
    return _save(fig, report_dir / "reliability.png")


def write_plots(metrics: dict, report_dir: Path) -> list[Path]:
    """Confusion matrix, per-item defect P/R bars, reliability diagram (those with data)."""
    made = [plot(metrics, report_dir) for plot in (_confusion_plot, _defects_plot, _reliability_plot)]
    return [p for p in made if p is not None]
