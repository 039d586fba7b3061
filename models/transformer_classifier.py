"""TransformerPageClassifier: a small char-level BERT trained from scratch.

Same page-model protocol as PageClassifier (``classes_``, ``fit``,
``predict_proba``, ``start_proba``, ``predict``, ``save``, ``load``), so it
can be passed anywhere a page model is expected (e.g. ``run_eval(classifier=...)``).

Why this shape: a from-scratch transformer on this CPU only learns quickly
from short, informative inputs (docs: platform notes). Each page becomes
``[CLS] title [SEP] first lines [SEP] previous page's title + first line [SEP]``
(digits mapped to one symbol via features.normalize, truncated to
``max_len``), and the layout vectors of the page and of the previous page
(features.layout_vector: relative title size, title position, line-count
bucket, Q&A markers, table rows, printed number ...) are concatenated to
the pooled [CLS] output before two heads: page type (softmax) and
document start (sigmoid). No pretrained weights: the model is built from a
``BertConfig``; the vocabulary is the characters seen in training.

Artifact: ``transformer.safetensors`` (float32 state_dict) + ``transformer.json``
(config, classes, vocabulary, training meta, sha256).
"""
from __future__ import annotations

import hashlib
import json
import random
import time
from pathlib import Path

import numpy as np

from ingest.datamodel import Page
from models.features import LAYOUT_NAMES, head_text, layout_matrix, page_title, split_dossiers
from models.page_classifier import _as_dossiers, _flatten, _type_order, training_targets

FORMAT_VERSION = 1
WEIGHTS_NAME = "transformer.safetensors"
META_NAME = "transformer.json"
PAD, UNK, CLS, SEP = 0, 1, 2, 3
N_SPECIAL = 4
N_LAYOUT = 2 * len(LAYOUT_NAMES) + 1  # page layout, previous page layout, first-page flag

DEFAULTS = {"hidden": 128, "layers": 2, "heads": 4, "intermediate": 256, "max_len": 128,
            "title_chars": 32, "prev_chars": 32, "head_lines": 4, "min_char_count": 2,
            "dropout": 0.1}


def _torch():
    import torch
    torch.set_num_threads(2)
    torch.set_flush_denormal(True)  # denormal floats slow CPU matmuls many-fold
    return torch


def page_texts(pages: list[Page], head_lines: int = 4) -> list[tuple[str, str, str]]:
    """(title, first lines, previous page title + first line) for one dossier's pages."""
    titles = [page_title(p) for p in pages]
    heads = [head_text(p, head_lines) for p in pages]
    out = []
    for i in range(len(pages)):
        if i == 0:
            prev = "<none>"
        else:
            prev = (titles[i - 1] + " " + head_text(pages[i - 1], 1)).strip() or "<empty>"
        out.append((titles[i] or "<empty>", heads[i] or "<empty>", prev))
    return out


def page_layout(pages: list[Page]) -> np.ndarray:
    """Layout of each page, of the previous page (zeros for the first) and a first flag."""
    lay = layout_matrix(pages)
    prev = np.vstack([np.zeros((1, lay.shape[1]), np.float32), lay[:-1]]) if len(lay) else lay
    first = np.zeros((len(lay), 1), np.float32)
    if len(lay):
        first[0] = 1.0
    return np.hstack([lay, prev, first]).astype(np.float32)


def _build_net(cfg: dict, vocab_size: int, n_classes: int):
    torch = _torch()
    from transformers import BertConfig, BertModel

    class _Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            bc = BertConfig(vocab_size=vocab_size, hidden_size=cfg["hidden"],
                            num_hidden_layers=cfg["layers"], num_attention_heads=cfg["heads"],
                            intermediate_size=cfg["intermediate"],
                            max_position_embeddings=cfg["max_len"], type_vocab_size=3,
                            hidden_dropout_prob=cfg["dropout"],
                            attention_probs_dropout_prob=cfg["dropout"], pad_token_id=PAD)
            self.bert = BertModel(bc, add_pooling_layer=True)
            h = cfg["hidden"]
            self.mix = torch.nn.Sequential(torch.nn.Linear(h + N_LAYOUT, h), torch.nn.GELU(),
                                           torch.nn.Dropout(cfg["dropout"]))
            self.type_head = torch.nn.Linear(h, n_classes)
            self.start_head = torch.nn.Linear(h + N_LAYOUT, 1)

        def forward(self, ids, types, mask, layout):
            out = self.bert(input_ids=ids, token_type_ids=types, attention_mask=mask)
            z = torch.cat([out.pooler_output, layout], dim=1)
            m = self.mix(z)
            return self.type_head(m), self.start_head(torch.cat([m, layout], dim=1)).squeeze(1)

    return _Net()


class TransformerPageClassifier:
    """Page type + document start from a small char-level BERT (trained here)."""

    def __init__(self, epochs: int = 8, batch_size: int = 32, lr: float = 1e-3, seed: int = 1,
                 max_minutes: float | None = None, patience: int = 2, start_weight: float = 1.0,
                 **config):
        unknown = set(config) - set(DEFAULTS)
        if unknown:
            raise TypeError(f"unknown config keys: {sorted(unknown)}")
        self.cfg = {**DEFAULTS, **config}
        self.epochs = epochs
        self.batch_size = batch_size
        self.lr = lr
        self.seed = seed
        self.max_minutes = max_minutes
        self.patience = patience
        self.start_weight = start_weight
        self.classes_: list[str] = []
        self.vocab: dict[str, int] = {}
        self.meta: dict = {}
        self.net = None
        self._cache_key: tuple | None = None
        self._cache: tuple | None = None

    # --- encoding ---------------------------------------------------------
    def _build_vocab(self, texts) -> None:
        counts: dict[str, int] = {}
        for parts in texts:
            for s in parts:
                for ch in s:
                    counts[ch] = counts.get(ch, 0) + 1
        keep = sorted(ch for ch, c in counts.items() if c >= self.cfg["min_char_count"])
        self.vocab = {ch: i + N_SPECIAL for i, ch in enumerate(keep)}

    def _encode_one(self, title: str, head: str, prev: str) -> tuple[list[int], list[int]]:
        get = self.vocab.get
        t = [get(c, UNK) for c in title[:self.cfg["title_chars"]]]
        p = [get(c, UNK) for c in prev[:self.cfg["prev_chars"]]]
        room = max(self.cfg["max_len"] - 4 - len(t) - len(p), 0)
        h = [get(c, UNK) for c in head[:room]]
        ids = [CLS] + t + [SEP] + h + [SEP] + p + [SEP]
        types = [0] * (len(t) + 2) + [1] * (len(h) + 1) + [2] * (len(p) + 1)
        return ids[:self.cfg["max_len"]], types[:self.cfg["max_len"]]

    def _encode(self, dossiers: list[list[Page]]):
        """Token ids / segment ids per page (lists) and the layout matrix, dossier order."""
        ids, types, lays = [], [], []
        for d in dossiers:
            for title, head, prev in page_texts(d, self.cfg["head_lines"]):
                a, b = self._encode_one(title, head, prev)
                ids.append(a)
                types.append(b)
            lays.append(page_layout(d))
        layout = np.vstack(lays) if lays else np.zeros((0, N_LAYOUT), np.float32)
        return ids, types, layout

    @staticmethod
    def _batch(torch, ids, types, layout, rows):
        L = max(len(ids[r]) for r in rows)
        a = np.zeros((len(rows), L), np.int64)
        b = np.zeros((len(rows), L), np.int64)
        m = np.zeros((len(rows), L), np.int64)
        for k, r in enumerate(rows):
            n = len(ids[r])
            a[k, :n], b[k, :n], m[k, :n] = ids[r], types[r], 1
        return (torch.from_numpy(a), torch.from_numpy(b), torch.from_numpy(m),
                torch.from_numpy(layout[rows]))

    # --- fitting ----------------------------------------------------------
    def fit(self, pages, labels, starts=None, corpus: str = "", val=None,
            log=None) -> "TransformerPageClassifier":
        """Fit on dossiers (list of page lists) or flat pages (split where index restarts).

        val: optional (dossiers, labels, starts) for early stopping (best epoch
        by type accuracy + start accuracy is kept); max_minutes caps wall clock.
        """
        torch = _torch()
        t0 = time.perf_counter()
        dossiers, flat_labels, flat_starts = training_targets(pages, labels, starts)
        n = sum(len(d) for d in dossiers)
        if len(flat_labels) != n or len(flat_starts) != n:
            raise ValueError(f"{n} pages but {len(flat_labels)} labels / {len(flat_starts)} starts")
        self.classes_ = _type_order(flat_labels)
        pos = {c: i for i, c in enumerate(self.classes_)}

        texts = [t for d in dossiers for t in page_texts(d, self.cfg["head_lines"])]
        self._build_vocab(texts)
        ids, types, layout = self._encode(dossiers)
        y = torch.tensor([pos[c] for c in flat_labels], dtype=torch.long)
        s = torch.tensor([float(x) for x in flat_starts], dtype=torch.float32)

        torch.manual_seed(self.seed)
        rng = random.Random(self.seed)
        self.net = _build_net(self.cfg, len(self.vocab) + N_SPECIAL, len(self.classes_))
        opt = torch.optim.AdamW(self.net.parameters(), lr=self.lr, weight_decay=0.01)
        steps_per_epoch = max(1, (n + self.batch_size - 1) // self.batch_size)
        # linear warm-up then linear decay to the planned last step; the plan shrinks
        # after epoch 1 when max_minutes will not allow all epochs
        plan = [steps_per_epoch * self.epochs]
        warm = max(1, plan[0] // 20)
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda k: min((k + 1) / warm, max(0.05, (plan[0] - k) / max(plan[0] - warm, 1))))
        ce = torch.nn.CrossEntropyLoss()
        bce = torch.nn.BCEWithLogitsLoss()
        history, best, best_state, bad = [], -1.0, None, 0
        if val is not None:
            val_dossiers = _as_dossiers(val[0])
            val = (self._encode(val_dossiers), val[1], val[2])
        deadline = t0 + self.max_minutes * 60 if self.max_minutes else None
        stopped = "epochs"
        # length-bucketed batches: similar lengths together -> less padding
        order = sorted(range(n), key=lambda r: len(ids[r]))
        batches = [order[k:k + self.batch_size] for k in range(0, n, self.batch_size)]
        for epoch in range(self.epochs):
            self.net.train()
            rng.shuffle(batches)
            te, tot = time.perf_counter(), 0.0
            for rows in batches:
                a, b, m, lay = self._batch(torch, ids, types, layout, rows)
                logits, slog = self.net(a, b, m, lay)
                loss = ce(logits, y[rows]) + self.start_weight * bce(slog, s[rows])
                opt.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(self.net.parameters(), 1.0)
                opt.step()
                sched.step()
                tot += float(loss.detach()) * len(rows)
                if deadline and time.perf_counter() > deadline:
                    break
            rec = {"epoch": epoch + 1, "loss": round(tot / n, 4),
                   "seconds": round(time.perf_counter() - te, 1)}
            if val is not None:
                self._cache_key = None
                acc, sacc = self._val_scores(*val)
                rec.update(val_accuracy=round(acc, 4), val_start_accuracy=round(sacc, 4))
                score = acc + sacc
                if score > best + 1e-4:
                    best, bad = score, 0
                    best_state = {k: v.detach().clone() for k, v in self.net.state_dict().items()}
                    rec["best"] = True
                else:
                    bad += 1
            history.append(rec)
            if epoch == 0 and deadline:
                per_epoch = time.perf_counter() - te + 1.0
                fit_epochs = int((deadline - time.perf_counter()) / per_epoch) + 1
                plan[0] = steps_per_epoch * max(1, min(self.epochs, fit_epochs))
            if log:
                log(f"  epoch {rec}")
            if deadline and time.perf_counter() > deadline:
                stopped = "max_minutes"
                break
            if val is not None and bad >= self.patience:
                stopped = "early_stopping"
                break
        if best_state is not None:
            self.net.load_state_dict(best_state)
        self.net.eval()
        self.meta = {
            "format_version": FORMAT_VERSION, "kind": "transformer", "classes": self.classes_,
            "corpus": corpus, "n_dossiers": len(dossiers), "n_pages": n,
            "fit_seconds": round(time.perf_counter() - t0, 1), "history": history,
            "stopped": stopped, "params": self._params(),
            "n_parameters": sum(p.numel() for p in self.net.parameters()),
            "vocab_size": len(self.vocab) + N_SPECIAL,
            "trained_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        self._cache_key = None
        return self

    def _val_scores(self, enc, labels, starts) -> tuple[float, float]:
        """Type and start accuracy on pre-encoded validation pages (encoded once)."""
        proba, sp = self._forward(*enc)
        flat = bool(labels) and isinstance(labels[0], str)
        lab, st = (list(labels), list(starts)) if flat else (_flatten(labels), _flatten(starts))
        pred = [self.classes_[i] for i in proba.argmax(1)]
        hit = sum(a == b for a, b in zip(pred, lab))
        shit = sum(bool(a >= 0.5) == bool(b) for a, b in zip(sp, st))
        return hit / max(len(lab), 1), shit / max(len(lab), 1)

    # --- inference --------------------------------------------------------
    def _run(self, pages) -> tuple[np.ndarray, np.ndarray]:
        dossiers = _as_dossiers(pages) if len(pages) else []
        if sum(len(d) for d in dossiers) == 0:
            return np.zeros((0, len(self.classes_)), np.float32), np.zeros(0, np.float32)
        return self._forward(*self._encode(dossiers))

    def _forward(self, ids, types, layout) -> tuple[np.ndarray, np.ndarray]:
        torch = _torch()
        n = len(ids)
        self.net.eval()
        proba = np.zeros((n, len(self.classes_)), np.float32)
        start = np.zeros(n, np.float32)
        order = sorted(range(n), key=lambda r: len(ids[r]))
        with torch.no_grad():
            for k in range(0, n, 128):
                rows = order[k:k + 128]
                logits, slog = self.net(*self._batch(torch, ids, types, layout, rows))
                proba[rows] = torch.softmax(logits.float(), dim=1).numpy()
                start[rows] = torch.sigmoid(slog.float()).numpy()
        proba /= proba.sum(axis=1, keepdims=True)
        return proba, start

    def _analyse(self, pages) -> tuple[np.ndarray, np.ndarray]:
        key = tuple((id(p), p.index, hash(p.text), len(p.lines)) for p in pages)
        if key == self._cache_key and self._cache is not None:
            return self._cache
        self._cache_key, self._cache = key, self._run(pages)
        return self._cache

    def predict_proba(self, pages) -> np.ndarray:
        """n_pages x len(classes_) type probabilities; rows sum to 1."""
        return self._analyse(pages)[0].copy()

    def start_proba(self, pages) -> np.ndarray:
        """P(page is the first page of a document), one value per page."""
        return self._analyse(pages)[1].copy()

    def predict(self, pages) -> list[str]:
        return [self.classes_[i] for i in self.predict_proba(pages).argmax(axis=1)]

    def predict_starts(self, pages, threshold: float = 0.5) -> list[bool]:
        return [bool(x) for x in self.start_proba(pages) >= threshold]

    # --- persistence ------------------------------------------------------
    def _params(self) -> dict:
        return {"epochs": self.epochs, "batch_size": self.batch_size, "lr": self.lr,
                "seed": self.seed, "max_minutes": self.max_minutes, "patience": self.patience,
                "start_weight": self.start_weight, **self.cfg}

    def save(self, directory: str | Path, metrics: dict | None = None) -> Path:
        """Write transformer.safetensors + transformer.json (config, vocab, meta, sha256)."""
        from safetensors.torch import save_file
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / WEIGHTS_NAME
        state = {k: v.detach().contiguous().float() for k, v in self.net.state_dict().items()}
        save_file(state, str(path))
        if metrics is not None:
            self.meta["metrics"] = metrics
        self.meta["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        self.meta["size_bytes"] = path.stat().st_size
        doc = {"format_version": FORMAT_VERSION, "params": self._params(),
               "classes_": self.classes_, "vocab": self.vocab, "meta": self.meta}
        (directory / META_NAME).write_text(json.dumps(doc, ensure_ascii=False, indent=1),
                                           encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: str | Path) -> "TransformerPageClassifier":
        """Load from an artifact directory or the .safetensors file itself."""
        from safetensors.torch import load_file
        path = Path(path)
        if path.is_dir():
            path = path / WEIGHTS_NAME
        doc = json.loads(path.with_name(META_NAME).read_text(encoding="utf-8"))
        if doc.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"{path}: format {doc.get('format_version')} != {FORMAT_VERSION}")
        model = cls(**doc["params"])
        model.classes_ = list(doc["classes_"])
        model.vocab = dict(doc["vocab"])
        model.meta = doc.get("meta", {})
        model.net = _build_net(model.cfg, len(model.vocab) + N_SPECIAL, len(model.classes_))
        model.net.load_state_dict(load_file(str(path)))
        model.net.eval()
        return model
