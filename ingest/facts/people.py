"""Who the case is about: client, lawyer and firm names read after their labels, voted over pages.

A name is only taken where a form puts it (after a label, in a cell of its own, or before
punctuation), so running text and titles are not read as names; the documents that state
the parties formally (application, decision ...) weigh more than the cover, which one
falsified page must not decide.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ingest.datamodel import Dossier, Fact, Page
from ingest.facts.sources import line_at, longest_first, vote
from ingest.facts.wording import FIRM_LABELS, FIRM_NAME_LEAD, NEVER_IN_NAME, NOT_A_NAME, NOT_NAMES

_NAME = r"([\u4e00-\u9fff·]{2,4}?)"
_NAME_END = r"(?=$|[\s，,。；;：:、（()）/]|性别|男|女|身份|民族|出生|年龄|住|电话|联系|律师|等|会见人|谈话人|记录人|签名)"
PROSE_LINE_CHARS = 24  # longer lines are running text, not form cells
# documents that state the parties formally: their names weigh double
_FORMAL_TYPES = ("application", "decision", "assignment", "approval", "closing_report", "court_notice")
_FIRM_NAME = r"([\u4e00-\u9fff（）()]{2,30}?律师事务所)"
_FIRM_RE = re.compile(_FIRM_NAME)
_FIRM_LABEL = re.compile(rf"(?:{'|'.join(FIRM_LABELS)})\s*[:：]\s*{_FIRM_NAME}")
_FIRM_LEAD = re.compile(rf"^.*?(?:{FIRM_NAME_LEAD})(?=[\u4e00-\u9fff]{{4,}})")


@lru_cache(maxsize=32)
def _label_patterns(labels: tuple[str, ...], strict_sep: bool) -> list[re.Pattern]:
    """label_values' patterns, built once per label set (not per page)."""
    alt = longest_first(labels)
    qual = r"(?:\s*[（(][^）)\n]{1,6}[）)])?"  # 受援人（被害人）：, 受援人 (申请人) 苏楠
    pats = [rf"({alt}){qual}\s*[:：]\s*{_NAME}{_NAME_END}"]
    if not strict_sep:
        pats += [rf"({alt}){qual}[ \t\u3000]+{_NAME}(?=[ \t]*(?:\n|$)|[ \t]{{2,}}|[，,（(、])",
                 rf"({alt}){_NAME}(?=[，,（(、])"]
    return [re.compile(rf"(?<!对方)(?<!对方当事){pat}") for pat in pats]


def label_values(text: str, labels: tuple[str, ...], strict_sep: bool = False) -> list[tuple[str, str, int]]:
    """(label, name, offset) for 'LABEL：NAME', 'LABEL NAME' (a form cell) and 'LABEL NAME，' occurrences.

    Without a colon the name must close its cell (line end / wide gap) or be
    followed by punctuation, so running text ('受援人进行了…') and titles
    ('当事人谈话笔录') are not read as names.
    """
    out = []
    seen: set[int] = set()
    for rx in _label_patterns(labels, strict_sep):
        for m in rx.finditer(text):
            name = m.group(2)
            if m.start() in seen or name in NOT_A_NAME or any(w in name for w in NEVER_IN_NAME):
                continue
            seen.add(m.start())
            out.append((m.group(1), name, m.start()))
    out.sort(key=lambda t: t[2])
    return out


def _name_weight(lab: str, dtype: str | None, on_cover: bool, client: bool) -> float:
    """How much one labelled name counts in the vote."""
    w = 1.0
    if on_cover:
        w = 1.0  # the cover is one witness; a falsified cover must not outvote the file
    elif dtype in _FORMAL_TYPES:
        w = 2.0
    if client and lab in ("被害人",):
        w *= 0.5 if dtype not in ("cover", "application") else 1.0
    if client and lab in ("受援人", "受援人姓名"):
        w *= 1.5
    return w


def _in_prose(text: str, lab: str, name: str, pos: int, line: str) -> bool:
    """"受援人年逾七十，…" in running prose is no name; "受援人张三，男，…" is."""
    after = text[pos + len(lab):]
    if after[:1] not in (":", "：", " ", "\t", "\u3000", "（", "(") and len(line) > PROSE_LINE_CHARS:
        return not re.match(rf"{re.escape(name)}\s*[，,]\s*[男女]|{re.escape(name)}\s*[（(]", after)
    return False


def person(pages: list[Page], cover_idx: set[int], dossier: Dossier, labels: tuple[str, ...],
           client: bool) -> Fact | None:
    """The name most of the file gives after the labels (the client's or the lawyer's)."""
    items = []
    doc_at = dossier.documents_by_page()
    for pg in pages:
        doc = doc_at.get(pg.index)
        dtype = doc.type if doc else None
        for lab, name, pos in label_values(pg.text, labels):
            if name in NOT_NAMES:  # a transcript's answer (受援人：明白)
                continue
            line = line_at(pg.text, pos)
            if _in_prose(pg.text, lab, name, pos, line):
                continue
            items.append((name, pg.index, line, _name_weight(lab, dtype, pg.index in cover_idx, client)))
    return vote(items)


def firm(pages: list[Page]) -> Fact | None:
    """The law firm: a labelled one counts triple, one named in running text once."""
    items = []
    for pg in pages:
        for m in _FIRM_LABEL.finditer(pg.text):
            items.append((m.group(1), pg.index, line_at(pg.text, m.start()), 3.0))
        for m in _FIRM_RE.finditer(pg.text):
            name = _FIRM_LEAD.sub("", m.group(1))
            items.append((name, pg.index, line_at(pg.text, m.start()), 1.0))
    return vote(items)


def labelled_text(pages: list[Page], cover_idx: set[int], labels: tuple[str, ...]) -> Fact | None:
    """The short value after one of the labels ('案由：盗窃'), voted; the cover counts triple."""
    items = []
    alt = "|".join(map(re.escape, labels))
    for pg in pages:
        for m in re.finditer(rf"(?:{alt})\s*[:：]\s*([^\s，。；;,]{{2,24}})", pg.text):
            items.append((m.group(1), pg.index, line_at(pg.text, m.start()), 3.0 if pg.index in cover_idx else 1.0))
    return vote(items)
