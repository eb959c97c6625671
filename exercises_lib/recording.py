"""Saving what happens in the widgets to the progress log, without the learner doing anything.

The recorder knows the widgets only by what it asks of them (``Session``, ``PainScores``):
any session player or pain check that offers these can be recorded. A log that cannot be
written (busy, read-only, another program's file) is said in the widget whose save
failed, in one line, never as a traceback; the session itself goes on.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from .errors import ExercisesError
from .i18n import _
from .progress import ProgressLog

__all__ = ["PainScores", "Session", "SessionRecorder"]


class _Finishing(Protocol):
    def on_done(self, callback: Callable[[Any], object]) -> None: ...


class Session(Protocol):
    """A session player: a timer that says when it is done, and what was done."""

    @property
    def timer(self) -> _Finishing: ...

    def results(self) -> list[dict[str, Any]]: ...

    def show_problem(self, text: str) -> None: ...


class PainScores(Protocol):
    """A pain check: it calls back with (before, after) when saved, and on the stop rule;
    ``nerve_signs`` is its answer to the nerve-signs question."""

    @property
    def nerve_signs(self) -> bool: ...

    def on_save(self, callback: Callable[[int, int], object]) -> None: ...

    def on_stop_rule(self, callback: Callable[[int, int], object]) -> None: ...

    def show_problem(self, text: str) -> None: ...


class SessionRecorder:
    """Writes a player's finished session and its pain check to the log, under one session id.

    The log file is opened only for each write, so a notebook left open holds no lock.
    """

    def __init__(self, db: Path | None = None):
        self.db = db
        self.session = uuid.uuid4().hex
        self._check_id: int | None = None
        self.saved_sessions = 0

    def watch_player(self, player: Session) -> None:
        player.timer.on_done(lambda _event: self._save_session(player))

    def watch_pain_check(self, check: PainScores) -> None:
        check.on_save(lambda before, after: self._save_pain(check, before, after))
        check.on_stop_rule(lambda before, after: self._save_stop_rule(check, before, after))

    def _write(self, widget: Session | PainScores, write: Callable[[ProgressLog], object]) -> bool:
        """One write to the log; if it cannot be written, the widget says why."""
        try:
            with ProgressLog(self.db) as log:
                write(log)
        except (ExercisesError, OSError) as error:
            widget.show_problem(
                _("Not saved in your progress log: {problem}").format(problem=error)
            )
            return False
        return True

    def _save_session(self, player: Session) -> None:
        if self._write(player, lambda log: log.add_session(player.results(), session=self.session)):
            self.saved_sessions += 1

    def _save_pain(self, check: PainScores, before: int, after: int) -> None:
        def write(log: ProgressLog) -> None:
            self._check_id = log.add_pain_check(
                before, after, session=self.session, nerve_signs=check.nerve_signs
            )

        self._write(check, write)

    def _save_stop_rule(self, check: PainScores, before: int, after: int) -> None:
        def write(log: ProgressLog) -> None:
            if self._check_id is None:  # the check itself was not saved: save it now, as it was
                self._check_id = log.add_pain_check(
                    before, after, session=self.session, stop_rule=True
                )
            else:
                log.mark_stop_rule(self._check_id)

        self._write(check, write)
