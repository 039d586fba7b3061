"""The dossier's toc joins same-type pages into one document; occasion records stay apart (no PDFs)."""
import numpy as np

from ingest.datamodel import Document, Line, Page
from ingest.documents.segment import segment
from ingest.pages.pagenumbers import physical_pages
from ingest.documents.toc_groups import group_by_toc

CLASSES = ["cover", "toc", "power_of_attorney", "evidence", "meeting_record", "other"]


def page(i: int, text: str, printed: int | None = None) -> Page:
    lines = [Line(t, 50, 100 + 20 * k, 400, 112 + 20 * k, 12) for k, t in enumerate(text.splitlines())]
    return Page(index=i, text=text, lines=lines, printed_number=printed)


TOC = "卷内目录\n序号 文件材料题名 页号\n1 法律援助委托代理协议 1～2\n2 提交证据清单 3～5\n3 会见笔录（2份） 6～7"


def dossier_pages() -> list[Page]:
    return [page(1, "法律援助案件卷宗"), page(2, TOC),
            page(3, "法律援助委托代理协议\n甲方（受援人）袁琴欣", 1), page(4, "授权委托书\n委托人：袁琴欣", 2),
            page(5, "提交证据清单\n1 借条原件", 3), page(6, "借条原件（复印件）", 4), page(7, "银行转账记录（复印件）", 5),
            page(8, "会见笔录\n时间 2024年8月27日", 6), page(9, "会见被告人笔录\n时间 2024年9月3日", 7)]


def split_everywhere(pages: list[Page]) -> list[Document]:
    types = ["cover", "toc", "power_of_attorney", "power_of_attorney", "evidence", "evidence", "evidence",
             "meeting_record", "meeting_record"]
    return [Document(t, p.index, p.index, 0.9) for t, p in zip(types, pages)]


def test_toc_rows_join_same_type_neighbours_but_not_occasions():
    pages = dossier_pages()
    docs = group_by_toc(pages, split_everywhere(pages))
    assert [(d.type, d.first_page, d.last_page) for d in docs] == [
        ("cover", 1, 1), ("toc", 2, 2), ("power_of_attorney", 3, 4), ("evidence", 5, 7),
        ("meeting_record", 8, 8), ("meeting_record", 9, 9)]


def test_no_join_without_a_row_that_covers_both():
    pages = dossier_pages()
    pages[1] = page(2, TOC.replace("提交证据清单 3～5", "提交证据清单 3～4"))  # the row ends before page 5 (printed 5)
    docs = group_by_toc(pages, split_everywhere(pages))
    assert ("evidence", 5, 6) in [(d.type, d.first_page, d.last_page) for d in docs]
    assert ("evidence", 7, 7) in [(d.type, d.first_page, d.last_page) for d in docs]
    pages[1] = page(2, TOC)
    pages[6].printed_number = 9  # the row's last page is printed nowhere: the row proves nothing
    docs = group_by_toc(pages, split_everywhere(pages))
    assert sum(d.type == "evidence" for d in docs) == 3


def test_printed_numbers_seen_twice_map_nowhere():
    pages = [page(1, "x", 1), page(2, "y", 2), page(3, "z", 2)]
    assert physical_pages(pages) == {1: 1}


class StartsNowhere:
    """Types every page from its first line; the start model sees no new document after page 1."""

    classes_ = CLASSES

    def predict_proba(self, pages):
        out = np.full((len(pages), len(CLASSES)), 0.01)
        for i, p in enumerate(pages):
            out[i, CLASSES.index("meeting_record" if "笔录" in p.text else "other")] = 0.95
        return out / out.sum(axis=1, keepdims=True)

    def start_proba(self, pages):
        return np.array([1.0] + [0.1] * (len(pages) - 1))


def test_a_page_headed_as_a_new_meeting_record_opens_a_document():
    pages = [page(1, "会见笔录\n时间 2024年8月27日\n问：你是否同意？"), page(2, "会见被告人笔录\n时间 2024年9月3日"),
             page(3, "会见笔录（续）\n答：没有了。")]
    docs = segment(pages, StartsNowhere())
    assert [(d.type, d.first_page, d.last_page) for d in docs] == [("meeting_record", 1, 1), ("meeting_record", 2, 3)]

