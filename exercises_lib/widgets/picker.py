"""The print notebook's widget: choose lessons and exercises, then build the handouts."""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..coursefiles import lessons_dir
from ..errors import ExercisesError
from ..handouts.pack import build_handouts
from ..i18n import _, ngettext
from ..models import Catalog
from ..notebooks import lesson_paths, lesson_title
from ..steps import Step
from ._base import style_widget

__all__ = ["HandoutPicker"]


class HandoutPicker(widgets.VBox):
    """Pick lessons, exercises or a routine, a format and a paper size; press Build."""

    def __init__(self, catalog: Catalog, course_dir: Path | str = ".."):
        self.course_dir = Path(course_dir).resolve()
        self.catalog = catalog
        # The course's own lessons, as published: a learner's edited copy would print
        # without its cards, since only the course's own lessons run.
        lessons = lesson_paths(lessons_dir())
        rows = {"rows": 8, "layout": {"width": "26em"}}
        self.lessons = widgets.SelectMultiple(
            description=_("Lessons"), options=[(lesson_title(p), p.stem) for p in lessons], **rows
        )
        self.exercises = widgets.SelectMultiple(
            description=_("Exercises"), options=[(e.name, e.id) for e in catalog], **rows
        )
        self.routine = widgets.Dropdown(
            description=_("Routine"),
            options=[(_("(none)"), "")]
            + [(r.name, r.id) for r in catalog.listed_routines.values()],
        )
        self.format = widgets.ToggleButtons(
            description=_("Format"), options=[("PDF", "pdf"), ("HTML", "html"), (_("Both"), "both")]
        )
        self.paper = widgets.ToggleButtons(
            description=_("Paper"), options=[("A4", "a4"), (_("Letter"), "letter")]
        )
        self.large_print = widgets.Checkbox(
            value=False,
            description=_("Large print (14.5 pt type, one exercise per page)"),
            indent=False,
            layout={"width": "auto"},
        )
        self.out = widgets.Text(
            description=_("Save to"),
            value=str(self.course_dir / "build" / "handouts"),
            layout={"width": "40em"},
        )
        self.build_button = widgets.Button(
            description=_("Build handouts"), icon="print", button_style="primary"
        )
        self.build_button.add_class("exl-build")
        self.status = widgets.HTML()
        # While it builds: how many steps are done, and what it is doing now.
        self.bar = widgets.IntProgress(
            value=0, min=0, max=1, description=_("Progress"), layout={"display": "none"}
        )
        self.step = widgets.HTML()
        self.build_button.on_click(lambda _event: self.build())
        # the words are escaped first, then the course's own key tags go in
        hold = escape(_("Hold {ctrl} (or {cmd}) to pick more than one.")).format(
            ctrl="<kbd>Ctrl</kbd>", cmd="<kbd>Cmd</kbd>"
        )
        sheets = _(
            "Chosen exercises get three sheets: the full cards, a review sheet for your doctor, "
            "and a weekly log."
        )
        help_text = widgets.HTML(f"<p>{hold} {escape(sheets)}</p>")
        super().__init__(
            [
                style_widget(),
                help_text,
                widgets.HBox([self.lessons, self.exercises]),
                self.routine,
                self.format,
                self.paper,
                self.large_print,
                self.out,
                self.build_button,
                self.bar,
                self.step,
                self.status,
            ]
        )
        self.add_class("exl-widget")
        self.add_class("exl-handout-picker")

    def _show_step(self, step: Step) -> None:
        """The bar counts the steps done of all; a note between steps leaves it be."""
        if step.total:
            self.bar.max, self.bar.value = step.total, step.done
        self.step.value = f"<p>{escape(str(step))}</p>"

    def build(self) -> list[Path]:
        """Build what is chosen; show links to the files, or what went wrong."""
        if not (self.lessons.value or self.exercises.value or self.routine.value):
            choose = escape(_("Choose at least one lesson, exercise or routine."))
            self.status.value = f'<p class="exl-gate-note">{choose}</p>'
            return []
        self.status.value = "<p>" + escape(_("Building… lessons take a few seconds each.")) + "</p>"
        formats = ("html", "pdf") if self.format.value == "both" else (self.format.value,)
        self.bar.value, self.bar.layout.display = 0, None
        try:
            written = build_handouts(
                Path(self.out.value),
                self.catalog,
                formats=formats,
                lessons=list(self.lessons.value) if self.lessons.value else None,
                exercises=list(self.exercises.value) if self.exercises.value else None,
                routine=self.routine.value or None,
                paper=self.paper.value,
                large_print=self.large_print.value,
                lessons_dir=lessons_dir(),
                progress=self._show_step,
            )
        except (ExercisesError, OSError) as exc:
            self.status.value = f'<pre class="exl-stop">{escape(str(exc))}</pre>'
            return []
        finally:
            self.bar.layout.display, self.step.value = "none", ""
        links = "".join(
            f'<li><a href="{escape(os.path.relpath(p, Path.cwd()))}" target="_blank">{escape(p.name)}</a></li>'
            for p in written
        )
        done = ngettext(
            "Done: {count} file in {folder}", "Done: {count} files in {folder}", len(written)
        )
        self.status.value = f"<p>{escape(done.format(count=len(written), folder=self.out.value))}</p><ul>{links}</ul>"
        return written
