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
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from .coursefiles import cells_key, course_dir, in_checkout, learner_cells, read_notebook
from .errors import UsageError
from .i18n import SOURCE_LANGUAGE, _, current_language, language_name, ngettext
from .lessonwords import in_english, translate
from .steps import NO_PROGRESS, Progress, Step
from .userdata import APP_NAME, read_learner_json, safe_write

if TYPE_CHECKING:  # nbformat loads only to copy: its import costs seconds (jsonschema's IRI check)
    import nbformat

__all__ = [
    "WORKSPACE_ENV",
    "SyncReport",
    "fresh_copy",
    "learner_copy",
    "sync_workspace",
    "workspace_dir",
]

WORKSPACE_ENV = "EXERCISES_WORKSPACE"
FOLDERS = ("lessons", "notebooks")
MANIFEST = ".course-copies.json"
# The manifest also keeps the language the copies are in.
_LANGUAGE = "language"
START_PAGE = "lessons/00-start-here.ipynb"
# Lessons that moved to a new number (a lesson was added before them), old name first, the
# highest first so no move lands on a name still in use. A learner's copy moves with its
# lesson, edits and all, and the manifest follows it.
RENAMED = (
    ("lessons/07-your-routine.ipynb", "lessons/08-your-routine.ipynb"),
    ("lessons/06-partial-crunch.ipynb", "lessons/07-partial-crunch.ipynb"),
    ("lessons/05-gentle-extras.ipynb", "lessons/06-gentle-extras.ipynb"),
    ("lessons/04-bridge-overhead-reach.ipynb", "lessons/05-bridge-overhead-reach.ipynb"),
    ("lessons/03-bird-dog.ipynb", "lessons/04-bird-dog.ipynb"),
)


def workspace_dir() -> Path:
    """Where the learner's copies live (see the module's docstring for the order)."""
    chosen = os.environ.get(WORKSPACE_ENV)
    if chosen and not _inside_the_package(Path(chosen)):
        return Path(chosen).resolve()
    if in_checkout():
        return course_dir() / "my-course"
    return Path(platformdirs.user_documents_dir()) / APP_NAME


def _inside_the_package(folder: Path) -> bool:
    """A folder in the installed course itself, which the next install would wipe."""
    package = Path(__file__).resolve().parent
    return folder.resolve() == package or package in folder.resolve().parents


def fresh_copy(source: Path, lang: str) -> nbformat.NotebookNode:
    """The learner's copy of the course's notebook ``source``, in ``lang``."""
    return learner_copy(translate(read_notebook(source), source, lang))


def learner_copy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A lesson as a learner gets it: no trainer-only cells, no outputs, and the language
    its kernel will report, so opening it changes nothing (no unsaved mark, m17)."""
    import nbformat

    copy = nbformat.from_dict(nb)
    copy.cells = learner_cells(copy.cells)
    for cell in copy.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    if language := _kernel_language():
        copy.metadata["language_info"] = language
    return copy


@cache
def _kernel_language() -> dict[str, object] | None:
    """What this environment's Python kernel says of its language (JupyterLab writes it
    into a notebook as its kernel starts, and marks the notebook changed if it differs);
    None where no kernel is installed (the light install)."""
    try:
        from ipykernel.ipkernel import IPythonKernel  # IPython's import takes a second
    except ImportError:
        return None
    return dict(IPythonKernel.language_info)


def _cells_key(nb: nbformat.NotebookNode) -> str:
    return cells_key(nb.cells)


@dataclass
class SyncReport:
    """What a sync did, file by file (paths relative to the workspace)."""

    copied: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # (theirs, the new one beside it)
    # (copy, cells shown in English as they changed since translated, unknown cell ids)
    in_english: list[tuple[str, int, list[str]]] = field(default_factory=list)
    # (the language the copies were in, the one they are in now) when it changed (m18)
    switched: tuple[str, str] | None = None
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (old name, new name)

    def lines(self) -> list[str]:
        out = []
        if self.switched is not None:
            was, now = (language_name(code) for code in self.switched)
            out.append(
                _(
                    "Your copies of the lessons were in {was}; they are now in {now}. Copies "
                    "you had not changed were replaced (their outputs go); copies you changed "
                    "are kept, with the new version beside them."
                ).format(was=was, now=now)
            )
        out += [
            _("renamed: {old} is now {new}").format(old=old, new=new) for old, new in self.renamed
        ]
        out += [_("new: {file}").format(file=p) for p in self.copied]
        for copy, changed, unknown in self.in_english:
            if changed:
                out.append(
                    ngettext(
                        "{file}: {count} part is in English, as it changed after it was translated",
                        "{file}: {count} parts are in English, as they changed after they "
                        "were translated",
                        changed,
                    ).format(file=copy, count=changed)
                )
            if unknown:
                out.append(
                    _("{file}: its translation names cells the lesson does not have: {ids}").format(
                        file=copy, ids=", ".join(unknown)
                    )
                )
        out += [_("updated: {file}").format(file=p) for p in self.updated]
        out += [
            _("kept your changes in {file}; the course's new version is in {new}").format(
                file=theirs, new=fresh
            )
            for theirs, fresh in self.kept
        ]
        return out


def sync_workspace(
    course_dir: Path, workspace: Path, *, update: bool = False, progress: Progress = NO_PROGRESS
) -> SyncReport:
    """Copy every lesson and tool notebook the workspace lacks; with ``update``, refresh the rest.

    A copy whose cells the learner never edited is replaced by the new version; an
    edited one is kept, and the new version is written beside it as ``NAME.new.ipynb``
    (a ``.new`` copy the learner edited is kept too: the next one is ``NAME.new-2.ipynb``).
    A copy that cannot be read counts as edited. The copies are in the learner's
    language; when it changes, the copies are refreshed as for ``update``.
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
    _check_workspace(course_dir, workspace)
    made = _read_manifest(workspace)
    before = dict(made)
    was = made.get(_LANGUAGE, SOURCE_LANGUAGE)
    update = update or was != lang
    made[_LANGUAGE] = lang
    report = SyncReport()
    if was != lang and any(key != _LANGUAGE for key in before):  # copies in the old one
        report.switched = (was, lang)
    report.renamed = _follow_renames(workspace, made)
    for done, source in enumerate(sources):
        relative = _relative(source)
        progress(Step(_("checking {file}").format(file=relative), done, len(sources)))
        target = workspace / relative
        fresh = fresh_copy(source, lang)
        changed, unknown = in_english(fresh)
        if changed or unknown:
            report.in_english.append((relative, len(changed), unknown))
        key = _cells_key(fresh)
        if not target.exists():
            _write(target, fresh)
            report.copied.append(relative)
        elif update and made.get(relative) != key:
            theirs = _key_of(target)
            if theirs is not None and theirs == made.get(relative):
                _write(target, fresh)
                report.updated.append(relative)
            elif theirs != key:
                beside = _beside(target, key, made)
                if beside is not None:
                    _write(beside, fresh)
                    made[_relative(beside)] = key
                    report.kept.append((relative, _relative(beside)))
                continue  # their copy stays the one the manifest knows
        else:
            continue
        made[relative] = key
    if made != before:
        safe_write(workspace / MANIFEST, json.dumps(made, indent=1, sort_keys=True))
    return report


def _follow_renames(workspace: Path, made: dict[str, str]) -> list[tuple[str, str]]:
    """Move each copy of a lesson that changed its number to the new name, unless a copy
    is there already; the manifest's record moves with it."""
    moved = []
    for old, new in RENAMED:
        if (workspace / old).is_file() and not (workspace / new).exists():
            (workspace / old).rename(workspace / new)
            if old in made:
                made[new] = made.pop(old)
            moved.append((old, new))
    return moved


def _check_workspace(course: Path, workspace: Path) -> None:
    """Refuse a workspace whose copies would land on the course's own files or leave it.

    Not ``/``, not the course's folder, not a folder inside it (but ``my-course``, which
    git ignores), and no ``lessons`` or ``notebooks`` in it that is a link elsewhere.
    """
    here, course = workspace.resolve(), course.resolve()
    mine = course / "my-course"
    if (
        here == Path(here.anchor)
        or here == course
        or (course in here.parents and here != mine and mine not in here.parents)
    ):
        raise UsageError(
            _(
                "the workspace {folder} would put your copies over the course's own files; "
                "set {variable} to a folder of its own, outside the course, or unset it"
            ).format(folder=workspace, variable=WORKSPACE_ENV)
        )
    for folder in FOLDERS:
        if (workspace / folder).is_symlink():
            raise UsageError(
                _(
                    "{folder} is a link; your copies are not written through it. Remove the "
                    "link (a folder of that name is made for you) and start again"
                ).format(folder=workspace / folder)
            )


def _read_manifest(workspace: Path) -> dict[str, str]:
    """What each copy said when it was made; unreadable or oddly shaped counts as nothing
    known, so every existing copy is treated as the learner's own and kept."""
    made = read_learner_json(workspace / MANIFEST)
    if not isinstance(made, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in made.items()
    ):
        return {}
    return made


def _key_of(path: Path) -> str | None:
    """The cells key of a learner's copy; None when it cannot be read as a notebook."""
    try:
        return _cells_key(read_notebook(path))
    except UsageError:  # not a notebook (a pipe, JSON of another kind): theirs, kept
        return None


def _relative(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _beside(target: Path, key: str, made: dict[str, str]) -> Path | None:
    """Where the new version goes beside an edited copy; None if it is there already.

    ``NAME.new.ipynb`` while the learner has not edited it; else the first free (or
    unedited) ``NAME.new-2.ipynb``, ``NAME.new-3.ipynb``…
    """
    number = 1
    while True:
        suffix = ".new.ipynb" if number == 1 else f".new-{number}.ipynb"
        beside = target.with_name(target.name.removesuffix(".ipynb") + suffix)
        if not beside.exists():
            return beside
        found = _key_of(beside)
        if found == key:
            return None
        if found is not None and found == made.get(_relative(beside)):
            return beside
        number += 1


def _write(path: Path, nb: nbformat.NotebookNode) -> None:
    import nbformat

    path.parent.mkdir(parents=True, exist_ok=True)
    safe_write(path, nbformat.writes(nb) + "\n")
