"""The learner's progress log: sessions, reps and pain, kept in SQLite so nothing is lost.

One file in the user's data folder ($EXERCISES_DB or ``--db`` to move it). WAL mode
lets readers and a writer work at once; every write is one transaction, so a crash
leaves either the whole entry or none of it. The schema carries its version in
``PRAGMA user_version`` and migrates forward on open.

From version 4 the tables enforce what the course enforces (``RULES``), so another tool
cannot write a row the course would refuse. A row that breaks a rule anyway (from an older
log, or a tool that turned the checks off) is never dropped: it is moved, whole, to the
``set_aside`` table, and ``problems()`` names it by table and id.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from .i18n import _
from .lite import IN_BROWSER, log_copy
from .logfile import LogError, LogFile
from .logrecords import (
    CheckIn,
    Clearance,
    Entry,
    Goal,
    GoalScore,
    MorningAnswer,
    PainCheckRecord,
    RowProblem,
    Summary,
    Walk,
)
from .logschema import (
    SCHEMA_VERSION,
    SIDES,
    STAMP_COLUMNS,
    TABLES,
    broken_rules,
    kept_rows,
    now_stamp,
    one_format,
    shape,
)
from .measures import GOAL_SCORE_RANGE, Measure, Score
from .rulebook import DayRow
from .safetymodels import Rulebook
from .userdata import LOG_FILE, user_dir

__all__ = [
    "DB_ENV",
    "SCHEMA_VERSION",
    "Entry",
    "LogError",
    "PainCheckRecord",
    "ProgressLog",
    "RowProblem",
    "Summary",
    "default_db_path",
    "noon_stamp",
]

DB_ENV = "EXERCISES_DB"


def default_db_path() -> Path:
    """$EXERCISES_DB, else progress.sqlite (LOG_FILE) in the learner's data folder."""
    configured = os.environ.get(DB_ENV)
    return Path(configured) if configured else user_dir() / LOG_FILE


def _pain(name: str, value: int | None) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or not 0 <= value <= 10:
        raise LogError(
            _("{name} must be a whole number from 0 to 10; got {value!r}").format(
                name=name, value=value
            )
        )
    return value


def _is_text(text: str) -> bool:
    """Whether SQLite can keep ``text``: no lone surrogates (undecodable bytes)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def noon_stamp(day: date) -> str:
    """The time stamp of something logged after the fact: noon that day, local time."""
    return datetime.combine(day, time(12)).astimezone().isoformat(timespec="seconds")


class ProgressLog:
    """The log in one SQLite file. Open with ``ProgressLog(path)``; close or use ``with``."""

    # A few seconds: long enough for another session's write to finish, short enough that
    # a log held open by another program is reported as busy before the learner gives up.
    BUSY_SECONDS = 5.0

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        timeout: float | None = None,
        readonly: bool = False,
    ):
        """Open the log; ``readonly`` opens an existing one for reading and never creates it.

        Before anything is changed, a file that is not a log, is damaged, was written by a
        newer version of the course, or whose tables are not the ones its version has, is
        refused with LogError, saying what to do; so is a log that is busy or read-only.
        """
        self.path = Path(path) if path is not None else default_db_path()
        self.readonly = readonly
        seconds = self.BUSY_SECONDS if timeout is None else timeout
        if IN_BROWSER:  # SQLite works on a copy in memory; each write is saved (see lite)
            kept_at = None if readonly else self.path
            self._file = LogFile(log_copy(self.path), seconds, readonly, kept_at)
        else:
            self._file = LogFile(self.path, seconds, readonly=readonly)
        self._db = self._file.connect()
        self._db.row_factory = sqlite3.Row

    def _reading(self) -> AbstractContextManager[sqlite3.Connection]:
        return self._file.reading(self._db)

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        return self._file.writing(self._db)

    def __enter__(self) -> ProgressLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @property
    def schema_version(self) -> int:
        return self._db.execute("PRAGMA user_version").fetchone()[0]

    def add(
        self,
        exercise: str,
        *,
        reps: int | None = None,
        side: str | None = None,
        hold_seconds: float | None = None,
        pain_before: int | None = None,
        pain_after: int | None = None,
        note: str = "",
        session: str | None = None,
        logged_at: str | None = None,
        rung: str | None = None,
    ) -> int:
        """Add one entry; refuse bad values before anything is written."""
        if not _is_text(note):
            raise LogError(_("the note holds bytes that are not UTF-8 text; type it again"))
        if side is not None and side not in SIDES:
            raise LogError(
                _("side must be one of: {sides}; got {side!r}").format(
                    sides=", ".join(SIDES), side=side
                )
            )
        if reps is not None and (not isinstance(reps, int) or reps < 0):
            raise LogError(
                _("reps must be a whole number, 0 or more; got {reps!r}").format(reps=reps)
            )
        if hold_seconds is not None and hold_seconds <= 0:
            raise LogError(
                _("hold seconds must be more than 0; got {seconds!r}").format(seconds=hold_seconds)
            )
        return self._insert(
            "entries",
            logged_at=one_format(logged_at) if logged_at else now_stamp(),
            exercise=exercise,
            reps=reps,
            side=side,
            hold_seconds=hold_seconds,
            pain_before=_pain("pain before", pain_before),
            pain_after=_pain("pain after", pain_after),
            note=note,
            session=session,
            rung=rung,
        )

    def add_morning(self, day: date, worse: bool, *, answered_at: str | None = None) -> int:
        """The morning after a session: whether the back is worse than usual."""
        return self._insert(
            "mornings",
            answered_at=one_format(answered_at) if answered_at else now_stamp(),
            day=day.isoformat(),
            worse=int(worse),
        )

    def add_clearance(
        self, exercise: str, highest_rung: str, *, cleared_at: str | None = None
    ) -> int:
        """A doctor's or physio's highest rung for an exercise; the newest one counts."""
        return self._insert(
            "clearances",
            cleared_at=one_format(cleared_at) if cleared_at else now_stamp(),
            exercise=exercise,
            highest_rung=highest_rung,
        )

    def clearances(self, since: date | None = None) -> list[Clearance]:
        """Every clearance, oldest first (none in a log from before clearances)."""
        if "clearances" not in shape(self.schema_version):
            return []
        return [Clearance(**dict(row)) for row in self._rows("clearances", since)]

    def add_walk(self, day: date, minutes: int, *, walked_at: str | None = None) -> int:
        """Minutes walked on ``day``; several walks on a day add up."""
        if isinstance(minutes, bool) or not isinstance(minutes, int):
            raise LogError(
                _("minutes must be a whole number; got {minutes!r}").format(minutes=minutes)
            )
        return self._insert(
            "walks",
            walked_at=one_format(walked_at) if walked_at else now_stamp(),
            day=day.isoformat(),
            minutes=minutes,
        )

    def walks(self, since: date | None = None) -> list[Walk]:
        """Every walk, oldest first (none in a log from before walking)."""
        if "walks" not in shape(self.schema_version):
            return []
        return [Walk(**dict(row)) for row in self._rows("walks", since)]

    def walked(self) -> dict[date, int]:
        """Minutes walked on each day."""
        days: dict[date, int] = {}
        for walk in self.walks():
            day = date.fromisoformat(walk.day)
            days[day] = days.get(day, 0) + walk.minutes
        return days

    def set_goal(self, slot: int, activity: str, *, set_at: str | None = None) -> int:
        """Name an everyday activity the back makes hard; it replaces the slot's old goal."""
        if not isinstance(activity, str) or not _is_text(activity):
            raise LogError(_("the goal holds bytes that are not UTF-8 text; type it again"))
        return self._insert(
            "goals",
            set_at=one_format(set_at) if set_at else now_stamp(),
            slot=slot,
            activity=" ".join(activity.split()),
        )

    def goals(self) -> list[Goal]:
        """The learner's goals now: the newest in each slot, by slot."""
        if "goals" not in shape(self.schema_version):
            return []
        newest = {g.slot: g for g in (Goal(**dict(row)) for row in self._rows("goals", None))}
        return [newest[slot] for slot in sorted(newest)]

    def score_goals(
        self, day: date, scores: dict[int, int], *, scored_at: str | None = None
    ) -> None:
        """Score goals (by id) on ``day``, all in one transaction: all saved, or none."""
        stamp = one_format(scored_at) if scored_at else now_stamp()
        known = {g.id for g in self.goals()}
        strange = sorted(set(scores) - known)
        if strange:
            raise LogError(
                _("no such goal: {ids}; set your goals first").format(
                    ids=", ".join(map(str, strange))
                )
            )
        rows = [(stamp, day.isoformat(), goal, score) for goal, score in scores.items()]
        try:
            with self._write() as db:
                db.executemany(
                    "INSERT INTO goal_scores (scored_at, day, goal, score) VALUES (?, ?, ?, ?)",
                    rows,
                )
        except sqlite3.IntegrityError:
            low, high = GOAL_SCORE_RANGE
            raise LogError(
                _(
                    "nothing was saved: each score must be a whole number from {low} to {high}"
                ).format(low=low, high=high)
            ) from None

    def goal_scores(self, since: date | None = None) -> list[GoalScore]:
        """Every goal score, oldest first (none in a log from before goals)."""
        if "goal_scores" not in shape(self.schema_version):
            return []
        return [GoalScore(**dict(row)) for row in self._rows("goal_scores", since)]

    def add_check_in(
        self,
        measure: Measure,
        answers: Mapping[str, object],
        day: date,
        *,
        taken_at: str | None = None,
    ) -> Score:
        """Save a questionnaire's answers, once its published scoring has accepted them all."""
        try:
            score = measure.score(answers)
        except ValueError as exc:
            raise LogError(_("nothing was saved: {why}").format(why=exc)) from None
        kept = {
            item.id: item.points(answers[item.id]) if item.scale else answers[item.id]
            for item in measure.items
        }
        self._insert(
            "check_ins",
            taken_at=one_format(taken_at) if taken_at else now_stamp(),
            day=day.isoformat(),
            measure=measure.id,
            answers=json.dumps(kept),
        )
        return score

    def check_ins(self, since: date | None = None) -> list[CheckIn]:
        """Every check-in, oldest first (none in a log from before check-ins)."""
        if "check_ins" not in shape(self.schema_version):
            return []
        return [
            CheckIn(**{**dict(row), "answers": json.loads(row["answers"])})
            for row in self._rows("check_ins", since)
        ]

    def highest_rungs(self) -> dict[str, str]:
        """Each exercise's highest rung allowed: its newest clearance's."""
        return {c.exercise: c.highest_rung for c in self.clearances()}

    def mornings(self, since: date | None = None) -> list[MorningAnswer]:
        """Every morning answer, oldest first (none in a log from before ladders)."""
        if "mornings" not in shape(self.schema_version):
            return []
        return [
            MorningAnswer(**{**dict(row), "worse": bool(row["worse"])})
            for row in self._rows("mornings", since)
        ]

    def start_plan(self, program: str, started_on: date, *, created_at: str | None = None) -> int:
        """Start (or restart) a programme on a day; the newest start is the current plan."""
        return self._insert(
            "plans",
            program=program,
            started_on=started_on.isoformat(),
            created_at=one_format(created_at) if created_at else now_stamp(),
        )

    def day_rows(self) -> list[DayRow]:
        """Every entry and pain check as the rulebook reads it.

        Only work done is a session: an entry with reps done (or logged without a count),
        never a skipped one (0 reps), and never a pain check on its own, so a session in
        which everything was skipped does not move the plan on. The rulebook folds these
        into days.
        """
        rows = [
            DayRow(
                date.fromisoformat(e.logged_at[:10]),
                e.pain_before,
                e.pain_after,
                False,
                e.reps != 0,
            )
            for e in self.entries()
        ]
        rows += [
            DayRow(
                date.fromisoformat(c.checked_at[:10]),
                c.pain_before,
                c.pain_after,
                c.stop_rule,
                False,
                c.nerve_signs,
            )
            for c in self.pain_checks()
        ]
        return sorted(rows, key=lambda row: row.day)

    def plan_created_at(self) -> str | None:
        """When the current plan was started (or restarted), as a time stamp; None: no plan."""
        if "plans" not in shape(self.schema_version):
            return None
        rows = self._rows("plans", None)
        return rows[-1]["created_at"] if rows else None

    def current_plan(self) -> tuple[str, date] | None:
        """The programme id and start day of the plan started last, or None."""
        if "plans" not in shape(self.schema_version):
            return None  # a log from before plans, opened to read
        with self._reading() as db:
            row = db.execute(
                f"SELECT program, started_on FROM plans WHERE ({kept_rows('plans')})"
                " ORDER BY id DESC LIMIT 1"
            ).fetchone()
        return None if row is None else (row["program"], date.fromisoformat(row["started_on"]))

    def _insert(self, table: str, **values: object) -> int:
        """One row in one transaction; ``table`` is always one of this module's own."""
        columns, marks = ", ".join(values), ", ".join("?" * len(values))
        try:
            with self._write() as db:
                cursor = db.execute(
                    f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(values.values())
                )
                return int(cursor.lastrowid or 0)
        except sqlite3.IntegrityError:
            raise LogError(
                _("nothing was logged: {why}").format(
                    why="; ".join(broken_rules(self._db, table, values))
                )
            ) from None

    def add_session(
        self,
        results: Iterable[dict[str, Any]],
        *,
        session: str | None = None,
        logged_at: str | None = None,
    ) -> str:
        """Log a whole session from the player's results in one transaction; return its id.

        Each exercise and side is logged with the reps really done: a skipped one as 0
        reps noted "skipped", one cut short noted "N of M planned", never the full dose.
        """
        session = session or uuid.uuid4().hex
        stamp = one_format(logged_at) if logged_at else now_stamp()
        rows = []
        for result in results:
            target = result["target"]
            for side, done in result["done"].items():
                if done >= target:
                    note = ""
                elif done:
                    note = f"cut short: {done} of {target} planned"
                else:
                    note = f"skipped: 0 of {target} planned"
                rows.append(
                    (
                        stamp,
                        result["exercise"],
                        done,
                        side,
                        result.get("hold_seconds") if done else None,
                        note,
                        session,
                        result.get("rung"),
                    )
                )
        with self._write() as db:
            db.executemany(
                "INSERT INTO entries (logged_at, exercise, reps, side, hold_seconds, note, session,"
                " rung) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        return session

    def add_pain_check(
        self,
        pain_before: int,
        pain_after: int,
        *,
        session: str | None = None,
        stop_rule: bool = False,
        nerve_signs: bool = False,
        checked_at: str | None = None,
    ) -> int:
        """Log a pain check; ``stop_rule`` marks pain that was still there after the wait,
        ``nerve_signs`` sharp, shooting or spreading pain, or pins and needles."""
        before, after = _pain("pain before", pain_before), _pain("pain after", pain_after)
        if before is None or after is None:
            raise LogError(_("a pain check needs both pain before and pain after, from 0 to 10"))
        return self._insert(
            "pain_checks",
            checked_at=one_format(checked_at) if checked_at else now_stamp(),
            session=session,
            pain_before=before,
            pain_after=after,
            stop_rule=int(stop_rule),
            nerve_signs=int(nerve_signs),
        )

    def mark_stop_rule(self, check_id: int) -> None:
        """Record that the pain from this check lasted past the stop rule's limit."""
        with self._write() as db:
            db.execute("UPDATE pain_checks SET stop_rule = 1 WHERE id = ?", (check_id,))

    # -- reading ---------------------------------------------------------------
    def _rows(self, table: str, since: date | None) -> list[sqlite3.Row]:
        """The rows of ``table`` that keep every rule, oldest first."""
        stamp = STAMP_COLUMNS[table]
        kept = kept_rows(table, self.schema_version)
        query, args = f"SELECT * FROM {table} WHERE ({kept})", tuple[str, ...]()
        if since is not None:
            query, args = query + f" AND {stamp} >= ?", (since.isoformat(),)
        with self._reading() as db:
            return db.execute(query + f" ORDER BY {stamp}, id", args).fetchall()

    def problems(self) -> list[RowProblem]:
        """Every row that breaks a rule: set aside by an update, or written by another tool."""
        found = []
        with self._reading() as db:
            for table in TABLES:
                if table not in shape(self.schema_version):
                    continue  # a log from before plans, opened to read
                kept = kept_rows(table, self.schema_version)
                cursor = db.execute(f"SELECT * FROM {table} WHERE NOT ({kept})")
                for row in cursor.fetchall():
                    reason = "; ".join(broken_rules(db, table, dict(row)))
                    found.append(RowProblem(table, row["id"], reason, set_aside=False))
            if "set_aside" in shape(self.schema_version):
                for row in db.execute("SELECT * FROM set_aside ORDER BY id").fetchall():
                    found.append(RowProblem(row["source"], row["source_id"], row["reason"], True))
        return found

    def entries(self, since: date | None = None) -> list[Entry]:
        return [Entry(**dict(row)) for row in self._rows("entries", since)]

    def pain_checks(self, since: date | None = None) -> list[PainCheckRecord]:
        rows = self._rows("pain_checks", since)
        return [
            PainCheckRecord(
                **{
                    **dict(row),
                    "stop_rule": bool(row["stop_rule"]),
                    # a log from before version 5, opened to read, has no such column
                    "nerve_signs": bool(dict(row).get("nerve_signs", 0)),
                }
            )
            for row in rows
        ]

    def summary(
        self,
        rules: Rulebook,
        today: date | None = None,
        *,
        screen: tuple[date, Score] | None = None,
    ) -> Summary:
        """Sessions, weeks in a row, sessions per week, pain, and the rulebook's verdict.

        With a plan started, the verdict looks at the days since its start, as the plan
        does; without one, at the rulebook's recent weeks. ``screen``: the latest
        screening answers that still count (``outcomes.latest_screen``).
        """
        plan = self.current_plan()
        start = plan[1] if plan else None
        return Summary.of(self.day_rows(), rules, today or date.today(), start, screen)
