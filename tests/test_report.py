"""Contract JSON and the Chinese summary."""
import json

from dossier_builders import build, criminal_spec
from review.checklist import load_checklist
from review.engine import review_dossier
from review.report import case_kind_name, review_to_json, summary_text

CL = load_checklist()


def defective():
    spec = [s for s in criminal_spec() if s[0] != "file_review_record"] + [("other", "")]
    return review_dossier(build(spec, flags={23: {"blank"}}))


def test_contract_shape():
    out = review_to_json(defective())
    assert {"file", "pages", "case", "documents", "page_flags", "findings", "score", "grade"} <= set(out)
    assert set(out["case"]) >= {"case_no", "case_kind", "client", "lawyer", "closing_date"}  # fields may be added
    assert "firm" in out["case"]  # the conflict check of a cross-evaluation reads it
    assert [f["item"] for f in out["findings"]] == CL.ids
    for f in out["findings"]:
        assert {"item", "status", "confidence", "pages", "message"} <= set(f)
        assert f["status"] in ("pass", "fail", "not_applicable", "uncertain")
        assert 0 <= f["confidence"] <= 1
    for d in out["documents"]:
        assert set(d) == {"type", "first_page", "last_page", "confidence"}
    pages = [p for d in out["documents"] for p in range(d["first_page"], d["last_page"] + 1)]
    assert pages == list(range(1, out["pages"] + 1))
    assert out["page_flags"] == [{"page": 23, "flag": "blank"}]
    json.dumps(out, ensure_ascii=False)


def test_failed_finding_carries_evidence_and_deduction():
    out = review_to_json(defective())
    md09 = next(f for f in out["findings"] if f["item"] == "MD-09")
    assert md09["status"] == "fail" and md09["message"] == "未见阅卷笔录"
    assert md09["deduction"] == 5 and md09["veto"] is False
    assert md09["evidence"][0]["source"] == "missing_type:file_review_record"
    assert out["score"] == 100 - 5 - 1 and out["grade"] == "优秀"


def test_summary_text():
    text = summary_text(defective())
    assert "test.pdf" in text and "刑事辩护" in text and "（2025）苏0508法援刑字第123号" in text
    assert "会见笔录　第12-13页" in text
    assert "MD-09" in text and "未见阅卷笔录" in text and "扣5分" in text
    assert "得分：94" in text and "等级：优秀" in text


def test_case_kind_names():
    assert [case_kind_name(k) for k in ("criminal_defense", "criminal_agency", "civil", "arbitration",
                                        "administrative", "non_litigation")] == \
        ["刑事辩护", "刑事代理", "民事", "劳动仲裁", "行政", "非诉讼"]
    assert case_kind_name(None) == "未识别"
