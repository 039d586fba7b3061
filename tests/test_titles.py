"""Headings as evidence of a document's type (ingest.pages.titles, ingest/data/title_cues.yaml)."""
from ingest.pages.titles import heading_type


def test_headings_of_pleadings_of_every_procedure_name_the_type():
    """行政起诉状, 劳动人事争议仲裁申请书 ... head a pleading; 不起诉决定书 stays a decision of the organ."""
    for head in ("行政起诉状", "刑事附带民事起诉状", "劳动人事争议仲裁申请书", "民事答辩状", "起诉意见书"):
        assert heading_type(head) == "pleading", head
    assert heading_type("不起诉决定书") == "judgment"


def test_a_defence_agreement_heads_a_power_of_attorney():
    """委托辩护协议, the criminal-defence form of 委托代理协议, is the client's mandate (BD-01 decides on it)."""
    for head in ("委托辩护协议", "刑事委托辩护协议", "委托代理协议", "授权委托书"):
        assert heading_type(head) == "power_of_attorney", head
