"""Loading and validating the checklist data files."""
import shutil
from pathlib import Path

import pytest
import yaml

from review.checklist import DATA_DIR, ChecklistError, load_checklist

SPEC_IDS = ([f"MD-{i:02d}" for i in range(1, 16)] + [f"FU-{i:02d}" for i in range(1, 6)]
            + [f"BD-{i:02d}" for i in range(1, 9)] + [f"TL-{i:02d}" for i in range(1, 6)])


def test_default_checklist_has_every_spec_item():
    c = load_checklist()
    assert c.ids == SPEC_IDS
    assert c.item("MD-05").veto and c.item("MD-13").veto and c.item("BD-07").veto
    assert c.item("MD-08").veto_when == {"case_kind": ["criminal_defense"]}
    fu1 = c.item("FU-01")
    assert fu1.each and fu1.points == 5 and fu1.cap == 15
    assert "bail" in fu1.params["request_kinds"]


def test_companion_files_loaded():
    c = load_checklist()
    assert set(c.binding_orders) == {"criminal_defense", "criminal_agency", "civil", "arbitration",
                                     "administrative", "non_litigation"}
    order = c.binding_order("criminal_defense")
    assert order.rank_of("court_notice") == order.rank_of("application")
    assert order.rank_of("cover") < order.rank_of("meeting_record") < order.rank_of("backup_sheet")
    assert c.time_limits.limits == {"assignment_days": 3, "power_of_attorney_days": 5,
                                    "first_meeting_working_days": 3, "filing_days": 30}
    assert [g for g, _ in c.grades.bands] == ["优秀", "良好", "合格", "不合格"]


def _copy(tmp_path: Path, mutate) -> Path:
    for f in DATA_DIR.glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    path = tmp_path / "checklist.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    mutate(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_unknown_check_function_fails_at_load(tmp_path):
    path = _copy(tmp_path, lambda d: d["items"][0].update(check="no_such_check"))
    with pytest.raises(ChecklistError, match="MD-01.*unknown check function 'no_such_check'"):
        load_checklist(path)


@pytest.mark.parametrize("mutate, pattern", [
    (lambda d: d["items"][0].update(family="XX"), "unknown family"),
    (lambda d: d["items"][1].update(id="MD-01"), "duplicate item id"),
    (lambda d: d["items"][1].update(applies_when={"colour": ["red"]}), "unknown condition key"),
    (lambda d: d["items"][0].pop("points"), "missing field 'points'"),
    (lambda d: d["items"][-2].setdefault("params", {}).update(limit="nope"), "unknown limit"),
])
def test_invalid_items_fail_at_load(tmp_path, mutate, pattern):
    with pytest.raises(ChecklistError, match=pattern):
        load_checklist(_copy(tmp_path, mutate))


def test_province_swaps_files(tmp_path):
    path = _copy(tmp_path, lambda d: None)
    limits = yaml.safe_load((tmp_path / "time_limits.yaml").read_text(encoding="utf-8"))
    limits["limits"]["filing_days"] = 15
    (tmp_path / "time_limits.yaml").write_text(yaml.safe_dump(limits, allow_unicode=True), encoding="utf-8")
    assert load_checklist(path).time_limits.limits["filing_days"] == 15


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ChecklistError, match="not found"):
        load_checklist(tmp_path / "nope.yaml")


def test_working_days_skip_weekends_and_holidays():
    tl = load_checklist().time_limits
    import datetime as dt
    fri = dt.date(2025, 3, 7)
    assert tl.working_days_between(fri, dt.date(2025, 3, 10)) == 1  # Mon
    assert tl.working_days_between(dt.date(2025, 4, 30), dt.date(2025, 5, 6)) == 1  # May 1-5 holidays
