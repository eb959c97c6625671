"""HTML to PDF with one Chromium for many pages, found by exercises_lib.browser.

Playwright's sync API refuses to run inside a running asyncio loop (as in a Jupyter
kernel), so every browser call runs on one worker thread of its own.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ..browser import launch_options

__all__ = ["PdfRenderer"]


class PdfRenderer:
    """``with PdfRenderer() as r: pdf = r.render(html)``: one browser for every render."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf")
        self._playwright: Any = None
        self._browser: Any = None

    def __enter__(self) -> PdfRenderer:
        options = launch_options()  # raises BrowserMissingError with the fix
        self._pool.submit(self._start, options).result()
        return self

    def _start(self, options: dict[str, Any]) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(**options)
        except Exception:
            self._playwright.stop()
            raise

    def render(self, html: str) -> bytes:
        """The PDF of one HTML page; paper size and margins come from its @page CSS."""
        return self._pool.submit(self._render, html).result()

    def _render(self, html: str) -> bytes:
        page = self._browser.new_page()
        try:
            page.emulate_media(media="print")
            page.set_content(html, wait_until="load")
            return page.pdf(print_background=True, prefer_css_page_size=True)
        finally:
            page.close()

    def __exit__(self, *exc: object) -> None:
        def stop() -> None:
            if self._browser is not None:
                self._browser.close()
            if self._playwright is not None:
                self._playwright.stop()

        self._pool.submit(stop).result()
        self._pool.shutdown()
