"""models.tfidf.transform gives exactly TfidfVectorizer.transform (the page and follow-up models rely on it)."""
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from models import tfidf

TEXTS = ["受援人 张三：我想申请取保候审。", "", " ", "法律援助案件结案报告\n\n  第 1 页  共 3 页",
         "ABC abc Ａｂｃ 2025年3月1日", "x", "xy", "会见笔录会见笔录会见笔录", "\t问：你对起诉书有何意见？\r\n答：没有。"]


def _same(a, b) -> bool:
    return (type(a) is type(b) and a.dtype == b.dtype and a.shape == b.shape
            and np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
            and np.array_equal(a.data, b.data))


def test_same_rows_as_sklearn():
    for ngrams in [(1, 3), (2, 3), (1, 1), (2, 4)]:
        for sublinear in (True, False):
            vec = TfidfVectorizer(analyzer="char", ngram_range=ngrams, sublinear_tf=sublinear, dtype=np.float32)
            vec.fit(TEXTS[::2] + ["律师已向法院提交取保候审申请书"])
            docs = TEXTS + [t * 3 for t in TEXTS]
            assert _same(tfidf.transform(vec, docs), vec.transform(docs)), (ngrams, sublinear)


def test_other_configurations_use_sklearn():
    vec = TfidfVectorizer(analyzer="word", token_pattern=r"\S+").fit(["a b", "b c"])
    assert _same(tfidf.transform(vec, ["a c d"]), vec.transform(["a c d"]))


def test_bundled_page_model_vectorisers():
    from models import default_classifier
    from models.features import page_fields
    from ingest.datamodel import Line, Page

    pages = [Page(index=i + 1, width=595, height=842, text=t,
                  lines=[Line(x, 50, 40 + 20 * k, 300, 55 + 20 * k, 12.0) for k, x in enumerate(t.splitlines())])
             for i, t in enumerate(TEXTS)]
    for name, vec in default_classifier().vectorizers_.items():
        docs = [getattr(f, name) for f in page_fields(pages)]
        assert _same(tfidf.transform(vec, docs), vec.transform(docs)), name
