"""Client requests raised in meeting records (FU-01), the passages that act on them,
and distractors that mention a request's topic without acting on it.

Every pool is written in rows of four (families A, B, C, D): ``Phraser.pick`` gives
family f the entries f, f+4, ..., so the held-out family D never sees a phrasing of
A-C. A request is recorded three ways (the client's own words, a narrative line
"受援人提出……", or a yes to the lawyer's offer), sometimes without its kind's word or
with a typo in it. It is answered only by a later document that records acting on
it or explaining why not (``answer_text``); a restatement, a vague promise or the
topic in another sense (``distractor_text``) does not answer it.

Bookkeeping for training labels (never read by the checks): meeting records keep
``data["request_texts"]`` [(kind, request sentence, form)], answer hosts
``data["answer_texts"]`` [(kind, text)], distractor hosts ``data["distractor_texts"]``.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from ..case import Case
from ..phrasing import Phraser
from .common import Ctx, lawyer_role

# the phrasing tables are data (eval/corpus/data/requests.yaml); pairs come back as tuples
_TABLES = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "requests.yaml").read_text(encoding="utf-8"))


def _pairs(table: dict[str, list[list[str]]]) -> dict[str, list[tuple[str, str]]]:
    return {k: [(a, b) for a, b in rows] for k, rows in table.items()}


REQUEST_QUOTES: dict[str, list[str]] = _TABLES["REQUEST_QUOTES"]
REQUEST_CONTEXT: dict[str, list[str]] = _TABLES["REQUEST_CONTEXT"]
NARRATIVE_FRAMES: list[str] = _TABLES["NARRATIVE_FRAMES"]
NARRATIVE_OBJECTS: dict[str, list[str]] = _TABLES["NARRATIVE_OBJECTS"]
OFFER_QUESTIONS: dict[str, list[str]] = _TABLES["OFFER_QUESTIONS"]
OFFER_YES: list[str] = _TABLES["OFFER_YES"]
TYPOS: dict[str, str] = _TABLES["TYPOS"]
NEUTRAL_REPLIES: list[str] = _TABLES["NEUTRAL_REPLIES"]
ASK_REQUEST: list[str] = _TABLES["ASK_REQUEST"]
ANSWER_TOPICS: dict[str, list[str]] = _TABLES["ANSWER_TOPICS"]
ANSWER_ACTIONS: dict[str, list[str]] = _TABLES["ANSWER_ACTIONS"]
PLAIN_ACTIONS: dict[str, list[str]] = _TABLES["PLAIN_ACTIONS"]
ANSWER_INTROS: dict[str, list[str]] = _TABLES["ANSWER_INTROS"]
MEETING_TAILS: list[str] = _TABLES["MEETING_TAILS"]
HEARING_MOVES: dict[str, list[tuple[str, str]]] = _pairs(_TABLES["HEARING_MOVES"])
DISTRACTORS: dict[str, list[str]] = _TABLES["DISTRACTORS"]
TOPIC_REMARKS: dict[str, list[tuple[str, str]]] = _pairs(_TABLES["TOPIC_REMARKS"])


VALID_KINDS = {
    "criminal_defense": ["bail", "evidence", "witness", "appraisal", "settlement", "complaint", "appeal"],
    "criminal_agency": ["evidence", "witness", "appraisal", "settlement", "complaint", "appeal"],
    "civil": ["evidence", "witness", "appraisal", "settlement", "complaint", "appeal"],
    "arbitration": ["evidence", "witness", "appraisal", "settlement", "complaint"],
    "administrative": ["evidence", "witness", "complaint", "appeal"],
    "non_litigation": ["evidence", "settlement", "complaint"],
}


def _typo(ph: Phraser, s: str, p: float = 0.08) -> str:
    if not ph.chance(p):
        return s
    hit = next((k for k in TYPOS if k in s), None)
    return s.replace(hit, TYPOS[hit], 1) if hit else s


def request_turn(ph: Phraser, c: Case, kind: str, witness: str, qa: tuple[str, str],
                 forms: tuple[str, ...] = ("quote", "quote", "quote", "narrative", "narrative", "offer")) -> tuple[list, str, str]:
    """Blocks recording one request, the request sentence, and its form (quote|narrative|offer).

    qa: the (question, answer) line prefixes of the family's meeting records.
    """
    q, a = qa
    form = ph.any(forms)
    if form == "offer":
        ask = ph.pick(OFFER_QUESTIONS[kind]).format(w=witness)
        blocks = [("pl", q + ask), ("pl", a + ph.any(OFFER_YES))]
        return blocks, ask, form
    if form == "narrative":
        role = ph.any(["受援人", "当事人", "委托人"] + (["被告人", "犯罪嫌疑人"] if c.kind == "criminal_defense" else []))
        sent = _typo(ph, ph.pick(NARRATIVE_FRAMES).format(r=role, o=ph.pick(NARRATIVE_OBJECTS[kind]).format(w=witness)))
        return [("pl", sent)], sent, form
    sent = _typo(ph, ph.pick(REQUEST_QUOTES[kind]).format(w=witness))
    ctx = ph.pick(REQUEST_CONTEXT[kind]) if ph.chance(0.3) else ""
    line = ctx + sent if ph.chance(0.5) else sent + ctx
    blocks = [("pl", q + ph.pick(ASK_REQUEST)), ("pl", a + line)]
    return blocks, sent, form


def _filled(s: str, c: Case, when: str, who: str, witness: str) -> str:
    return s.format(when=when, organ=c.organ, who=who, w=witness)


def _pick_free(ph: Phraser, pool: list[str], avoid: tuple[str, ...]) -> str:
    """A family phrasing that contains none of ``avoid`` (when the family has one)."""
    fam = list(pool)[ph.fi::4] if len(pool) >= 4 else list(pool)
    ok = [s for s in fam if not any(w in s for w in avoid)]
    return ph.any(ok or fam)


def answer_sentence(ph: Phraser, c: Case, kind: str, when: str, host: str, witness: str = "王某",
                    avoid: tuple[str, ...] = ()) -> str:
    """A sentence recording action on (or an explained refusal of) an earlier request.

    host: "report" (closing report, written application), "meeting" (the lawyer in a
    later meeting), "opinion" (defence/agency opinion). avoid: words the host must not
    receive (e.g. outcome words in a closing report that omits the outcome).
    """
    who = {"meeting": "律师", "opinion": lawyer_role(c)}.get(host, ph.any(["承办律师", "律师", lawyer_role(c)]))
    if ph.chance(0.12):
        body = _filled(_pick_free(ph, PLAIN_ACTIONS[kind], avoid), c, when, who, witness)
        topic = ""
    else:
        topic = _pick_free(ph, ANSWER_TOPICS[kind], avoid).format(w=witness) + "，"
        body = _filled(_pick_free(ph, ANSWER_ACTIONS[kind], avoid), c, when, who, witness)
    if ph.chance(0.25):  # many records do not date the act, some not even with 已
        body = body.replace(f"已于{when}", ph.any(["已", "", "曾"])).replace(f"于{when}", "")
    intro = ph.pick(ANSWER_INTROS[host]) if topic else ph.any(["", "另，", "此外，"]) if host != "meeting" else ""
    if host == "meeting":
        return f"{intro}{topic}{body}，{ph.pick(MEETING_TAILS)}"
    return f"{intro}{topic}{body}。"


def hearing_move(ph: Phraser, c: Case, kind: str, when: str, witness: str) -> tuple[str, str]:
    """(lawyer line, judge line) of a hearing transcript acting on a request."""
    role, judge = lawyer_role(c), "首席仲裁员" if c.kind == "arbitration" else "审判长"
    move, reply = ph.pick(HEARING_MOVES[kind])
    return (move.format(role=role, when=when, w=witness), reply.format(j=judge))


def distractor_text(ph: Phraser, kind: str, witness: str, avoid: tuple[str, ...] = ()) -> str:
    role = ph.any(["受援人", "当事人", "委托人"])
    return _pick_free(ph, DISTRACTORS[kind], avoid).format(w=witness, r=role)


def topic_remark(ph: Phraser, kind: str, witness: str) -> tuple[str, str]:
    q, a = ph.pick(TOPIC_REMARKS[kind])
    return q.format(w=witness), a.format(w=witness)


def record_answer(x: Ctx, kind: str, text: str) -> str:
    """Note an answer written into the document (training bookkeeping) and return it."""
    x.doc.data.setdefault("answer_texts", []).append((kind, text))
    return text


def answer_text(x: Ctx, kind: str, when, host: str, avoid: tuple[str, ...] = ()) -> str:
    """``answer_sentence`` for the document being written, recorded in its data."""
    return record_answer(x, kind, answer_sentence(x.ph, x.c, kind, x.ph.ld(when), host, witness_for(x.docs, kind), avoid))


def witness_for(docs: list, kind: str) -> str:
    """The witness named by the meeting record that made a request of ``kind``."""
    return next((d.data.get("witness") for d in docs if d.type == "meeting_record"
                 and kind in d.data.get("requests", [])), None) or "王某"
