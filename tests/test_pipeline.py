from datetime import date

import numpy as np
import pytest
from conftest import page_number_item

from ingest.datamodel import Page
from ingest.errors import NotPdfError
from ingest.pipeline import load_dossier

NO = "（2025）苏0508法援民字第45号"
TITLES = {"法律援助案件卷宗": "cover", "卷内目录": "toc", "给予法律援助决定书": "decision",
          "谈话笔录": "meeting_record", "结案报告": "closing_report"}


class KeywordModel:
    """Type = the known title on the page's first line; start = a title is present."""

    classes_ = list(TITLES.values()) + ["other"]

    def _type(self, p):
        first = p.lines[0].text if p.lines else ""
        return TITLES.get(first)

    def predict_proba(self, pages):
        out = np.full((len(pages), len(self.classes_)), 0.01)
        for i, p in enumerate(pages):
            out[i, self.classes_.index(self._type(p) or "other")] = 0.95
        return out

    def start_proba(self, pages):
        return np.array([0.9 if self._type(p) else 0.1 for p in pages])


def specs():
    return [
        ["法律援助案件卷宗", f"案号：{NO}", "受援人：陈八", "承办人：周九", "结案日期：2025年8月1日"],
        ["卷内目录", "1 给予法律援助决定书 1", "2 谈话笔录 2-3", "3 结案报告 4"],
        ["给予法律援助决定书", NO, "陈八：经审查，决定给予法律援助。", "2025年5月6日", page_number_item(1)],
        ["谈话笔录", "谈话时间：2025年5月10日", "受援人：陈八", "陈八称：用人单位拖欠工资三个月。", page_number_item(2)],
        [("image",)],  # a scan without a text layer
        ["结案报告", "案号：" + NO, "办理结果：双方达成调解协议，法院出具民事调解书。", "结案日期：2025年8月1日",
         page_number_item(4)],
    ]


def test_load_dossier(make_pdf):
    path = make_pdf(specs(), name="case.pdf")
    d = load_dossier(path, KeywordModel())
    assert len(d.sha256) == 64 and d.errors == []
    assert [(x.type, x.first_page, x.last_page) for x in d.documents] == [
        ("cover", 1, 1), ("toc", 2, 2), ("decision", 3, 3), ("meeting_record", 4, 5), ("closing_report", 6, 6)]
    assert [p.printed_number for p in d.pages] == [None, None, 1, 2, None, 4]
    assert d.flagged("unnumbered") == [] and d.flagged("unreadable") == [5]
    f = d.facts
    assert f.case_no.value == NO and f.case_kind.value == "civil" and f.client.value == "陈八"
    assert f.lawyer.value == "周九" and f.outcome.value == "mediation"
    assert f.to_contract()["closing_date"] == "2025-08-01"
    assert f.first_date("decision").day == date(2025, 5, 6)
    assert [(e.title, e.first, e.last) for e in f.toc][1] == ("谈话笔录", 2, 3)


def test_ocr_hook_and_stage_errors(make_pdf):
    path = make_pdf(specs(), name="case.pdf")
    calls = []

    def ocr(p, index):
        calls.append(index)
        return Page(index=index, text="3\n续页：陈八表示同意调解。", text_source="ocr")

    d = load_dossier(path, KeywordModel(), ocr=ocr)
    assert calls == [5] and d.page(5).text_source == "ocr" and "unreadable" not in d.page(5).flags

    class Broken(KeywordModel):
        def start_proba(self, pages):
            raise RuntimeError("model exploded")

    d = load_dossier(path, Broken())
    assert [e.stage for e in d.errors] == ["segment"] and d.documents[0].last_page == 6


def test_whole_file_error(tmp_path):
    f = tmp_path / "a.pdf"
    f.write_text("not a pdf")
    with pytest.raises(NotPdfError):
        load_dossier(f, KeywordModel())
