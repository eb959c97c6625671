"""An id the user typed that names nothing: the error lists every valid one, and the
closest, in the learner's language."""

from __future__ import annotations

from collections.abc import Iterable

from .errors import N_, ExercisesError, closest
from .i18n import _

__all__ = ["UnknownIdError"]


# One whole sentence per kind, so each language can say it its own way.
_UNKNOWN = {
    "exercise": N_("Unknown exercise {wanted!r}.{hint} Known exercises: {known}."),
    "routine": N_("Unknown routine {wanted!r}.{hint} Known routines: {known}."),
    "programme": N_("Unknown programme {wanted!r}.{hint} Known programmes: {known}."),
    "quiz": N_("Unknown quiz {wanted!r}.{hint} Known quizzes: {known}."),
    "region": N_("Unknown region {wanted!r}.{hint} Known regions: {known}."),
    "measure": N_("Unknown check-in {wanted!r}.{hint} Known check-ins: {known}."),
}


class UnknownIdError(ExercisesError, LookupError):
    """An id that names no exercise, routine or quiz; the message lists the valid ones.

    ``kind`` is one of: exercise, routine, programme, quiz, region, measure.
    """

    def __init__(self, kind: str, wanted: str, known: Iterable[str]):
        known = sorted(known)
        close = closest(wanted, known)
        hint = _(" Did you mean {close!r}?").format(close=close) if close else ""
        self.kind, self.wanted, self.known = kind, wanted, tuple(known)
        message = _(_UNKNOWN[kind]).format(wanted=wanted, hint=hint, known=", ".join(known))
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])
