"""Today's walk: a box to log the minutes walked, set to the plan's minutes for today
(the plan's box above it says how far this week's walking has come).

Walking builds up week by week (each week of the programme names its minutes a day)
towards the rulebook's ``walk_goal_minutes_a_week``. What is logged here is what
`plan today` and the progress page count.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..errors import ExercisesError
from ..i18n import _
from ..logschema import WALK_MINUTES_MAX
from ..plan import PlanDay
from ..progress import ProgressLog
from ._base import said_html

__all__ = ["WalkLog"]


class WalkLog(widgets.VBox):
    """A minutes box, set to the plan's minutes a day, and a save button; after a save,
    ``on_saved`` is called with the minutes so the page can count them."""

    def __init__(
        self,
        day: PlanDay,
        *,
        db: Path | None = None,
        on_saved: Callable[[int], object] = lambda _minutes: None,
    ):
        self.walked_on = day.today
        self.db = db
        self.on_saved = on_saved
        heading = _("Today's walk")
        self.heading = widgets.HTML(f"<h2>{escape(heading)}</h2>")
        self.minutes = widgets.BoundedIntText(
            value=day.plan_week.walk_minutes,
            min=1,
            max=WALK_MINUTES_MAX,
            description=_("Minutes walked"),
            style={"description_width": "initial"},
            layout={"width": "auto"},
        ).add_class("exl-walk-minutes")
        self.save_button = widgets.Button(
            description=_("Save my walk"), icon="check", layout={"width": "auto"}
        )
        self.save_button.add_class("exl-save-walk")
        self.save_button.on_click(lambda _event: self.save())
        self.said = widgets.HTML()
        super().__init__(
            [
                self.heading,
                widgets.HBox([self.minutes, self.save_button], layout={"flex_flow": "row wrap"}),
                self.said,
            ]
        )
        self.add_class("exl-widget")
        self.add_class("exl-walk-log")

    def save(self) -> bool:
        """Log the minutes for today; say so, or say why they could not be saved."""
        minutes = int(self.minutes.value)
        try:
            with ProgressLog(self.db) as log:
                log.add_walk(self.walked_on, minutes)
        except ExercisesError as error:
            self.said.value = said_html(_("Your walk was not saved."), str(error), "alert")
            return False
        done = _("Saved: {minutes} min. Well done for getting out.").format(minutes=minutes)
        self.said.value = said_html(done, "", "status")
        self.on_saved(minutes)
        return True
