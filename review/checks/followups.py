"""FU-01: every request a client makes in a meeting record is acted on or answered later.

Requests are found by review/checks/client_requests.py and their answers by
review/checks/request_answers.py, with the learned follow-up models the caller
put on the check context or with the rules; either backend's decisions make
one finding here. Every vocabulary lives in the item's ``params``
(review/checks/schemas.py ClientRequestParams). The family's other checks:
review/checks/replies.py (FU-02, FU-04), review/checks/closing_records.py
(FU-03, FU-05).
"""
from __future__ import annotations

from typing import cast

from ingest.datamodel import Dossier
from ingest.doctypes import type_name
from review.checklist import ChecklistItem
from review.checks.later import unreadable_in
from review.checks.registry import check
from review.checks.request_answers import Decision, model_decisions, rule_decisions
from review.checks.schemas import ClientRequestParams
from review.checks.text import doc_label, snippet
from review.confidence import level
from review.messages import message
from review.context import CheckContext, FollowupModels
from review.findings import Evidence, Finding


def _models_for(params: ClientRequestParams, ctx: CheckContext) -> FollowupModels | None:
    """The learned models when the item (or the caller's switch over it) enables them and the
    caller supplied them; None: the rules decide."""
    use = params["model"]["use"] if ctx.use_followup_models is None else ctx.use_followup_models
    return ctx.followup_models if use else None


def _kind_label(kind: str, params: ClientRequestParams) -> str:
    kinds = params["request_kinds"]
    return kinds[kind]["label"] if kind in kinds else params["other_kind_label"]


def _asked(x: Decision, params: ClientRequestParams) -> str:
    """``会见笔录第3页受援人要求申请鉴定，``: where a request was made and what it asked for."""
    return message("followups.asked", type=type_name(x.req.doc.type), page=x.req.page,
                   kind=_kind_label(x.req.kind, params))


def _request_evidence(x: Decision, source: str | None = None) -> Evidence:
    return Evidence(x.req.page, snippet(x.req.sentence), source or x.req.kind)


def _answer_evidence(x: Decision) -> list[Evidence]:
    if x.by is None:
        return []
    return [Evidence(x.by_page, snippet(x.by_text or doc_label(x.by)), x.by.type)]


def _unanswered(item_id: str, params: ClientRequestParams, open_: list[Decision], who: str) -> Finding:
    return Finding(item_id, "fail", round(min(1.0 - x.score for x in open_), 3), pages=[x.req.page for x in open_],
                   message="；".join(_asked(x, params) + message("followups.unanswered") for x in open_),
                   evidence=[_request_evidence(x) for x in open_], occurrences=len(open_), decided_by=who)


def _unsure_message(x: Decision, params: ClientRequestParams) -> str:
    if x.score > float(params["model"]["answer_lo"]):
        return _asked(x, params) + message("followups.maybe_answered", where=x.where, score=x.score)
    return _asked(x, params) + message("followups.kind_guessed", quote=snippet(x.req.sentence, 30))


def _unsettled(item_id: str, params: ClientRequestParams, unsure: list[Decision], vague: list[Decision],
               hidden: list[int], who: str) -> Finding:
    """Uncertain: middling scores or guessed kinds, requests of no listed kind without a clear
    answer, unreadable meeting-record pages."""
    msgs = [_unsure_message(x, params) for x in unsure]
    msgs += [message("followups.vague", type=type_name(x.req.doc.type), page=x.req.page,
                     quote=snippet(x.req.sentence, 30)) for x in vague]
    if hidden:
        msgs.append(message("followups.unreadable", pages="、".join(map(str, hidden))))
    ev = [_request_evidence(x) for x in unsure] + [e for x in unsure for e in _answer_evidence(x)]
    ev += [_request_evidence(x, "other") for x in vague]
    return Finding(item_id, "uncertain", level("request_unsettled"), pages=[x.req.page for x in unsure + vague] + hidden,
                   message="；".join(msgs), evidence=ev, decided_by=who)


def _all_answered(item_id: str, params: ClientRequestParams, answered: list[Decision], who: str,
                  quote_answers: bool) -> Finding:
    ev = [e for x in answered for e in [_request_evidence(x)] + (_answer_evidence(x) if quote_answers else [])]
    return Finding(item_id, "pass", round(min(x.score for x in answered), 3), pages=[x.req.page for x in answered],
                   message="；".join(message("followups.answered", page=x.req.page,
                                            kind=_kind_label(x.req.kind, params), where=x.where)
                                    for x in answered),
                   evidence=ev, decided_by=who)


def _finding(item_id: str, params: ClientRequestParams, decisions: list[Decision], hidden: list[int],
             who: str, quote_answers: bool) -> Finding:
    """The one FU-01 finding, whichever backend decided (``who``); the learned backend also
    quotes the answers it found (``quote_answers``)."""
    by_status: dict[str, list[Decision]] = {}
    for x in decisions:
        by_status.setdefault(x.status, []).append(x)
    if by_status.get("unanswered"):
        return _unanswered(item_id, params, by_status["unanswered"], who)
    unsure, vague = by_status.get("uncertain", []), by_status.get("vague", [])
    if unsure or vague or hidden:
        return _unsettled(item_id, params, unsure, vague, hidden, who)
    if not by_status.get("answered"):
        return Finding(item_id, "pass", level("no_request_found"), message=message("followups.no_request"), decided_by=who)
    return _all_answered(item_id, params, by_status["answered"], who, quote_answers)


@check("client_requests_answered", params=ClientRequestParams)
def client_requests_answered(dossier: Dossier, item: ChecklistItem, ctx: CheckContext) -> Finding:
    """FU-01: each client request in a meeting record is acted on or answered later.

    With ``params.model.use`` and the follow-up models on the context, the learned
    detector/matcher decide (scores between ``answer_lo`` and ``answer_hi`` -> uncertain);
    otherwise the rule vocabularies decide.
    """
    p = cast(ClientRequestParams, dict(item.params))
    sources = dossier.documents_of(*p["source_types"])
    if not sources:
        return Finding(item.id, "not_applicable", level("source_absent"),
                       message=message("followups.no_meeting_record"), decided_by=f"rule:{item.id}")
    models = _models_for(p, ctx)
    if models is not None:
        decisions, who = model_decisions(dossier, ctx, p, sources, models), f"model:{item.id}"
    else:
        decisions, who = rule_decisions(dossier, ctx, p, sources), f"rule:{item.id}"
    return _finding(item.id, p, decisions, unreadable_in(dossier, sources), who, quote_answers=models is not None)
