"""TransformerPageClassifier on hand-built dossiers: protocol shape, learns, save/load."""
from __future__ import annotations

import random

import numpy as np
import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

import toy_pages  # noqa: E402
from toy_pages import TOY, toy_page  # noqa: E402
from models.transformer_classifier import DEFAULTS, TransformerPageClassifier  # noqa: E402
from models.transformer_inputs import page_fields, page_parts  # noqa: E402

NPAGES = {"cover": 1, "application": 1, "meeting_record": 2, "judgment": 2}
TOY = {t: TOY[t] for t in NPAGES}
TINY = dict(hidden=32, layers=1, heads=2, intermediate=64, title_chars=12, head_chars=24,
            body_chars=24, body_piece=8, prev_chars=12, min_char_count=1)
_page = toy_page


def toy_corpus(n: int, seed: int):
    return toy_pages.toy_corpus(n, seed, NPAGES, body_lines=(2, 5), numbered=False)


@pytest.fixture(scope="module")
def fitted():
    pages, labels, starts = toy_corpus(12, seed=1)
    return TransformerPageClassifier(epochs=12, batch_size=8, lr=3e-3, **TINY).fit(
        pages, labels, starts, corpus="toy")


def test_proba_shape_and_rows_sum_to_one(fitted):
    pages, _, _ = toy_corpus(1, seed=5)
    proba = fitted.predict_proba(pages[0])
    assert proba.shape == (len(pages[0]), len(fitted.classes_))
    assert np.allclose(proba.sum(axis=1), 1.0, atol=1e-5)
    start = fitted.start_proba(pages[0])
    assert start.shape == (len(pages[0]),)
    assert ((start >= 0) & (start <= 1)).all()
    assert fitted.predict_proba([]).shape == (0, len(fitted.classes_))


def test_classes_and_meta(fitted):
    assert set(fitted.classes_) == set(TOY)
    assert fitted.meta["kind"] == "transformer" and fitted.meta["n_pages"] == 12 * 6


def test_beats_chance_on_held_out(fitted):
    pages, labels, starts = toy_corpus(3, seed=99)
    pred, true, s_pred, s_true = [], [], [], []
    for p, lab, st in zip(pages, labels, starts):
        pred += fitted.predict(p)
        true += lab
        s_pred += fitted.predict_starts(p)
        s_true += st
    assert np.mean([a == b for a, b in zip(pred, true)]) > 0.5  # chance is 1/4
    assert np.mean([a == b for a, b in zip(s_pred, s_true)]) > 0.5


def test_flat_multi_dossier_list_matches_per_dossier(fitted):
    pages, _, _ = toy_corpus(2, seed=7)
    flat = fitted.predict_proba(pages[0] + pages[1])
    sep = np.vstack([fitted.predict_proba(pages[0]), fitted.predict_proba(pages[1])])
    assert np.allclose(flat, sep, atol=1e-5)


def test_save_load_round_trip(fitted, tmp_path):
    fitted.save(tmp_path, metrics={"note": "toy"})
    assert (tmp_path / "transformer.safetensors").stat().st_size < 30 * 2 ** 20
    loaded = TransformerPageClassifier.load(tmp_path)
    assert loaded.classes_ == fitted.classes_
    assert loaded.meta["metrics"] == {"note": "toy"}
    pages, _, _ = toy_corpus(1, seed=3)
    assert np.array_equal(loaded.predict_proba(pages[0]), fitted.predict_proba(pages[0]))
    assert np.array_equal(loaded.start_proba(pages[0]), fitted.start_proba(pages[0]))


def test_early_stopping_and_time_cap():
    pages, labels, starts = toy_corpus(4, seed=2)
    val = toy_corpus(2, seed=3)
    m = TransformerPageClassifier(epochs=50, batch_size=8, patience=1, max_minutes=0.2, **TINY)
    m.fit(pages, labels, starts, val=val)
    assert m.meta["stopped"] in ("early_stopping", "max_minutes")
    assert len(m.meta["history"]) < 50


def test_page_parts_and_fields():
    page = _page(1, "会见笔录", [f"问：第{c}行内容" for c in "零一二三四五六七八九十甲"])
    parts = page_parts(page)
    assert parts.title == "会见笔录" and "会见笔录" not in parts.lines and len(parts.lines) == 12
    cfg = {**DEFAULTS, "head_lines": 2, "body_chars": 24, "body_piece": 6}
    title, head, body, prev = page_fields(parts, None, cfg)
    assert title == "会见笔录" and prev is None
    assert head == "问：第零行内容 问：第一行内容"
    assert body.split() == ["问：第二行内", "问：第五行内", "问：第八行内", "问：第甲行内"]  # evenly spaced
    assert page_fields(parts, parts, cfg)[3] == "会见笔录 问：第零行内容"
    # augmentation: seeded, sometimes drops the title, keeps the fields' shape
    drawn = [page_fields(parts, parts, {**cfg, "aug_title_drop": 0.5}, random.Random(k)) for k in range(20)]
    assert {d[0] for d in drawn} == {"", "会见笔录"}
    assert all(len(d[2].split()) == 4 for d in drawn)


def test_encoding_respects_max_len_and_noise(fitted):
    from models.transformer_inputs import max_len
    pages, _, _ = toy_corpus(1, seed=6)
    ids, types, layout = fitted._encode([pages[0]])
    assert max(len(x) for x in ids) <= max_len(fitted.cfg) and layout.shape[0] == len(pages[0])
    assert all(len(a) == len(b) for a, b in zip(ids, types))
    assert fitted._noise(list(range(10, 110)), random.Random(0), 0.0, 0.0, 200) == list(range(10, 110))
    noisy = fitted._noise(list(range(10, 110)), random.Random(0), 0.2, 0.2, 200)
    assert 60 <= len(noisy) <= 95 and noisy != list(range(10, 110))[:len(noisy)]


def test_same_seed_same_model():
    pages, labels, starts = toy_corpus(3, seed=4)
    a = TransformerPageClassifier(epochs=2, batch_size=8, **TINY).fit(pages, labels, starts)
    b = TransformerPageClassifier(epochs=2, batch_size=8, **TINY).fit(pages, labels, starts)
    assert np.array_equal(a.predict_proba(pages[0]), b.predict_proba(pages[0]))


def test_rejects_unknown_config():
    with pytest.raises(TypeError):
        TransformerPageClassifier(hiden=64)


def test_timed_model_proxy_and_compare_row(fitted):
    from eval.compare import COMPARE_COLUMNS, _TimedModel, compare_row
    timed = _TimedModel(fitted)
    pages, _, _ = toy_corpus(1, seed=4)
    assert timed.predict_proba(pages[0]).shape[0] == len(pages[0])
    timed.start_proba(pages[0])
    assert timed.seconds > 0 and timed.classes_ == fitted.classes_ and timed.meta is fitted.meta
    m = {"pages": 10, "dossiers": 1, "errors": [], "page_type": {"accuracy": 0.9, "macro_f1": 0.8},
         "page_type_segmented": {"accuracy": 0.95}, "boundary": {"f1": 1.0}, "boundary_raw": {"f1": 0.9},
         "zero_error_share": 1.0, "defects": None, "timing": {"mean_s_per_page": 0.01},
         "setup": {"model_version": "x", "model_corpus": "toy"}}
    row = compare_row(m, 0.05)
    assert row["classify_ms_per_page"] == pytest.approx(5.0)
    assert row["pipeline_ms_per_page"] == pytest.approx(10.0)
    assert {k for k, _ in COMPARE_COLUMNS} <= set(row)


@pytest.mark.slow
def test_eval_compare_end_to_end(tmp_path):
    """Tiny transformer on 3 generated dossiers; `eval --compare` writes both models' numbers."""
    import json

    from eval.dataset import generate_corpus
    from eval.run import main
    from training.transformer import train_transformer
    generate_corpus(tmp_path / "train", n=3, seed=5, families=["A"], workers=1)
    m = train_transformer(tmp_path / "train", out_dir=tmp_path / "tf", epochs=1, val_share=0.34,
                          model_kwargs={"batch_size": 16, **TINY}, log=lambda *a: None)
    assert m["val_dossiers"] == 1 and m["validation"]["pages"] > 0 and m["epochs_run"] == 1
    assert TransformerPageClassifier.load(tmp_path / "tf").meta["metrics"]["corpus"].endswith("scan-like copies")
    generate_corpus(tmp_path / "held", n=2, seed=6, families=["D"], workers=1)
    assert main(["--compare", "--corpus", str(tmp_path / "held"), "--transformer-model", str(tmp_path / "tf"),
                 "--report", str(tmp_path / "rep")]) == 0
    metrics = json.loads((tmp_path / "rep" / "metrics.json").read_text(encoding="utf-8"))
    assert set(metrics["compare"]) == {"sklearn", "transformer"}
    assert metrics["compare"]["transformer"]["pages"] > 0
    report = (tmp_path / "rep" / "report.md").read_text(encoding="utf-8")
    assert "| page macro-F1 |" in report and (tmp_path / "rep" / "transformer" / "report.md").exists()
    assert main(["--model-kind", "transformer", "--model", str(tmp_path / "tf"), "--corpus",
                 str(tmp_path / "held"), "--report", str(tmp_path / "rep_tf")]) == 0


def test_bundled_artifact_loads_and_predicts():
    from training.transformer import TRANSFORMER_DIR
    if not (TRANSFORMER_DIR / "transformer.safetensors").exists():
        pytest.skip("transformer artifact not trained")
    import hashlib
    model = TransformerPageClassifier.load(TRANSFORMER_DIR)
    weights = (TRANSFORMER_DIR / "transformer.safetensors").read_bytes()
    assert len(weights) < 30 * 2 ** 20
    assert hashlib.sha256(weights).hexdigest() == model.meta["sha256"]
    assert model.meta["size_bytes"] == len(weights)
    pages, _, _ = toy_corpus(1, seed=8)
    proba = model.predict_proba(pages[0])
    assert proba.shape == (len(pages[0]), len(model.classes_))
    assert np.allclose(proba.sum(axis=1), 1.0, atol=1e-5)
