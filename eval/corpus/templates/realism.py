"""What real dossiers carry that the checks must not take for defects (issue 9).

Wording is data (eval/corpus/data/realism.yaml). Writers call own_number /
number_blocks (each document's own reference number), quote (a date of an
earlier event inside the body), firm_closing_form (a law firm's registration
form or report serving as the closing report) and opinion_title; generate.py
calls finish() on every written document: seals placed over the signing date
(their characters land in the text layer inside and below the date line) and
later pages that look like another document type.
"""
from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import yaml

from ..case import Case
from ..phrasing import Phraser
from .common import Ctx, Doc

TABLES: dict = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "realism.yaml").read_text(encoding="utf-8"))

# share of seals drawn over the signing date (the rest sit over the signature block)
SEAL_OVER_DATE = {"A": 0.6, "B": 0.5, "C": 0.7, "D": 0.6}
# share of documents of each kind given a page that looks like another type
CONTINUATION = {"closing_report": 0.3, "judgment": 0.35, "meeting_record": 0.25}


def _short(name: str, suffixes: tuple[str, ...]) -> str:
    for s in suffixes:
        if name.endswith(s) and len(name) > len(s) + 1:
            return name[:-len(s)]
    return name


def placeholders(c: Case, d: date | None, rng: random.Random) -> dict[str, str]:
    """Values for the number schemes of realism.yaml."""
    ds = _short(c.district, ("回族区", "新区", "区", "县", "市"))
    cs = _short(c.city, ("市",))
    fs = c.firm.replace("律师事务所", "")[-4:]
    n = rng.randint(1, 480)
    return {"ds": ds, "cs": cs, "c1": cs[:1], "d1": ds[:1], "prov": c.prov, "area": c.area, "fs": fs,
            "year": str((d or date(c.year, 6, 1)).year), "n": str(n), "n3": f"{n:03d}"}


def own_number(x: Ctx, key: str, d: date | None = None) -> str:
    """The document's own reference number (文号), in a scheme of its kind, province and family."""
    ph, c = x.ph, x.c
    pool = TABLES["numbers"][key]
    prov = TABLES["numbers"]["by_province"].get(c.prov, {}).get(key)
    scheme = ph.any(prov) if prov and ph.chance(0.4) else ph.pick(pool)
    return scheme.format(**placeholders(c, d or x.doc.date, ph.rng))


def number_blocks(x: Ctx, key: str, d: date | None = None, case_no_share: float = 0.5) -> list[tuple]:
    """Sub lines under a title: the document's own number, sometimes followed by the aid case
    number (always on another case's document, so that its case number is printed)."""
    ph = x.ph
    blocks = [("sub", ph.pick(TABLES["number_labels"]) + own_number(x, key, d), ph.any(["R", "R", "C"]))]
    if x.doc.other_case or ph.chance(case_no_share):
        blocks.append(("sub", f"{ph.any(['案号', '援助案号', '案件编号'])}：{x.c.case_no}", ph.any(["R", "L"])))
    return blocks


def quote(x: Ctx, key: str, d: date, **kw: str) -> str:
    """A sentence quoting the date d of an earlier event (never the document's own date)."""
    return x.ph.pick(TABLES["quotes"][key]).format(d=x.ph.ld(d), **kw)


def opinion_title(x: Ctx) -> str:
    """A law firm's own title for a defence or agency opinion."""
    pool = TABLES["opinion_titles"]["criminal" if x.c.kind == "criminal_defense" else "civil"]
    return x.ph.pick(pool).format(name=x.c.client.name, cause=x.c.cause.removesuffix("纠纷").removesuffix("罪"))


def letterhead(x: Ctx) -> list[tuple]:
    """A firm's letterhead line(s) above the title."""
    return [("sub", ln, "C") for ln in x.ph.pick(TABLES["letterheads"]).format(firm=x.c.firm).split("\n")]


def firm_closing_form(x: Ctx, work: list[str], result: str, adopt: str | None) -> tuple[str, list]:
    """A law firm's 结案登记表 / 承办情况报告 serving as the closing report (type closing_report).
    adopt None: the adoption sentence is left out (FU-05 defect)."""
    c, ph, tl = x.c, x.ph, x.tl
    entry = ph.pick(TABLES["firm_closing"])
    title, lab = entry["title"], {k: ph.pick(v) for k, v in TABLES["firm_labels"].items()}
    blocks: list = letterhead(x) if ph.chance(0.5) else []
    blocks.append(("title", title))
    number = own_number(x, "closing_report")
    if entry["layout"] == "form":
        rows = [(lab["number"], number), (lab["received"], ph.fd(tl.assignment)), (lab["client"], c.client.name),
                ("案由", c.cause), ("法律援助案号", c.case_no), ("承办律师", c.lawyer),
                (lab["closed"], ph.fd(tl.outcome)), ("办理经过", "".join(work)), (lab["result"], result)]
        if adopt is not None:
            rows.append(("意见采纳情况", adopt))
        rows += [(lab["fee"], ph.pick(TABLES["firm_fee"])), (lab["review"], ph.pick(TABLES["firm_review"]))]
        blocks.append(("kv", rows, 1))
    else:
        blocks += [("sub", number, "R"), ("pl", f"{c.center}："),
                   ("p", f"{c.firm}接受指派，由{c.lawyer}律师承办{c.client.name}{c.cause}一案（{c.case_no}），现将承办情况报告如下："),
                   ("p", quote(x, "closing_report", tl.assignment) + "".join(work)), ("p", result)]
        if adopt is not None:
            blocks.append(("p", adopt))
    return title, blocks


def cover_rows(x: Ctx, rows: list[tuple[str, str, str]], keep: set[str]) -> list[tuple[str, str]]:
    """A cover's (key, label, value) rows as real covers print them: bracketed labels, some fields
    left empty or as placeholders, signature placeholders. The case number and the rows whose
    key is in keep (what an injected defect is about) are never emptied."""
    ph = x.ph
    out = []
    for key, label, value in rows:
        if key in TABLES["cover_labels"]:
            label = ph.pick(TABLES["cover_labels"][key])
        if key != "case_no" and key not in keep and ph.chance(0.12):
            value = ph.pick(TABLES["empty_values"])
        out.append((label, value))
    out += [tuple(r) for r in ph.rng.sample(TABLES["cover_extra_rows"], ph.rng.randint(0, 3))]
    return out


def finish(rng: random.Random, c: Case, doc: Doc) -> None:
    """Last touches on a written document: seal over the signing date, continuation pages."""
    ph = Phraser(rng, c.family)
    for i, b in enumerate(doc.blocks):
        if b[0] == "stamp" and ph.chance(SEAL_OVER_DATE[c.family]):
            doc.blocks[i] = ("stamp", b[1], "date", round(rng.uniform(0.2, 0.8), 2))
    if doc.other_case or not ph.chance(CONTINUATION.get(doc.type, 0.0)):
        return
    signs = [i for i, b in enumerate(doc.blocks) if b[0] == "sign"]
    if not signs:
        return
    if doc.type == "judgment":  # the last page holds only the signature block
        tail = ph.any(TABLES["judgment_tail"])
        doc.blocks[signs[-1]:signs[-1]] = [("pagebreak",)] + ([("pl", tail)] if "无正文" in tail else [])
        if tail and "无正文" not in tail:  # 本件与原本核对无异 follows the signatures
            doc.blocks.append(("pl", tail))
    elif doc.type == "meeting_record":  # signatures on a page of their own
        at = signs[-1] - 1 if doc.blocks[signs[-1] - 1][0] == "pl" else signs[-1]
        tail = ("pl", ph.any(TABLES["meeting_tail"])[0])
        ends_text = tail[1].lstrip("（").startswith("以下")  # "以下无正文" closes the text page
        doc.blocks[at:at] = [tail, ("pagebreak",)] if ends_text else [("pagebreak",), tail]
    elif doc.type == "closing_report":  # a second page that looks like a form / power of attorney
        cont = ph.pick(TABLES["closing_continuation"])
        vals = {"client": c.client.name, "lawyer": c.lawyer, "phone": c.client.phone, "d": ph.fd(doc.date)}
        blocks: list = [("pagebreak",), ("sub", cont["head"], "C")]
        if "rows" in cont:
            blocks.append(("kv", [(a, b.format(**vals)) for a, b in cont["rows"]], 1))
        else:
            blocks += [("pl", ln.format(**vals)) for ln in cont["lines"]]
        doc.blocks += blocks

