"""Problems found in the exercise library, reported all at once with file, line and field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "N_",
    "CatalogError",
    "ExercisesError",
    "Problem",
    "Suggestions",
    "UsageError",
    "closest",
]


class Suggestions:
    """The "did you mean…?" index of one set of choices: built once, asked for many words.

    Each choice's matcher is built once (difflib's costly half is the indexed side), and
    each word is matched once; a file with thousands of unknown ids stays quick.
    """

    CUTOFF = 0.6  # difflib.get_close_matches' own

    def __init__(self, choices: Iterable[str]):
        import difflib

        self.choices = tuple(sorted(set(choices)))
        self._matchers = [difflib.SequenceMatcher(None, "", c) for c in self.choices]
        self._found: dict[str, str | None] = {}

    def closest(self, word: str) -> str | None:
        """The choice most like ``word``, or None if none is close."""
        if word not in self._found:
            best, score = None, self.CUTOFF
            for choice, matcher in zip(self.choices, self._matchers, strict=True):
                matcher.set_seq1(word)
                # the cheap upper bounds first, as difflib.get_close_matches does
                if matcher.real_quick_ratio() < score or matcher.quick_ratio() < score:
                    continue
                ratio = matcher.ratio()
                if ratio > score or (best is None and ratio == score):
                    best, score = choice, ratio
            self._found[word] = best
        return self._found[word]

    def listed(self, most: int = 20) -> str:
        """The choices joined for a message; past ``most``, the rest are counted, not listed."""
        shown = ", ".join(self.choices[:most])
        rest = len(self.choices) - most
        return f"{shown} and {rest} more" if rest > 0 else shown


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most like ``word`` (for "did you mean…?"), or None if none is close."""
    return Suggestions(choices).closest(word)


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

    # Past this many, the message counts the rest: a file with 30,000 mistakes needs the
    # first ones fixed before the others mean anything.
    SHOWN = 50

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(sorted(problems, key=lambda p: (p.path, p.line or 0, p.column or 0)))
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the exercise data:"
        lines = [head, *(f"  {p}" for p in self.problems[: self.SHOWN])]
        if count > self.SHOWN:
            lines.append(f"  … and {count - self.SHOWN} more")
        super().__init__("\n".join(lines))


def N_(message: str) -> str:
    """Mark a message for the catalogue where it is defined; translate it with ``_`` where shown.

    Defined here, where everything can import it; ``i18n`` hands it on.
    """
    return message
