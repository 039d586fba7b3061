"""PageClassifier on hand-built dossiers: learns, protocol shape, save/load round trip."""
from __future__ import annotations

import random

import numpy as np
import pytest

from ingest.datamodel import Line, Page
from models.page_classifier import PageClassifier

# type -> (title variants, body phrases); several pages per document for some types
TOY = {
    "cover": (["法律援助案件卷宗", "承办卷宗"], ["案号", "受援人", "承办人", "保管期限"]),
    "toc": (["卷内目录", "卷内文件目录"], ["序号 文件名称 页号", "1 申请表 1-2"]),
    "application": (["法律援助申请表", "法律援助申请书"], ["申请人基本情况", "申请事项", "联系电话"]),
    "meeting_record": (["会见笔录", "谈话笔录"], ["问：你的基本情况？", "答：我叫张某。", "问：有什么要求？"]),
    "judgment": (["刑事判决书", "民事判决书"], ["本院认为", "判决如下", "审判长", "书记员"]),
    "closing_report": (["结案报告", "承办情况报告"], ["办理结果", "意见采纳情况", "结案日期"]),
}
NPAGES = {"cover": 1, "toc": 1, "application": 1, "meeting_record": 2, "judgment": 3,
          "closing_report": 1}


def _page(index: int, title: str | None, body: list[str]) -> Page:
    lines, top = [], 60.0
    if title:
        lines.append(Line(title, 220, top, 380, top + 22, 22.0))
        top += 40
    for text in body:
        lines.append(Line(text, 70, top, 70 + 12 * len(text), top + 12, 12.0))
        top += 20
    return Page(index=index, text="\n".join(ln.text for ln in lines), lines=lines,
                printed_number=index if index > 2 else None)


def toy_dossier(rng: random.Random) -> tuple[list[Page], list[str], list[bool]]:
    pages, labels, starts = [], [], []
    for typ, (titles, phrases) in TOY.items():
        for k in range(NPAGES[typ]):
            body = [rng.choice(phrases) + f" {rng.randint(1, 999)}" for _ in range(rng.randint(3, 8))]
            pages.append(_page(len(pages) + 1, rng.choice(titles) if k == 0 else None, body))
            labels.append(typ)
            starts.append(k == 0)
    return pages, labels, starts


def toy_corpus(n: int, seed: int):
    rng = random.Random(seed)
    data = [toy_dossier(rng) for _ in range(n)]
    return [d[0] for d in data], [d[1] for d in data], [d[2] for d in data]


@pytest.fixture(scope="module")
def fitted():
    pages, labels, starts = toy_corpus(8, seed=1)
    return PageClassifier(oof_folds=2).fit(pages, labels, starts, corpus="toy")


def test_classes_order_follows_type_file(fitted):
    assert fitted.classes_ == ["cover", "toc", "application", "meeting_record", "judgment",
                               "closing_report"]


def test_beats_chance_on_held_out(fitted):
    pages, labels, starts = toy_corpus(3, seed=99)
    flat_pred, flat_true, s_pred, s_true = [], [], [], []
    for p, lab, st in zip(pages, labels, starts):
        flat_pred += fitted.predict(p)
        flat_true += lab
        s_pred += list(fitted.start_proba(p) >= 0.5)
        s_true += st
    acc = np.mean([a == b for a, b in zip(flat_pred, flat_true)])
    assert acc > 0.8  # chance is 1/6
    assert np.mean([a == b for a, b in zip(s_pred, s_true)]) > 0.8


def test_proba_shape_and_rows_sum_to_one(fitted):
    pages, _, _ = toy_corpus(1, seed=5)
    proba = fitted.predict_proba(pages[0])
    assert proba.shape == (len(pages[0]), len(fitted.classes_))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-5)
    start = fitted.start_proba(pages[0])
    assert start.shape == (len(pages[0]),)
    assert ((start >= 0) & (start <= 1)).all()


def test_flat_multi_dossier_list_equals_per_dossier(fitted):
    pages, _, _ = toy_corpus(2, seed=7)
    flat = fitted.predict_proba(pages[0] + pages[1])
    per = np.vstack([fitted.predict_proba(pages[0]), fitted.predict_proba(pages[1])])
    np.testing.assert_allclose(flat, per, atol=1e-6)


def test_save_load_round_trip(fitted, tmp_path):
    path = fitted.save(tmp_path, metrics={"note": "toy"})
    assert path.exists() and (tmp_path / "page_classifier.json").exists()
    again = PageClassifier.load(tmp_path)
    pages, _, _ = toy_corpus(1, seed=11)
    np.testing.assert_array_equal(fitted.predict_proba(pages[0]), again.predict_proba(pages[0]))
    np.testing.assert_array_equal(fitted.start_proba(pages[0]), again.start_proba(pages[0]))
    assert again.classes_ == fitted.classes_
    assert again.meta["metrics"] == {"note": "toy"} and len(again.meta["sha256"]) == 64


def test_empty_and_textless_pages(fitted):
    assert fitted.predict_proba([]).shape == (0, len(fitted.classes_))
    blank = [Page(index=1), Page(index=2, text="   ")]
    proba = fitted.predict_proba(blank)
    assert proba.shape == (2, len(fitted.classes_))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-5)


def test_default_classifier_error_names_train(tmp_path):
    from models import ModelMissingError, default_classifier, model_version
    with pytest.raises(ModelMissingError, match="juanping train"):
        default_classifier(tmp_path)
    assert model_version(tmp_path) == "untrained"
