"""TransformerPageClassifier: a small char-level BERT trained from scratch.

Same page-model protocol as PageClassifier (``classes_``, ``fit``,
``predict_proba``, ``start_proba``, ``predict``, ``save``, ``load``), so it
can be passed anywhere a page model is expected (e.g. ``run_eval(classifier=...)``).

Why this shape: a from-scratch transformer on this CPU only learns quickly
from short, informative inputs (docs: platform notes), but titles alone do not
carry over to unseen templates (family D words its titles differently: on
held-out D a title + first-lines model reached page accuracy 0.87). Each page
therefore becomes four short fields, each with its own segment id:
``[CLS] title [SEP] first lines [SEP] body sample [SEP] previous page [SEP]``.
The body sample takes the start of evenly spaced lines below the head, so
wording from the whole page is seen at a bounded length. Digits are mapped to
``0`` (features.normalize). The layout vectors of the page and of the previous
page (features.layout_vector) are concatenated to the pooled [CLS] output
before two heads: page type (softmax) and document start (sigmoid).

Training augments every epoch (seeded): the title is dropped for a share of
pages so the model must read the body, body lines are re-sampled, and
characters are dropped or replaced as OCR would. No pretrained weights: the
model is built from a ``BertConfig``; the vocabulary is the characters seen
in training.

Artifact: ``transformer.safetensors`` (float32 state_dict) + ``transformer.json``
(config, classes, vocabulary, training meta, sha256). The page fields live in
models.transformer_inputs, the network in models.transformer_net.
"""
from __future__ import annotations

import hashlib
import json
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ingest.datamodel import Page
from models.page_classifier import PageModelOutputs, as_dossiers, flatten, training_targets, type_order
from models.transformer_inputs import (CLS, EMPTY, N_LAYOUT, N_SPECIAL, NONE, SEP, UNK, PageParts, batch_tensors,
                                       page_fields, page_layout, page_parts)
from models.transformer_net import build_net, load_torch

FORMAT_VERSION = 2
WEIGHTS_NAME = "transformer.safetensors"
META_NAME = "transformer.json"

DEFAULTS = {"hidden": 96, "layers": 2, "heads": 4, "intermediate": 192, "dropout": 0.1,
            "title_chars": 20, "head_lines": 3, "head_chars": 48, "body_chars": 60,
            "body_piece": 12, "prev_chars": 24, "min_char_count": 2,
            "label_smoothing": 0.1, "aug_title_drop": 0.3, "aug_prev_title_drop": 0.2,
            "aug_char_drop": 0.03, "aug_char_sub": 0.02}


@dataclass
class _FitState:
    """What the epochs of one fit share: inputs and targets, optimiser and schedule, and the
    early-stopping bookkeeping."""

    torch: Any
    pairs: list
    layout: np.ndarray
    y: Any
    s: Any
    rng: random.Random
    aug_rng: random.Random | None
    val: tuple | None = None
    deadline: float | None = None
    opt: Any = None
    sched: Any = None
    ce: Any = None
    bce: Any = None
    plan: list[int] = field(default_factory=list)
    steps_per_epoch: int = 1
    history: list[dict] = field(default_factory=list)
    best: float = -1.0
    best_state: dict | None = None
    bad: int = 0
    stopped: str = "epochs"

    @property
    def n(self) -> int:
        return len(self.pairs)


class TransformerPageClassifier(PageModelOutputs):
    """Page type + document start from a small char-level BERT (trained here)."""

    def __init__(self, epochs: int = 8, batch_size: int = 32, lr: float = 2e-3, seed: int = 1,
                 max_minutes: float | None = None, patience: int = 3, start_weight: float = 1.0,
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
    @staticmethod
    def _dossier_parts(dossiers: list[list[Page]]) -> list[tuple[PageParts, PageParts | None]]:
        """(page, previous page) parts for every page, dossier order."""
        out = []
        for d in dossiers:
            parts = [page_parts(p) for p in d]
            out += [(pp, parts[i - 1] if i else None) for i, pp in enumerate(parts)]
        return out

    def _build_vocab(self, pairs) -> None:
        counts: dict[str, int] = {}
        for parts, prev in pairs:
            for s in page_fields(parts, prev, self.cfg):
                for ch in s or "":
                    counts[ch] = counts.get(ch, 0) + 1
        keep = sorted(ch for ch, c in counts.items() if c >= self.cfg["min_char_count"])
        self.vocab = {ch: i + N_SPECIAL for i, ch in enumerate(keep)}

    def _encode_one(self, fields, rng: random.Random | None = None) -> tuple[list[int], list[int]]:
        """Token and segment ids of one page; rng set = drop/replace characters (OCR noise)."""
        get, cfg = self.vocab.get, self.cfg
        budgets = (cfg["title_chars"], cfg["head_chars"], cfg["body_chars"], cfg["prev_chars"])
        drop, sub = (cfg["aug_char_drop"], cfg["aug_char_sub"]) if rng is not None else (0.0, 0.0)
        n_vocab = len(self.vocab) + N_SPECIAL
        ids, types = [CLS], [0]
        for seg, (text, budget) in enumerate(zip(fields, budgets)):
            if text is None:
                toks = [NONE]
            else:
                toks = [get(c, UNK) for c in text[:budget]]
                if drop or sub:
                    toks = self._noise(toks, rng, drop, sub, n_vocab)
                toks = toks or [EMPTY]
            ids += toks + [SEP]
            types += [seg] * (len(toks) + 1)
        return ids, types

    @staticmethod
    def _noise(toks: list[int], rng: random.Random, drop: float, sub: float, n_vocab: int) -> list[int]:
        """Drop a share of characters and replace another with random ones (OCR-like errors)."""
        out = []
        for t in toks:
            r = rng.random()
            if r < drop:
                continue
            out.append(rng.randrange(N_SPECIAL, n_vocab) if r < drop + sub else t)
        return out

    def _encode_pairs(self, pairs, rng: random.Random | None = None) -> tuple[list, list]:
        ids, types = [], []
        for parts, prev in pairs:
            a, b = self._encode_one(page_fields(parts, prev, self.cfg, rng), rng)
            ids.append(a)
            types.append(b)
        return ids, types

    def _encode(self, dossiers: list[list[Page]]):
        """Token ids / segment ids per page (lists) and the layout matrix, dossier order."""
        ids, types = self._encode_pairs(self._dossier_parts(dossiers))
        lays = [page_layout(d) for d in dossiers]
        layout = np.vstack(lays) if lays else np.zeros((0, N_LAYOUT), np.float32)
        return ids, types, layout

    @property
    def _augments(self) -> bool:
        return any(self.cfg[k] > 0 for k in ("aug_title_drop", "aug_prev_title_drop",
                                             "aug_char_drop", "aug_char_sub"))

    # --- fitting ----------------------------------------------------------
    def fit(self, pages, labels, starts=None, corpus: str = "", val=None,
            log=None) -> "TransformerPageClassifier":
        """Fit on dossiers (list of page lists) or flat pages (split where index restarts).

        val: optional (dossiers, labels, starts) for early stopping (best epoch
        by type accuracy + start accuracy is kept); max_minutes caps wall clock.
        Training inputs are re-drawn every epoch when augmentation is on.
        """
        torch = load_torch()
        t0 = time.perf_counter()
        dossiers, flat_labels, flat_starts = training_targets(pages, labels, starts)
        n = sum(len(d) for d in dossiers)
        if len(flat_labels) != n or len(flat_starts) != n:
            raise ValueError(f"{n} pages but {len(flat_labels)} labels / {len(flat_starts)} starts")
        self.classes_ = type_order(flat_labels)
        st = self._fit_state(torch, dossiers, flat_labels, flat_starts, val, t0)
        ids, types = self._encode_pairs(st.pairs)
        for epoch in range(self.epochs):
            if st.aug_rng is not None:
                ids, types = self._encode_pairs(st.pairs, st.aug_rng)
            if self._epoch(st, epoch, ids, types, log):
                break
        if st.best_state is not None:
            self.net.load_state_dict(st.best_state)
        self.net.eval()
        self.meta = {
            "format_version": FORMAT_VERSION, "kind": "transformer", "classes": self.classes_,
            "corpus": corpus, "n_dossiers": len(dossiers), "n_pages": n,
            "fit_seconds": round(time.perf_counter() - t0, 1), "history": st.history,
            "stopped": st.stopped, "params": self._params(),
            "n_parameters": sum(p.numel() for p in self.net.parameters()),
            "vocab_size": len(self.vocab) + N_SPECIAL,
            "trained_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        self._cache_key = None
        return self

    def _fit_state(self, torch, dossiers: list[list[Page]], flat_labels: list[str], flat_starts: list,
                   val, t0: float) -> "_FitState":
        """Vocabulary, targets, seeded network and optimiser, encoded validation set: all a fit's
        epochs share. Seeds are set right before the network is built (same seed, same model)."""
        pos = {c: i for i, c in enumerate(self.classes_)}
        pairs = self._dossier_parts(dossiers)
        self._build_vocab(pairs)
        lays = [page_layout(d) for d in dossiers]
        layout = np.vstack(lays) if lays else np.zeros((0, N_LAYOUT), np.float32)
        y = torch.tensor([pos[c] for c in flat_labels], dtype=torch.long)
        s = torch.tensor([float(x) for x in flat_starts], dtype=torch.float32)
        torch.manual_seed(self.seed)
        st = _FitState(torch, pairs, layout, y, s, rng=random.Random(self.seed),
                       aug_rng=random.Random(self.seed + 1) if self._augments else None)
        self.net = build_net(self.cfg, len(self.vocab) + N_SPECIAL, len(self.classes_))
        self._optimiser(st)
        if val is not None:
            val_dossiers = as_dossiers(val[0])
            st.val = (self._encode(val_dossiers), val[1], val[2])
        st.deadline = t0 + self.max_minutes * 60 if self.max_minutes else None
        return st

    def _optimiser(self, st: "_FitState") -> None:
        """AdamW, the two losses, and the learning-rate schedule: linear warm-up then linear decay
        to the planned last step; the plan shrinks after epoch 1 when max_minutes will not allow
        all epochs (see _epoch)."""
        torch = st.torch
        st.opt = torch.optim.AdamW(self.net.parameters(), lr=self.lr, weight_decay=0.01)
        st.steps_per_epoch = max(1, (st.n + self.batch_size - 1) // self.batch_size)
        plan = st.plan = [st.steps_per_epoch * self.epochs]
        warm = max(1, plan[0] // 20)
        st.sched = torch.optim.lr_scheduler.LambdaLR(
            st.opt, lambda k: min((k + 1) / warm, max(0.05, (plan[0] - k) / max(plan[0] - warm, 1))))
        st.ce = torch.nn.CrossEntropyLoss(label_smoothing=self.cfg["label_smoothing"])
        st.bce = torch.nn.BCEWithLogitsLoss()

    def _epoch(self, st: "_FitState", epoch: int, ids: list, types: list, log) -> bool:
        """One pass over length-bucketed, shuffled batches, then validation and the stop rules;
        True when fitting should stop."""
        # length-bucketed batches: similar lengths together -> less padding
        order = sorted(range(st.n), key=lambda r: len(ids[r]))
        batches = [order[k:k + self.batch_size] for k in range(0, st.n, self.batch_size)]
        self.net.train()
        st.rng.shuffle(batches)
        te = time.perf_counter()
        tot = self._train_batches(st, ids, types, batches)
        rec = {"epoch": epoch + 1, "loss": round(tot / st.n, 4),
               "seconds": round(time.perf_counter() - te, 1)}
        if st.val is not None:
            self._validate(st, rec)
        st.history.append(rec)
        if epoch == 0 and st.deadline:
            per_epoch = time.perf_counter() - te + 1.0
            fit_epochs = int((st.deadline - time.perf_counter()) / per_epoch) + 1
            st.plan[0] = st.steps_per_epoch * max(1, min(self.epochs, fit_epochs))
        if log:
            log(f"  epoch {rec}")
        if st.deadline and time.perf_counter() > st.deadline:
            st.stopped = "max_minutes"
            return True
        if st.val is not None and st.bad >= self.patience:
            st.stopped = "early_stopping"
            return True
        return False

    def _train_batches(self, st: "_FitState", ids: list, types: list, batches: list[list[int]]) -> float:
        """One optimiser step per batch (stopping past the deadline); the loss summed over pages."""
        torch, tot = st.torch, 0.0
        for rows in batches:
            a, b, m, lay = batch_tensors(torch, ids, types, st.layout, rows)
            logits, slog = self.net(a, b, m, lay)
            loss = st.ce(logits, st.y[rows]) + self.start_weight * st.bce(slog, st.s[rows])
            st.opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(self.net.parameters(), 1.0)
            st.opt.step()
            st.sched.step()
            tot += float(loss.detach()) * len(rows)
            if st.deadline and time.perf_counter() > st.deadline:
                break
        return tot

    def _validate(self, st: "_FitState", rec: dict) -> None:
        """Score the epoch on the validation set; keep the weights of the best epoch so far."""
        self._cache_key = None
        acc, sacc = self._val_scores(*st.val)
        rec.update(val_accuracy=round(acc, 4), val_start_accuracy=round(sacc, 4))
        score = acc + sacc
        if score > st.best + 1e-4:
            st.best, st.bad = score, 0
            st.best_state = {k: v.detach().clone() for k, v in self.net.state_dict().items()}
            rec["best"] = True
        else:
            st.bad += 1

    def _val_scores(self, enc, labels, starts) -> tuple[float, float]:
        """Type and start accuracy on pre-encoded validation pages (encoded once)."""
        proba, sp = self._forward(*enc)
        flat = bool(labels) and isinstance(labels[0], str)
        lab, st = (list(labels), list(starts)) if flat else (flatten(labels), flatten(starts))
        pred = [self.classes_[i] for i in proba.argmax(1)]
        hit = sum(a == b for a, b in zip(pred, lab))
        shit = sum(bool(a >= 0.5) == bool(b) for a, b in zip(sp, st))
        return hit / max(len(lab), 1), shit / max(len(lab), 1)

    # --- inference --------------------------------------------------------
    def _run(self, pages) -> tuple[np.ndarray, np.ndarray]:
        dossiers = as_dossiers(pages) if len(pages) else []
        if sum(len(d) for d in dossiers) == 0:
            return np.zeros((0, len(self.classes_)), np.float32), np.zeros(0, np.float32)
        return self._forward(*self._encode(dossiers))

    def _forward(self, ids, types, layout) -> tuple[np.ndarray, np.ndarray]:
        torch = load_torch()
        n = len(ids)
        self.net.eval()
        proba = np.zeros((n, len(self.classes_)), np.float32)
        start = np.zeros(n, np.float32)
        order = sorted(range(n), key=lambda r: len(ids[r]))
        with torch.no_grad():
            for k in range(0, n, 128):
                rows = order[k:k + 128]
                logits, slog = self.net(*batch_tensors(torch, ids, types, layout, rows))
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
        model.net = build_net(model.cfg, len(model.vocab) + N_SPECIAL, len(model.classes_))
        model.net.load_state_dict(load_file(str(path)))
        model.net.eval()
        return model
