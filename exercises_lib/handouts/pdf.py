"""HTML to PDF with one Chromium for many pages, printed side by side.

Playwright runs on an event loop of its own in a worker thread: a Jupyter kernel's
running loop cannot host it, and ``render_many`` prints several pages at once in one
browser (each its own page) instead of one after another.
"""

from __future__ import annotations

import asyncio
import io
import re
import threading
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, TypeVar

from ..browser import launch_options

__all__ = ["PdfRenderer", "identify_as_pdf_ua"]

_T = TypeVar("_T")
# Pages printed at once; more only queue in the browser on a small machine.
_AT_ONCE = 4
# A link to a file beside the handout cannot be followed from a PDF, and Chromium would
# tag it as a link with nothing behind it: on paper its words stay, as plain text.
# Printing needs nothing from any server: a page that asks (a tracking pixel, a font, a
# stylesheet planted in a notebook) is refused, so printing never reveals who printed.
_NETWORK = re.compile(r"^(https?|wss?|ftp)://", re.IGNORECASE)


async def _refuse(route: Any) -> None:
    await route.abort("blockedbyclient")


_LINKS_AS_TEXT = """() => {
  for (const link of document.querySelectorAll("a[href]")) {
    if (!/^(https?:|mailto:)/i.test(link.getAttribute("href"))) link.replaceWith(...link.childNodes);
  }
}"""


class PdfRenderer:
    """``with PdfRenderer() as r: pdfs = r.render_many(pages)``: one browser for every page."""

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pdf", daemon=True)
        self._playwright: Any = None
        self._browser: Any = None

    def __enter__(self) -> PdfRenderer:
        options = launch_options()  # raises BrowserMissingError with the fix
        self._thread.start()
        try:
            self._call(self._start(options))
        except BaseException:
            self._stop_loop()
            raise
        return self

    def _call(self, coroutine: Coroutine[Any, Any, _T]) -> _T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    async def _start(self, options: dict[str, Any]) -> None:
        from playwright.async_api import async_playwright

        self._playwright = await async_playwright().start()
        try:
            self._browser = await self._playwright.chromium.launch(**options)
        except Exception:
            await self._playwright.stop()
            raise

    def render(self, html: str) -> bytes:
        """The PDF of one HTML page; paper size and margins come from its @page CSS."""
        return self.render_many([html])[0]

    def render_many(
        self, pages: Sequence[str], printed: Callable[[int], object] = lambda _count: None
    ) -> list[bytes]:
        """The PDFs of several HTML pages, in order, printed a few at a time;
        ``printed`` hears how many are done after each one."""
        return self._call(self._render_many(pages, printed))

    async def _render_many(
        self, pages: Sequence[str], printed: Callable[[int], object]
    ) -> list[bytes]:
        slots = asyncio.Semaphore(_AT_ONCE)
        done = 0

        async def one(html: str) -> bytes:
            async with slots:
                page = await self._browser.new_page()
                await page.route(_NETWORK, _refuse)
                try:
                    await page.emulate_media(media="print")
                    await page.set_content(html, wait_until="load")
                    await page.evaluate(_LINKS_AS_TEXT)
                    # Tagged: screen readers follow headings, lists and tables; outline: bookmarks.
                    pdf = await page.pdf(
                        print_background=True, prefer_css_page_size=True, tagged=True, outline=True
                    )
                    return identify_as_pdf_ua(bytes(pdf))
                finally:
                    await page.close()
                    nonlocal done
                    done += 1
                    printed(done)

        return list(await asyncio.gather(*(one(html) for html in pages)))

    async def _close(self) -> None:
        if self._browser is not None:
            await self._browser.close()
        if self._playwright is not None:
            await self._playwright.stop()

    def _stop_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()

    def __exit__(self, *exc: object) -> None:
        try:
            self._call(self._close())
        finally:
            self._stop_loop()


def identify_as_pdf_ua(pdf: bytes) -> bytes:
    """The PDF with the XMP metadata PDF/UA-1 asks for: its title, language and identifier.

    Chromium tags the content (headings, lists, tables, figures with alt text) and sets
    the title and ``/Lang``; it writes no XMP stream, so a checker cannot see that the
    file claims PDF/UA. The title and language are copied from what Chromium wrote.
    """
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        title = str(document.docinfo.get("/Title", ""))
        language = str(document.Root.get("/Lang", ""))
        with document.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:title"] = title
            if language:
                meta["dc:language"] = [language]
            meta["pdfuaid:part"] = "1"
        document.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
