"""HTML -> PDF with headless Debian Chromium (playwright, never a downloaded browser); page rotation."""
from __future__ import annotations

from pathlib import Path

CHROMIUM = "/usr/bin/chromium"


class Renderer:
    """One Chromium per process; use as a context manager."""

    def __enter__(self) -> "Renderer":
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        self._page = self._browser.new_page()
        return self

    def pdf(self, html: str, out: Path, rotate: set[int] = frozenset()) -> None:
        """Print `html` to `out`; 1-based pages in `rotate` are turned upside down (/Rotate 180)."""
        self._page.set_content(html, wait_until="load")
        self._page.evaluate("document.fonts.ready")
        self._page.pdf(path=str(out), width="210mm", height="297mm", print_background=True,
                       margin={"top": "0", "bottom": "0", "left": "0", "right": "0"})
        if rotate:
            rotate_pages(out, rotate)

    def __exit__(self, *exc) -> None:
        self._browser.close()
        self._pw.stop()


def rotate_pages(path: Path, pages: set[int]) -> None:
    """Set /Rotate 180 on the given 1-based pages, in place."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    for p in pages:
        pdf[p - 1].set_rotation(180)
    tmp = path.with_suffix(".rot.pdf")
    pdf.save(str(tmp))
    pdf.close()
    tmp.replace(path)
