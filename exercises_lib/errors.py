"""Problems found in the exercise library, reported all at once with file, line and field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "CatalogError",
    "ExercisesError",
    "Problem",
    "UnknownIdError",
    "UsageError",
    "closest",
]


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most like ``word`` (for "did you mean…?"), or None if none is close."""
    import difflib

    found = difflib.get_close_matches(word, list(choices), n=1)
    return found[0] if found else None


class ExercisesError(Exception):
    """A mistake in what the user asked for or gave us; its message says what to do.

    The command line prints the message and exits 1. Any other exception is a bug
    in the course and keeps its traceback.
    """


class UsageError(ExercisesError, ValueError):
    """A choice or value the user gave that cannot be used (an unknown lesson, a bad time)."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one data file, located as precisely as the file allows."""

    path: str
    line: int | None
    column: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        field = self.field or "(file)"
        return f"{where}: {field}: {self.message}"


class CatalogError(ExercisesError):
    """The data folder has problems; nothing was loaded. ``problems`` lists every one."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(sorted(problems, key=lambda p: (p.path, p.line or 0, p.column or 0)))
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the exercise data:"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


class UnknownIdError(ExercisesError, LookupError):
    """An id that names no exercise, routine or quiz; the message lists the valid ones."""

    def __init__(self, kind: str, wanted: str, known: Iterable[str]):
        known = sorted(known)
        close = closest(wanted, known)
        hint = f" Did you mean {close!r}?" if close else ""
        self.kind, self.wanted, self.known = kind, wanted, tuple(known)
        super().__init__(f"Unknown {kind} {wanted!r}.{hint} Known {kind}s: {', '.join(known)}.")

    def __str__(self) -> str:
        return str(self.args[0])
