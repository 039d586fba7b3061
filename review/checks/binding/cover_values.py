"""What the dossier's cover says: its 案号, 受援人, 承办人 and 结案日期, shape-checked (for BD-08)."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from ingest.facts.casenumbers import YEAR_BRACKET_NUMBER_RE, find_case_numbers
from ingest.datamodel import Document, Dossier
from ingest.facts.wording import COVER_LABELS
from review.checks.text import normalize, parse_date

COVER_FIELDS_FILE = Path(__file__).resolve().parents[2] / "data" / "cover_fields.yaml"
# field -> the labels a cover prints before it, tried in order
_FIELD_LABELS: dict[str, list[str]] = yaml.safe_load(COVER_FIELDS_FILE.read_text(encoding="utf-8"))["labels"]


def cover_values(dossier: Dossier, cover_docs: list[Document]) -> dict[str, tuple[object, int | None]]:
    """Cover fields from CaseFacts.cover, completed from labelled lines of the cover page."""
    out = {k: (f.value, f.page) for k, f in dossier.facts.cover.items() if f is not None and f.value}
    for doc in cover_docs:
        text = dossier.text_of(doc)
        for key, labels in _FIELD_LABELS.items():
            if key in out and plausible_cover_value(key, out[key][0]):
                continue
            for lab in labels:
                # 承办人 is not 承办人姓名's prefix: an empty 承办人姓名 cell must not read "姓名" as the name
                m = re.search(re.escape(lab) + r"(?!姓名)\s*(?:[（(](?!\s*\d)[^）)\n]{1,12}[）)])?\s*[:：]?\s*([^\s：:]+)", text)
                if m and plausible_cover_value(key, clean_cover_value(key, m.group(1))):
                    out[key] = (m.group(1), doc.first_page)
                    break
        numbers = find_case_numbers(text)  # a case number wrapped over two lines of a table cell
        if numbers and not (out.get("case_no") and plausible_cover_value("case_no", out["case_no"][0])):
            out["case_no"] = (numbers[0][0], doc.first_page)
    return {k: (clean_cover_value(k, v), page) for k, (v, page) in out.items()}


_QUALIFIER = re.compile(r"^[）)]?\s*(?:[（(](?!\s*\d)[^）)]{0,12}[）)])?\s*")  # not a bracketed date


def clean_cover_value(key: str, value: object) -> object:
    """Drop a label's qualifier (受援人（申请人） 陶浩雪) and, for names, what follows the name
    in the same table row (邓军云 审级 …); dates lose their brackets."""
    if not isinstance(value, str) or key == "case_no":  # a case number starts with its bracketed year
        return value
    v = _QUALIFIER.sub("", value.strip())
    if key in ("client", "lawyer"):
        return v.split()[0] if v.split() else v
    if key.endswith("date"):
        return v.strip("()（）[]【】 ")
    return v


_NAME_SHAPE = re.compile(r"[\u4e00-\u9fff·]{2,5}")


def plausible_cover_value(key: str, value: object) -> bool:
    """A cover value has the shape of its field (OCR merges table cells: "秦刚联系电话：155…")."""
    v = normalize(str(value))
    if key.endswith("date"):
        return parse_date(value) is not None
    if key == "case_no":
        return bool(YEAR_BRACKET_NUMBER_RE.search(str(value)))
    if v == "姓名" or any(v.startswith(label) for label in COVER_LABELS):
        return False  # an empty cell: what follows is the next label, not a name
    return bool(_NAME_SHAPE.fullmatch(v))
