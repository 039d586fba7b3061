"""FU-01 answer matching: whether a later document acts on (or explains away) a client's request.

Both backends end in one :class:`Decision` per request, which the check turns
into its finding: the rules (:func:`rule_decisions`: the kind's answer words,
an answering document type, content overlap for requests of no listed kind)
and the learned answer matcher (:func:`model_decisions`: its best later
sentence, with the rules overruling a low score when a sentence names the
kind and an act).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ingest.datamodel import Document, Dossier
from ingest.doctypes import type_name
from ingest.readings import may_hide
from review.checks.client_requests import (ClientRequest, client_requests, model_client_requests,
                                           narrative_request, prefix_rx)
from review.checks.later import after_in_same, flat_texts, later_texts
from review.checks.schemas import ClientRequestParams, RequestKind
from review.checks.text import bigrams, doc_label, flat, page_of, sentences
from review.checks.titles import heading_contradicts
from review.confidence import level
from review.messages import message
from review.context import CheckContext

if TYPE_CHECKING:
    from models.followups import AnswerMatcher, RequestDetector

Later = list[tuple[Document, str]]  # (document, flat text) after the request


@dataclass(frozen=True)
class Decision:
    """What became of one request."""

    req: ClientRequest
    status: str  # answered | unanswered | uncertain | vague (a request of no listed kind, no clear answer)
    score: float  # how sure the backend is it was answered: the matcher's best P(answer), or the rules'
    by: Document | None = None  # the answering (or best-matching) document
    by_page: int | None = None
    by_text: str = ""
    where: str = ""  # how the finding names the answer


def _page_named(doc: Document, page: int) -> str:
    return type_name(doc.type) + message("common.page", page=page)


# ------------------------------------------------------------------ the rules
def _answered(dossier: Dossier, req: ClientRequest, later: Later, params: ClientRequestParams) -> Document | None:
    if req.kind == "other":
        grams = bigrams(_after_verb(req.sentence, params))
        if not grams:
            return later[0][0] if later else None
        need = float(params["other_kind_overlap"])
        for d, text in later:
            if len(grams & bigrams(text)) / len(grams) >= need:
                return d
        return None
    hit = _acting_sentence(req, later, params)
    return hit[0] if hit else _answering_type(dossier, req, later, params)


def _acting_sentence(req: ClientRequest, later: Later, params: ClientRequestParams,
                     need_action: bool = False) -> tuple[Document, str] | None:
    """The first later sentence naming the request's kind as something done or explained: not
    pending (还在研究, 以后再说: ``pending_cues``), not the client asking again (a restatement),
    and with ``need_action`` naming an act (``action_cues``: 申请, 提交, 说明 ...)."""
    words = params["request_kinds"][req.kind]["answer"]
    pending, acts = params["pending_cues"], params["action_cues"]
    client_turn = prefix_rx(params["client_line_prefixes"])
    for d, text in later:
        for s in sentences(text):
            if (any(w in s for w in words) and not any(c in s for c in pending) and not client_turn.match(s)
                    and not _restates(s, params) and (not need_action or any(a in s for a in acts))):
                return d, s
    return None


def _restates(sentence: str, params: ClientRequestParams) -> bool:
    """The client's request told again (会见中被告人提出希望取保候审), with no lawyer acting after it
    (unlike 关于受援人提出的取保候审要求，律师已提交申请)."""
    if not narrative_request(sentence, params):
        return False
    c = min(sentence.find(r) for r in params["client_roles"] if r in sentence)
    return not any(l in sentence[c:] for l in params["lawyer_roles"])


def _answering_type(dossier: Dossier, req: ClientRequest, later: Later, params: ClientRequestParams
                    ) -> Document | None:
    """A later document whose type itself acts on the request (an investigation record for evidence),
    unless its own heading names another type (a 证据目录 the model typed as an investigation)."""
    kind = params["request_kinds"].get(req.kind, {})
    types = kind.get("answer_types", [])
    return next((d for d, text in later if d.type in types and not heading_contradicts(dossier, d)
                 and (not _a_list(dossier, d, kind) or _names_the_asked(req, text, kind))), None)


def _a_list(dossier: Dossier, doc: Document, kind: RequestKind) -> bool:
    """The document is headed as a list (证据目录): its heading is among its first two lines."""
    head = [flat(t) for t in dossier.page(doc.first_page).text.splitlines() if t.strip()][:2]
    return any(h.startswith(w) for h in head for w in kind.get("list_headings", []))


_PARTICLES = "的了我你他她在把去是有和与及或被给让将就也都还"


def _names_the_asked(req: ClientRequest, text: str, kind: RequestKind) -> bool:
    """The request and a later text share a two-character run that is no generic word, no word of
    the kind and no particle: the thing asked for (银行流水 in a list that lists it)."""
    cut = sorted(set(kind.get("generic_words", [])) | set(kind["request"]) | set(kind["answer"]), key=len, reverse=True)
    def runs(s: str) -> set[str]:
        for w in cut:
            s = s.replace(w, "|")
        s = re.sub(rf"[^\u4e00-\u9fffA-Za-z0-9]|[{_PARTICLES}]", "|", s)
        return {seg[i:i + 2] for seg in s.split("|") for i in range(len(seg) - 1)}
    return bool(runs(flat(req.sentence)) & runs(flat(text)))


def _after_verb(sentence: str, params: ClientRequestParams) -> str:
    pos = [sentence.find(v) + len(v) for v in params["request_verbs"] if v in sentence]
    return sentence[min(pos):] if pos else sentence


def rule_decisions(dossier: Dossier, ctx: CheckContext, params: ClientRequestParams,
                   sources: list[Document]) -> list[Decision]:
    """The rules' decision on every request of the meeting records ``sources``."""
    exclude = set(params["non_answer_types"])
    texts = flat_texts(dossier)
    out: list[Decision] = []
    for doc in sources:
        later = later_texts(dossier, ctx, doc, exclude, texts)
        for req in client_requests(dossier, doc, params):
            by = _answered(dossier, req, later + after_in_same(dossier, doc, req.page), params)
            if by is not None:
                out.append(Decision(req, "answered", level("rule_request_answered"), by, by.first_page,
                                    where=doc_label(by)))
            elif req.kind == "other":
                out.append(Decision(req, "vague", 0.0))
            else:
                out.append(Decision(req, "unanswered", level("rule_request_unanswered")))
    return out


# ------------------------------------------------------------------ the learned models
def _never_named(dossier: Dossier, req: ClientRequest, later: Later, params: ClientRequestParams) -> bool:
    """No later document names the request's subject (its kind's answer words, e.g. 鉴定), and no
    later scanned page may hold one misread (a doubtful character where the word would be)."""
    words = params["request_kinds"][req.kind]["answer"]
    if not words or not later:
        return False
    pages = {i for d, _ in later for i in d.pages if 1 <= i <= len(dossier.pages)}
    if any(may_hide(dossier.pages[i - 1], words) for i in pages):
        return False
    return not any(w in text for _, text in later for w in words)


def _speaks_to(req: ClientRequest, sentence: str, params: ClientRequestParams) -> bool:
    """A sentence that may answer the request: it names the kind (its answer words), the thing
    asked (_names_the_asked) or a request as such (``refer_back_cues``: 要求, 申请, 提出的)."""
    kind = params["request_kinds"].get(req.kind)
    if kind is None or not kind["answer"]:
        return True  # a request of no listed kind: the matcher's reading stands
    s = flat(sentence)
    return any(w in s for w in kind["answer"]) or any(c in s for c in params["refer_back_cues"]) \
        or _names_the_asked(req, s, kind)


def _model_decide(dossier: Dossier, req: ClientRequest, later: Later, params: ClientRequestParams,
                  matched: tuple[float, int, str]) -> Decision:
    """The matcher's best later sentence (``matched``: AnswerMatcher.best over ``later``) decides:
    >= answer_hi answered, <= answer_lo unanswered."""
    hi, lo = float(params["model"]["answer_hi"]), float(params["model"]["answer_lo"])
    best, i, sent = matched
    if i < 0:  # no later sentence at all
        return Decision(req, "uncertain" if req.guessed else "unanswered", 0.0)
    d = later[i][0]
    status = "answered" if best >= hi else "unanswered" if best <= lo else "uncertain"
    if status == "answered" and not _speaks_to(req, sent, params):
        # the matcher's best sentence names neither the kind, nor what was asked, nor the request
        # (会见了受援人，了解案件情况 for a request to obtain bank records): no answer by itself
        status = "uncertain"
    if status != "answered":  # wording the model never saw: a sentence that names the kind and an act
        hit = _acting_sentence(req, later, params, need_action=True)
        if hit is not None:
            page = page_of(dossier, hit[0], hit[1][:12])
            return Decision(req, "answered", hi, hit[0], page, hit[1], _page_named(hit[0], page))
    if status == "uncertain" and not req.guessed and _never_named(dossier, req, later, params):
        status = "unanswered"  # a middling score, but nothing later so much as names the subject
    if status == "unanswered" and req.guessed:
        status = "uncertain"  # the kind itself is a guess: a reviewer decides, no deduction
    page = page_of(dossier, d, sent[:12])
    return Decision(req, status, best, d, page, sent, _page_named(d, page))


def _answered_outright(dossier: Dossier, req: ClientRequest, later: Later, params: ClientRequestParams,
                       ) -> Decision | None:
    """A decision without the matcher: a request of no listed kind by the rules' content overlap
    (no learned kind), one of a listed kind by a later document whose type acts on it."""
    if req.kind == "other":
        by = _answered(dossier, req, later, params)
        return Decision(req, "vague", 0.0) if by is None else \
            Decision(req, "answered", 1.0, by, by.first_page, where=_page_named(by, by.first_page))
    by = _answering_type(dossier, req, later, params)
    if by is None:
        return None
    return Decision(req, "answered", 1.0, by, by.first_page, flat(dossier.text_of(by))[:40],
                    _page_named(by, by.first_page))


def _as_written(dossier: Dossier, d: Document, source: Document, req: ClientRequest) -> str:
    """A later document's text as written, for the matcher; of the request's own record only
    the pages after the request's (never the request itself)."""
    if d is not source:
        return dossier.text_of(d)
    return "\n".join(dossier.page(i).text for i in d.pages if i > req.page)


def model_decisions(dossier: Dossier, ctx: CheckContext, params: ClientRequestParams, sources: list[Document],
                    models: tuple[RequestDetector, AnswerMatcher]) -> list[Decision]:
    """The learned models' decision on every request of the meeting records ``sources``; the
    matcher scores all requests the rules cannot settle in one call."""
    detector, matcher = models
    exclude = set(params["non_answer_types"])
    decisions: list[Decision | None] = []
    asked: list[tuple[int, ClientRequest, Later, Document]] = []  # (slot in decisions, request, later, source)
    texts = flat_texts(dossier)
    for doc, requests in zip(sources, model_client_requests(dossier, sources, params, detector)):
        after = later_texts(dossier, ctx, doc, exclude, texts)
        for req in requests:
            later = after + after_in_same(dossier, doc, req.page)
            decision = _answered_outright(dossier, req, later, params)
            if decision is None:
                asked.append((len(decisions), req, later, doc))
            decisions.append(decision)
    matched = matcher.best_many([(req.sentence, req.kind, [(_as_written(dossier, d, doc, req), d.type) for d, _ in later])
                                 for _, req, later, doc in asked])
    for (slot, req, later, _), hit in zip(asked, matched):
        decisions[slot] = _model_decide(dossier, req, later, params, hit)
    return [x for x in decisions if x is not None]
