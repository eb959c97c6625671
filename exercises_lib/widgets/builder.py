"""The routine builder: compose a routine from the catalog and save it as checked YAML."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..errors import ExercisesError, closest
from ..i18n import _, join_and
from ..lite import IN_BROWSER
from ..models import Catalog
from ..rendering import CARD_CSS, header_row
from ..userdata import held, safe_write, user_routines_dir
from ._base import style_widget

if not IN_BROWSER:  # saved routines are YAML files, which the browser's site never reads
    import yaml

    from ..checking import check_routine

__all__ = ["RoutineBuilder", "routine_id"]


def routine_id(name: str) -> str:
    """A safe file id from a routine's name: 'My Monday!' -> 'my-monday'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "my-routine"


class RoutineBuilder(widgets.VBox):
    """Pick exercises and doses, refuse avoid-list moves with the reason, save as YAML."""

    def __init__(self, catalog: Catalog, folder: Path | None = None):
        self.catalog = catalog
        self.folder = folder or user_routines_dir()
        self.items: list[dict[str, object]] = []
        names = [e.name for e in catalog]
        label = {"description_width": "initial"}
        self.name = widgets.Text(
            description=_("Routine name"),
            placeholder=_("My routine"),
            value=_("My routine"),
            style=label,
        )
        self.pick = widgets.Combobox(
            description=_("Exercise"),
            options=names,
            placeholder=_("Type or choose an exercise"),
            ensure_option=False,
            style=label,
            layout={"width": "22em"},
        )
        self.reps = widgets.BoundedIntText(
            description=_("Reps"), min=1, max=50, value=5, style=label, layout={"width": "8em"}
        )
        self.hold = widgets.BoundedFloatText(
            description=_("Hold (s)"),
            min=0,
            max=120,
            value=0,
            tooltip=_("0 keeps the exercise's own hold"),
            style=label,
            layout={"width": "10em"},
        )
        self.add_button = widgets.Button(
            description=_("Add"), icon="plus", tooltip=_("Add this exercise")
        )
        self.remove_button = widgets.Button(description=_("Remove last"), icon="minus")
        self.replace = widgets.Checkbox(
            description=_("Replace my saved routine with the same name"),
            indent=False,
            layout={"width": "auto"},
        )
        self.save_button = widgets.Button(
            description=_("Save routine"), icon="save", button_style="primary"
        )
        self.message = widgets.HTML()
        self.table = widgets.HTML()
        self.add_button.on_click(
            lambda _event: self.add(self.pick.value, self.reps.value, self.hold.value or None)
        )
        self.remove_button.on_click(lambda _event: self.remove_last())
        self.save_button.on_click(lambda _event: self.save())
        super().__init__(
            [
                style_widget(),
                self.name,
                widgets.HBox(
                    [self.pick, self.reps, self.hold, self.add_button, self.remove_button],
                    layout={"flex_flow": "row wrap"},
                ),
                self.table,
                self.replace,
                self.save_button,
                self.message,
            ]
        )
        self.add_class("exl-widget")
        self.add_class("exl-routine-builder")
        self._render()

    def _say(self, text: str, *, error: bool = False) -> None:
        css = "exl-stop" if error else "exl-print"
        self.message.value = f'<div class="{css}">{escape(text)}</div>'

    def _resolve(self, wanted: str) -> str | None:
        key = wanted.strip().lower()
        for avoided in self.catalog.safety.avoid:
            if key in (avoided.id, avoided.name.lower()):
                self._say(
                    _("{move} is on the avoid-while-in-pain list: {why}").format(
                        move=avoided.name, why=avoided.reason
                    ),
                    error=True,
                )
                return None
        for exercise in self.catalog:
            if key in (exercise.id, exercise.name.lower()):
                return exercise.id
        choices = [e.name for e in self.catalog]
        close = closest(wanted, choices)
        hint = " " + _("Did you mean {name}?").format(name=close) if close else ""
        none = _("There is no exercise called {name!r}.").format(name=wanted)
        choose = _("Choose one of: {names}.").format(names=", ".join(choices))
        self._say(f"{none}{hint} {choose}", error=True)
        return None

    def add(self, wanted: str, reps: int, hold_seconds: float | None = None) -> bool:
        """Add an exercise by name or id with its reps (and hold); refuse avoid-list moves."""
        exercise_id = self._resolve(wanted)
        if exercise_id is None:
            return False
        item: dict[str, object] = {"exercise": exercise_id, "reps": int(reps)}
        if hold_seconds and self.catalog[exercise_id].dose.hold_seconds:
            item["hold_seconds"] = float(hold_seconds)
        self.items.append(item)
        exercise = self.catalog[exercise_id]
        card = exercise.dose
        over = []
        if int(reps) > card.reps.max:
            over.append(_("the card says {reps} reps").format(reps=card.reps))
        if hold_seconds and card.hold_seconds and float(hold_seconds) > card.hold_seconds:
            over.append(_("a hold of {seconds:g} seconds").format(seconds=card.hold_seconds))
        more = (
            " "
            + _(
                "That is more than the card: {what}. Build up to it slowly, and only if a "
                "doctor or {physio} agrees."
            ).format(what=join_and(over), **self.catalog.safety.care)
            if over
            else ""
        )
        self._say(_("Added {name}.").format(name=exercise.name) + more)
        self._render()
        return True

    def remove_last(self) -> None:
        if self.items:
            self.items.pop()
            self._render()

    def document(self) -> dict[str, object]:
        name = self.name.value.strip() or _("My routine")
        return {
            "id": routine_id(name),
            "name": name,
            "description": _("Built with the routine builder."),
            "sessions_per_week": 3,
            "items": list(self.items),
        }

    def yaml_text(self) -> str:
        """The routine as YAML. No schema modeline: a path into the installed package would
        break with the next install, and the course checks the file itself on every load."""
        return yaml.safe_dump(self.document(), sort_keys=False, allow_unicode=True)

    def save(self) -> Path | None:
        """Check the routine like any data file, then write it atomically; None if refused."""
        if not self.items:
            self._say(_("Add at least one exercise first."), error=True)
            return None
        doc = self.document()
        path = self.folder / f"{doc['id']}.yaml"
        if doc["id"] in self.catalog.routines and not path.exists():
            self._say(
                _("The course already has a routine called {name!r}. Pick another name.").format(
                    name=doc["id"]
                ),
                error=True,
            )
            return None
        text = self.yaml_text()
        problems = check_routine(text, str(path), self.catalog)
        if problems:
            why = "; ".join(str(p) for p in problems)
            self._say(_("Not saved: {why}").format(why=why), error=True)
            return None
        try:
            # one builder at a time: two saving the same name never both say "Saved"
            with held(path):
                if path.exists() and not self.replace.value:
                    self._say(
                        _(
                            "You already saved a routine called {name!r}. Tick 'Replace' to "
                            "overwrite it."
                        ).format(name=doc["name"]),
                        error=True,
                    )
                    return None
                safe_write(path, text)
        except (OSError, ExercisesError) as error:  # a full disk, a read-only folder, a link
            why = getattr(error, "strerror", None) or str(error)
            self._say(_("Could not save: {why}").format(why=why), error=True)
            return None
        self._say(_("Saved to {file}. Pick it in the Today's session notebook.").format(file=path))
        return path

    def _render(self) -> None:
        rows = "".join(
            f"<tr><td>{i}</td><td>{escape(self.catalog[str(it['exercise'])].name)}</td>"
            f"<td>{it['reps']}</td><td>{it.get('hold_seconds', '') or ''}</td></tr>"
            for i, it in enumerate(self.items, 1)
        )
        empty = escape(_("No exercises yet."))
        body = rows or f'<tr><td colspan="4">{empty}</td></tr>'
        head = header_row("#", _("Exercise"), _("Reps"), _("Hold (s)"))
        self.table.value = (
            CARD_CSS + f'<table class="exl-card exl-builder-table">{head}' + body + "</table>"
        )
