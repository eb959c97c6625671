"""Where the course's own lessons, tool notebooks and trainer guide are read from.

In a checkout (an editable install, as ``make lab`` makes) they are the repository's
``lessons/`` and ``notebooks/``, so authors see their edits at once. An installed wheel
carries a copy of both inside the package (``exercises_lib/_course``, see pyproject.toml),
so ``exercises lab``, ``update``, ``slides`` and ``handouts`` work from any folder.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["SHIPPED_COURSE", "course_dir", "in_checkout", "lessons_dir", "trainer_guide"]

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent
SHIPPED_COURSE = _PACKAGE / "_course"


def in_checkout() -> bool:
    """True when the package runs from the course's own repository, not from an install."""
    return (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "lessons").is_dir()


def course_dir() -> Path:
    """The folder holding ``lessons/`` and ``notebooks/``: the checkout's, else the shipped copy."""
    return _CHECKOUT if in_checkout() else SHIPPED_COURSE


def lessons_dir() -> Path:
    """The course's own lesson notebooks."""
    return course_dir() / "lessons"


def trainer_guide() -> Path:
    """The trainer guide that ships beside the lessons."""
    return lessons_dir() / "TRAINER-GUIDE.md"
