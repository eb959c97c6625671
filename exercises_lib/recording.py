"""Saving what happens in the widgets to the progress log, without the learner doing anything."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from .progress import ProgressLog

if TYPE_CHECKING:  # the widgets call us; we only name their types
    from .widgets import PainCheck, SessionPlayer

__all__ = ["SessionRecorder"]


class SessionRecorder:
    """Writes a player's finished session and its pain check to the log, under one session id.

    The log file is opened only for each write, so a notebook left open holds no lock.
    """

    def __init__(self, db: Path | None = None):
        self.db = db
        self.session = uuid.uuid4().hex
        self._check_id: int | None = None
        self.saved_sessions = 0

    def watch_player(self, player: SessionPlayer) -> None:
        player.timer.on_done(lambda _event: self._save_session(player))

    def watch_pain_check(self, check: PainCheck) -> None:
        check.on_save(self._save_pain)
        check.on_stop_rule(self._save_stop_rule)

    def _save_session(self, player: SessionPlayer) -> None:
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
