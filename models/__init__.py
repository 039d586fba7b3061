"""Learned models. ``default_classifier()`` loads the bundled page model.

``MODEL_VERSION`` identifies the bundled artifact (format version + a hash of
the weights file), so batch runs and stored reviews can tell models apart.
It is computed lazily: importing ``models`` never fails because an artifact
is missing.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

ARTIFACT_DIR = Path(__file__).parent / "artifacts"

__all__ = ["ARTIFACT_DIR", "MODEL_VERSION", "ModelMissingError", "default_classifier",
           "model_version"]


class ModelMissingError(FileNotFoundError):
    """The bundled page model has not been trained yet."""


@lru_cache(maxsize=4)
def _load(directory: str):
    from models.page_classifier import ARTIFACT_NAME, PageClassifier
    path = Path(directory) / ARTIFACT_NAME
    if not path.exists():
        raise ModelMissingError(
            f"page model not found at {path}; run `juanping train` "
            f"(or `python -m training.pages`) to build it")
    return PageClassifier.load(path)


def default_classifier(directory: str | Path | None = None):
    """The bundled PageClassifier (cached per directory)."""
    return _load(str(directory or ARTIFACT_DIR))


def model_version(directory: str | Path | None = None) -> str:
    """'pc<format>-<sha12>' from the artifact meta, or 'untrained'."""
    from models.page_classifier import META_NAME
    meta_path = Path(directory or ARTIFACT_DIR) / META_NAME
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "untrained"
    return f"pc{meta.get('format_version', '?')}-{str(meta.get('sha256', ''))[:12]}"


def __getattr__(name: str):
    if name == "MODEL_VERSION":
        return model_version()
    raise AttributeError(f"module 'models' has no attribute {name!r}")
