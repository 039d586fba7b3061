"""training.pages: console-corrections JSONL, labels-only training, corpus training (slow)."""
from __future__ import annotations

import json
import random

import numpy as np
import pytest

from models.page_classifier import PageClassifier
from training.pages import pages_from_jsonl, train, train_from_labels

TYPES = {
    "cover": ("法律援助案件卷宗", "案号 受援人 承办人 保管期限"),
    "meeting_record": ("会见笔录", "问：你的基本情况？ 答：我叫张某。"),
    "judgment": ("刑事判决书", "本院认为 判决如下 审判长 书记员"),
    "closing_report": ("结案报告", "办理结果 意见采纳情况 结案日期"),
}


def _rows(dossier: str, rng: random.Random) -> list[dict]:
    rows, page = [], 1
    for typ, (title, body) in TYPES.items():
        for k in range(2 if typ != "cover" else 1):
            words = body.split()
            text_lines = ([title] if k == 0 else []) + [rng.choice(words) + str(rng.randint(1, 99))
                                                        for _ in range(4)]
            lines = [{"text": t, "x0": 70, "top": 60 + 20 * j, "x1": 300, "bottom": 72 + 20 * j,
                      "size": 20.0 if (k == 0 and j == 0) else 12.0} for j, t in enumerate(text_lines)]
            rows.append({"dossier": dossier, "page": page, "text": "\n".join(text_lines),
                         "lines": lines, "type": typ, "start": k == 0})
            page += 1
    return rows


@pytest.fixture()
def labels_file(tmp_path):
    rng = random.Random(3)
    path = tmp_path / "corrections.jsonl"
    rows = [r for d in range(6) for r in _rows(f"d{d}", rng)]
    rng.shuffle(rows)  # export order need not be page order
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


def test_pages_from_jsonl_groups_and_orders(labels_file):
    dossiers, labels, starts = pages_from_jsonl(labels_file)
    assert len(dossiers) == 6
    for pages, lab, st in zip(dossiers, labels, starts):
        assert [p.index for p in pages] == list(range(1, 8))
        assert lab[0] == "cover" and st[:3] == [True, True, False]
        assert pages[1].lines[0].size == 20.0


def test_train_from_labels_only(labels_file, tmp_path):
    out = tmp_path / "art"
    metrics = train_from_labels(labels_file, n=0, out_dir=out, val_share=0.34, log=lambda *a: None)
    assert metrics["validation"]["accuracy"] > 0.7
    assert metrics["artifact_bytes"] < 10_000_000
    model = PageClassifier.load(out)
    assert set(model.classes_) == set(TYPES)
    assert "corrected pages" in model.meta["corpus"]
    timings = model.meta["metrics"]["timings"]
    assert timings["total_s"] >= max(v for k, v in timings.items() if k != "total_s") > 0


@pytest.mark.slow
def test_train_on_generated_corpus(tmp_path):
    out = tmp_path / "art"
    metrics = train(n=8, seed=3, families=None, out_dir=out, work_dir=tmp_path, val_share=0.25,
                    log=lambda *a: None)
    val = metrics["validation"]
    n_classes = len(PageClassifier.load(out).classes_)
    assert val["accuracy"] > 2.0 / n_classes  # well above chance on held-out dossiers
    assert val["boundary"]["f1"] > 0.5  # document starts found on held-out dossiers, not only types
    model = PageClassifier.load(out)
    from eval.dataset import load_corpus
    item = load_corpus(next(tmp_path.glob("corpus_*")), limit=1)[0]
    proba = model.predict_proba(item.pages)
    np.testing.assert_allclose(proba.sum(1), 1.0, atol=1e-5)


def test_scan_like_copy_drops_sizes_keeps_labels_aligned():
    from ingest.datamodel import Page
    from training.data import add_scan_like as _augment, scan_like
    from training.pages import _line
    rows = _rows("x", random.Random(0))
    pages = [Page(index=r["page"], text=r["text"], lines=[_line(x) for x in r["lines"]]) for r in rows]
    copy = scan_like(pages, random.Random(1), drop=0.0)
    assert [p.text for p in copy] == [p.text for p in pages]
    assert all(ln.size == 0.0 for p in copy for ln in p.lines) and copy[0].text_source == "ocr"
    assert pages[1].lines[0].size == 20.0  # original untouched
    d, lab, st = _augment([pages] * 5, [[r["type"] for r in rows]] * 5, [[r["start"] for r in rows]] * 5,
                          0.4, seed=2)
    assert len(d) == len(lab) == len(st) == 7
    assert all(len(x) == len(y) for x, y in zip(d, lab))
