"""Train (and measure) the FU-01 follow-up models from generator ground truth.

Labels come from the corpus generator's own bookkeeping, never from the rules:
``eval.corpus.plan_dossiers`` plans dossiers (nothing rendered or written)
and hands over the planned documents with their labels. Meeting records list the requests the
generator wrote (``data["request_texts"]``: kind, request sentence, form) and
answer hosts the answers (``data["answer_texts"]``: kind, text). Detector rows:
every client sentence of a meeting record (client turns, and narrative lines
naming the client), labelled with the kind of the request it states, else
``none`` (a yes to the lawyer's offer is ``none``: the check's offer rule
handles it). Matcher rows: for each request, every sentence of every later
document (``models.followups.candidate_sentences``), positive when it is part
of an answer of that kind the generator wrote into that document; negatives are
subsampled (all that name a kind word or an action word, a share of the rest),
and two narrative request sentences of the same kind and family are added as
negatives (a later document that only restates a request does not answer it).

    python -m training.followups              # train on A,B,C (plan n=300 seed=1), measure on D, save
    python -m training.followups --no-save    # measure only (held-out D, n=200 seed=9999 by default)
"""
from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections import Counter, defaultdict

from models.followups import (ACTION_WORDS, KINDS, AnswerMatcher, RequestDetector, candidate_sentences,
                              save_models, split_sentences)
from review.checklist import default_checklist

NON_ANSWER = {"cover", "toc", "backup_sheet", "reminder_letter", "callback_record", "opinion_form"}
CLIENT_ROLES = ("受援人", "当事人", "委托人", "犯罪嫌疑人", "被告人", "申请人")
RESTATING_TYPES = ("closing_report", "defense_opinion", "meeting_record")
NEG_SHARE = 0.15  # share of matcher negatives kept that name no kind word and no action word


def fu01_params() -> dict:
    """FU-01's vocabularies and model cut-offs, as the review loads them from the checklist."""
    return dict(default_checklist().item("FU-01").params)


def vocab() -> tuple[dict[str, list[str]], dict[str, list[str]], list[str]]:
    p = fu01_params()
    req = {k: list(v.get("request", [])) for k, v in p["request_kinds"].items()}
    ans = {k: list(v.get("answer", [])) for k, v in p["request_kinds"].items()}
    return req, ans, list(p.get("request_verbs", []))


_SPEAKER = re.compile(r"^\s*([^\s:：]{1,6})\s*[:：]\s*")


def client_sentences(text: str, client: str) -> list[str]:
    """Sentences the client says (答：/name： turns) or a narrative line says of the client."""
    out = []
    for ln in text.split("\n"):
        m = _SPEAKER.match(ln)
        if m and m.group(1) in ("答", client):
            out += split_sentences(ln[m.end():])
        elif not m and any(r in ln for r in CLIENT_ROLES):
            out += split_sentences(ln)
    return out


def _request_label(sentence: str, requests: list[tuple[str, str, str]]) -> str:
    for kind, text, form in requests:
        if form != "offer" and len(sentence) >= 4 and (sentence in text or text in sentence):
            return kind
    return "none"


def export_labels(n: int, seed: int, families: list[str] | None = None):
    """(sentence rows, pair rows, dossiers) labelled by the generator. Rows carry a dossier id:
    sentence rows (sentence, label, family, dossier), pair rows (request, kind, sentence, doc type,
    label, family, dossier, request id)."""
    from eval.corpus import plan_dossiers
    req_words, ans_words, _ = vocab()
    words = [w for ws in ans_words.values() for w in ws] + list(ACTION_WORDS)
    rng = random.Random(seed)
    dossiers = [{"family": p.family, "client": p.case.client.name, "docs": p.documents, "truth": p.truth}
                for p in plan_dossiers(n, seed, families=families)]
    sents, pairs = [], []
    restated = defaultdict(list)  # (family, kind) -> narrative request sentences
    for d in dossiers:
        for m in d["docs"]:
            for kind, text, form in m.data.get("request_texts", []):
                if form == "narrative":
                    restated[d["family"], kind].append(text)
    for di, d in enumerate(dossiers):
        docs = d["docs"]
        for i, m in enumerate(docs):
            if m.type != "meeting_record":
                continue
            requests = m.data.get("request_texts", [])
            for s in client_sentences(m.text(), d["client"]):
                sents.append((s, _request_label(s, requests), d["family"], di))
            later = [x for j, x in enumerate(docs) if x is not m and x.type not in NON_ANSWER
                     and (j > i or (x.date and m.date and x.date > m.date))]
            for ri, (kind, text, form) in enumerate(requests):
                rid = f"{di}:{i}:{ri}"
                for x in later:
                    answers = [t for k, t in x.data.get("answer_texts", []) if k == kind]
                    for s in candidate_sentences(x.text()):
                        y = int(any(s in t or t in s for t in answers))
                        if y or any(w in s for w in words) or rng.random() < NEG_SHARE:
                            pairs.append((text, kind, s, x.type, y, d["family"], di, rid))
                # a later document that only restates a request does not answer it
                for s in rng.sample(restated[d["family"], kind], min(2, len(restated[d["family"], kind]))):
                    pairs.append((text, kind, s, rng.choice(RESTATING_TYPES), 0, d["family"], di, rid))
    return sents, pairs, dossiers


def train(n: int = 300, seed: int = 1, families=("A", "B", "C")):
    req_words, ans_words, verbs = vocab()
    sents, pairs, _ = export_labels(n, seed, list(families))
    det = RequestDetector(kind_words=req_words, request_verbs=verbs).fit([s for s, *_ in sents],
                                                                         [l for _, l, *_ in sents])
    mat = AnswerMatcher(kind_words=ans_words, action_words=ACTION_WORDS,
                        pending_words=fu01_params().get("pending_cues", [])).fit([r[:4] for r in pairs],
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


def _answered_by_rules(kind: str, texts: list[str], ans_words) -> bool:
    """The FU-01 rule: a later document names one of the kind's answer words."""
    return any(w in t for t in texts for w in ans_words.get(kind, []))


def measure(det: RequestDetector, mat: AnswerMatcher, n: int = 200, seed: int = 9999, families=("D",)) -> dict:
    """Held-out request detection P/R (rules vs model, by kind) and request-level answer
    matching P/R: 'answered' and 'unanswered' (the FU-01 failure) as positive class.
    The model's thresholds are the check's (checklist.yaml FU-01 params.model)."""
    req_words, ans_words, verbs = vocab()
    cut = dict(fu01_params().get("model", {}))
    answer_types = {k: v.get("answer_types", []) for k, v in fu01_params()["request_kinds"].items()}
    hi, min_p = float(cut.get("answer_hi", 0.6)), float(cut.get("detect_min", 0.5))
    sents, pairs, dossiers = export_labels(n, seed, list(families))
    gold = [l for _, l, *_ in sents]
    out = {}
    preds = {"rules": [_rule_kind(s, req_words, verbs) for s, *_ in sents],
             "model": det.predict([s for s, *_ in sents], min_p)}
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
        out[f"detect_{name}"] = {"all(P,R)": _prf(tp, fp, fn), "by_kind(P,R,support)": per}
    # request level: every gold request with the full text of its later documents
    reqs = []
    for d in dossiers:
        docs = d["docs"]
        for i, m in enumerate(docs):
            if m.type != "meeting_record":
                continue
            later = [x for j, x in enumerate(docs) if x is not m and x.type not in NON_ANSWER
                     and (j > i or (x.date and m.date and x.date > m.date))]
            for kind, text, _ in m.data.get("request_texts", []):
                gold_ans = any(k == kind for x in later for k, _ in x.data.get("answer_texts", []))
                by_type = any(x.type in answer_types.get(kind, []) for x in later)  # both paths honour it
                rules = by_type or _answered_by_rules(kind, [x.text() for x in later], ans_words)
                score, _, _ = mat.best(text, kind, [(x.text(), x.type) for x in later])
                reqs.append((gold_ans or by_type, rules, by_type or score >= hi))
    for name, col in (("rules", 1), ("model", 2)):
        for pos in (True, False):
            tp = sum(r[0] == pos and r[col] == pos for r in reqs)
            fp = sum(r[0] != pos and r[col] == pos for r in reqs)
            fn = sum(r[0] == pos and r[col] != pos for r in reqs)
            label = "answered" if pos else "unanswered"
            out[f"{label}_{name}(P,R,support)"] = _prf(tp, fp, fn) + (tp + fn,)
    out["requests"] = len(reqs)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=None)
    ap.add_argument("--eval-n", type=int, default=200)
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
