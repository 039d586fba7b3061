"""Ground truth in the training corpus's format (contract fields + defects + page labels + meta)."""
from __future__ import annotations

from .case import Case

ITEMS = [f"MD-{i:02d}" for i in range(1, 16)] + [f"FU-{i:02d}" for i in range(1, 6)] + \
        [f"BD-{i:02d}" for i in range(1, 9)] + [f"TL-{i:02d}" for i in range(1, 6)]
MD_TYPES = {"MD-02": "application", "MD-03": "identity", "MD-04": "financial_status", "MD-05": "decision",
            "MD-06": "assignment", "MD-07": "power_of_attorney", "MD-08": "meeting_record", "MD-09": "file_review_record",
            "MD-10": "defense_opinion", "MD-11": "hearing_record", "MD-12": "judgment", "MD-13": "closing_report",
            "MD-14": "callback_record", "MD-15": "plea_agreement"}


def applicable(c: Case, present: set[str], court_request: bool) -> dict[str, bool]:
    """Whether each item applies (checklist applicability; absent preconditions -> not applicable)."""
    return {
        "MD-02": not c.appointed, "MD-04": not c.appointed and not c.means_exempt, "MD-09": c.file_review,
        "MD-10": c.kind != "non_litigation", "MD-11": c.had_hearing, "MD-12": c.outcome_doc or c.kind == "non_litigation",
        "MD-15": c.pleaded_guilty, "FU-01": "meeting_record" in present, "FU-02": "reminder_letter" in present,
        "FU-03": "callback_record" in present, "FU-04": court_request, "FU-05": "closing_report" in present,
        "BD-02": "toc" in present, "BD-08": "cover" in present,
        "TL-01": "assignment" in present and bool(present & {"decision", "court_notice"}),
        "TL-02": c.kind == "criminal_defense" and {"meeting_record", "assignment"} <= present,
        "TL-04": {"power_of_attorney", "assignment"} <= present,
    }


def _pages(item: str, c: Case, phys: list, loc: dict) -> list[int]:
    def first(t: str) -> list[int]:
        return [i for i, p in enumerate(phys, 1) if p.doc.type == t and p.start and not p.doc.other_case][:1]

    if item.startswith("MD"):
        return []
    if item in loc:
        doc = loc[item]
        pages = [i for i, p in enumerate(phys, 1) if p.doc is doc and "duplicate" not in p.flags]
        needle = doc.data.get("needle")
        if needle:
            hit = [i for i in pages if any(needle[:8] in t for _, t in phys[i - 1].lines)]
            return hit[:1] or pages[:1]
        return pages[:1] if item != "BD-07" else pages
    flag = {"BD-03": "bd03", "BD-04": "duplicate", "BD-05": "blank", "BD-06": "rotated"}.get(item)
    if flag:
        return [i for i, p in enumerate(phys, 1) if flag in p.flags]
    by = {"BD-02": ["toc"], "BD-08": ["cover"], "FU-02": ["reminder_letter", "rectification_reply"],
          "FU-03": ["callback_record"], "FU-05": ["closing_report"], "TL-01": ["decision", "court_notice", "assignment"],
          "TL-02": ["assignment", "meeting_record"], "TL-03": ["cover", "backup_sheet"],
          "TL-04": ["assignment", "power_of_attorney"], "FU-04": []}.get(item, [])
    if item == "FU-04":
        return [i for i, p in enumerate(phys, 1) if p.doc.data.get("court_request") and p.start]
    if item == "TL-05":
        by = ["assignment", "meeting_record", "hearing_record", "judgment", "closing_report"]
    return sorted(p for t in by for p in first(t))


def truth(c: Case, phys: list, dmap: dict[str, str], detail: dict[str, str], loc: dict) -> dict:
    """The truth dict (without file name and meta, added by the builder)."""
    documents, labels, flags = [], [], []
    prev = None
    for i, p in enumerate(phys, 1):
        if p.doc is not prev:
            documents.append({"type": p.doc.type, "first_page": i, "last_page": i, "confidence": 1.0})
            prev = p.doc
        else:
            documents[-1]["last_page"] = i
        labels.append({"page": i, "type": p.doc.type, "start": p.start and "duplicate" not in p.flags,
                       "printed_number": p.printed})
        fl = [f for f in p.flags if f != "bd03"] + (["other_case"] if p.doc.other_case else [])
        flags += [{"page": i, "flag": f} for f in fl]
    present = {p.doc.type for p in phys if not p.doc.other_case}
    app = applicable(c, present, any(p.doc.data.get("court_request") for p in phys))
    defects, findings = [], []
    for item in ITEMS:
        if item in dmap:
            pages = _pages(item, c, phys, loc)
            det = detail.get(item) or (f"{MD_TYPES.get(item, dmap[item])} missing" if item.startswith("MD")
                                       else f"{item} {dmap[item]}")
            if item == "MD-01":
                det = f"{dmap[item]} missing"
            defects.append({"item": item, "pages": pages, "detail": det})
            findings.append({"item": item, "status": "fail", "confidence": 1.0, "pages": pages, "message": det})
        else:
            findings.append({"item": item, "status": "pass" if app.get(item, True) else "not_applicable",
                             "confidence": 1.0, "pages": [], "message": ""})
    return {"pages": len(phys),
            "case": {"case_no": c.ctx["aid_no"], "case_kind": c.kind, "client": c.ctx["client"],
                     "lawyer": c.ctx["lawyer"], "closing_date": c.dates["outcome"].isoformat()},
            "documents": documents, "page_flags": flags, "findings": findings, "defects": defects,
            "page_labels": labels}
