"""On-disk cache of OCR'd pages, so re-reviewing a scanned dossier does not re-OCR it.

OCR costs about a second per page; batch re-runs, the console's re-review and
eval re-runs read the same files again. An entry is one JSON file per page,
keyed by (file sha256, 1-based page index, engine settings + format version),
so a changed file or changed engine settings never reuse stale text.

Location: ``$JUANPING_OCR_CACHE`` if set (``off``/``0``/``none`` disables),
else ``$XDG_CACHE_HOME/juanping/ocr`` or ``~/.cache/juanping/ocr``. A corrupt
or unreadable entry is treated as a miss and a failed write is ignored: the
cache can only save time, never fail a dossier.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from ingest.datamodel import Line, Page

FORMAT = 1  # bump when the stored page shape or the OCR output changes meaning
ENV = "JUANPING_OCR_CACHE"
_OFF = {"off", "0", "none", "false", "no", ""}


def default_cache_dir() -> Path | None:
    """The cache directory from the environment (None: caching disabled)."""
    env = os.environ.get(ENV)
    if env is not None:
        return None if env.strip().lower() in _OFF else Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "juanping" / "ocr"


def line_to_dict(ln: Line) -> dict:
    return {"text": ln.text, "x0": ln.x0, "top": ln.top, "x1": ln.x1, "bottom": ln.bottom,
            "size": ln.size, "conf": ln.conf, "char_conf": list(ln.char_conf)}


def line_from_dict(d: dict) -> Line:
    """A Line from its dict; entries without confidences read as sure (1.0)."""
    return Line(str(d["text"]), float(d["x0"]), float(d["top"]), float(d["x1"]), float(d["bottom"]),
                float(d.get("size", 0.0) or 0.0), conf=float(d.get("conf", 1.0)),
                char_conf=[float(c) for c in d.get("char_conf") or []])


def page_to_dict(pg: Page) -> dict:
    """What the OCR engine produced for one page (no flags or model scores: those come later)."""
    return {"index": pg.index, "width": pg.width, "height": pg.height, "text": pg.text,
            "lines": [line_to_dict(ln) for ln in pg.lines], "rotation": pg.rotation,
            "rotation_conf": pg.rotation_conf, "image_only": pg.image_only, "garbled": pg.garbled,
            "text_source": pg.text_source, "ink": pg.ink}


def page_from_dict(d: dict) -> Page:
    return Page(index=int(d["index"]), width=float(d["width"]), height=float(d["height"]), text=str(d["text"]),
                lines=[line_from_dict(x) for x in d["lines"]], rotation=int(d.get("rotation", 0)),
                rotation_conf=float(d.get("rotation_conf", 1.0)), image_only=bool(d.get("image_only", True)),
                garbled=bool(d.get("garbled", False)), text_source=str(d.get("text_source", "ocr")),
                ink=None if d.get("ink") is None else float(d["ink"]))


def settings_key(settings: dict) -> str:
    """Short stable hash of engine settings (dict of JSON-able values) and the cache format."""
    blob = json.dumps({"format": FORMAT, **settings}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


class OcrCache:
    """Pages stored as ``DIR/<sha[:2]>/<sha>/<settings>-p<index>.json``."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self._sha: dict[tuple, str] = {}

    def file_key(self, path: str | Path) -> str:
        """sha256 of the file, memoised by (path, size, mtime) so it is hashed once per run."""
        p = Path(path)
        st = p.stat()
        memo = (str(p.resolve()), st.st_size, st.st_mtime_ns)
        if memo not in self._sha:
            from ingest.hashing import file_sha256
            self._sha[memo] = file_sha256(p)
        return self._sha[memo]

    def entry(self, sha: str, page_index: int, settings: str) -> Path:
        return self.root / sha[:2] / sha / f"{settings}-p{page_index}.json"

    def get(self, path: str | Path, page_index: int, settings: str) -> Page | None:
        """The cached page, or None for a miss or an unusable entry."""
        try:
            f = self.entry(self.file_key(path), page_index, settings)
            if not f.is_file():
                return None
            return page_from_dict(json.loads(f.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):  # corrupt entry: a miss, never fatal
            return None

    def put(self, path: str | Path, page_index: int, settings: str, page: Page) -> None:
        """Store a page atomically (write to a temp file, then rename); errors are ignored."""
        try:
            f = self.entry(self.file_key(path), page_index, settings)
            f.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=f.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(page_to_dict(page), fh, ensure_ascii=False)
            os.replace(tmp, f)
        except OSError:
            return


def default_cache() -> OcrCache | None:
    root = default_cache_dir()
    return OcrCache(root) if root is not None else None
