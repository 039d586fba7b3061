"""The documents of one dossier in binding order, with requests, answers and follow-up defects."""
from __future__ import annotations

import random

from .case import Case
from .compose import (OUTCOME_TEMPLATE, PLEADING_TEMPLATE, Doc, add_request, answer_text, callback_lines, meeting,
                      outcome_text, reminder_lines, remove_request, write)
from .resources import load
from .text import fill

REMOVABLE = {"MD-01", "MD-02", "MD-03", "MD-04", "MD-05", "MD-06", "MD-07", "MD-08", "MD-09", "MD-10", "MD-11",
             "MD-12", "MD-13", "MD-14", "MD-15"}


def _order(c: Case) -> list[str]:
    o = load("order")
    return o["criminal_defense"] if c.kind == "criminal_defense" else o["non_litigation" if c.kind == "non_litigation" else "agency"]


def rank(c: Case, dtype: str) -> int:
    """Position of a type in the prescribed order (-1 for types the order ignores)."""
    order = _order(c)
    return order.index(dtype) if dtype in order else -1


def plan(rng: random.Random, c: Case, dmap: dict[str, str]) -> list[Doc]:
    """Content documents (no cover/toc) in binding order; removed types (MD defects) left out."""
    removed = _removed_types(c, dmap)
    by_type: dict[str, list[Doc]] = {}
    _plan_intake(rng, c, dmap, by_type)
    _plan_work(rng, c, by_type)
    _plan_conclusion(rng, c, dmap, by_type)
    docs = [x for t in _order(c) for x in by_type.get(t, []) if t not in removed]
    _others(rng, c, dmap, docs)
    return docs


def _removed_types(c: Case, dmap: dict[str, str]) -> set[str]:
    """Document types the injected MD defects take out of the dossier."""
    removed = {dmap[i] for i in dmap if i in REMOVABLE and i != "MD-01"}
    if "MD-05" in dmap and c.appointed:
        removed.add("court_notice")
    if "MD-07" in dmap and c.appointed:
        removed.add("aid_letter")
    return removed


def _add(by_type: dict[str, list[Doc]], doc: Doc) -> None:
    by_type.setdefault(doc.type, []).append(doc)


def _plan_intake(rng: random.Random, c: Case, dmap: dict[str, str], by_type: dict[str, list[Doc]]) -> None:
    """Notice or application, approval, assignment and the lawyer's credentials."""
    d = c.dates
    crim = c.kind == "criminal_defense"
    if c.appointed:
        _add(by_type, write(rng, c, "court_notice", "court_notice", d["decision"],
                            variant={"court": 0, "procuratorate": 1, "police": 2}[c.notice_from]))
    else:
        _add(by_type, write(rng, c, "application", "application", d["apply"], variant=1 if "MD-04" in dmap else None))
        if not c.means_exempt:
            _add(by_type, write(rng, c, "financial_status", "financial_status", d["apply"]))
        if rng.random() < 0.6:
            _add(by_type, write(rng, c, "approval", "approval", d["decision"]))
        _add(by_type, write(rng, c, "decision", "decision", d["decision"]))
    _add(by_type, write(rng, c, "identity", "identity", d["apply"]))
    _add(by_type, write(rng, c, "assignment", "assignment", d["assign"]))
    if (crim and c.appointed) or (c.kind != "non_litigation" and rng.random() < 0.6):
        _add(by_type, write(rng, c, "aid_letter", "aid_letter", d["assign"], variant=1 if crim and rng.random() < 0.3 else 0))
    if not c.appointed or rng.random() < 0.3:
        variant = 2 if crim else (0 if c.kind == "non_litigation" else rng.choice([0, 1]))
        if not (c.appointed and "MD-07" in dmap):
            _add(by_type, write(rng, c, "power_of_attorney", "power_of_attorney", d["poa"], variant=variant))
    if rng.random() < 0.5:
        _add(by_type, write(rng, c, "rights_notice", "rights_notice", d["poa"]))


def _plan_work(rng: random.Random, c: Case, by_type: dict[str, list[Doc]]) -> None:
    """Meetings, file review, investigation, pleading, evidence, plea and collective discussion."""
    d, ctx = c.dates, c.ctx
    crim = c.kind == "criminal_defense"
    n_meet = rng.choice([1, 2, 2, 3, 3, 4]) if crim else rng.choice([1, 1, 2, 2, 3])
    for k in range(n_meet):
        _add(by_type, meeting(rng, c, f"meet{k + 1}", k == 0, []))
    if c.file_review:
        _add(by_type, write(rng, c, "file_review_record", "file_review_record", d["review"]))
    if rng.random() < 0.4:
        _add(by_type, write(rng, c, "investigation", "investigation", d["invest"]))
    if c.kind != "non_litigation" and (c.outcome == "indictment" or c.stage == "trial" and rng.random() < 0.9
                                       or c.kind != "criminal_defense"):
        over = {"client": ctx["opponent"], "client_defendant": ctx["opponent"]} if c.kind == "criminal_agency" else {}
        _add(by_type, write(rng, c, "pleading", PLEADING_TEMPLATE[c.kind], d["indict"] if crim else d["file_suit"],
                            ctx_over=over))
    if c.kind in ("civil", "arbitration", "administrative", "non_litigation", "criminal_agency") and rng.random() < 0.7:
        _add(by_type, _evidence(rng, c))
    if c.pleaded_guilty:
        _add(by_type, write(rng, c, "plea_agreement", "plea_agreement", d["plea"]))
    if crim and rng.random() < 0.15:
        _add(by_type, write(rng, c, "collective_discussion", "collective_discussion", d["discuss"]))


def _evidence(rng: random.Random, c: Case) -> Doc:
    """Evidence list followed by one to three certified copies."""
    ctx = c.ctx
    ev = write(rng, c, "evidence", "evidence", c.dates["file_suit"])
    for name in rng.sample([ctx["ev1"], ctx["ev2"], "[[微信聊天记录截图|录音文字整理|照片]]"], rng.randint(1, 3)):
        ev.lines += [("break", ""), ("c", fill(f"{name}（复印件）", ctx, rng)), ("gap", str(rng.randint(6, 14))),
                     ("r", rng.choice(["与原件核对无误", "复印件与原件一致", "（原件已核对）"]))]
    return ev


def _plan_conclusion(rng: random.Random, c: Case, dmap: dict[str, str], by_type: dict[str, list[Doc]]) -> None:
    """Opinion, hearing, outcome, closing, callback, supervision reminder (FU-02) and backup sheet."""
    d, ctx = c.dates, c.ctx
    if c.kind != "non_litigation":
        v = 0 if c.kind == "criminal_defense" and c.stage == "trial" else 1
        _add(by_type, write(rng, c, "defense_opinion", "defense_opinion", d["opinion"], variant=v))
    if c.had_hearing:
        _add(by_type, write(rng, c, "hearing_record", "hearing_record", d["hearing"]))
    if c.outcome_doc:
        over = {}
        if c.kind == "criminal_agency":
            over = {"client": ctx["opponent"], "lawyer": ctx["lawyer3"]}
        elif c.kind == "arbitration":
            over = {"court": ctx["arb"]}
        _add(by_type, write(rng, c, "judgment", OUTCOME_TEMPLATE[c.outcome], d["outcome"], ctx_over=over))
    _add(by_type, write(rng, c, "closing_report", "closing_report", d["closing"]))
    if c.kind != "non_litigation" and c.had_hearing and rng.random() < 0.35:
        _add(by_type, write(rng, c, "opinion_form", "opinion_form", d["callback"]))
    _add(by_type, write(rng, c, "callback_record", "callback_record", d["callback"]))
    if c.kind != "non_litigation" and ("FU-02" in dmap or rng.random() < 0.15):
        _add(by_type, write(rng, c, "reminder_letter", "reminder_letter", d["reminder"]))
        if dmap.get("FU-02") != "no_reply":
            _add(by_type, write(rng, c, "rectification_reply", "rectification_reply", d["reply"]))
    _add(by_type, write(rng, c, "backup_sheet", "backup_sheet", d["filing"]))


def request_kinds(c: Case) -> list[str]:
    """Request kinds a client of this case could make (appeals only where a judgment can follow)."""
    reqs = load("followups")["requests"]
    ok = [k for k, v in reqs.items() if c.kind in v["kinds"]]
    if c.outcome not in ("judgment", "admin"):
        ok = [k for k in ok if k != "appeal"]
    return ok


def _insert_after(docs: list[Doc], types: tuple[str, ...], doc: Doc) -> None:
    pos = max((i for i, x in enumerate(docs) if x.type in types), default=len(docs) // 2)
    docs.insert(pos + 1, doc)


def _others(rng: random.Random, c: Case, dmap: dict[str, str], docs: list[Doc]) -> None:
    """Court requests and firm forms typed `other`."""
    d = c.dates
    if "FU-04" in dmap or (c.kind in ("civil", "administrative", "criminal_agency", "arbitration") and rng.random() < 0.3):
        req = write(rng, c, "other", "court_request", d["request"])
        req.data["court_request"] = True
        _insert_after(docs, ("meeting_record", "file_review_record", "evidence", "pleading"), req)
    if c.had_hearing and "MD-11" not in dmap and rng.random() < 0.3:
        _insert_after(docs, ("meeting_record", "file_review_record", "investigation", "evidence", "pleading"),
                      write(rng, c, "other", "appearance_notice", d["notice_hearing"]))
    if rng.random() < 0.25:
        _insert_after(docs, ("assignment",), write(rng, c, "other", "intake_register", d["assign"]))


def fill_report(rng: random.Random, c: Case, docs: list[Doc], dmap: dict[str, str]) -> None:
    """Closing-report, callback and reminder texts, with requests/answers and FU defects."""
    fu = load("followups")
    ctx = c.ctx
    meetings = [x for x in docs if x.type == "meeting_record"]
    report = next((x for x in docs if x.type == "closing_report"), None)
    answers: list[str] = []
    asked: dict[str, tuple[Doc, str, str]] = {}  # report answer -> (meeting, kind, request)
    # answered requests (distractors): answer in the closing report or a later meeting record
    kinds = request_kinds(c)
    if meetings and report is not None:
        for kind in rng.sample(kinds, rng.choice([0, 1, 1, 2])):
            m = rng.choice(meetings)
            ask = add_request(rng, c, m, kind)
            later = meetings[meetings.index(m) + 1:]
            if later and rng.random() < 0.4:
                host = rng.choice(later)
                ans = answer_text(rng, c, kind)
                pos = len(host.lines) - 3
                host.lines[pos:pos] = [("p", f"{host.data['q']}：{ans}"), ("p", f"{host.data['a']}：好的，谢谢律师。")]
            else:
                answers.append(answer_text(rng, c, kind))
                asked[answers[-1]] = (m, kind, ask)
    if any(x.data.get("court_request") for x in docs) and "FU-04" not in dmap:
        answers.append(fill("[[法院要求补充的材料已于{d_act}提交|补充材料已于{d_act}寄送{organ}|按照{organ}的通知，补充证据已于{d_act}提交]]。", ctx, rng))
    if dmap.get("FU-05") == "omit_outcome":  # an answer naming the outcome goes, and so does its request
        for a in [a for a in answers if any(w in a for w in fu["outcome_words"])]:
            answers.remove(a)
            if a in asked:
                remove_request(*asked[a])
    ctx["followup_text"] = "".join(answers) or rng.choice(["其他需要说明的情况：无。", "备注：无。", "无其他情况。"])
    ctx["work_summary"] = _work(rng, c, docs)
    ctx["outcome_text"] = fill(outcome_text(c), {**ctx, "client_defendant": ctx["client"]}, rng)
    adopt = fu["adoption_text_nonlit"] if c.kind == "non_litigation" else fu["adoption_text"]
    ctx["adoption_text"] = fill(rng.choice(adopt), ctx, rng)
    if dmap.get("FU-05") == "omit_outcome":
        ctx["outcome_text"] = rng.choice(["本案已办理完毕。", "已办结。", ""])
    elif dmap.get("FU-05") == "omit_adoption":
        ctx["adoption_text"] = rng.choice(["", "／", "（未填写）"])
    mode = dmap.get("FU-03") or rng.choices(["reached", "retry", "closed", "dissatisfied_handled"], [70, 15, 8, 7])[0]
    ctx["callback_lines"] = callback_lines(rng, mode)
    letter, reply = reminder_lines(rng, dmap.get("FU-02") == "partial_reply")
    ctx["reminder_points"], ctx["reply_points"] = letter, reply
    for i, x in enumerate(docs):
        if x.type in ("closing_report", "callback_record", "reminder_letter", "rectification_reply"):
            v = rng.randrange(3) if x.type == "closing_report" else None
            docs[i] = write(rng, c, x.type, x.template, x.date, variant=v)
            if x.type == "closing_report" and c.kind == "non_litigation":
                docs[i].lines += [("break", ""), ("l", "附件："), ("title", "[[人民调解协议书|和解协议书]]".replace("[[", "").split("|")[0]),
                                  ("p", fill(ctx["agreement"], ctx, rng)), ("kv", f"甲方={ctx['client']};乙方={ctx['opponent']}"),
                                  ("r", ctx["d_outcome"])]


def _work(rng: random.Random, c: Case, docs: list[Doc]) -> str:
    ctx, parts = c.ctx, []
    parts.append(fill("接受指派后，承办律师于{d_meet1}[[会见|约见]]了受援人，了解案件情况", ctx, rng))
    if c.file_review:
        parts.append(fill("于{d_review}到{organ}[[阅卷|查阅案卷材料|查阅卷宗]]", ctx, rng))
    if c.pleaded_guilty:
        parts.append("在承办律师在场的情况下，受援人自愿认罪认罚并签署了认罪认罚具结书")
    if c.had_hearing:
        parts.append(fill("于{d_hearing}[[出庭参加了庭审|参加庭审]]，发表了[[辩护|代理]]意见", ctx, rng))
    elif c.kind != "non_litigation":
        parts.append(fill("向{organ}提交了书面意见", ctx, rng))
    else:
        parts.append(fill("多次与{opponent}沟通协商", ctx, rng))
    return "，".join(parts) + "。"


def inject_unanswered(rng: random.Random, c: Case, docs: list[Doc]) -> tuple[Doc, str] | None:
    """FU-01: a request in a meeting record that no later document names; None when impossible."""
    fu = load("followups")
    meetings = [x for x in docs if x.type == "meeting_record"]
    kinds = request_kinds(c)
    for m in rng.sample(meetings, len(meetings)):
        later = "\n".join(x.text() for x in docs[docs.index(m) + 1:]) + "\n" + m.text()
        used = set(m.data.get("requests", []))
        ok = [k for k in kinds if k not in used and not any(w in later for w in fu["kind_words"][k])]
        if ok:
            kind = rng.choice(ok)
            return m, add_request(rng, c, m, kind)
    return None
