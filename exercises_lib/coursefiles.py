"""Where the course's own lessons, tool notebooks and trainer guide are read from.

In a checkout (an editable install, as ``make lab`` makes) they are the repository's
``lessons/`` and ``notebooks/``, so authors see their edits at once. An installed wheel
carries a copy of both inside the package (``exercises_lib/_course``, see pyproject.toml),
so ``exercises lab``, ``update``, ``slides`` and ``handouts`` work from any folder.
"""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import UsageError
from .i18n import _
from .userdata import LOG_FILE, SETTINGS_FILE, user_dir, user_routines_dir

if TYPE_CHECKING:
    from nbformat import NotebookNode

__all__ = [
    "SHIPPED_COURSE",
    "SHIPPED_DATA",
    "cells_key",
    "course_dir",
    "in_checkout",
    "is_course_lesson",
    "learner_cells",
    "lessons_dir",
    "protected_paths",
    "read_notebook",
    "trust_key",
]

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent
SHIPPED_COURSE = _PACKAGE / "_course"
# The course's own data: inside the package when installed, the repository's when editable.
SHIPPED_DATA = _PACKAGE / "_data" if (_PACKAGE / "_data").is_dir() else _CHECKOUT / "data"


@cache
def in_checkout() -> bool:
    """True when the package runs from the course's own repository, not from an install:
    beside it is the course's own pyproject.toml (a site-packages folder that happens to
    hold a pyproject.toml and a lessons folder is not a checkout)."""
    try:
        project = (_CHECKOUT / "pyproject.toml").read_text(encoding="utf-8")
    except (OSError, ValueError):
        return False
    return 'name = "exercises-lib"' in project and (_CHECKOUT / "lessons").is_dir()


def course_dir() -> Path:
    """The folder holding ``lessons/`` and ``notebooks/``: the checkout's, else the shipped copy."""
    return _CHECKOUT if in_checkout() else SHIPPED_COURSE


def lessons_dir() -> Path:
    """The course's own lesson notebooks."""
    return course_dir() / "lessons"


def protected_paths(*also: Path | str) -> list[Path]:
    """What no output may replace, whatever ``--out`` says: the course's lessons and tool
    notebooks, the learner's saved routines, settings and progress log, and ``also`` (the
    data a command reads, a log named with ``--db``, the learner's copies)."""
    course = course_dir()
    home = user_dir()
    learner = [user_routines_dir(), home / SETTINGS_FILE, home / LOG_FILE]
    return [course / "lessons", course / "notebooks", *learner, *map(Path, also)]


_TRAINER_ONLY = "trainer"


# A lesson, with all its outputs, is a few megabytes at most; a bigger file is not one.
MAX_NOTEBOOK_BYTES = 64 * 1024 * 1024


def read_notebook(path: Path) -> NotebookNode:
    """The notebook at ``path``, or UsageError saying why it is not one: not a regular file
    (a pipe would wait for ever), too big, not JSON, or JSON that is not a notebook."""
    import nbformat  # slow to import: only when a notebook is read, not at every command

    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file")
        if info.st_size > MAX_NOTEBOOK_BYTES:
            raise ValueError(f"{info.st_size} bytes, more than any lesson")
        with path.open(encoding="utf-8") as source:
            nb = nbformat.read(source, as_version=4)
        nbformat.validate(nb)
    except (
        OSError,
        ValueError,
        TypeError,
        KeyError,
        AttributeError,
        RecursionError,
        nbformat.ValidationError,
    ) as exc:
        # nbformat's upgrade and checks fail in all of these ways on JSON that is no notebook
        problem = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise UsageError(
            _("{file} is not a readable notebook ({problem}); restore it with git").format(
                file=path, problem=str(problem)[:200]
            )
        ) from None
    return nb


def cells_key(cells: Iterable[Mapping[str, Any]]) -> str:
    """What the cells say, whatever was run or saved: running a notebook keeps its key."""
    text = "\0".join(f"{c.get('cell_type')}:{_source(c)}" for c in cells)
    return hashlib.sha256(text.encode()).hexdigest()


def trust_key(cells: Iterable[Mapping[str, Any]]) -> str:
    """What the cells say and how each prints (its tags and slide type): a notebook with the
    course's words but a cell hidden from print, or kept from running, is not the course's."""
    text = "\0".join(f"{c.get('cell_type')}:{_source(c)}:{_print_marks(c)}" for c in cells)
    return hashlib.sha256(text.encode()).hexdigest()


def _print_marks(cell: Mapping[str, Any]) -> str:
    metadata = cell.get("metadata")
    metadata = metadata if isinstance(metadata, Mapping) else {}
    tags = metadata.get("tags")
    slides = metadata.get("slideshow")
    slide = slides.get("slide_type", "") if isinstance(slides, Mapping) else ""
    return json.dumps([sorted(map(str, tags)) if isinstance(tags, list) else [], str(slide)])


def _source(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def learner_cells(cells: Iterable[Mapping[str, Any]]) -> list[Any]:
    """The cells a learner's copy keeps: all but the trainer-only ones."""
    return [c for c in cells if _TRAINER_ONLY not in c.get("metadata", {}).get("tags", [])]


@cache
def _lesson_keys(folder: Path) -> frozenset[str]:
    """The keys of every lesson in ``folder``, as the course has it and as a learner's copy."""
    keys = set()
    for path in folder.glob("[0-9][0-9]-*.ipynb"):
        try:
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        keys |= {trust_key(cells), trust_key(learner_cells(cells))}
    return frozenset(keys)


def is_course_lesson(nb: Mapping[str, Any]) -> bool:
    """True only for one of the course's own lessons, recognised by what its cells say.

    This decides whether a notebook's code may run when it is printed, so it never trusts
    anything the notebook says about itself (its metadata, its name, where it lies): a
    stranger's notebook, or a lesson someone changed, is printed as it is.
    """
    return trust_key(nb.get("cells", [])) in _lesson_keys(lessons_dir())
