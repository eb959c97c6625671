"""Where the learner lives and the language they read: the region whose emergency routes
the course names, and the language of every lesson, widget, handout and deck."""

from __future__ import annotations

import os
from html import escape

import ipywidgets as widgets

from ..errors import ExercisesError
from ..i18n import LANG_ENV, _, current_language, language_name, languages
from ..models import Catalog
from ..regions import REGION_ENV, save_region
from ..settings import save_language
from ._base import PrintFallback, style_widget

__all__ = ["RegionPicker"]

_NONE = ""


class RegionPicker(PrintFallback, widgets.VBox):
    """Pick a country or region, and a language, and save them; every lesson and handout
    then names that region's routes in that language.

    The choices are kept in the learner's folder. ``$EXERCISES_REGION``, ``--region``,
    ``$EXERCISES_LANG`` and ``--lang`` still win over them, for a trainer who sets them.
    """

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        options = [(_("Not set: show the common numbers"), _NONE)]
        # "Ireland: 112 (or 999)": brackets inside brackets read badly (m11)
        options += [(f"{r.name}: {r.emergency}", code) for code, r in catalog.regions.items()]
        current = catalog.region.code if catalog.region else _NONE
        self.picker = widgets.Dropdown(
            options=options,
            value=current,
            description=_("Where you live"),
            style={"description_width": "8em"},
            layout={"width": "auto"},
        )
        self.language = widgets.Dropdown(
            options=[(language_name(code), code) for code in languages()],
            value=current_language(),
            description=_("Language"),
            style={"description_width": "8em"},
            layout={"width": "auto"},
        )
        self.save_button = widgets.Button(description=_("Save"), icon="check")
        self.save_button.add_class("exl-save-region")
        self.save_button.on_click(lambda _event: self.save())
        self.message = widgets.HTML()
        super().__init__(
            [
                style_widget(),
                widgets.HBox([widgets.VBox([self.picker, self.language]), self.save_button]),
                self.message,
            ]
        )
        self.add_class("exl-widget")
        self.add_class("exl-region-picker")

    def save(self) -> bool:
        """Keep the choice; say so, or say why it could not be kept."""
        code = self.picker.value or None
        try:
            save_region(code)
            save_language(self.language.value)
        except (OSError, ExercisesError) as error:
            could_not = _("Could not save: {problem}").format(problem=error)
            self.message.value = f"<p>{escape(could_not)}</p>"
            return False
        overridden = self._overridden(code)
        if overridden:
            self.message.value = f'<div class="exl-caution" role="alert">{escape(overridden)}</div>'
            return False
        where = self.catalog.regions[code].name if code else _("no region (the common numbers)")
        saved = _(
            "Saved: {where}. Lessons you open from now on, and handouts you print, name its "
            "emergency routes. In a lesson already open, choose"
        ).format(where=where)
        restart = _("Kernel → Restart Kernel and Run All Cells")
        self.message.value = f"<p>{escape(saved)} <strong>{escape(restart)}</strong>.</p>"
        return True

    def _overridden(self, code: str | None) -> str:
        """Why a saved choice will not be used: a setting that wins over it, named; else ''."""
        said = []
        for setting, chosen in ((REGION_ENV, code or ""), (LANG_ENV, self.language.value)):
            value = os.environ.get(setting, "").strip()
            if value and value.upper() != chosen.upper():
                said.append(f"{setting}={value}")
        if not said:
            return ""
        return _(
            "Kept for later, but not used now: the setting {settings} wins over your choice "
            "here. Ask whoever set it (a trainer, or this computer's settings) to remove it; "
            "until then the course keeps to that setting."
        ).format(settings=" ".join(said))

    def print_html(self) -> str:
        region = self.catalog.region
        if region is None:
            label, text = _("Your emergency number:"), _("write it here: ____________")
            return f'<div class="exl-print"><strong>{escape(label)}</strong> {escape(text)}</div>'
        label = _("Your region:")
        text = _("{region}; emergency number {number}.").format(
            region=region.name, number=region.emergency
        )
        return f'<div class="exl-print"><strong>{escape(label)}</strong> {escape(text)}</div>'
