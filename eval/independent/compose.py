"""Write the documents of one dossier from the YAML templates (content only, no layout)."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from .case import Case
from .resources import load
from .text import fill

OUTCOME_TEMPLATE = {"judgment": "judgment_criminal", "nonpros": "judgment_nonpros", "ruling": "judgment_ruling",
                    "mediation": "judgment_mediation", "award": "judgment_award", "admin": "judgment_admin"}
PLEADING_TEMPLATE = {"criminal_defense": "pleading_indictment", "criminal_agency": "pleading_indictment",
                     "civil": "pleading_civil", "arbitration": "pleading_arbitration",
                     "administrative": "pleading_admin"}


@dataclass
class Doc:
    """One document: type code, written lines, date for the toc, flags."""

    type: str
    template: str
    date: date
    lines: list[tuple[str, str]] = field(default_factory=list)
    title: str = ""
    other_case: bool = False
    data: dict = field(default_factory=dict)

    def text(self) -> str:
        return "\n".join(t for _, t in self.lines)


def render_lines(rng: random.Random, raw: list[str], ctx: dict) -> list[tuple[str, str]]:
    """Template lines -> (kind, text) pairs; empty lines dropped, multi-line values split."""
    out: list[tuple[str, str]] = []
    for item in raw:
        for piece in fill(item, ctx, rng).split("\n"):
            kind, _, text = piece.partition(":")
            if not text and kind not in ("break", "gap"):
                continue
            out.append((kind, text))
    return out


def write(rng: random.Random, c: Case, dtype: str, template: str, when: date, *, variant: int | None = None,
          ctx_over: dict | None = None) -> Doc:
    """A document of `dtype` from template group `template` (random variant unless given)."""
    variants = load("documents")[template]
    v = variants[variant if variant is not None else rng.randrange(len(variants))]
    ctx = {**c.ctx, **(ctx_over or {})}
    lines = render_lines(rng, v["lines"], ctx)
    title = next((t for k, t in lines if k == "title" and not t.endswith(("法院", "检察院", "委员会", "分局", "公安局"))),
                 next((t for k, t in lines if k == "title"), ""))
    return Doc(dtype, template, when, lines, title, data={"source": v["source"]})


def meeting(rng: random.Random, c: Case, key: str, first: bool, answers: list[str], ctx_over: dict | None = None) -> Doc:
    """A meeting / talk record; `answers` are lawyer turns answering earlier requests."""
    fu = load("followups")
    crim = c.kind == "criminal_defense"
    variants = load("documents")["meeting_record"]
    v = variants[0] if crim else variants[1]
    ctx = {**c.ctx, "d_meet": c.ctx[f"d_{key}"], **(ctx_over or {})}
    lines = render_lines(rng, v["head"], ctx)
    q, a = rng.choice(list(zip(v["q_prefix"], v["a_prefix"])))
    a = fill(a, ctx, rng)
    group = "criminal" if crim else "other"
    turns: list[tuple[str, str]] = []
    if first:
        turns.append((rng.choice(fu["opening_q"][group]), rng.choice(fu["opening_a"])))
    body = fu["body"][group]
    for pair in rng.sample(body, min(len(body), rng.randint(2, 4) if first else rng.randint(1, 3))):
        turns.append(tuple(pair))
    for ans in answers:
        turns.append((ans, rng.choice(["好的，知道了。", "明白了。", "好。"])))
    turns.append((rng.choice(fu["closing_q"]), rng.choice(fu["closing_a_none"])))
    for tq, ta in turns:
        lines.append(("p", fill(f"{q}：{tq}", ctx, rng)))
        lines.append(("p", fill(f"{a}：{ta}", ctx, rng)))
    lines.append(("l", fill(fu["sign_line"], ctx, rng)))
    title = next(t for k, t in lines if k == "title")
    return Doc("meeting_record", "meeting_record", c.dates[key], lines, title,
               data={"source": v["source"], "q": q, "a": a, "key": key})


def add_request(rng: random.Random, c: Case, doc: Doc, kind: str) -> str:
    """Insert a client request of `kind` before the closing question; returns the sentence."""
    fu = load("followups")
    ask = fill(rng.choice(fu["requests"][kind]["ask"]), {**c.ctx, "appraisal_obj": "伤情"}, rng)
    q = fill(rng.choice(["你还有什么想法？", "你对下一步有什么要求？", "你有什么需要律师做的？"]), c.ctx, rng)
    pos = max(i for i, (k, t) in enumerate(doc.lines) if k == "p" and t.startswith(doc.data["q"] + "："))
    doc.lines[pos:pos] = [("p", f"{doc.data['q']}：{q}"), ("p", f"{doc.data['a']}：{ask}")]
    doc.data.setdefault("requests", []).append(kind)
    return ask


def remove_request(doc: Doc, kind: str, ask: str) -> None:
    """Undo add_request: the request sentence and the question before it leave the record."""
    pos = next(i for i, (k, t) in enumerate(doc.lines) if k == "p" and t == f"{doc.data['a']}：{ask}")
    del doc.lines[pos - 1:pos + 1]
    doc.data["requests"].remove(kind)


def answer_text(rng: random.Random, c: Case, kind: str) -> str:
    """A later document's sentence acting on a request of `kind`."""
    return fill(rng.choice(load("followups")["requests"][kind]["answer"]), c.ctx, rng)


def outcome_text(c: Case) -> str:
    """The closing report's statement of the outcome."""
    key = c.outcome
    if c.outcome == "judgment":
        key = {"criminal_defense": "judgment_crim", "criminal_agency": "judgment_agency"}.get(c.kind, "judgment")
    return load("followups")["outcome_text"][key]


def callback_lines(rng: random.Random, mode: str) -> str:
    """Callback record body lines for a mode (reached, retry, closed, dissatisfied_handled, failed, dissatisfied)."""
    return "p:" + rng.choice(load("followups")["callback"][mode])


def reminder_lines(rng: random.Random, partial: bool) -> tuple[str, str]:
    """(letter points, reply points); with partial the reply skips one point."""
    pts = rng.sample(load("followups")["reminder_points"], rng.randint(2, 3))
    nums = "一二三"
    letter = "\n".join(f"p:{nums[i]}、{p[0]}" for i, p in enumerate(pts))
    keep = [i for i in range(len(pts))]
    if partial:
        keep.remove(rng.randrange(len(pts)))
    reply = "\n".join(f"p:{nums[j]}、关于“{pts[i][0].rstrip('。')}”的问题：{pts[i][1]}" for j, i in enumerate(keep))
    return letter, reply
