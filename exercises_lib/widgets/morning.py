"""The next-morning check: the morning after a session, is the back worse than usual?

The answer is saved to the progress log, where the plan's ladder reads it: no step up
after a worse morning, and a step down after worse mornings in a row (the rulebook's
``ladder_down_after_worse_mornings``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..errors import ExercisesError
from ..i18n import _, ngettext
from ..progress import ProgressLog
from ..safetymodels import Rulebook
from ._base import said_html

__all__ = ["MorningCheck"]


class MorningCheck(widgets.VBox):
    """One question with two answers; the answer is saved, then ``on_answer`` is called."""

    def __init__(
        self,
        rules: Rulebook,
        day: date,
        *,
        db: Path | None = None,
        on_answer: Callable[[bool], object] = lambda _worse: None,
    ):
        self.rules = rules
        self.day = day
        self.db = db
        self.on_answer = on_answer
        heading = _("How is your back today?")
        question = _("Compared with usual, is your back worse this morning?")
        self.question = widgets.HTML(f"<h2>{escape(heading)}</h2><p>{escape(question)}</p>")
        self.worse_button = widgets.Button(
            description=_("Yes, worse than usual"), layout={"width": "auto"}
        )
        self.same_button = widgets.Button(description=_("No, not worse"), layout={"width": "auto"})
        self.worse_button.on_click(lambda _event: self.answer(worse=True))
        self.same_button.on_click(lambda _event: self.answer(worse=False))
        self.buttons = widgets.HBox(
            [self.worse_button, self.same_button], layout={"flex_flow": "row wrap"}
        )
        self.said = widgets.HTML()
        self.answered = False
        super().__init__([self.question, self.buttons, self.said])
        self.add_class("exl-widget")
        self.add_class("exl-morning-check")

    def answer(self, *, worse: bool) -> bool:
        """Save the answer for today; say so, or say why it could not be saved."""
        try:
            with ProgressLog(self.db) as log:
                log.add_morning(self.day, worse)
        except ExercisesError as error:
            self.said.value = said_html(_("Your answer was not saved."), str(error), "alert")
            return False
        self.answered = True
        self.buttons.layout.display = "none"
        count = self.rules.ladder_down_after_worse_mornings
        then = (
            ngettext(
                "A worse morning keeps each move where it is; after {count} in a row, the "
                "plan steps down to the easier versions.",
                "A worse morning keeps each move where it is; after {count} in a row, the "
                "plan steps down to the easier versions.",
                count,
            ).format(count=count)
            if worse
            else ""
        )
        self.said.value = said_html(_("Saved. Thank you."), then, "status")
        self.on_answer(worse)
        return True
