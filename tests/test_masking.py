"""Personal data masking on screen."""
from store.masking import can_unmask, find_sensitive, mask_obj, mask_text


def test_id_number_and_phone_are_masked():
    out = mask_text("身份证号：32050219900101123X，电话13912345678。")
    assert "32050219900101123X" not in out and "13912345678" not in out
    assert "320502********123X" in out and "139****5678" in out


def test_labelled_and_free_addresses_are_masked():
    out = mask_text("住址：江苏省苏州市姑苏区人民路100号3幢201室。")
    assert "人民路100号" not in out and out.startswith("住址：")
    out2 = mask_text("申请人张三，住广州市海珠区东环路129号9幢2110室。")
    assert "东环路129号" not in out2 and "申请人张三" in out2


def test_other_numbers_and_dates_untouched():
    text = "案号（2025）苏0508法援刑字第123号，2025年6月3日，金额54000元，编号2025123456"
    assert mask_text(text) == text
    assert not find_sensitive("电话013912345678999")  # not a standalone mobile number


def test_roles_that_may_unmask():
    text = "电话13912345678"
    assert can_unmask("trainer") and can_unmask("center_admin") and not can_unmask("reviewer")
    assert mask_text(text, "trainer", unmask=True) == text
    assert mask_text(text, "reviewer", unmask=True) != text  # a reviewer cannot unmask
    assert mask_text(text, "trainer") != text  # masked unless asked


def test_mask_obj_walks_json():
    data = {"case": {"client": "张三"}, "findings": [{"message": "电话13912345678", "pages": [3]}]}
    out = mask_obj(data)
    assert out["findings"][0]["message"] == "电话139****5678" and out["findings"][0]["pages"] == [3]
