"""FU: unanswered follow-ups (client requests, reminder letters, callbacks,
organ requests, closing report contents).

All vocabularies (request kinds, cue words, numbering styles) live in the
item's ``params`` in checklist.yaml; this module only knows how to read a
dossier with them. "Later" means after the source document in page order, or
(so that a misbound document does not create a false follow-up failure) of a
type the binding order puts after the source's type.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

from ingest.datamodel import Document, Dossier
from ingest.doctypes import type_name
from ingest.readings import may_hide
from review.checklist import ChecklistItem
from review.checks.registry import check
from review.checks.titles import documents_headed_as
from review.checks.text import (bigrams, count_points, doc_label, flat, lines, page_of, sentences,
                                snippet, split_points, unreadable_pages)
from review.context import CheckContext
from review.findings import Evidence, Finding


def is_later(ctx: CheckContext, source: Document, other: Document) -> bool:
    """``other`` comes after ``source`` in the case: page order, or binding rank for another type."""
    if other is source:
        return False
    ds, do = ctx.date_of(source), ctx.date_of(other)
    if other.type == source.type and ds and do and ds != do:
        return do > ds  # several records of one type: their dates tell the order, not the binding
    if other.first_page > source.last_page:
        return True
    order = ctx.binding_order
    if order is None or other.type == source.type:
        return False
    rs, ro = order.rank_of(source.type), order.rank_of(other.type)
    return rs is not None and ro is not None and ro > rs


def _flat_texts(dossier: Dossier) -> dict[int, str]:
    """id(document) -> its text without whitespace, made once per check: every source document
    is compared with the same later documents."""
    return {id(d): flat(dossier.text_of(d)) for d in dossier.documents}


def _later_texts(dossier: Dossier, ctx: CheckContext, source: Document, exclude_types: set[str],
                 texts: dict[int, str], exclude_docs: tuple[Document, ...] = ()) -> list[tuple[Document, str]]:
    """(document, flat text) of the documents after ``source`` (``texts``: _flat_texts)."""
    return [(d, texts[id(d)]) for d in dossier.documents
            if d.type not in exclude_types and d not in exclude_docs and is_later(ctx, source, d)]


def _after_in_same(dossier: Dossier, doc: Document, page: int) -> list[tuple[Document, str]]:
    """The source document's pages after the request's page: two meetings the segmentation joined
    into one record, the later meeting answering the earlier one's request."""
    rest = [i for i in doc.pages if i > page]
    return [(doc, flat("\n".join(dossier.page(i).text for i in rest)))] if rest else []


def _unreadable_in(dossier: Dossier, docs: list[Document]) -> list[int]:
    bad = set(unreadable_pages(dossier))
    return sorted(i for d in docs for i in d.pages if i in bad)


# ------------------------------------------------------------------ FU-01
@dataclass(frozen=True)
class ClientRequest:
    """A client's request found in a meeting record."""

    kind: str  # a key of params.request_kinds, or 'other'
    doc: Document
    page: int
    sentence: str
    guessed: bool = False  # the model gave the kind to a sentence without the kind's words


def _prefix_rx(prefixes: list[str]) -> re.Pattern:
    alts = "|".join(sorted((re.escape(p) for p in prefixes), key=len, reverse=True))
    return re.compile(rf"^\s*(?:{alts})\s*[:：]\s*")


_NAMED_SPEAKER = re.compile(r"^\s*([\u4e00-\u9fff]{2,4})\s*[:：]\s*(?=\S)")


def _segments(text: str, params: dict, client_names: tuple[str, ...] = (),
              lawyer_names: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Split a record into (speaker, body) segments: 'client', 'lawyer' or 'narrative'.

    A line without a speaker prefix continues the previous turn when that turn
    did not end a sentence (a wrapped line); otherwise it is narrative.
    """
    client_rx = _prefix_rx(params.get("client_line_prefixes", ["答"]) + list(client_names))
    lawyer_rx = _prefix_rx(params.get("lawyer_line_prefixes", ["问"]) + list(lawyer_names))
    field_labels = set(params.get("field_labels", []))
    segs: list[list[str]] = []
    for line in lines(text):
        m_l, m_c = lawyer_rx.match(line), client_rx.match(line)
        m_n = _NAMED_SPEAKER.match(line)
        if m_l:
            segs.append(["lawyer", line[m_l.end():]])
        elif m_c:
            segs.append(["client", line[m_c.end():]])
        elif m_n and m_n.group(1) not in field_labels:
            # a named speaker who is not the lawyer: the client or the client's family
            segs.append(["client", line[m_n.end():]])
        elif segs and not re.search(r"[。！？!?]\s*$", segs[-1][1]):
            segs[-1][1] += line  # a wrapped line continues the turn
        else:
            segs.append(["narrative", line])
    return [(s, b) for s, b in segs]


_NOT_NEGATION = ("能不能", "可不可以", "是不是", "行不行", "要不要")
_AFFIRMATIVE = re.compile(r"^\s*(是的|是|对|要|需要|好的|好|希望|想|可以|同意|申请)[。，,！!\s]*")


def _negated(sentence: str, params: dict) -> bool:
    s = sentence
    for w in _NOT_NEGATION:
        s = s.replace(w, "")
    return any(re.search(p, s) for p in params.get("negation_patterns", []))


def _kinds_in(sentence: str, params: dict) -> list[str]:
    return [k for k, spec in params.get("request_kinds", {}).items()
            if any(w in sentence for w in spec.get("request", []))]


_DONE = ("已于", "已向", "已经")
_TELLING = ("告知", "说明", "答复", "解释", "转告", "释明")


def _narrative_request(sentence: str, params: dict) -> bool:
    """A narrative sentence in which the client (not the lawyer) asks for something.

    Not one that reports an act (……已于3月1日提交) or in which the lawyer tells the client
    (律师告知受援人：……): those record answers, however much they repeat the request.
    """
    roles = params.get("client_roles", [])
    lawyers = params.get("lawyer_roles", [])
    verbs = params.get("request_verbs", [])
    hits = [sentence.find(r) for r in roles if r in sentence]
    if not hits or any(w in sentence for w in _DONE):
        return False
    lead = re.split(r"[，,：:]", sentence)[0]  # 律师向受援人说明：…… / 律师告知被告人，……
    if any(l in lead for l in lawyers) and any(t in lead for t in _TELLING):
        return False
    for clause in re.split(r"[，,：:]", sentence):
        at = [clause.find(r) for r in roles if r in clause]
        if not at:
            continue
        c = min(at)
        if any(0 <= clause.find(l) < c for l in lawyers):
            continue
        rest = sentence[sentence.find(clause) + c:]
        if any(v in rest for v in verbs):
            return True
    return False


_OTHER_KIND_VERBS = ["要求", "希望", "请求", "请律师", "帮我", "申请"]


def _turn_sentences(dossier: Dossier, doc: Document, params: dict):
    """(speaker, sentence, the lawyer's last turn) for every sentence of a meeting record that is
    not negated; the lawyer's own turns are only context (an offer the client says yes to)."""
    client, lawyer = dossier.facts.value("client"), dossier.facts.value("lawyer")
    names = (str(client),) if client else ()
    lawyers = (str(lawyer),) if lawyer else ()
    last_lawyer = ""
    for speaker, body in _segments(dossier.text_of(doc), params, names, lawyers):
        if speaker == "lawyer":
            last_lawyer = body
            continue
        for sent in sentences(body):
            if not _negated(sent, params):
                yield speaker, sent, last_lawyer
        last_lawyer = "" if speaker == "client" else last_lawyer


def client_requests(dossier: Dossier, doc: Document, params: dict) -> list[ClientRequest]:
    """Requests the client makes in one meeting record, at most one per kind."""
    verbs = params.get("request_verbs", [])
    other_verbs = params.get("other_kind_verbs", _OTHER_KIND_VERBS)
    found: dict[str, ClientRequest] = {}
    for speaker, sent, last_lawyer in _turn_sentences(dossier, doc, params):
        kinds: list[str] = []
        if speaker == "client":
            if any(v in sent for v in verbs):
                kinds = _kinds_in(sent, params)
            offered = any(c in last_lawyer for c in params.get("offer_cues", []))
            if not kinds and offered and _AFFIRMATIVE.match(sent):
                kinds = _kinds_in(last_lawyer, params)  # 问：是否申请取保候审？答：是的。
            if not kinds and any(v in sent for v in other_verbs):
                kinds = ["other"]
        elif _narrative_request(sent, params):
            kinds = _kinds_in(sent, params)
            if not kinds and any(v in sent for v in other_verbs):
                kinds = ["other"]
        for k in kinds:
            if k not in found:
                found[k] = ClientRequest(k, doc, page_of(dossier, doc, sent[:12]), sent)
    return list(found.values())


def _answered(req: ClientRequest, later: list[tuple[Document, str]], params: dict) -> Document | None:
    if req.kind == "other":
        grams = bigrams(_after_verb(req.sentence, params))
        if not grams:
            return later[0][0] if later else None
        need = float(params.get("other_kind_overlap", 0.5))
        for d, text in later:
            if len(grams & bigrams(text)) / len(grams) >= need:
                return d
        return None
    hit = _acting_sentence(req, later, params)
    return hit[0] if hit else _answering_type(req, later, params)


def _acting_sentence(req: ClientRequest, later: list[tuple[Document, str]], params: dict,
                    need_action: bool = False) -> tuple[Document, str] | None:
    """The first later sentence naming the request's kind as something done or explained: not
    pending (还在研究, 以后再说: ``pending_cues``), not the client asking again (a restatement),
    and with ``need_action`` naming an act (``action_cues``: 申请, 提交, 说明 ...)."""
    words = params["request_kinds"][req.kind].get("answer", [])
    pending, acts = params.get("pending_cues", []), params.get("action_cues", [])
    client_turn = _prefix_rx(params.get("client_line_prefixes", ["答"]))
    for d, text in later:
        for s in sentences(text):
            if (any(w in s for w in words) and not any(c in s for c in pending) and not client_turn.match(s)
                    and not _restates(s, params) and (not need_action or any(a in s for a in acts))):
                return d, s
    return None


def _restates(sentence: str, params: dict) -> bool:
    """The client's request told again (会见中被告人提出希望取保候审), with no lawyer acting after it
    (unlike 关于受援人提出的取保候审要求，律师已提交申请)."""
    if not _narrative_request(sentence, params):
        return False
    roles = params.get("client_roles", [])
    c = min(sentence.find(r) for r in roles if r in sentence)
    return not any(l in sentence[c:] for l in params.get("lawyer_roles", []))


def _answering_type(req: ClientRequest, later: list[tuple[Document, str]], params: dict) -> Document | None:
    """A later document whose type itself acts on the request (an investigation record for evidence)."""
    types = params.get("request_kinds", {}).get(req.kind, {}).get("answer_types", [])
    return next((d for d, _ in later if d.type in types), None)


def _after_verb(sentence: str, params: dict) -> str:
    pos = [sentence.find(v) + len(v) for v in params.get("request_verbs", []) if v in sentence]
    return sentence[min(pos):] if pos else sentence


def _kind_label(kind: str, params: dict) -> str:
    return params.get("request_kinds", {}).get(kind, {}).get("label", "其他事项")


# ---- learned path (models/followups.py); the rules above stay the fallback
@dataclass(frozen=True)
class _Decision:
    req: ClientRequest
    status: str  # answered | unanswered | uncertain
    score: float  # the deciding score: best P(answer) over later passages
    by: Document | None = None
    by_page: int | None = None
    by_text: str = ""


def _followup_models(p: dict):
    """(RequestDetector, AnswerMatcher) when the item enables the model and the artifact exists."""
    use = dict(p.get("model", {})).get("use", False)
    env = os.environ.get("JUANPING_FOLLOWUP_MODEL", "").strip().lower()
    if env in ("0", "1", "true", "false", "on", "off"):  # evaluation switch, overrides the checklist
        use = env in ("1", "true", "on")
    if not use:
        return None
    try:
        from models.followups import default_followup_models
        return default_followup_models()
    except Exception:  # noqa: BLE001 - a broken model install falls back to the rules
        return None


def _request_candidates(dossier: Dossier, doc: Document, params: dict) -> list[tuple[str, list[str]]]:
    """(client sentence, rule-fallback kinds) of one meeting record: the sentences the detector
    classifies (client turns and narrative lines naming the client); the rule vocabularies still
    catch a yes to a lawyer's offer and 'other' requests."""
    other_verbs = params.get("other_kind_verbs", _OTHER_KIND_VERBS)
    cands: list[tuple[str, list[str]]] = []
    for speaker, sent, last_lawyer in _turn_sentences(dossier, doc, params):
        if speaker == "client":
            fallback: list[str] = []
            offered = any(c in last_lawyer for c in params.get("offer_cues", []))
            if offered and _AFFIRMATIVE.match(sent) and not _kinds_in(sent, params):
                fallback = _kinds_in(last_lawyer, params)  # 问：是否申请取保候审？答：是的。
            if not fallback and any(v in sent for v in other_verbs):
                fallback = ["other"]
            cands.append((sent, fallback))
        elif _narrative_request(sent, params):  # the client asks (not: 律师告知受援人……)
            vague = not _kinds_in(sent, params) and any(v in sent for v in other_verbs)
            cands.append((sent, ["other"] if vague else []))
    return cands


def model_client_requests(dossier: Dossier, docs: list[Document], params: dict, detector) -> list[list[ClientRequest]]:
    """Requests in each meeting record of ``docs``, found by the detector. One detector call for
    all records (its rows are scored independently): a call costs more than its sentences."""
    min_p = float(dict(params.get("model", {})).get("detect_min", 0.5))
    cands = [_request_candidates(dossier, doc, params) for doc in docs]
    kinds = iter(detector.predict([s for c in cands for s, _ in c], min_p))
    return [_detected_requests(dossier, doc, params, c, [next(kinds) for _ in c]) for doc, c in zip(docs, cands)]


def _detected_requests(dossier: Dossier, doc: Document, params: dict, cands: list[tuple[str, list[str]]],
                       detected: list[str]) -> list[ClientRequest]:
    """One meeting record's requests, at most one per kind, from its candidates and their detected kinds."""
    found: dict[str, ClientRequest] = {}
    for (sent, kinds), kind in zip(cands, detected):
        if kind != "none":
            kinds = [kind]
        elif "other" in kinds and _kinds_in(sent, params):
            kinds = []  # a kind word the model judged not a request (e.g. a question back)
        for k in kinds:
            if k not in found:
                guessed = kind != "none" and k not in _kinds_in(sent, params)
                found[k] = ClientRequest(k, doc, page_of(dossier, doc, sent[:12]), sent, guessed)
    return list(found.values())


def _never_named(dossier: Dossier, req: ClientRequest, later: list[tuple[Document, str]], params: dict) -> bool:
    """No later document names the request's subject (its kind's answer words, e.g. 鉴定), and no
    later scanned page may hold one misread (a doubtful character where the word would be)."""
    words = params["request_kinds"][req.kind].get("answer", [])
    if not words or not later:
        return False
    pages = {i for d, _ in later for i in d.pages if 1 <= i <= len(dossier.pages)}
    if any(may_hide(dossier.pages[i - 1], words) for i in pages):
        return False
    return not any(w in text for _, text in later for w in words)


def _model_decide(dossier: Dossier, req: ClientRequest, later: list[tuple[Document, str]], params: dict,
                  matched: tuple[float, int, str]) -> _Decision:
    """The matcher's best later sentence (``matched``: AnswerMatcher.best over ``later``) decides:
    >= answer_hi answered, <= answer_lo unanswered."""
    m = dict(params.get("model", {}))
    hi, lo = float(m.get("answer_hi", 0.7)), float(m.get("answer_lo", 0.3))
    best, i, sent = matched
    if i < 0:  # no later sentence at all
        return _Decision(req, "uncertain" if req.guessed else "unanswered", 0.0)
    d = later[i][0]
    status = "answered" if best >= hi else "unanswered" if best <= lo else "uncertain"
    if status != "answered":  # wording the model never saw: a sentence that names the kind and an act
        hit = _acting_sentence(req, later, params, need_action=True)
        if hit is not None:
            return _Decision(req, "answered", hi, hit[0], page_of(dossier, hit[0], hit[1][:12]), hit[1])
    if status == "uncertain" and not req.guessed and _never_named(dossier, req, later, params):
        status = "unanswered"  # a middling score, but nothing later so much as names the subject
    if status == "unanswered" and req.guessed:
        status = "uncertain"  # the kind itself is a guess: a reviewer decides, no deduction
    return _Decision(req, status, best, d, page_of(dossier, d, sent[:12]), sent)


def _client_requests_model(dossier: Dossier, item: ChecklistItem, ctx: CheckContext, p: dict,
                           sources: list[Document], models) -> Finding:
    detector, matcher = models
    who = f"model:{item.id}"
    exclude = set(p.get("non_answer_types", []))
    decisions: list[_Decision | None] = []
    vague: list[ClientRequest] = []
    asked: list[tuple[int, ClientRequest, list[tuple[Document, str]]]] = []  # (slot in decisions, request, later)
    texts = _flat_texts(dossier)
    for doc, requests in zip(sources, model_client_requests(dossier, sources, p, detector)):
        after = _later_texts(dossier, ctx, doc, exclude, texts)
        for req in requests:
            later = after + _after_in_same(dossier, doc, req.page)
            if req.kind == "other":  # no learned kind: the rules' content overlap decides
                by = _answered(req, later, p)
                if by is None:
                    vague.append(req)
                else:
                    decisions.append(_Decision(req, "answered", 1.0, by, by.first_page))
                continue
            by = _answering_type(req, later, p)
            if by is None:  # the matcher decides, below: one call for all requests
                asked.append((len(decisions), req, later))
            decisions.append(_Decision(req, "answered", 1.0, by, by.first_page, flat(dossier.text_of(by))[:40])
                             if by is not None else None)
    matched = matcher.best_many([(req.sentence, req.kind, [(dossier.text_of(d), d.type) for d, _ in later])
                                 for _, req, later in asked])
    for (slot, req, later), hit in zip(asked, matched):
        decisions[slot] = _model_decide(dossier, req, later, p, hit)
    unanswered = [x for x in decisions if x.status == "unanswered"]
    unsure = [x for x in decisions if x.status == "uncertain"]
    answered = [x for x in decisions if x.status == "answered"]
    if unanswered:
        r_ = [x.req for x in unanswered]
        msgs = [f"{type_name(r.doc.type)}第{r.page}页受援人要求{_kind_label(r.kind, p)}，后续材料未见处理" for r in r_]
        conf = round(min(1.0 - x.score for x in unanswered), 3)
        return Finding(item.id, "fail", conf, pages=[r.page for r in r_], message="；".join(msgs),
                       evidence=[Evidence(r.page, snippet(r.sentence), r.kind) for r in r_],
                       occurrences=len(unanswered), decided_by=who)
    hidden = _unreadable_in(dossier, sources)
    if unsure or vague or hidden:
        msgs = [f"{type_name(x.req.doc.type)}第{x.req.page}页受援人要求{_kind_label(x.req.kind, p)}，"
                + (f"后续材料可能已回应（{type_name(x.by.type)}第{x.by_page}页，得分{x.score:.2f}），需人工确认"
                   if x.score > float(p.get("model", {}).get("answer_lo", 0.3)) else
                   f"（“{snippet(x.req.sentence, 30)}”未出现该类请求的常用词，类型系推断），后续材料未见处理，需人工确认")
                for x in unsure]
        msgs += [f"{type_name(r.doc.type)}第{r.page}页受援人提出请求（{snippet(r.sentence, 30)}），后续材料未见明确回应"
                 for r in vague]
        if hidden:
            msgs.append(f"会见笔录第{'、'.join(map(str, hidden))}页无法识别")
        ev = [Evidence(x.req.page, snippet(x.req.sentence), x.req.kind) for x in unsure]
        ev += [Evidence(x.by_page, snippet(x.by_text), x.by.type) for x in unsure if x.by is not None]
        ev += [Evidence(r.page, snippet(r.sentence), "other") for r in vague]
        return Finding(item.id, "uncertain", 0.4, pages=[x.req.page for x in unsure] + [r.page for r in vague] + hidden,
                       message="；".join(msgs), evidence=ev, decided_by=who)
    if not answered:
        return Finding(item.id, "pass", 0.8, message="会见笔录未见受援人提出需后续处理的请求", decided_by=who)
    ev = []
    for x in answered:
        ev.append(Evidence(x.req.page, snippet(x.req.sentence), x.req.kind))
        if x.by is not None:
            ev.append(Evidence(x.by_page, snippet(x.by_text or doc_label(x.by)), x.by.type))
    return Finding(item.id, "pass", round(min(x.score for x in answered), 3), pages=[x.req.page for x in answered],
                   message="；".join(f"第{x.req.page}页{_kind_label(x.req.kind, p)}请求已在{type_name(x.by.type)}"
                                    f"第{x.by_page}页中回应" for x in answered),
                   evidence=ev, decided_by=who)


@check("client_requests_answered")
def client_requests_answered(dossier: Dossier, item: ChecklistItem, ctx: CheckContext) -> Finding:
    """FU-01: each client request in a meeting record is acted on or answered later.

    With ``params.model.use`` and the bundled follow-up models present, the learned
    detector/matcher decide (scores between ``answer_lo`` and ``answer_hi`` -> uncertain);
    otherwise the rule vocabularies below decide.
    """
    p = dict(item.params)
    rule = f"rule:{item.id}"
    sources = dossier.documents_of(*p.get("source_types", ["meeting_record"]))
    if not sources:
        return Finding(item.id, "not_applicable", 0.9, message="未见会见笔录（见MD-08）", decided_by=rule)
    models = _followup_models(p)
    if models is not None:
        return _client_requests_model(dossier, item, ctx, p, sources, models)
    exclude = set(p.get("non_answer_types", []))
    unanswered, vague, answered = [], [], []
    texts = _flat_texts(dossier)
    for doc in sources:
        later = _later_texts(dossier, ctx, doc, exclude, texts)
        for req in client_requests(dossier, doc, p):
            by = _answered(req, later + _after_in_same(dossier, doc, req.page), p)
            if by is not None:
                answered.append((req, by))
            elif req.kind == "other":
                vague.append(req)
            else:
                unanswered.append(req)
    if unanswered:
        msgs = [f"{type_name(r.doc.type)}第{r.page}页受援人要求{_kind_label(r.kind, p)}，后续材料未见处理"
                for r in unanswered]
        return Finding(item.id, "fail", 0.75, pages=[r.page for r in unanswered], message="；".join(msgs),
                       evidence=[Evidence(r.page, snippet(r.sentence), r.kind) for r in unanswered],
                       occurrences=len(unanswered), decided_by=rule)
    hidden = _unreadable_in(dossier, sources)
    if vague or hidden:
        msgs = [f"{type_name(r.doc.type)}第{r.page}页受援人提出请求（{snippet(r.sentence, 30)}），后续材料未见明确回应"
                for r in vague]
        if hidden:
            msgs.append(f"会见笔录第{'、'.join(map(str, hidden))}页无法识别")
        return Finding(item.id, "uncertain", 0.4, pages=[r.page for r in vague] + hidden, message="；".join(msgs),
                       evidence=[Evidence(r.page, snippet(r.sentence), "other") for r in vague], decided_by=rule)
    if not answered:
        return Finding(item.id, "pass", 0.8, message="会见笔录未见受援人提出需后续处理的请求", decided_by=rule)
    return Finding(item.id, "pass", 0.8, pages=[r.page for r, _ in answered],
                   message="；".join(f"第{r.page}页{_kind_label(r.kind, p)}请求已在{doc_label(d)}中回应"
                                    for r, d in answered),
                   evidence=[Evidence(r.page, snippet(r.sentence), r.kind) for r, _ in answered], decided_by=rule)


# ------------------------------------------------------------------ FU-02
@check("reminders_answered")
def reminders_answered(dossier: Dossier, item: ChecklistItem, ctx: CheckContext) -> Finding:
    """FU-02: every reminder letter / rectification notice has a later reply covering each point."""
    p = dict(item.params)
    rule = f"rule:{item.id}"
    letters = dossier.documents_of(*p.get("letter_types", ["reminder_letter"]))
    if not letters:
        return Finding(item.id, "not_applicable", 0.9, message="卷内无提醒函或整改通知书", decided_by=rule)
    replies = dossier.documents_of(*p.get("reply_types", ["rectification_reply"]))
    patterns = list(p.get("point_patterns", []))
    used: set[int] = set()
    problems: list[tuple[Document, str]] = []
    for letter in letters:
        reply = next((r for r in replies if id(r) not in used and is_later(ctx, letter, r)), None)
        text = dossier.text_of(letter)
        n = max(1, count_points(text, patterns))
        if reply is None:
            problems.append((letter, f"第{letter.first_page}页{type_name(letter.type)}（{n}项）未见整改回复"))
            continue
        used.add(id(reply))
        reply_text = dossier.text_of(reply)
        m = count_points(reply_text, patterns)
        if m < n:
            need = float(p.get("reply_overlap", 0.3))
            reply_grams = bigrams(reply_text)
            covered = sum(1 for pt in split_points(text, patterns)
                          if bigrams(pt) and len(bigrams(pt) & reply_grams) / len(bigrams(pt)) >= need)
            m = max(m, covered)
        if m < n:
            problems.append((letter, f"第{letter.first_page}页{type_name(letter.type)}列明{n}项，"
                                     f"第{reply.first_page}页整改回复仅回复{m}项"))
    hidden = [i for i in unreadable_pages(dossier) if any(i >= d.first_page for d, _ in problems)]
    if problems and hidden:  # the letter, or a reply after it, may be on a page we cannot read
        return Finding(item.id, "uncertain", 0.4, pages=[d.first_page for d, _ in problems] + hidden,
                       message="；".join(m for _, m in problems) + f"（第{'、'.join(map(str, hidden[:10]))}页无法识别）",
                       evidence=[Evidence(d.first_page, m, d.type) for d, m in problems], decided_by=rule)
    if problems:
        return Finding(item.id, "fail", 0.8, pages=[d.first_page for d, _ in problems],
                       message="；".join(m for _, m in problems),
                       evidence=[Evidence(d.first_page, m, d.type) for d, m in problems],
                       occurrences=len(problems), decided_by=rule)
    return Finding(item.id, "pass", 0.85, pages=[d.first_page for d in letters],
                   message="提醒函/整改通知书均有逐项回复", decided_by=rule)


# ------------------------------------------------------------------ FU-03
_UNCHECKED = re.compile(r"[□☐]\s*[\u4e00-\u9fa5]+")
_NEG_BEFORE = re.compile(r"(无|没有|未|否|是否)$")
_NOT_COMPLAINT_AFTER = re.compile(r"^(电话|热线|渠道|方式|[:：]\s*无)")


def _without(text: str, words: list[str]) -> str:
    """Text with form captions removed (longest first), so 意见采纳情况 is not read as 采纳."""
    for w in sorted(words, key=len, reverse=True):
        text = text.replace(w, "")
    return text


def _hits(text: str, words: list[str]) -> list[str]:
    return [w for w in words if w in text]


CAPTION_CONTENT_CHARS = 6  # a caption followed by this many characters of its own states something


def _captioned(text: str, captions: list[str], hollow: list[str] = ()) -> list[str]:
    """Statements filled in after a form caption (案件结果：…移送审查起诉): the report states the
    outcome in its own words even when no outcome word of the list occurs. Hollow phrases
    (本案已办理完毕) say only that the case ended, so they state nothing."""
    out = []
    for cap in captions:
        for m in re.finditer(rf"{re.escape(cap)}[ \t\u3000]*[:：][ \t\u3000]*([^\n]+)", text):  # an empty
            # caption's line ends there: the next line's caption is no statement of this one
            own = re.split(r"[\u4e00-\u9fff]{2,8}[:：]", m.group(1))[0]  # up to the next caption
            content = re.sub(r"[\s_—\-/／无]+", "", own)
            for phrase in hollow:
                content = content.replace(phrase, "")
            if len(re.sub(r"[，。；、,.;]+", "", content)) >= CAPTION_CONTENT_CHARS:
                out.append(content[:20])
    return out


def _real_dissatisfaction(text: str, words: list[str]) -> list[str]:
    """Dissatisfaction cues that are not negated (无投诉) or captions (投诉电话)."""
    out = []
    for w in words:
        for m in re.finditer(re.escape(w), text):
            before, after = text[max(0, m.start() - 3):m.start()], text[m.end():m.end() + 4]
            if _NEG_BEFORE.search(before) or _NOT_COMPLAINT_AFTER.match(after):
                continue
            out.append(w)
            break
    return out


@check("callback_reached")
def callback_reached(dossier: Dossier, item: ChecklistItem, ctx: CheckContext) -> Finding:
    """FU-03: the callback reached the client (or was retried and closed); complaints handled."""
    p = dict(item.params)
    rule = f"rule:{item.id}"
    docs = dossier.documents_of(*p.get("callback_types", ["callback_record"]))
    if not docs:
        return Finding(item.id, "not_applicable", 0.9, message="未见回访记录（见MD-14）", decided_by=rule)
    # a page typed as a callback that never mentions one (a closing report's 受援人评价：满意 page)
    # says nothing about whether the callback reached the client
    cues = p.get("callback_cues", [])
    docs = [d for d in docs if any(c in flat(dossier.text_of(d)) for c in cues)] or docs
    pages = [d.first_page for d in docs]
    raw = "\n".join(dossier.text_of(d) for d in docs)
    for rx in p.get("method_fields", []):  # 回访方式 上门回访 is the way tried, not that it reached anyone
        raw = re.sub(rx, "", raw)
    text = _without(_UNCHECKED.sub("", flat(raw)), p.get("ignore", []))
    failed = _hits(text, p.get("failed", []))
    dissatisfied = _real_dissatisfaction(text, p.get("dissatisfied", []))
    rest = _without(text, failed + list(p.get("dissatisfied", [])))  # 未接通 / 不满意 contain the reached words
    reached = _hits(rest, p.get("reached", []))
    closed = _hits(text, p.get("closed", []))
    handled = _hits(text, p.get("handled", []))
    ev = lambda words: [Evidence(page_of(dossier, docs[0], w), w, "callback_record") for w in words]  # noqa: E731
    if failed and not reached and not closed:
        return Finding(item.id, "fail", 0.8, pages=pages,
                       message=f"回访未成功（{'、'.join(failed)}），未见再次回访或结束回访记录",
                       evidence=ev(failed), decided_by=rule)
    if dissatisfied and not handled:
        return Finding(item.id, "fail", 0.75, pages=pages,
                       message=f"回访中受援人表示{'、'.join(dissatisfied)}，未见处理记录",
                       evidence=ev(dissatisfied), decided_by=rule)
    if not failed and not reached and not closed:
        hidden = _unreadable_in(dossier, docs)
        return Finding(item.id, "uncertain", 0.4, pages=pages + hidden,
                       message="回访记录未载明是否联系到受援人" + ("（部分页面无法识别）" if hidden else ""),
                       decided_by=rule)
    how = "、".join(reached or closed)
    return Finding(item.id, "pass", 0.8, pages=pages, message=f"回访记录载明：{how}",
                   evidence=ev(reached or closed), decided_by=rule)


# ------------------------------------------------------------------ FU-04
@check("organ_requests_answered")
def organ_requests_answered(dossier: Dossier, item: ChecklistItem, ctx: CheckContext) -> Finding:
    """FU-04: each court/organ request (补充材料, 出庭通知, 书面意见) has a recorded response."""
    p = dict(item.params)
    rule = f"rule:{item.id}"
    kinds: dict = p.get("request_kinds", {})
    exclude = set(p.get("non_answer_types", []))
    requests: list[tuple[Document, str, str]] = []  # (doc, kind, cue)
    for doc in dossier.documents_of(*p.get("source_types", [])):
        text = flat(dossier.text_of(doc))
        for kind, spec in kinds.items():
            cue = next((w for w in spec.get("request", []) if w in text), None)
            if cue:
                requests.append((doc, kind, cue))
    if not requests:
        return Finding(item.id, "not_applicable", 0.8, message="卷内未见司法机关要求补充材料、出庭等事项",
                       decided_by=rule)
    open_: list[tuple[Document, str, str]] = []
    texts = _flat_texts(dossier)
    for doc, kind, cue in requests:
        spec = kinds[kind]
        same_kind = tuple(d for d, k, _ in requests if k == kind)
        later = _later_texts(dossier, ctx, doc, exclude, texts, same_kind)
        by_words = any(re.search(w, t) for _, t in later for w in spec.get("answer", []))  # answers are regexes
        by_type = dossier.has(*spec.get("answer_types", [])) if spec.get("answer_types") else False
        if not (by_words or by_type):
            open_.append((doc, kind, cue))
    if open_:
        pages = [page_of(dossier, d, cue) for d, _, cue in open_]
        msgs = [f"{type_name(d.type)}第{pg}页要求{kinds[k].get('label', k)}，未见回应记录"
                for (d, k, _), pg in zip(open_, pages)]
        records = p.get("answer_record_types", [])
        if records and not documents_headed_as(dossier, *records):
            # the response is written in the report that is missing (MD-13 counts that):
            # its absence is no evidence that the request went unanswered
            return Finding(item.id, "uncertain", 0.4, pages=pages,
                           message="；".join(msgs) + f"（未见{'、'.join(type_name(t) for t in records)}，"
                                                    "回应情况可能记载于缺失的材料中，请人工核对）",
                           evidence=[Evidence(pg, cue, d.type, note="回应记录所在材料缺失")
                                     for (d, _, cue), pg in zip(open_, pages)],
                           occurrences=len(open_), decided_by=rule + "+fragile")
        return Finding(item.id, "fail", 0.7, pages=pages, message="；".join(msgs),
                       evidence=[Evidence(pg, cue, d.type) for (d, _, cue), pg in zip(open_, pages)],
                       occurrences=len(open_), decided_by=rule)
    return Finding(item.id, "pass", 0.75, pages=[d.first_page for d, _, _ in requests],
                   message="司法机关要求事项均有回应记录", decided_by=rule)


# ------------------------------------------------------------------ FU-05
@check("closing_report_complete")
def closing_report_complete(dossier: Dossier, item: ChecklistItem, ctx: CheckContext) -> Finding:
    """FU-05: the closing report states the outcome and whether the opinion was adopted."""
    p = dict(item.params)
    rule = f"rule:{item.id}"
    docs = documents_headed_as(dossier, *p.get("report_types", ["closing_report"]))  # a 征询意见表 is none
    if not docs:
        return Finding(item.id, "not_applicable", 0.9, message="未见结案报告（见MD-13）", decided_by=rule)
    pages = [d.first_page for d in docs]
    raw = "\n".join(dossier.text_of(d) for d in docs)
    text = _without(flat(raw), p.get("ignore", []))
    outcome = _hits(text, p.get("outcome", [])) or _captioned(raw, p.get("outcome_captions", []),
                                                                        p.get("hollow_statements", []))
    if not outcome and dossier.facts.value("outcome"):
        outcome = [str(dossier.facts.value("outcome"))]
    adoption = _hits(text, p.get("adoption", [])) or _captioned(raw, p.get("adoption_captions", []))
    kind = ctx.profile.case_kind
    need_adoption = kind is None or kind in p.get("adoption_required_for", [])
    lacking = []
    if not outcome:
        lacking.append("案件结果")
    if need_adoption and not adoption:
        lacking.append("意见采纳情况")
    if lacking:
        hidden = _unreadable_in(dossier, docs)
        status, conf = ("uncertain", 0.4) if hidden else ("fail", 0.75)
        return Finding(item.id, status, conf, pages=pages + hidden,
                       message=f"第{docs[0].first_page}页结案报告未载明{'、'.join(lacking)}",
                       evidence=[Evidence(docs[0].first_page, "、".join(lacking), "closing_report")],
                       decided_by=rule)
    return Finding(item.id, "pass", 0.8, pages=pages,
                   message=f"结案报告载明结果（{outcome[0]}）" + (f"及意见采纳情况（{adoption[0]}）" if adoption else ""),
                   evidence=[Evidence(page_of(dossier, docs[0], w), w, "closing_report")
                             for w in outcome[:1] + adoption[:1]], decided_by=rule)
