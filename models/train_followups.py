"""Train (and measure) the FU-01 follow-up models from generator ground truth.

Labels come from the corpus generator's own bookkeeping, never from the rules:
while ``eval.corpus.plan_corpus`` plans dossiers (render=False, nothing
written) we record every request line it writes (kind, text) and every answer
sentence (kind, text), plus the planned documents. Client sentences inside a
recorded request line that carry the kind's keyword are labelled with that
kind, all other client sentences ``none``. For each recorded request every
later document gives one matcher pair (request sentence, kind, the document's
passage naming the kind -- ``models.followups.doc_passage`` -- , its type):
positive when the generator wrote an answer of that kind into the document
(``doc.data["answers"]``), negative otherwise (the injected FU-01 defect
request has only negatives).

    python -m models.train_followups              # train on A,B,C (plan n=300 seed=1), measure on D, save
    python -m models.train_followups --no-save    # measure only (held-out D, n=60 seed=9999 by default)
"""
from __future__ import annotations

import argparse
import contextlib
import json
import re
import time
from collections import Counter, defaultdict
from pathlib import Path

import yaml

from models.followups import (ACTION_WORDS, KINDS, AnswerMatcher, RequestDetector, doc_passage,
                              save_models, split_sentences)

CHECKLIST = Path(__file__).resolve().parents[1] / "review" / "data" / "checklist.yaml"
NON_ANSWER = {"cover", "toc", "backup_sheet", "reminder_letter", "callback_record", "opinion_form"}


def fu01_params() -> dict:
    data = yaml.safe_load(CHECKLIST.read_text(encoding="utf-8"))
    items = data["items"] if isinstance(data, dict) else data
    return next(i for i in items if i["id"] == "FU-01")["params"]


def vocab() -> tuple[dict[str, list[str]], dict[str, list[str]], list[str]]:
    p = fu01_params()
    req = {k: list(v.get("request", [])) for k, v in p["request_kinds"].items()}
    ans = {k: list(v.get("answer", [])) for k, v in p["request_kinds"].items()}
    return req, ans, list(p.get("request_verbs", []))


@contextlib.contextmanager
def _recording():
    """Record request lines, answer sentences and planned documents while the generator runs."""
    import eval.corpus.generate as gen
    import eval.corpus.templates.records as rec
    import eval.corpus.templates.writings as wri
    log = {"requests": [], "answers": [], "dossiers": []}
    orig_rl, orig_as, orig_truth = rec.request_line, rec.answer_sentence, gen._truth

    def request_line(ph, kind, witness):
        line = orig_rl(ph, kind, witness)
        log["requests"].append((kind, line))
        return line

    def answer_sentence(ph, c, kind, when, host):
        s = orig_as(ph, c, kind, when, host)
        log["answers"].append((kind, s))
        return s

    def truth(stem, phys, defects, c, tl, family, *a):
        out = orig_truth(stem, phys, defects, c, tl, family, *a)
        docs = a[3]
        log["dossiers"].append({"family": family, "client": c.client.name, "docs": docs, "truth": out,
                                "requests": list(log["requests"]), "answers": list(log["answers"])})
        log["requests"].clear()
        log["answers"].clear()
        return out

    rec.request_line, gen.request_line, rec.answer_sentence, wri.answer_sentence, gen._truth = (
        request_line, request_line, answer_sentence, answer_sentence, truth)
    try:
        yield log
    finally:
        rec.request_line, gen.request_line = orig_rl, orig_rl
        rec.answer_sentence, wri.answer_sentence, gen._truth = orig_as, orig_as, orig_truth


def _client_turns(text: str, client: str) -> list[str]:
    rx = re.compile(rf"^\s*(?:答|{re.escape(client)})\s*[:：]\s*")
    return [rx.sub("", ln) for ln in text.split("\n") if rx.match(ln)]


def export_labels(n: int, seed: int, families: list[str] | None = None):
    """(sentence rows, pair rows) labelled by the generator. Rows carry a dossier id."""
    from eval.corpus import plan_corpus
    req_words, ans_words, _ = vocab()
    with _recording() as log:
        plan_corpus(n, seed, families=families)
    sents, pairs = [], []
    for di, d in enumerate(log["dossiers"]):
        docs, lines = d["docs"], d["requests"]
        answers = d["answers"]
        reqs = []  # (doc index, kind, sentence)
        for i, doc in enumerate(docs):
            if doc.type != "meeting_record":
                continue
            for turn in _client_turns(doc.text(), d["client"]):
                kind_of = next((k for k, line in lines if line.strip() == turn.strip()), None)
                for s in split_sentences(turn):
                    lab = kind_of if kind_of and any(w in s for w in req_words.get(kind_of, [])) else "none"
                    sents.append((s, lab, d["family"], di))
                    if lab != "none":
                        reqs.append((i, lab, s))
        for i, kind, s in reqs:
            m = docs[i]
            later = [x for j, x in enumerate(docs) if x is not m and x.type not in NON_ANSWER
                     and (j > i or (x.date and m.date and x.date > m.date))]
            for x in later:
                host = any(k == kind for k, *_ in x.data.get("answers", []))
                passage, _ = doc_passage(x.text(), ans_words.get(kind, []))
                pairs.append((s, kind, passage, x.type, int(host), d["family"], di))
    return sents, pairs, log["dossiers"]


def train(n: int = 300, seed: int = 1, families=("A", "B", "C")):
    req_words, ans_words, verbs = vocab()
    sents, pairs, _ = export_labels(n, seed, list(families))
    det = RequestDetector(kind_words=req_words, request_verbs=verbs).fit([s for s, *_ in sents],
                                                                         [l for _, l, *_ in sents])
    mat = AnswerMatcher(kind_words=ans_words, action_words=ACTION_WORDS).fit([r[:4] for r in pairs],
                                                                             [r[4] for r in pairs])
    return det, mat, {"sentences": len(sents), "pairs": len(pairs),
                      "sentence_labels": dict(Counter(l for _, l, *_ in sents)),
                      "positive_pairs": sum(r[4] for r in pairs)}


def _rule_kind(s: str, req_words, verbs) -> str:
    if not any(v in s for v in verbs):
        return "none"
    ks = [k for k, ws in req_words.items() if any(w in s for w in ws)]
    return ks[0] if ks else "none"


def _prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return round(p, 3), round(r, 3)


def measure(det: RequestDetector, mat: AnswerMatcher, n: int = 60, seed: int = 9999, families=("D",)) -> dict:
    """Request detection P/R by kind (rules vs model) and pair-level answer matching on held-out data."""
    req_words, ans_words, verbs = vocab()
    sents, pairs, _ = export_labels(n, seed, list(families))
    gold = [l for _, l, *_ in sents]
    out = {}
    preds = {"rules": [_rule_kind(s, req_words, verbs) for s, *_ in sents],
             "model": det.predict([s for s, *_ in sents])}
    for name, pred in preds.items():
        per = {}
        for k in [k for k in KINDS if k != "none"]:
            tp = sum(g == k and p == k for g, p in zip(gold, pred))
            fp = sum(g != k and p == k for g, p in zip(gold, pred))
            fn = sum(g == k and p != k for g, p in zip(gold, pred))
            if tp + fp + fn:
                per[k] = _prf(tp, fp, fn) + (tp + fn,)
        tp = sum(g != "none" and p == g for g, p in zip(gold, pred))
        fp = sum(p != "none" and p != g for g, p in zip(gold, pred))
        fn = sum(g != "none" and p != g for g, p in zip(gold, pred))
        out[f"detect_{name}"] = {"all": _prf(tp, fp, fn), "by_kind(P,R,support)": per}
    # request-level answered decision: max pair score per request vs the rule (any answer word in a later sentence)
    by_req = defaultdict(list)
    for r in pairs:
        by_req[(r[6], r[0], r[1])].append(r)
    for name in ("rules", "model"):
        tp = fp = fn = 0  # positive class = unanswered
        for key, rows in by_req.items():
            answered = any(r[4] for r in rows)
            if name == "rules":
                said = any(any(w in r[2] for w in ans_words.get(r[1], [])) for r in rows)
            else:
                said = mat.predict_proba([r[:4] for r in rows])[:, 1].max() >= 0.5
            tp += (not answered) and (not said)
            fp += answered and (not said)
            fn += (not answered) and said
        out[f"unanswered_{name}(P,R,n_unanswered,n_requests)"] = _prf(tp, fp, fn) + (
            sum(not any(r[4] for r in rows) for rows in by_req.values()), len(by_req))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=None)
    ap.add_argument("--eval-n", type=int, default=60)
    ap.add_argument("--eval-seed", type=int, default=9999)
    ap.add_argument("--no-save", action="store_true")
    a = ap.parse_args(argv)
    t = time.time()
    det, mat, info = train(a.n, a.seed)
    print(json.dumps(info, ensure_ascii=False), f"trained in {time.time() - t:.0f}s", flush=True)
    res = measure(det, mat, a.eval_n, a.eval_seed)
    print(json.dumps(res, ensure_ascii=False, indent=1))
    if not a.no_save:
        d = save_models(det, mat, a.out, {"corpus": f"plan n={a.n} seed={a.seed} families=A,B,C",
                                          "train": info, "heldout_D": res})
        print("saved", d)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
