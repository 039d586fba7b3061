"""Load the YAML data files under eval/independent/data/."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).with_name("data")


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """Parsed data/<name>.yaml (cached; treat as read-only)."""
    return yaml.safe_load((DATA_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
