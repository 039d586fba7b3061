import numpy as np

from ingest.datamodel import Line, Page
from ingest.documents.segment import segment

CLASSES = ["cover", "toc", "meeting_record", "closing_report", "other"]


class FakeModel:
    """Reads the page type from a 'T:<type>' token and a start marker '*' in the text."""

    classes_ = CLASSES

    def predict_proba(self, pages):
        out = np.full((len(pages), len(CLASSES)), 0.02)
        for i, p in enumerate(pages):
            t = next((w[2:] for w in p.text.split() if w.startswith("T:")), "other")
            out[i, CLASSES.index(t)] = 0.9
        return out / out.sum(axis=1, keepdims=True)

    def start_proba(self, pages):
        return np.array([0.95 if "*" in p.text else 0.05 for p in pages])


def pg(i, text, rotation=0):
    body = f"{text} 这是一页正文内容，用于测试分段，不同页面内容不同，编号{i}号。" if text else ""
    lines = [Line(body, 50, 300, 400, 312, 12)] if body else []
    return Page(index=i, text=body, lines=lines, rotation=rotation)


def test_segments_cover_all_pages():
    pages = [pg(1, "* T:cover"), pg(2, "* T:toc"), pg(3, "* T:meeting_record"), pg(4, "T:meeting_record"),
             pg(5, ""),  # blank page inside a document
             pg(6, "T:meeting_record"), pg(7, "T:closing_report"),  # confident type change, no start
             pg(8, "* T:closing_report", rotation=180)]  # rotated: start 0.95 > 0.8 still opens
    docs = segment(pages, FakeModel())
    assert [(d.type, d.first_page, d.last_page) for d in docs] == [
        ("cover", 1, 1), ("toc", 2, 2), ("meeting_record", 3, 6), ("closing_report", 7, 7),
        ("closing_report", 8, 8)]
    covered = [i for d in docs for i in d.pages]
    assert covered == list(range(1, 9))
    assert all(0 < d.confidence <= 1 for d in docs)
    assert pages[0].predicted_type == "cover" and pages[0].start_score == 0.95


def test_duplicate_page_stays_attached():
    pages = [pg(1, "* T:meeting_record"), pg(2, "* T:closing_report"), pg(1, "* T:meeting_record")]
    pages[2].index = 3
    docs = segment(pages, FakeModel())
    assert [(d.type, d.first_page, d.last_page) for d in docs] == [("meeting_record", 1, 1), ("closing_report", 2, 3)]


def test_start_probability_splits_same_type_and_empty():
    class AlwaysStart(FakeModel):
        def start_proba(self, pages):
            return np.ones(len(pages))

    docs = segment([pg(1, "T:cover"), pg(2, "T:cover")], AlwaysStart())
    assert len(docs) == 2
    assert segment([], FakeModel()) == []


def test_a_title_line_lifts_the_type_it_names():
    """The title is read evidence next to the page model: a 质量征询意见表 the model reads as a
    closing report is an opinion form; a notice asking for a written opinion is no opinion;
    a page without a title keeps the model's scores."""
    import numpy as np
    from ingest.datamodel import Page
    from ingest.documents.segment import title_evidence
    classes = ["closing_report", "opinion_form", "defense_opinion", "other"]
    probs = np.array([[0.9, 0.05, 0.03, 0.02]] * 3)
    pages = [Page(index=1, text="青岛市崂山区人民法院\n法律援助案件质量征询意见表\n案件名称 张三盗窃"),
             Page(index=2, text="提交书面意见通知\n请你于二〇二五年一月二十八日前提交书面代理意见。"),
             Page(index=3, text="本案已办结，法院判决被告人有期徒刑六个月。")]
    out = title_evidence(pages, classes, probs)
    assert [classes[i] for i in out.argmax(axis=1)] == ["opinion_form", "other", "closing_report"]
    assert np.allclose(out.sum(axis=1), 1.0) and np.allclose(out[2], probs[2])


def _signing_page(text: str) -> Page:
    return Page(index=2, text=text)


def test_a_signing_page_whose_seal_scatters_the_organ_name_ends_the_document_before_it():
    """A round seal's glyphs land between the signing line's characters (digital text layer), or OCR
    misreads the seal-covered 检察 (scan): the page is still only a signing block."""
    from ingest.documents.segment import is_signature_tail
    scattered = "波市 检察\n2025年10\n州\n月2\n区\n4日\n人\n鄞 民\n波市 检察\n宁 院\n12"
    misread = "二O二五年四月二十一日\n鄞州 人民\n游 擦\n院\n10"
    assert is_signature_tail(_signing_page(scattered))
    assert is_signature_tail(_signing_page(misread))
    assert is_signature_tail(_signing_page("宁波市鄞州区人民检察院\n2025年10月24日\n12"))


def test_a_short_page_that_is_no_signing_block_stays_a_page_of_its_own():
    from ingest.documents.segment import is_signature_tail
    assert not is_signature_tail(_signing_page("会见人：张明\n记录人：李华\n2025年10月24日"))
    assert not is_signature_tail(_signing_page("二O二五年四月二十一日\n照片 二\n10"))  # a date, no organ
    assert not is_signature_tail(_signing_page("波市 检察\n宁 院\n本院认为，被告人的行为已构成危险驾驶罪"))


def test_a_page_titled_as_another_form_opens_a_document_a_section_heading_does_not():
    """A 质量征询意见表 bound right after the closing report, which the start model reads as the
    report's second page, opens a document of its own; a report page headed by its numbered
    section 三、辩护意见 stays the report's; a 续 heading continues."""
    class NoStarts(FakeModel):
        classes_ = ["closing_report", "opinion_form", "defense_opinion", "other"]

        def predict_proba(self, pages):
            return np.array([[0.9, 0.04, 0.04, 0.02]] * len(pages))

        def start_proba(self, pages):
            return np.array([1.0] + [0.05] * (len(pages) - 1))

    def body(i: int) -> str:
        return f"本案已办结，法院判决被告人有期徒刑{i}个月，承办律师已将结果告知受援人。"
    pages = [Page(index=1, text=f"结案报告\n{body(1)}"),
             Page(index=2, text=f"法律援助案件质量征询意见表\n案件名称 张三盗窃\n{body(2)}"),
             Page(index=3, text=f"结案报告\n{body(3)}"),
             Page(index=4, text=f"三、辩护意见\n{body(4)}"),
             Page(index=5, text=f"法律援助案件质量征询意见表（续）\n{body(5)}")]
    docs = segment(pages, NoStarts())
    assert [(d.type, d.first_page, d.last_page) for d in docs] == [
        ("closing_report", 1, 1), ("opinion_form", 2, 2), ("closing_report", 3, 5)]
