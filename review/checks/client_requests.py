"""FU-01 request detection: which sentences of a meeting record ask the lawyer for something.

Two backends share the reading of a record (speaker turns, negation): the
rules (:func:`client_requests`, the FU-01 vocabularies) and the learned
request detector (:func:`model_client_requests`), which classifies the same
client sentences while the rules still catch a yes to a lawyer's offer and
requests of no listed kind. Every vocabulary is FU-01's ``params``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from ingest.datamodel import Document, Dossier
from review.checks.schemas import ClientRequestParams
from review.checks.text import lines, page_of, sentences

if TYPE_CHECKING:
    from models.followups import RequestDetector


@dataclass(frozen=True)
class ClientRequest:
    """A client's request found in a meeting record."""

    kind: str  # a key of params.request_kinds, or 'other'
    doc: Document
    page: int
    sentence: str
    guessed: bool = False  # the model gave the kind to a sentence without the kind's words


def words_rx(words: list[str], head: str = "", tail: str = "") -> re.Pattern:
    """One of ``words`` (longest first, as literal text) between the patterns ``head`` and ``tail``."""
    alts = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(rf"{head}(?:{alts}){tail}")


def prefix_rx(prefixes: list[str]) -> re.Pattern:
    """A line opening with one of ``prefixes`` and a colon: a speaker's turn."""
    return words_rx(prefixes, r"^\s*", r"\s*[:：]\s*")


_NAMED_SPEAKER = re.compile(r"^\s*([\u4e00-\u9fff]{2,4})\s*[:：]\s*(?=\S)")


def _segments(text: str, params: ClientRequestParams, client_names: tuple[str, ...] = (),
              lawyer_names: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Split a record into (speaker, body) segments: 'client', 'lawyer' or 'narrative'.

    A line without a speaker prefix continues the previous turn when that turn
    did not end a sentence (a wrapped line); otherwise it is narrative.
    """
    client_rx = prefix_rx(params["client_line_prefixes"] + list(client_names))
    lawyer_rx = prefix_rx(params["lawyer_line_prefixes"] + list(lawyer_names))
    field_labels = set(params["field_labels"])
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


def _negated(sentence: str, params: ClientRequestParams) -> bool:
    s = sentence
    for w in params["not_negations"]:
        s = s.replace(w, "")
    return any(re.search(p, s) for p in params["negation_patterns"])


def _affirms(sentence: str, params: ClientRequestParams) -> bool:
    """The client's turn says yes (答：是的。)."""
    return bool(words_rx(params["affirmative_replies"], r"^\s*").match(sentence))


def kinds_in(sentence: str, params: ClientRequestParams) -> list[str]:
    return [k for k, spec in params["request_kinds"].items() if any(w in sentence for w in spec["request"])]


def narrative_request(sentence: str, params: ClientRequestParams) -> bool:
    """A narrative sentence in which the client (not the lawyer) asks for something.

    Not one that reports an act (……已于3月1日提交) or in which the lawyer tells the client
    (律师告知受援人：……): those record answers, however much they repeat the request.
    """
    roles, lawyers, verbs = params["client_roles"], params["lawyer_roles"], params["request_verbs"]
    hits = [sentence.find(r) for r in roles if r in sentence]
    if not hits or any(w in sentence for w in params["reported_act_cues"]):
        return False
    lead = re.split(r"[，,：:]", sentence)[0]  # 律师向受援人说明：…… / 律师告知被告人，……
    if any(l in lead for l in lawyers) and any(t in lead for t in params["telling_verbs"]):
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


def _turn_sentences(dossier: Dossier, doc: Document, params: ClientRequestParams) -> Iterator[tuple[str, str, str]]:
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


def _other_kind(sentence: str, params: ClientRequestParams) -> list[str]:
    """['other'] when the sentence asks the lawyer for something of no listed kind."""
    return ["other"] if any(v in sentence for v in params["other_kind_verbs"]) else []


def _offered(sentence: str, last_lawyer: str, params: ClientRequestParams) -> bool:
    """The client says yes to an action the lawyer offered (问：是否申请取保候审？答：是的。)."""
    return any(c in last_lawyer for c in params["offer_cues"]) and _affirms(sentence, params)


def client_requests(dossier: Dossier, doc: Document, params: ClientRequestParams) -> list[ClientRequest]:
    """Requests the client makes in one meeting record, at most one per kind (the rules)."""
    verbs = params["request_verbs"]
    found: dict[str, ClientRequest] = {}
    for speaker, sent, last_lawyer in _turn_sentences(dossier, doc, params):
        kinds: list[str] = []
        if speaker == "client":
            if any(v in sent for v in verbs):
                kinds = kinds_in(sent, params)
            if not kinds and _offered(sent, last_lawyer, params):
                kinds = kinds_in(last_lawyer, params)
            if not kinds:
                kinds = _other_kind(sent, params)
        elif narrative_request(sent, params):
            kinds = kinds_in(sent, params) or _other_kind(sent, params)
        for k in kinds:
            if k not in found:
                found[k] = ClientRequest(k, doc, page_of(dossier, doc, sent[:12]), sent)
    return list(found.values())


def _request_candidates(dossier: Dossier, doc: Document, params: ClientRequestParams) -> list[tuple[str, list[str]]]:
    """(client sentence, rule-fallback kinds) of one meeting record: the sentences the detector
    classifies (client turns and narrative lines naming the client); the rule vocabularies still
    catch a yes to a lawyer's offer and 'other' requests."""
    cands: list[tuple[str, list[str]]] = []
    for speaker, sent, last_lawyer in _turn_sentences(dossier, doc, params):
        if speaker == "client":
            fallback: list[str] = []
            if _offered(sent, last_lawyer, params) and not kinds_in(sent, params):
                fallback = kinds_in(last_lawyer, params)
            cands.append((sent, fallback or _other_kind(sent, params)))
        elif narrative_request(sent, params):  # the client asks (not: 律师告知受援人……)
            cands.append((sent, [] if kinds_in(sent, params) else _other_kind(sent, params)))
    return cands


def model_client_requests(dossier: Dossier, docs: list[Document], params: ClientRequestParams,
                          detector: RequestDetector) -> list[list[ClientRequest]]:
    """Requests in each meeting record of ``docs``, found by the detector. One detector call for
    all records (its rows are scored independently): a call costs more than its sentences."""
    min_p = float(params["model"]["detect_min"])
    cands = [_request_candidates(dossier, doc, params) for doc in docs]
    kinds = iter(detector.predict([s for c in cands for s, _ in c], min_p))
    return [_detected_requests(dossier, doc, params, c, [next(kinds) for _ in c]) for doc, c in zip(docs, cands)]


def _detected_requests(dossier: Dossier, doc: Document, params: ClientRequestParams,
                       cands: list[tuple[str, list[str]]], detected: list[str]) -> list[ClientRequest]:
    """One meeting record's requests, at most one per kind, from its candidates and their detected kinds."""
    found: dict[str, ClientRequest] = {}
    for (sent, kinds), kind in zip(cands, detected):
        if kind != "none":
            kinds = [kind]
        elif "other" in kinds and kinds_in(sent, params):
            kinds = []  # a kind word the model judged not a request (e.g. a question back)
        for k in kinds:
            if k not in found:
                guessed = kind != "none" and k not in kinds_in(sent, params)
                found[k] = ClientRequest(k, doc, page_of(dossier, doc, sent[:12]), sent, guessed)
    return list(found.values())
