"""Headings as evidence of a document's type (ingest.pages.titles, ingest/data/title_cues.yaml)."""
from ingest.pages.titles import heading_type


def test_headings_of_pleadings_of_every_procedure_name_the_type():
    """行政起诉状, 劳动人事争议仲裁申请书 ... head a pleading; 不起诉决定书 stays a decision of the organ."""
    for head in ("行政起诉状", "刑事附带民事起诉状", "劳动人事争议仲裁申请书", "民事答辩状", "起诉意见书"):
        assert heading_type(head) == "pleading", head
    assert heading_type("不起诉决定书") == "judgment"
