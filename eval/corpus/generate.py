"""Orchestrate one dossier (sample -> plan -> write -> follow-up defects -> lay out -> bind -> truth -> render)
and a corpus of them. Deterministic: dossier i of seed s uses random.Random(f"{s}-{i}").
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from .binding import (PhysPage, apply_page_defects, content_pages, header_ops, number_pages,
                      page_number_ops, toc_blocks, toc_entries)
from .case import Case, person_name, sample_case
from .checklist import ANSWER_TYPES, CASE_KINDS, COURT_REQUEST_KEYWORDS, FAMILIES, REQUEST_KEYWORDS
from .defects import Defect, choose_defects, md_variants
from .layout import paginate
from .phrasing import Phraser
from .plan import plan_documents
from .render import available_fonts, render_pdf
from .styles import sample_style
from .templates import followups, forms, records, writings
from .templates.common import Ctx, Doc
from .templates.realism import finish
from .templates.records import qa_prefixes, request_blocks
from .templates.requests import VALID_KINDS, distractor_text
from .timeline import sample_timeline
from .truth import findings

WRITERS = {**forms.WRITERS, **records.WRITERS, **writings.WRITERS, **followups.WRITERS}
KIND_WEIGHTS = {"criminal_defense": 0.34, "criminal_agency": 0.1, "civil": 0.2, "arbitration": 0.12,
                "administrative": 0.08, "non_litigation": 0.16}
REQ_CN = {"bail": "申请取保候审", "evidence": "调取证据", "witness": "申请证人出庭", "appraisal": "申请鉴定",
          "appeal": "上诉", "settlement": "和解/谅解", "complaint": "投诉/控告"}


def _options(rng: random.Random, c: Case, dmap: dict[str, str]) -> dict:
    crim = c.kind == "criminal_defense"
    n = rng.choice([2, 2, 3, 3, 4]) if crim and c.detained else rng.choice([1, 1, 2, 2, 3])
    post_ok = c.outcome in ("judgment",) and c.kind != "non_litigation"
    opts = {"n_meetings": n, "post_meeting": post_ok and rng.random() < 0.35,
            "n_answered": rng.choice([0, 1, 1, 2, 2, 3])}
    if dmap.get("FU-03") == "failed":
        opts["callback_mode"] = "failed"
    elif dmap.get("FU-03") == "dissatisfied":
        opts["callback_mode"] = "dissatisfied"
    else:
        opts["callback_mode"] = rng.choices(["reached", "retry_reached", "closed", "dissatisfied_handled"], [70, 15, 8, 7])[0]
    if "FU-02" in dmap:
        opts["reminder"] = dmap["FU-02"]
    elif c.kind != "non_litigation" and rng.random() < 0.15:
        opts["reminder"] = "full"
    fu4_ok = c.kind in ("criminal_agency", "civil", "administrative", "arbitration") or (crim and c.stage == "trial")
    if "FU-04" in dmap:
        opts["court_request"] = "unanswered"
    elif fu4_ok and "MD-13" not in dmap and rng.random() < 0.3:
        opts["court_request"] = "answered"
    if "FU-01" in dmap and c.outcome == "judgment" and c.kind in ("criminal_defense", "civil", "administrative", "criminal_agency") and rng.random() < 0.2:
        opts["post_meeting"] = True
    return opts


def _write(rng: random.Random, c: Case, tl, docs: list[Doc], doc: Doc) -> None:
    ph = Phraser(rng, c.family)
    title, blocks = WRITERS[doc.type](Ctx(c, tl, doc, ph, docs))
    doc.title, doc.blocks = title, blocks
    doc.toc_name = title.replace(" ", "") or {"identity": "受援人身份证复印件", "evidence": "证据材料"}.get(doc.type, "")


def _mentions(doc: Doc, words: list[str]) -> bool:
    t = doc.text()
    return any(w in t for w in words)


def _inject_unanswered_request(rng: random.Random, c: Case, docs: list[Doc], d: Defect) -> bool:
    """FU-01: add a request nothing later acts on. No later document as written names its
    kind; a distractor that names it without acting on it may then be added to one."""
    meetings = [m for m in docs if m.type == "meeting_record"]
    used = {k for m in meetings for k in m.data.get("requests", [])}
    options = []
    for m in meetings:
        pos = docs.index(m)
        for kind in VALID_KINDS[c.kind]:
            if kind in used or (kind == "appeal") != bool(m.data.get("post")):
                continue
            words = REQUEST_KEYWORDS[kind]
            if _mentions(m, words):
                continue
            later = _later(docs, m, pos, kind)
            if any(_mentions(x, words) for x in later) or any(x.type in ANSWER_TYPES.get(kind, ()) for x in later):
                continue
            options.append((m, kind))
    if not options:
        return False
    m, kind = rng.choice(options)
    ph = Phraser(rng, c.family)
    new = request_blocks(Ctx(c, None, m, ph, docs), kind, forms=("quote", "quote", "narrative"))
    _, line, _ = m.data["request_texts"][-1]
    m.blocks[len(m.blocks) - 6:len(m.blocks) - 6] = new
    m.data.setdefault("requests", []).append(kind)
    if rng.random() < 0.6:
        _add_distractor(rng, c, docs, m, kind)
    d.detail = f"{kind} request not answered"
    d.message = f"会见笔录中受援人要求{REQ_CN[kind]}（“{line[:24]}”），后续材料未见处理"
    d.variant = kind
    d.__dict__["_doc"], d.__dict__["_needle"] = m, line[:8]
    return True


def _later(docs: list[Doc], m: Doc, pos: int, kind: str) -> list[Doc]:
    return [x for x in docs if x is not m and (x.date and x.date >= m.date or (docs.index(x) > pos and kind != "appeal"))]


DISTRACTOR_HOSTS = ("meeting_record", "closing_report", "defense_opinion")


def _add_distractor(rng: random.Random, c: Case, docs: list[Doc], m: Doc, kind: str, skip: tuple = ()) -> None:
    """Name the request's topic in a later document without acting on it (a restatement,
    a vague promise, a remark); recorded in data["distractor_texts"]."""
    pos = docs.index(m)
    hosts = [x for x in _later(docs, m, pos, kind) if x.type in DISTRACTOR_HOSTS and docs.index(x) > pos
             and x not in skip and x.blocks]
    if not hosts:
        return
    host = rng.choice(hosts)
    text = distractor_text(Phraser(rng, c.family), kind, m.data.get("witness", "王某"))
    if host.type == "meeting_record":
        q, a = qa_prefixes(c, c.family)
        block = [("pl", q + text), ("pl", a + rng.choice(["好的。", "嗯。", "知道了。"]))]
        at = len(host.blocks) - 6
    else:
        block = [("p", text)]
        at = next((i for i, b in enumerate(host.blocks) if b[0] in ("sign", "stamp") or b[1:2] == ("此致",)),
                  len(host.blocks))
        if host.blocks[at - 1][0] == "kv":  # a form: the remark goes into its last row
            rows = list(host.blocks[at - 1][1])
            rows[-1] = (rows[-1][0], rows[-1][1] + text)
            host.blocks[at - 1] = ("kv", rows, *host.blocks[at - 1][2:])
            block = []
    host.blocks[at:at] = block
    host.data.setdefault("distractor_texts", []).append((kind, text))


def _reorder(rng: random.Random, docs: list[Doc], d: Defect) -> bool:
    """BD-01: swap two adjacent documents of different types, or put meeting records out of date order."""
    meetings = [i for i, x in enumerate(docs) if x.type == "meeting_record"]
    if d.variant == "same_type_order" and len(meetings) >= 2:
        i, j = rng.sample(meetings, 2)
        docs[i], docs[j] = docs[j], docs[i]
        d.detail = "meeting records out of date order"
        d.__dict__["_docs"] = [docs[min(i, j)], docs[max(i, j)]]
        return True
    fixed = ("cover", "toc", "backup_sheet", "other", "evidence")
    pairs = [i for i in range(len(docs) - 1) if docs[i].type not in fixed and docs[i + 1].type not in fixed
             and docs[i].type != docs[i + 1].type]
    if not pairs:
        return False
    i = rng.choice(pairs)
    # move the whole run of the second type before the whole run of the first
    a_type, b_type = docs[i].type, docs[i + 1].type
    a_start = i
    while a_start > 0 and docs[a_start - 1].type == a_type:
        a_start -= 1
    b_end = i + 1
    while b_end + 1 < len(docs) and docs[b_end + 1].type == b_type:
        b_end += 1
    docs[a_start:b_end + 1] = docs[i + 1:b_end + 1] + docs[a_start:i + 1]
    d.variant = "swap"
    d.detail = f"{b_type} bound before {a_type}"
    d.__dict__["_docs"] = [docs[a_start]]
    return True


def _other_case_doc(rng: random.Random, c: Case, docs: list[Doc]) -> Doc | None:
    """BD-07: a one-page document of another case (other 案号 and client), next to its own kind."""
    types = [t for t in ("assignment", "aid_letter", "callback_record", "power_of_attorney", "rights_notice", "decision")
             if any(x.type == t for x in docs)]
    if not types:
        return None
    t = rng.choice(types)
    for _ in range(30):
        other = sample_case(rng, c.kind, c.family)
        try:
            otl = sample_timeline(rng, other, {}, 1, False)
            break
        except ValueError:
            continue
    else:
        return None
    other.firm, other.lawyer = (c.firm, c.lawyer) if rng.random() < 0.5 else (other.firm, other.lawyer)
    doc = Doc(t, f"{t}#other", {"assignment": otl.assignment, "aid_letter": otl.aid_letter, "callback_record": otl.callback,
                                "power_of_attorney": otl.poa, "rights_notice": otl.rights, "decision": otl.decision}[t],
              {"mode": "reached"}, other_case=True)
    _write(rng, other, otl, docs, doc)
    last = max(i for i, x in enumerate(docs) if x.type == t)
    docs.insert(last + 1, doc)
    doc.data["case_no"], doc.data["client"] = other.case_no, other.client.name
    return doc


def _falsify_cover(rng: random.Random, c: Case, data: dict, variant: str) -> str:
    if variant == "client":
        name = c.client.name
        new = name[0] + "".join(rng.choice([ch for ch in "伟芳明华军丽强静" if ch != x]) for x in name[1:])
        data["client"] = new
        return f"cover client {new} vs {name}"
    if variant == "case_no":
        import re
        m = list(re.finditer(r"\d+(?=号)", c.case_no))[-1]
        num = int(m.group()) + rng.randint(1, 40)
        data["case_no"] = c.case_no[:m.start()] + str(num) + c.case_no[m.end():]
        return f"cover case_no {data['case_no']}"
    if variant == "lawyer":
        data["lawyer"] = person_name(rng)
        return f"cover lawyer {data['lawyer']} vs {c.lawyer}"
    data["closing"] = data["closing"] + timedelta(days=rng.choice([-1, 1]) * rng.randint(9, 40))
    return f"cover closing date {data['closing']}"


@dataclass
class PlannedDossier:
    """One dossier as planned, before rendering: the generator's public labels interface.

    ``documents`` are the written documents in binding order (type, date, text(), and the labels
    the writers leave in ``data``: ``request_texts``, ``answer_texts``, ``requests``, ...);
    ``truth`` is what ``NAME.truth.json`` holds. Training reads these instead of the internals.
    """
    family: str
    case: Case
    documents: list[Doc]
    truth: dict
    stem: str
    font: str
    render_pages: list[dict] = field(default_factory=list)


def _draw_case(rng: random.Random, families, kind, defect_rate):
    """Family, case, defects and timeline of one dossier (the first draws of its random stream)."""
    family = rng.choice(families or FAMILIES)
    kind = kind or rng.choices(CASE_KINDS, [KIND_WEIGHTS[k] for k in CASE_KINDS])[0]
    c = sample_case(rng, kind, family)
    defects = choose_defects(rng, c, defect_rate)
    dmap = {d.item: d.variant for d in defects}
    opts = _options(rng, c, dmap)
    tl_defects = {d.item: d.variant for d in defects if d.item.startswith("TL")}
    for _ in range(50):
        try:
            tl = sample_timeline(rng, c, tl_defects, opts["n_meetings"], opts["post_meeting"])
            break
        except ValueError:
            continue
    else:
        raise RuntimeError("could not sample a timeline")
    md = md_variants(c)
    removed = {md[d.item][0] if d.item != "MD-01" else d.variant for d in defects if d.item.startswith("MD")}
    for d in defects:
        if d.item.startswith("MD"):
            d.variant = md[d.item][0] if d.item != "MD-01" else d.variant
            d.detail = f"{d.variant} removed"
    return family, c, defects, dmap, opts, tl, removed


def _write_documents(rng: random.Random, c: Case, tl, defects: list[Defect], dmap: dict, opts: dict,
                     removed: set[str]) -> list[Doc]:
    """The case's documents written in binding order, with the follow-up defects decided on their text."""
    docs = plan_documents(rng, c, tl, removed - {"cover", "toc"}, opts)
    for doc in docs:
        if doc.type == "closing_report" and "FU-05" in dmap:
            doc.data["omit_outcome" if dmap["FU-05"] == "omit_outcome" else "omit_adoption"] = True
        if doc.type == "backup_sheet":
            doc.data["n_docs"] = len(docs) - 3
    for doc in docs:
        if doc.type not in ("cover", "toc"):
            _write(rng, c, tl, docs, doc)
    # answered requests: sometimes their topic also appears, unanswered, in another later document
    for m in [x for x in docs if x.type == "meeting_record"]:
        for kind in m.data.get("requests", []):
            if rng.random() < 0.5:
                hosts = tuple(x for x in docs if any(k == kind for k, _ in x.data.get("answers", [])))
                _add_distractor(rng, c, docs, m, kind, skip=hosts)
    # follow-up defects decided on the written text
    for d in list(defects):
        if d.item == "FU-01" and not _inject_unanswered_request(rng, c, docs, d):
            defects.remove(d)
        if d.item == "FU-04":
            req = next(x for x in docs if x.type == "other")
            pos = docs.index(req)
            assert not any(_mentions(x, COURT_REQUEST_KEYWORDS) for x in docs[pos + 1:]), "court request answered"
            d.detail = "court request for supplementary materials not answered"
            d.__dict__["_docs"] = [req]
    return docs


def _content_with_binding_defects(rng: random.Random, c: Case, docs: list[Doc], defects: list[Defect],
                                  dmap: dict) -> list[Doc]:
    """The documents after cover and toc, reordered (BD-01) and with another case's document (BD-07)."""
    content = [d for d in docs if d.type not in ("cover", "toc")]
    for d in defects:
        if d.item == "BD-01" and not _reorder(rng, content, d):
            defects.remove(d)
    if "BD-07" in dmap:
        other_doc = _other_case_doc(rng, c, content)
        bd7 = next(d for d in defects if d.item == "BD-07")
        if other_doc is None:
            defects.remove(bd7)
        else:
            bd7.detail = f"{other_doc.type} of case {other_doc.data['case_no']} ({other_doc.data['client']})"
            bd7.__dict__["_docs"] = [other_doc]
    for doc in content:  # seals over signing dates, pages that look like another type
        finish(rng, c, doc)
    return content


def _front_pages(rng: random.Random, c: Case, tl, docs: list[Doc], pages: list[PhysPage], defects: list[Defect],
                 dmap: dict, removed: set[str], family: str, style) -> list[PhysPage]:
    """Cover and table-of-contents pages (BD-02 breaks the toc, BD-08 falsifies the cover)."""
    ph = Phraser(rng, family)
    toc_pages: list[PhysPage] = []
    if "toc" not in removed:
        entries = toc_entries(rng, pages, family)
        bd2 = next((d for d in defects if d.item == "BD-02"), None)
        if bd2:
            _break_toc(rng, entries, bd2)
        title = ph.pick(["卷内目录", "卷内文件目录", "目录", "卷内目录", "卷内文件目录", "卷内材料目录", "卷内目录", "案卷目录"])
        toc_doc = Doc("toc", "toc#1", tl.filing, title=title)
        toc_doc.pages = paginate(toc_blocks(rng, entries, family, title, ph.fd, c.case_no), style)
        toc_pages = [PhysPage(toc_doc, ops, k == 0) for k, ops in enumerate(toc_doc.pages)]
    cover_pages: list[PhysPage] = []
    if "cover" not in removed:
        cover_doc = Doc("cover", "cover#1", tl.filing, {"case_no": c.case_no, "cause": c.cause, "client": c.client.name,
                                                         "lawyer": c.lawyer, "closing": tl.outcome, "filing": tl.filing})
        bd8 = next((d for d in defects if d.item == "BD-08"), None)
        if bd8:
            bd8.detail = _falsify_cover(rng, c, cover_doc.data, bd8.variant)
        # cover fields an injected defect is about are never left empty
        cover_doc.data["keep"] = ({bd8.variant} if bd8 else set()) | ({"closing", "filing"} if "TL-03" in dmap else set())
        _write(rng, c, tl, docs, cover_doc)
        cover_doc.pages = paginate(cover_doc.blocks, style)[:1]
        cover_pages = [PhysPage(cover_doc, cover_doc.pages[0], True)]
    return cover_pages + toc_pages


def _render_ops(phys: list[PhysPage], c: Case, style) -> list[dict]:
    """Drawing operations per physical page: running header, body, printed page number."""
    render_pages = []
    for p in phys:
        ops = list(p.ops)
        if p.ops and p.doc.type not in ("cover", "toc"):
            ops = header_ops(style, p.doc.data.get("case_no", c.case_no) if p.doc.other_case else c.case_no) + ops
        if p.printed is not None:
            ops += page_number_ops(style, p.printed, None, c.case_no)
        render_pages.append({"ops": ops, "rotated": p.rotated})
    return render_pages


def plan_dossier(rng: random.Random, *, index: int = 1, seed: int | None = None, families: list[str] | None = None,
                 kind: str | None = None, defect_rate: float = 0.7, font: str | None = None) -> PlannedDossier:
    """One dossier planned end to end (documents, binding, truth), nothing rendered or written."""
    family, c, defects, dmap, opts, tl, removed = _draw_case(rng, families, kind, defect_rate)
    docs = _write_documents(rng, c, tl, defects, dmap, opts, removed)
    content = _content_with_binding_defects(rng, c, docs, defects, dmap)
    style = sample_style(rng, family)
    for doc in content:
        doc.pages = paginate(doc.blocks, style)
    pages = content_pages(content)
    apply_page_defects(rng, pages, defects)
    number_pages(rng, pages, next((d for d in defects if d.item == "BD-03"), None))
    phys = _front_pages(rng, c, tl, docs, pages, defects, dmap, removed, family, style) + pages
    index_of = {id(p): i + 1 for i, p in enumerate(phys)}
    render_pages = _render_ops(phys, c, style)
    _locate_defect_pages(defects, phys, index_of, content, c, tl)
    font = font or rng.choice(available_fonts())
    stem = f"{index:04d}_{c.kind}"
    truth = _truth(stem, phys, defects, c, tl, family, font, style, seed, docs, removed)
    return PlannedDossier(family, c, docs, truth, stem, font, render_pages)


def generate_dossier(rng: random.Random, out_dir: Path | None = None, *, index: int = 1, seed: int | None = None,
                     families: list[str] | None = None, kind: str | None = None, defect_rate: float = 0.7,
                     render: bool = True, font: str | None = None, scan_rng: random.Random | None = None) -> dict:
    """Generate one dossier; writes NNNN_<kind>.pdf/.truth.json into out_dir when given. Returns the truth dict.

    With scan_rng the rendered PDF is replaced by an image-only scan of it (eval.corpus.scan,
    noise drawn from scan_rng only, so the dossier's content is the same) and meta.scanned is true.
    """
    planned = plan_dossier(rng, index=index, seed=seed, families=families, kind=kind, defect_rate=defect_rate,
                           font=font)
    truth, stem = planned.truth, planned.stem
    if scan_rng is not None:
        truth["meta"]["scanned"] = True
    if out_dir is not None:
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        if render:
            _render(planned, out_dir, scan_rng)
        (out_dir / f"{stem}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return truth


def _render(planned: PlannedDossier, out_dir: Path, scan_rng: random.Random | None) -> None:
    """Render the planned pages to NNNN_kind.pdf, as an image-only scan when scan_rng is given."""
    pdf = out_dir / f"{planned.stem}.pdf"
    title = planned.case.case_no
    if scan_rng is None:
        render_pdf(planned.render_pages, pdf, planned.font, title=title)
        return
    from .scan import scan_pdf

    digital = out_dir / f"{planned.stem}.digital.tmp.pdf"
    render_pdf(planned.render_pages, digital, planned.font, title=title)
    try:
        scan_pdf(digital, pdf, scan_rng)
    finally:
        digital.unlink(missing_ok=True)


def _break_toc(rng: random.Random, entries: list[dict], d: Defect) -> None:
    body = [i for i, e in enumerate(entries) if e["first"] is not None]
    if d.variant == "missing_entry" and len(body) > 3:
        i = rng.choice(body[1:-1])
        d.detail = f"toc lacks entry for {entries[i]['type']}"
        del entries[i]
    elif d.variant == "extra_entry":
        names = {"file_review_record": "阅卷笔录", "investigation": "调查笔录", "collective_discussion": "集体讨论记录",
                 "opinion_form": "司法机关意见征询表", "plea_agreement": "认罪认罚具结书", "evidence": "证据材料"}
        absent = [t for t in names if all(e["type"] != t for e in entries)]
        t = rng.choice(absent or ["investigation"])
        i = rng.choice(body[1:])
        a = entries[i]["first"]
        entries.insert(i, {"type": t, "name": names.get(t, "调查笔录"), "first": a, "last": a + rng.randint(0, 2),
                           "date": entries[i]["date"], "count": 1})
        d.detail = f"toc lists {t} not in the dossier"
    else:
        i = rng.choice(body)
        shift = rng.choice([1, 2, 3])
        e = entries[i]
        if rng.random() < 0.5:
            e["first"], e["last"] = e["first"] + shift, e["last"] + shift
        else:
            e["last"] = e["last"] + shift
        d.variant = "range"
        d.detail = f"toc range wrong for {e['type']}"


def _first_page(doc: Doc, phys: list[PhysPage], index_of: dict) -> list[int]:
    return [index_of[id(p)] for p in phys if p.doc is doc][:1]


def _locate_defect_pages(defects: list[Defect], phys: list[PhysPage], index_of: dict, content: list[Doc], c, tl) -> None:
    def first_of(t: str, pick=0) -> list[int]:
        ds = [x for x in content if x.type == t and not x.other_case]
        return _first_page(ds[pick], phys, index_of) if ds else []

    for d in defects:
        if d.item.startswith("MD"):
            d.pages = []
            d.message = {"MD-01": "缺少卷宗封面" if d.variant == "cover" else "缺少卷内目录"}.get(d.item, "")
        elif "_doc" in d.__dict__:  # FU-01: the page holding the request line
            m, needle = d.__dict__.pop("_doc"), d.__dict__.pop("_needle")
            cand = [p for p in phys if p.doc is m]
            hit = [p for p in cand if any(op[0] == "t" and needle[:6] in op[4] for op in p.ops)]
            d.pages = [index_of[id((hit or cand)[0])]]
        elif "_docs" in d.__dict__:
            docs = d.__dict__.pop("_docs")
            d.pages = sorted(p for x in docs for p in _first_page(x, phys, index_of))
        elif d.item in ("BD-03",):
            d.pages = [index_of[id(p)] for p in phys if p.doc.type != "toc" and p.doc.type != "cover"][d.pages[0]:d.pages[0] + 1] if d.pages and d.pages[0] is not None else []
        elif d.item in ("BD-04", "BD-05", "BD-06"):
            flag = {"BD-04": "duplicate", "BD-05": "blank", "BD-06": "rotated"}[d.item]
            d.pages = [index_of[id(p)] for p in phys if flag in p.flags]
        elif d.item == "BD-02":
            d.pages = [index_of[id(p)] for p in phys if p.doc.type == "toc"]
        elif d.item == "BD-08":
            d.pages = [index_of[id(p)] for p in phys if p.doc.type == "cover"]
        elif d.item == "FU-02":
            d.pages = first_of("reminder_letter") + first_of("rectification_reply")
            d.detail = "reminder letter without reply" if d.variant == "no_reply" else "reply skips a point"
        elif d.item == "FU-03":
            d.pages = first_of("callback_record")
            d.detail = "callback failed, no retry/closure" if d.variant == "failed" else "dissatisfaction not handled"
        elif d.item == "FU-05":
            d.pages = first_of("closing_report")
            d.detail = f"closing report {d.variant}"
        elif d.item == "TL-01":
            d.pages = first_of("decision") + first_of("court_notice") + first_of("assignment")
            d.detail = f"assignment {(tl.assignment - tl.decision).days} days after decision/notice"
        elif d.item == "TL-02":
            d.pages = first_of("assignment") + first_of("meeting_record")
            d.detail = f"first meeting {(tl.meetings[0] - tl.assignment).days} days after assignment"
        elif d.item == "TL-03":
            d.pages = [index_of[id(p)] for p in phys if p.doc.type in ("cover", "backup_sheet") and p.start]
            d.detail = f"filed {(tl.filing - tl.outcome).days} days after closing event"
        elif d.item == "TL-04":
            d.pages = first_of("assignment") + first_of("power_of_attorney")
            d.detail = f"POA {(tl.poa - tl.assignment).days} days after assignment"
        elif d.item == "TL-05":
            if d.variant == "meeting_before_assignment":
                d.pages = first_of("assignment") + first_of("meeting_record")
            elif d.variant == "judgment_before_hearing":
                d.pages = first_of("hearing_record") + first_of("judgment")
            else:
                d.pages = first_of("judgment") + first_of("closing_report")
            d.detail = d.variant.replace("_", " ")
        d.pages = sorted(set(d.pages))


def _same_bundle(prev: Doc | None, doc: Doc) -> bool:
    """Exhibits bound behind an evidence list are one document (证据材料), as the toc lists them
    (binding.toc_entries): the truth must not call each copy a document of its own."""
    return (prev is not None and prev.type == doc.type == "evidence"
            and not prev.other_case and not doc.other_case)


def _truth(stem: str, phys: list[PhysPage], defects: list[Defect], c: Case, tl, family: str, font: str, style,
           seed, docs: list[Doc], removed: set[str]) -> dict:
    documents, labels, flags = [], [], []
    prev = None
    for i, p in enumerate(phys, start=1):
        bundled = p.doc is not prev and _same_bundle(prev, p.doc)
        if p.doc is not prev and not bundled:
            documents.append({"type": p.doc.type, "first_page": i, "last_page": i, "confidence": 1.0})
        else:
            documents[-1]["last_page"] = i
        prev = p.doc
        start = p.start and "duplicate" not in p.flags and not bundled
        labels.append({"page": i, "type": p.doc.type, "start": start, "printed_number": p.printed})
        fl = list(p.flags) + (["other_case"] if p.doc.other_case else [])
        flags += [{"page": i, "flag": f} for f in fl]
    present = {p.doc.type for p in phys if not p.doc.other_case}
    return {
        "file": f"{stem}.pdf", "pages": len(phys),
        "case": {"case_no": c.case_no, "case_kind": c.kind, "client": c.client.name, "lawyer": c.lawyer,
                 "closing_date": tl.outcome.isoformat()},
        "documents": documents, "page_flags": flags,
        "findings": findings(c, present, defects),
        "defects": [d.to_json() for d in defects],
        "page_labels": labels,
        "meta": {"seed": seed, "case_kind": c.kind, "template_family": family, "font": font,
                 "layout": style.describe(), "scanned": False, "appointed_by_notice": c.appointed,
                 "stage": c.stage, "had_hearing": c.had_hearing, "pleaded_guilty": c.pleaded_guilty,
                 "means_test_exempt": c.means_exempt, "exempt_group": c.exempt_group, "outcome": c.outcome,
                 "filing_date": tl.filing.isoformat(), "court_case_no": c.court_case_no},
    }


def scanned_indexes(n: int, seed: int, scanned_share: float) -> set[int]:
    """1-based dossier indexes rendered as scans: round(share * n) of them, chosen by seed only."""
    k = min(n, max(0, round(scanned_share * n)))
    return set(random.Random(f"{seed}-scanned").sample(range(1, n + 1), k)) if k else set()


def generate_corpus(out_dir: Path, n: int, seed: int, *, families: list[str] | None = None,
                    defect_rate: float = 0.7, render: bool = True, scanned_share: float = 0.0) -> list[Path]:
    """Write n dossiers (PDF + truth JSON) and manifest.json into out_dir; returns the PDF paths.

    scanned_share: share of dossiers written as image-only scans (meta.scanned true); the
    others are byte-for-byte the digital dossiers the same seed gives without scans.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths, manifest = [], []
    scanned = scanned_indexes(n, seed, scanned_share)
    for i in range(1, n + 1):
        truth = generate_dossier(random.Random(f"{seed}-{i}"), out_dir, index=i, seed=seed, families=families,
                                 defect_rate=defect_rate, render=render,
                                 scan_rng=random.Random(f"{seed}-{i}-scan") if i in scanned else None)
        paths.append(out_dir / truth["file"])
        manifest.append({"file": truth["file"], "truth": truth["file"].replace(".pdf", ".truth.json"),
                         "pages": truth["pages"], "case_kind": truth["case"]["case_kind"],
                         "template_family": truth["meta"]["template_family"], "font": truth["meta"]["font"],
                         "defects": sorted({d["item"] for d in truth["defects"]})})
        if scanned_share:
            manifest[-1]["scanned"] = i in scanned
    head = {"seed": seed, "n": n, "families": families, "defect_rate": defect_rate}
    if scanned_share:  # keys only when used: digital corpora keep their old manifest
        head["scanned_share"] = scanned_share
    (out_dir / "manifest.json").write_text(json.dumps({**head, "dossiers": manifest},
                                                      ensure_ascii=False, indent=1), encoding="utf-8")
    return paths


def plan_dossiers(n: int, seed: int, *, families: list[str] | None = None,
                  defect_rate: float = 0.7) -> list[PlannedDossier]:
    """The n dossiers of generate_corpus(n, seed) as planned: documents with their labels, and truth."""
    return [plan_dossier(random.Random(f"{seed}-{i}"), index=i, seed=seed, families=families, defect_rate=defect_rate)
            for i in range(1, n + 1)]


def plan_corpus(n: int, seed: int, *, families: list[str] | None = None, defect_rate: float = 0.7,
                scanned_share: float = 0.0) -> list[dict]:
    """Truth dicts for n dossiers without writing anything (same content as generate_corpus)."""
    scanned = scanned_indexes(n, seed, scanned_share)
    return [generate_dossier(random.Random(f"{seed}-{i}"), None, index=i, seed=seed, families=families,
                             defect_rate=defect_rate, render=False,
                             scan_rng=random.Random(f"{seed}-{i}-scan") if i in scanned else None)
            for i in range(1, n + 1)]
