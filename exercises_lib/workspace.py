"""The learner's own copy of the course: lessons and tools to run, edit and save freely.

JupyterLab serves the workspace folder, so running and saving a lesson never changes a
file of the course itself, and a later ``git pull`` or ``pip install -U`` never conflicts.
It is ``$EXERCISES_WORKSPACE`` if set; else ``my-course/`` in a checkout (git ignores it),
so authors find it beside the lessons; else ``lower-back-course`` in the learner's
Documents folder, where an installed course has nowhere else of its own.

Copies leave out the trainer-only cells and any outputs. ``.course-copies.json`` in the
workspace remembers what each copy's cells said when it was made, so an update can tell
the learner's own edits (their copy is kept, with the new version saved beside it) from
a copy they only ran (replaced by the new version).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import platformdirs

from .coursefiles import cells_key, course_dir, in_checkout, learner_cells
from .errors import UsageError
from .i18n import SOURCE_LANGUAGE, _, current_language
from .lessonwords import translate
from .userdata import APP_NAME, safe_write

__all__ = ["WORKSPACE_ENV", "SyncReport", "learner_copy", "sync_workspace", "workspace_dir"]

WORKSPACE_ENV = "EXERCISES_WORKSPACE"
FOLDERS = ("lessons", "notebooks")
MANIFEST = ".course-copies.json"
# The manifest also keeps the language the copies are in.
_LANGUAGE = "language"
START_PAGE = "lessons/00-start-here.ipynb"


def workspace_dir() -> Path:
    """Where the learner's copies live (see the module's docstring for the order)."""
    chosen = os.environ.get(WORKSPACE_ENV)
    if chosen:
        return Path(chosen)
    if in_checkout():
        return course_dir() / "my-course"
    return Path(platformdirs.user_documents_dir()) / APP_NAME


def learner_copy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A lesson as a learner gets it: no trainer-only cells, no outputs."""
    copy = nbformat.from_dict(nb)
    copy.cells = learner_cells(copy.cells)
    for cell in copy.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return copy


def _cells_key(nb: nbformat.NotebookNode) -> str:
    return cells_key(nb.cells)


@dataclass
class SyncReport:
    """What a sync did, file by file (paths relative to the workspace)."""

    copied: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # (theirs, the new one beside it)

    def lines(self) -> list[str]:
        out = [_("new: {file}").format(file=p) for p in self.copied]
        out += [_("updated: {file}").format(file=p) for p in self.updated]
        out += [
            _("kept your changes in {file}; the course's new version is in {new}").format(
                file=theirs, new=fresh
            )
            for theirs, fresh in self.kept
        ]
        return out


def sync_workspace(course_dir: Path, workspace: Path, *, update: bool = False) -> SyncReport:
    """Copy every lesson and tool notebook the workspace lacks; with ``update``, refresh the rest.

    A copy whose cells the learner never edited is replaced by the new version; an
    edited one is kept, and the new version is written beside it as ``NAME.new.ipynb``.
    The copies are in the learner's language; when it changes, the copies are refreshed
    as for ``update``.
    """
    lang = current_language()
    sources = [p for folder in FOLDERS for p in sorted((course_dir / folder).glob("*.ipynb"))]
    if not sources:
        raise UsageError(
            _(
                "no lessons in {folder}; pass --course with a folder that has "
                "lessons/ and notebooks/, or leave it out to use the course's own"
            ).format(folder=course_dir / "lessons")
        )
    try:
        made = json.loads((workspace / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        made = {}
    before = dict(made)
    update = update or made.get(_LANGUAGE, SOURCE_LANGUAGE) != lang
    made[_LANGUAGE] = lang
    report = SyncReport()
    for source in sources:
        relative = f"{source.parent.name}/{source.name}"
        target = workspace / relative
        fresh = learner_copy(translate(nbformat.read(source, as_version=4), source, lang))
        key = _cells_key(fresh)
        if not target.exists():
            _write(target, fresh)
            report.copied.append(relative)
        elif update and made.get(relative) != key:
            theirs = _cells_key(nbformat.read(target, as_version=4))
            if theirs == made.get(relative):
                _write(target, fresh)
                report.updated.append(relative)
            elif theirs != key:
                beside = target.with_suffix(".new.ipynb")
                _write(beside, fresh)
                report.kept.append((relative, f"{source.parent.name}/{beside.name}"))
                continue  # their copy stays the one the manifest knows
        else:
            continue
        made[relative] = key
    if made != before:
        safe_write(workspace / MANIFEST, json.dumps(made, indent=1, sort_keys=True))
    return report


def _write(path: Path, nb: nbformat.NotebookNode) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    safe_write(path, nbformat.writes(nb) + "\n")
