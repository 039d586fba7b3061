"""The params each check reads from its checklist items, as typed schemas (review/params.py).

The FU checks register theirs with ``@check(name, params=...)``; the MD, BD
and TL checks are listed in :data:`DECLARED` by check name. The loader
validates every item against its check's schema. No ``from __future__ import
annotations`` here: ``NotRequired`` must be seen when the TypedDicts are built.
"""
from typing import Any, NotRequired, TypedDict

from review.params import EventName, LimitName


# ------------------------------------------------------------------ FU
class RequestKind(TypedDict):
    """A kind of client request (FU-01): its label and the words that name it asked and answered."""

    label: str
    request: list[str]
    answer: list[str]
    answer_types: NotRequired[list[str]]  # document types that act on it by themselves
    list_headings: NotRequired[list[str]]  # ... except a list (证据目录) that does not name what was asked
    generic_words: NotRequired[list[str]]  # words a request and a list share without naming one thing


class FollowupModelParams(TypedDict):
    """The learned FU-01 models (models/followups.py) and their decision thresholds."""

    use: bool
    detect_min: float  # least P(kind) for a client sentence to count as a request of that kind
    answer_hi: float  # a best later passage scoring at least this answers
    answer_lo: float  # ... at most this leaves the request unanswered; in between `uncertain`


class ClientRequestParams(TypedDict):
    """FU-01: client requests in meeting records answered later."""

    source_types: list[str]
    non_answer_types: list[str]
    client_roles: list[str]
    lawyer_roles: list[str]
    client_line_prefixes: list[str]
    lawyer_line_prefixes: list[str]
    field_labels: list[str]
    offer_cues: list[str]
    affirmative_replies: list[str]
    negation_patterns: list[str]
    not_negations: list[str]
    reported_act_cues: list[str]
    telling_verbs: list[str]
    other_kind_verbs: list[str]
    other_kind_label: str
    request_verbs: list[str]
    request_kinds: dict[str, RequestKind]
    other_kind_overlap: float
    pending_cues: list[str]
    action_cues: list[str]
    refer_back_cues: list[str]
    model: FollowupModelParams


class ReminderParams(TypedDict):
    """FU-02: reminder letters answered point by point."""

    letter_types: list[str]
    reply_types: list[str]
    point_patterns: list[str]
    reply_overlap: float


class CallbackParams(TypedDict):
    """FU-03: the callback reached the client; dissatisfaction handled."""

    callback_types: list[str]
    callback_cues: list[str]
    failed: list[str]
    reached: list[str]
    closed: list[str]
    dissatisfied: list[str]
    handled: list[str]
    ignore: list[str]
    method_fields: list[str]
    unchecked_options: str
    negated_before: list[str]
    not_complaint_after: list[str]


class OrganRequestKind(TypedDict):
    """A kind of court/organ request (FU-04); ``answer`` holds regular expressions."""

    label: str
    request: list[str]
    answer: list[str]
    answer_types: list[str]


class OrganRequestParams(TypedDict):
    """FU-04: court/organ requests with a recorded response."""

    source_types: list[str]
    answer_record_types: list[str]
    non_answer_types: list[str]
    request_kinds: dict[str, OrganRequestKind]


class ClosingReportParams(TypedDict):
    """FU-05: the closing report states the outcome and the opinion's adoption."""

    report_types: list[str]
    outcome: list[str]
    outcome_captions: list[str]
    hollow_statements: list[str]
    adoption: list[str]
    adoption_captions: list[str]
    ignore: list[str]
    adoption_required_for: list[str]


# ------------------------------------------------------------------ MD
class TypesWhen(TypedDict):
    """Required types replaced for the cases a condition selects (the aid letter of an appointed defence)."""

    when: dict[str, Any]  # a condition (review/conditions.py), validated by the loader
    all_of: NotRequired[list[str]]
    any_of: NotRequired[list[str]]


class RequiredDocumentsParams(TypedDict, total=False):
    all_of: list[str]
    any_of: list[str]
    types_when: list[TypesWhen]
    content_cues: list[str]
    applicability_read_from: list[str]


# ------------------------------------------------------------------ BD
class BindingOrderParams(TypedDict, total=False):
    ignore_types: list[str]
    ignore_flags: list[str]
    date_ordered_types: list[str]


class TocParams(TypedDict, total=False):
    unlisted_types: list[str]
    optional_types: list[str]
    match_threshold: float


class PageNumberParams(TypedDict, total=False):
    unnumbered_types: list[str]
    skip_flags: list[str]


class PageFlagParams(TypedDict):
    flag: str
    message: NotRequired[str]


class CoverField(TypedDict, total=False):
    label: str
    content_patterns: list[str]
    kind_patterns: dict[str, list[str]]  # more patterns for one case kind (the defendant is the client)
    role_patterns: list[str]  # weaker witnesses (委托人, 原告), read only when no labelled one is
    event: str | list[str]
    may_be_unbound: list[str]
    not_before: list[str]
    not_after: list[str]


class CoverParams(TypedDict, total=False):
    fields: dict[str, CoverField]
    cover_types: list[str]
    dialogue_types: list[str]
    date_tolerance_days: list[int]


# ------------------------------------------------------------------ TL
class DeadlineParams(TypedDict):
    start: EventName | list[EventName]
    end: EventName | list[EventName]
    limit: LimitName
    unit: NotRequired[str]
    message: NotRequired[str]
    start_pick: NotRequired[str]
    end_pick: NotRequired[str]
    start_bound: NotRequired[list[str]]
    end_bound: NotRequired[list[str]]
    start_upper: NotRequired[dict[str, list[str]]]


class DateOrderRule(TypedDict):
    before: EventName | list[EventName]
    after: EventName | list[EventName]
    message: NotRequired[str]
    misread_if_unsure: NotRequired[bool]
    before_pick: NotRequired[str]
    after_pick: NotRequired[str]


class DatesInOrderParams(TypedDict, total=False):
    rules: list[DateOrderRule]


DECLARED: dict[str, type] = {
    "required_documents": RequiredDocumentsParams,
    "binding_order": BindingOrderParams,
    "toc_matches": TocParams,
    "page_numbers": PageNumberParams,
    "page_flag": PageFlagParams,
    "cover_agrees": CoverParams,
    "deadline": DeadlineParams,
    "dates_in_order": DatesInOrderParams,
}
