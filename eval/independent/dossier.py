"""Assemble one dossier: documents -> pages (binding defects, numbers, toc, cover) -> truth + HTML pages."""
from __future__ import annotations

import random
import re
from datetime import timedelta
from dataclasses import dataclass, field

from .case import KIND_WEIGHTS, KINDS, Case, Names, number, sample_case
from .compose import Doc, meeting, render_lines, write
from .defects import choose
from .html import PageSpec
from .layout import Style, paginate, sample_style
from .plan import fill_report, inject_unanswered, plan, rank
from .resources import load
from .text import date_formats
from .truth import truth

UNNUMBERED = ("cover", "toc")


@dataclass
class Phys:
    """A physical page of the bound dossier."""

    doc: Doc
    lines: list
    start: bool
    printed: int | None = None
    flags: list[str] = field(default_factory=list)


def _move_out_of_order(rng: random.Random, c: Case, docs: list[Doc]) -> Doc | None:
    """BD-01: move a document before one that must precede it."""
    movable = ("identity", "financial_status", "approval", "decision", "assignment", "aid_letter", "rights_notice",
               "power_of_attorney", "evidence", "pleading", "judgment", "opinion_form", "file_review_record")
    for _ in range(30):
        i = rng.randrange(len(docs))
        x = docs[i]
        if x.type not in movable or rank(c, x.type) < 0:
            continue
        targets = [j for j in range(i - 1) if rank(c, docs[j].type) >= 0 and rank(c, docs[j].type) < rank(c, x.type)
                   and docs[j].type != x.type and j >= 0]
        if not targets:
            continue
        j = rng.choice(targets[-3:])
        docs.insert(j, docs.pop(i))
        return x
    return None


def _other_case_doc(rng: random.Random, c: Case, docs: list[Doc]) -> Doc:
    """BD-07: one document of another case (another legal-aid case number and client)."""
    names = Names(rng)
    names.used |= {c.ctx["client"], c.ctx["lawyer"]}
    over = {"client": names(), "lawyer": names(), "idno": c.ctx["idno2"]}
    over["aid_no"] = number(rng, load("numbering")["aid_case_no"][next(
        r["scheme"] for r in load("places")["regions"] if r["code"] == c.ctx["code"])], {**c.ctx, **over},
        c.dates["decision"].year)
    kind = rng.choice(["callback_record", "identity", "meeting_record"])
    if kind == "meeting_record":
        doc = meeting(rng, c, "meet1", False, [], ctx_over=over)
    else:
        ctx_over = {**over, "callback_lines": "p:回访情况：电话接通，受援人表示满意。"}
        doc = write(rng, c, kind, kind, c.dates["callback"], ctx_over=ctx_over)
        if kind == "identity":
            doc.lines.insert(1, ("sub", f"（{over['aid_no']}）"))
    doc.other_case = True
    doc.data.update(over)
    return doc


def _toc(rng: random.Random, c: Case, pages: list[Phys], dmap: dict[str, str], detail: dict) -> Doc:
    entries: list[dict] = []
    prev = None
    for p in pages:
        if p.doc is prev or p.doc.type == "backup_sheet" and p.printed is None:
            if p.doc is prev and p.printed is not None:
                entries[-1]["last"] = p.printed
            prev = p.doc
            continue
        prev = p.doc
        if p.doc.other_case or "duplicate" in p.flags:
            if p.printed is not None and entries:
                entries[-1]["last"] = p.printed
            continue
        entries.append({"type": p.doc.type, "name": p.doc.title or "身份证明", "date": p.doc.date,
                        "first": p.printed, "last": p.printed})
    v = dmap.get("BD-02")
    body = [e for e in entries if e["first"] is not None]
    if v == "missing_entry" and len(body) > 4:
        e = rng.choice(body[1:-1])
        entries.remove(e)
        detail["BD-02"] = f"toc lacks entry for {e['type']}"
    elif v == "extra_entry":
        e = rng.choice(body[1:])
        absent = [t for t in ("investigation", "collective_discussion", "opinion_form", "evidence")
                  if all(x["type"] != t for x in entries)] or ["investigation"]
        t = rng.choice(absent)
        name = {"investigation": "调查笔录", "collective_discussion": "集体讨论记录", "opinion_form": "征询意见表",
                "evidence": "证据材料"}[t]
        entries.insert(entries.index(e), {"type": t, "name": name, "date": e["date"],
                                          "first": e["first"], "last": e["first"]})
        detail["BD-02"] = "toc lists a document not in the dossier"
    elif v:
        e = rng.choice(body)
        shift = rng.choice([2, 3, 4])
        e["first"], e["last"] = e["first"] + shift, e["last"] + shift
        detail["BD-02"] = f"toc range wrong for {e['type']}"
    sep = rng.choice(["-", "—", "～"])
    with_date = rng.random() < 0.5
    fmt = rng.choice(["", "_dot"])
    head = ["序号", "文件材料题名", "日期", "页号", "备注"] if with_date else ["顺序号", "文件名称", "起止页号", "备注"]
    lines = [("title", rng.choice(["卷内目录", "卷内文件目录", "目录"]))]
    if rng.random() < 0.6:
        lines.append(("l", f"案号：{c.ctx['aid_no']}"))
    lines.append(("grid", "|".join(head)))
    for k, e in enumerate(entries, 1):
        a, b = e["first"], e["last"]
        rng_s = "" if a is None else (str(a) if a == b else f"{a}{sep}{b}")
        cells = [str(k), e["name"]] + ([date_formats(e["date"])[fmt]] if with_date else []) + [rng_s, ""]
        lines.append(("row", "|".join(cells)))
    return Doc("toc", "toc", c.dates["filing"], lines, lines[0][1])


def _cover(rng: random.Random, c: Case, dmap: dict[str, str], detail: dict) -> Doc:
    ctx = dict(c.ctx)
    closing = rng.choice(["outcome", "closing"])
    ctx.update({"cover_case_no": c.ctx["aid_no"], "cover_cause": c.ctx["cause"], "cover_client": c.ctx["client"],
                "cover_lawyer": c.ctx["lawyer"], "cover_closing": c.ctx[f"d_{closing}"],
                "cover_closing_dot": c.ctx[f"d_{closing}_dot"]})
    v = dmap.get("BD-08")
    if v == "client":
        ctx["cover_client"] = Names(rng)()
    elif v == "lawyer":
        ctx["cover_lawyer"] = Names(rng)()
    elif v == "case_no":
        ctx["cover_case_no"] = re.sub(r"(\d+)(号)$", lambda m: f"{int(m.group(1)) + rng.randint(3, 40)}号", c.ctx["aid_no"])
    elif v == "closing":
        wrong = c.dates["closing"] + timedelta(days=rng.choice([-1, 1]) * rng.randint(9, 40))
        while wrong in c.dates.values():
            wrong += timedelta(days=1)
        f = date_formats(wrong)
        ctx["cover_closing"], ctx["cover_closing_dot"] = f[""], f["_dot"]
    if v:
        detail["BD-08"] = f"cover {v} differs from the contents"
    variants = load("documents")["cover"]
    vi = rng.randrange(len(variants))
    lines = render_lines(rng, variants[vi]["lines"], ctx)
    return Doc("cover", "cover", c.dates["filing"], lines, "卷宗封面", data={"source": variants[vi]["source"]})


def build_dossier(rng: random.Random, kind: str | None = None) -> dict:
    """Everything about one dossier: truth-ready pages, style, html specs."""
    kind = kind or rng.choices(KINDS, KIND_WEIGHTS)[0]
    c, dmap = sample_case(rng, kind, lambda case: choose(rng, case))
    docs = plan(rng, c, dmap)
    fill_report(rng, c, docs, dmap)
    detail: dict[str, str] = {}
    loc: dict[str, Doc] = {}
    if "FU-01" in dmap:
        hit = inject_unanswered(rng, c, docs) if any(x.type == "meeting_record" for x in docs) else None
        if hit is None:
            del dmap["FU-01"]
        else:
            loc["FU-01"], detail["FU-01"] = hit[0], f"unanswered request: {hit[1]}"
            loc["FU-01"].data["needle"] = hit[1]
    if "BD-01" in dmap:
        moved = _move_out_of_order(rng, c, docs)
        if moved is None:
            del dmap["BD-01"]
        else:
            loc["BD-01"], detail["BD-01"] = moved, f"{moved.type} bound out of order"
    if "BD-07" in dmap:
        other = _other_case_doc(rng, c, docs)
        docs.insert(rng.randrange(2, len(docs) - 2), other)
        loc["BD-07"], detail["BD-07"] = other, f"{other.type} of case {other.data['aid_no']} ({other.data['client']})"
    st = sample_style(rng)
    pages = [Phys(d, lines, k == 0) for d in docs for k, lines in enumerate(paginate(d.lines, st))]
    _page_defects(rng, pages, dmap, detail)
    _number(rng, pages, dmap, detail)
    c.ctx["n_docs"], c.ctx["n_pages"] = str(len(docs)), str(sum(p.printed is not None for p in pages))
    back = [p for p in pages if p.doc.type == "backup_sheet"]
    for p in back:  # the backup sheet states counts: rewrite it now that they are known
        new = write(rng, c, "backup_sheet", "backup_sheet", p.doc.date)
        p.doc.lines, p.lines = new.lines, new.lines
    front: list[Phys] = []
    if dmap.get("MD-01") != "cover":
        cov = _cover(rng, c, dmap, detail)
        front.append(Phys(cov, paginate(cov.lines, st)[0], True))
    if dmap.get("MD-01") != "toc":
        toc = _toc(rng, c, pages, dmap, detail)
        head = next(x for x in toc.lines if x[0] == "grid")
        toc_pages = paginate(toc.lines, st)
        toc_pages = toc_pages[:1] + [[head] + lines for lines in toc_pages[1:]]  # header repeated on continuation
        front += [Phys(toc, lines, k == 0) for k, lines in enumerate(toc_pages)]
    phys = front + pages
    return {"case": c, "dmap": dmap, "detail": detail, "loc": loc, "phys": phys, "style": st,
            "truth": truth(c, phys, dmap, detail, loc)}


def _page_defects(rng: random.Random, pages: list[Phys], dmap: dict[str, str], detail: dict) -> None:
    body = [i for i, p in enumerate(pages) if p.doc.type != "backup_sheet" and not p.doc.other_case]
    if "BD-04" in dmap:
        i = rng.choice(body)
        src = pages[i]
        pages.insert(i + 1, Phys(src.doc, src.lines, False, flags=["duplicate"]))
        detail["BD-04"] = f"page of {src.doc.type} bound twice"
    if "BD-05" in dmap:
        i = rng.choice([k for k, p in enumerate(pages) if p.doc.type != "backup_sheet" and not p.flags])
        pages.insert(i + 1, Phys(pages[i].doc, [], False, flags=["blank"]))
        detail["BD-05"] = f"blank page after {pages[i].doc.type}"
    if "BD-06" in dmap:
        i = rng.choice([k for k, p in enumerate(pages) if not p.flags and p.lines])
        pages[i].flags.append("rotated")
        detail["BD-06"] = f"page of {pages[i].doc.type} upside down"


def _number(rng: random.Random, pages: list[Phys], dmap: dict[str, str], detail: dict) -> None:
    """Archivist's numbers from 1 after the toc; blank pages and (sometimes) the backup sheet unnumbered."""
    skip_backup = rng.random() < 0.5
    v = dmap.get("BD-03")
    cand = [i for i, p in enumerate(pages) if "blank" not in p.flags and p.doc.type != "backup_sheet" and not p.flags]
    cont = [i for i in cand[2:-1] if not pages[i].start]
    target = rng.choice(cont or cand[2:-1]) if v else None
    n = 0
    for i, p in enumerate(pages):
        if "blank" in p.flags or (p.doc.type == "backup_sheet" and skip_backup):
            continue
        if i == target and v == "unnumbered":
            p.flags.append("unnumbered")
            continue
        if i == target and v == "repeat":
            p.printed = n
            continue
        n += 1
        if i == target and v == "gap":
            n += rng.randint(1, 3)
        p.printed = n
    if v:
        pages[target].flags.append("bd03")
        detail["BD-03"] = f"page number {v}"


def page_specs(rng: random.Random, d: dict) -> list[PageSpec]:
    """HTML page specs: lines, stamped numbers, seal texts and signing dates."""
    st: Style = d["style"]
    c: Case = d["case"]
    specs = []
    date_style: dict[int, str] = {}
    for p in d["phys"]:
        spec = PageSpec([], None)
        ctx = {**c.ctx, **{k: v for k, v in p.doc.data.items() if isinstance(v, str)}}
        for k, (kind, text) in enumerate(p.lines):
            if kind == "sign":
                who, key, _ = (text.split("|") + ["", ""])[:3]
                fmt = date_style.setdefault(id(p.doc), rng.choice(["_cn", "_cn", ""]))
                spec.sign_dates[k] = ctx.get(f"{key}{fmt}", "")
                spec.seal_texts[k] = who
                spec.lines.append(("sign", who if rng.random() < 0.8 else ""))
            else:
                spec.lines.append((kind, text))
        if p.printed is not None:
            spec.number = {"bottom_center_dash": f"- {p.printed} -"}.get(st.number_style, str(p.printed))
        own = [q for q in d["phys"] if q.doc is p.doc and "blank" not in q.flags and "duplicate" not in q.flags]
        if p.doc.type == "judgment" and len(own) > 1 and st.number_style.startswith("top") and p.lines:
            k = next((i for i, q in enumerate(own, 1) if q is p), 1)
            spec.footer = f"第 {k} 页 共 {len(own)} 页" if len(p.doc.title) % 2 else f"- {k} -"
        specs.append(spec)
    return specs
