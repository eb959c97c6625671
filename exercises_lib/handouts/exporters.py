"""nbconvert exporters for printable lessons: ``--to handout`` (HTML) and ``--to handout_pdf``.

Registered as nbconvert entry points, so they also appear in JupyterLab's
File > Save and Export Notebook As menu.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.exporters import HTMLExporter, WebPDFExporter
from nbconvert.preprocessors import ExecutePreprocessor
from traitlets import Bool, Enum, Unicode, default

from ..i18n import _, current_language
from ..lessonwords import is_course_notebook
from ..loading import load_catalog
from ..notebooks import (
    PrintablePreprocessor,
    QuietKernelManager,
    answer_keys,
    failures_said_briefly,
    nbconvert_templates,
    tidy_nbconvert_css,
)
from ..rendering import course_css
from ..safetymodels import SafetyRules
from .pdf import PdfRenderer
from .style import print_css, safety_block

__all__ = ["HandoutExporter", "HandoutPDFExporter", "HandoutPreprocessor", "PrintablePreprocessor"]
# PrintablePreprocessor lives in exercises_lib.notebooks (shared with the slides); it is
# named here too for code that took it from this module.

TEMPLATES = Path(__file__).resolve().parent / "templates"


class ExecuteIfNeeded(ExecutePreprocessor):
    """Run a course lesson that was saved without outputs, so its cards appear.

    Only the course's own lessons run, recognised by their content (``is_course_notebook``);
    any other notebook is printed as it is (nbconvert's own ``--execute`` runs one on
    purpose), so exporting a stranger's notebook never runs its code.
    """

    @default("kernel_manager_class")
    def _kernel_manager_class_default(self) -> type:
        return QuietKernelManager

    @default("kernel_name")
    def _kernel_name_default(self) -> str:
        return "python3"  # the course's own kernel, whatever a copy's metadata names

    # set when the caller has just run the lesson itself (the handouts pack, ``run_lesson``)
    RAN = "lesson_ran"

    def preprocess(self, nb, resources=None, km=None):
        if (resources or {}).get(self.RAN) or not is_course_notebook(nb):
            return nb, resources
        # A course lesson prints what its own code shows now, never outputs saved in the
        # file (a near-copy's "all clear" footer, or its own answer key).
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        name = (resources or {}).get("metadata", {}).get("name")
        with failures_said_briefly(f"{name}.ipynb" if name else _("the lesson")):
            return super().preprocess(nb, resources, km)


class HandoutPreprocessor(PrintablePreprocessor):
    """Printable cells, plus the handout's title, print CSS, safety footer and answer key."""

    def preprocess(self, nb, resources):
        lesson = is_course_notebook(nb)  # before the printable cut changes what the cells say
        # only a course lesson's answers are printed as the course's answer key
        keys = [key for c in nb.cells if c.cell_type == "code" for key in answer_keys(c)]
        keys = keys if lesson else []
        title = _first_heading(nb) or resources.get("metadata", {}).get("name") or _("Handout")
        nb, resources = super().preprocess(nb, resources)
        if keys:
            nb.cells.append(_answer_key_cell(keys))
        nb.metadata["title"] = title
        safety = resources["handout_safety"]
        resources["handout_title"] = title
        # The cards' own styles come after the print rules, where they stood when each
        # card carried them inline.
        resources["handout_css"] = (
            print_css(
                safety,
                title,
                resources.get("handout_paper", "a4"),
                large=resources.get("handout_large", False),
            )
            + course_css()
        )
        # Course lessons end with the safety footer already; any other notebook gets it
        # added, whatever its outputs claim to hold.
        has_footer = lesson and any(
            "exl-footer" in o.get("data", {}).get("text/html", "")
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.outputs
        )
        resources["handout_footer"] = "" if has_footer else safety_block(safety)
        return nb, resources


def _answer_key_cell(keys: list[str]) -> nbformat.NotebookNode:
    # The key follows the lesson without a page of its own, so no page is left half empty.
    heading, check = _("Answer key"), _("Check your answers once you have done the quiz.")
    html = (
        '<section class="exl-answer-key">'
        + f"<h2>{escape(heading)}</h2><p>{escape(check)}</p>"
        + "".join(keys)
        + "</section>"
    )
    output = nbformat.v4.new_output("display_data", data={"text/html": html})
    return nbformat.v4.new_code_cell(source="", outputs=[output])


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
    large_print = Bool(
        False, help="Large print: 14.5 pt text in one column, each exercise card on its own page."
    ).tag(config=True)
    data_dir = Unicode("", help="Data folder for the safety footer (default: the course's).").tag(
        config=True
    )

    @default("template_name")
    def _template_name_default(self) -> str:
        return "handout"

    @default("filters")
    def _filters_default(self) -> dict[str, Any]:
        return {"tidy_nbconvert_css": tidy_nbconvert_css}

    @default("language_code")
    def _language_code_default(self) -> str:
        return current_language()  # <html lang>, and so the PDF's language tag

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self) -> list[str]:
        return [str(TEMPLATES)]

    @default("exclude_input")
    def _exclude_input_default(self) -> bool:
        return True

    @default("exclude_anchor_links")
    def _exclude_anchor_links_default(self) -> bool:
        return True  # a heading's "¶" link to itself means nothing on paper

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

    def __init__(self, *args: Any, safety: SafetyRules | None = None, **kwargs: Any):
        with nbconvert_templates():
            super().__init__(*args, **kwargs)
        self._safety = safety

    @property
    def safety(self) -> SafetyRules:
        """The safety rules for the footer: given by the caller, or loaded once (nbconvert)."""
        if self._safety is None:
            self._safety = load_catalog(self.data_dir or None).safety
        return self._safety

    def from_notebook_node(
        self, nb, resources: dict[str, Any] | None = None, *, ran: bool = False, **kw
    ):
        """The handout of ``nb``; ``ran``: the caller has just run this course lesson."""
        resources = self._init_resources(resources)
        resources[ExecuteIfNeeded.RAN] = ran
        resources["handout_paper"] = self.paper
        resources["handout_large"] = self.large_print
        resources["handout_safety"] = self.safety
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
