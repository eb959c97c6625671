"""nbconvert exporters for printable lessons: ``--to handout`` (HTML) and ``--to handout_pdf``.

Registered as nbconvert entry points, so they also appear in JupyterLab's
File > Save and Export Notebook As menu.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.exporters import HTMLExporter, WebPDFExporter
from nbconvert.preprocessors import ExecutePreprocessor, Preprocessor
from traitlets import Bool, Enum, Set, Unicode, default

from ..loading import load_catalog
from ..rendering import ANSWER_KEY_MIMETYPE
from .pdf import PdfRenderer
from .style import print_css, safety_block

__all__ = ["HandoutExporter", "HandoutPDFExporter", "HandoutPreprocessor", "PrintablePreprocessor"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_KEEP_MIMETYPES = ("text/html", "image/svg+xml", "image/png", "image/jpeg", "text/markdown")


class ExecuteIfNeeded(ExecutePreprocessor):
    """Run a notebook that was saved without outputs, so its cards appear."""

    def preprocess(self, nb, resources=None, km=None):
        code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
        if code and not any(c.get("outputs") for c in code):
            return super().preprocess(nb, resources, km)
        return nb, resources


class PrintablePreprocessor(Preprocessor):
    """Keep what a reader needs on a page or a slide: no code noise, no widget debris."""

    remove_tags = Set(
        {"trainer", "hide-handout", "setup"}, help="Cells with any of these tags are left out."
    ).tag(config=True)
    keep_notes = Bool(False, help="Keep speaker-notes cells (for a trainer's deck).").tag(
        config=True
    )

    def preprocess(self, nb, resources):
        cells = []
        for cell in nb.cells:
            tags = set(cell.metadata.get("tags", []))
            notes = cell.metadata.get("slideshow", {}).get("slide_type") == "notes"
            if tags & self.remove_tags or (notes and not self.keep_notes):
                continue
            if cell.cell_type == "code":
                cell.outputs = [
                    o for o in map(_printable, cell.get("outputs", [])) if o is not None
                ]
                if not cell.outputs:
                    continue
            cells.append(cell)
        nb.cells = cells
        nb.metadata.pop("widgets", None)
        return nb, resources


class HandoutPreprocessor(PrintablePreprocessor):
    """Printable cells, plus the handout's title, print CSS, safety footer and answer key."""

    def preprocess(self, nb, resources):
        keys = [
            o["data"][ANSWER_KEY_MIMETYPE]
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.get("outputs", [])
            if ANSWER_KEY_MIMETYPE in o.get("data", {})
        ]
        nb, resources = super().preprocess(nb, resources)
        if keys:
            nb.cells.append(_answer_key_cell(keys))
        title = _first_heading(nb) or resources.get("metadata", {}).get("name", "Handout")
        nb.metadata["title"] = title
        safety = load_catalog(resources.get("handout_data") or None).safety
        resources["handout_title"] = title
        resources["handout_css"] = print_css(safety, title, resources.get("handout_paper", "a4"))
        # Lessons end with the safety footer already; anything else gets it added.
        has_footer = any(
            "exl-footer" in o.get("data", {}).get("text/html", "")
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.outputs
        )
        resources["handout_footer"] = "" if has_footer else safety_block(safety)
        return nb, resources


def _answer_key_cell(keys: list[str]) -> nbformat.NotebookNode:
    html = '<section class="exl-answer-key-page"><h2>Answer key</h2>' + "".join(keys) + "</section>"
    output = nbformat.v4.new_output("display_data", data={"text/html": html})
    return nbformat.v4.new_code_cell(source="", outputs=[output])


def _printable(output):
    """The output as print shows it: widgets by their static view, no streams or plain reprs."""
    if output.output_type == "stream":
        return None
    if output.output_type not in ("display_data", "execute_result"):
        return output
    data = {k: v for k, v in output.data.items() if k in _KEEP_MIMETYPES}
    if not data:
        return None  # a widget with no print view, or a bare text repr
    output.data = data
    return output


def _first_heading(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, flags=re.M)
            if match:
                return match.group(1).strip()
    return ""


class HandoutExporter(HTMLExporter):
    """A lesson as a clean, printable HTML handout."""

    export_from_notebook = "Handout (HTML)"
    paper = Enum(["a4", "letter"], default_value="a4", help="Paper size.").tag(config=True)
    data_dir = Unicode("", help="Data folder for the safety footer (default: the course's).").tag(
        config=True
    )

    @default("template_name")
    def _template_name_default(self) -> str:
        return "handout"

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self) -> list[str]:
        return [str(TEMPLATES)]

    @default("exclude_input")
    def _exclude_input_default(self) -> bool:
        return True

    @default("exclude_input_prompt")
    def _exclude_input_prompt_default(self) -> bool:
        return True

    @default("exclude_output_prompt")
    def _exclude_output_prompt_default(self) -> bool:
        return True

    def _init_preprocessors(self) -> None:
        super()._init_preprocessors()
        self.register_preprocessor(ExecuteIfNeeded(timeout=120), enabled=True)
        self.register_preprocessor(HandoutPreprocessor, enabled=True)

    def from_notebook_node(self, nb, resources: dict[str, Any] | None = None, **kw):
        resources = self._init_resources(resources)
        resources["handout_paper"] = self.paper
        resources["handout_data"] = self.data_dir
        return super().from_notebook_node(nb, resources, **kw)


class HandoutPDFExporter(HandoutExporter, WebPDFExporter):
    """A lesson as a printable PDF, through a system Chromium (or Playwright's own)."""

    export_from_notebook = "Handout (PDF)"

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".pdf"

    @default("template_name")
    def _template_name_default(self) -> str:
        return "handout"

    def run_playwright(self, html: str) -> bytes:
        """Print with the browser exercises_lib.browser finds (WebPDF's own takes no path)."""
        with PdfRenderer() as renderer:
            return renderer.render(html)
