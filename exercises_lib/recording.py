"""Saving what happens in the widgets to the progress log, without the learner doing anything.

The recorder knows the widgets only by what it asks of them (``Session``, ``PainScores``):
any session player or pain check that offers these can be recorded.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from .progress import ProgressLog

__all__ = ["PainScores", "Session", "SessionRecorder"]


class _Finishing(Protocol):
    def on_done(self, callback: Callable[[Any], object]) -> None: ...


class Session(Protocol):
    """A session player: a timer that says when it is done, and what was done."""

    @property
    def timer(self) -> _Finishing: ...

    def results(self) -> list[dict[str, Any]]: ...


class PainScores(Protocol):
    """A pain check: it calls back with (before, after) when saved, and on the stop rule."""

    def on_save(self, callback: Callable[[int, int], object]) -> None: ...

    def on_stop_rule(self, callback: Callable[[int, int], object]) -> None: ...


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
        check.on_save(self._save_pain)
        check.on_stop_rule(self._save_stop_rule)

    def _save_session(self, player: Session) -> None:
        with ProgressLog(self.db) as log:
            log.add_session(player.results(), session=self.session)
        self.saved_sessions += 1

    def _save_pain(self, before: int, after: int) -> None:
        with ProgressLog(self.db) as log:
            self._check_id = log.add_pain_check(before, after, session=self.session)

    def _save_stop_rule(self, before: int, after: int) -> None:
        with ProgressLog(self.db) as log:
            if self._check_id is None:  # the check itself was not saved: save it now, as it was
                self._check_id = log.add_pain_check(
                    before, after, session=self.session, stop_rule=True
                )
            else:
                log.mark_stop_rule(self._check_id)
