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

import os
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .errors import ExercisesError
from .i18n import N_, _
from .logrecords import Entry, PainCheckRecord, RowProblem, Summary
from .logschema import (
    READABLE_FROM,
    SCHEMA_VERSION,
    SIDES,
    STAMP_COLUMNS,
    TABLES,
    broken_rules,
    kept_rows,
    mismatches,
    now_stamp,
    one_format,
    ours_among,
    run_step,
    set_aside_broken,
    shape,
    tables_of,
)
from .models import Rulebook
from .rulebook import DayRow
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


# How a log's tables differ from those its version has (see logschema.mismatches).
_MISMATCH = {
    "missing": N_("missing tables: {names}"),
    "later": N_("tables from another version: {names}"),
    "strange": N_("tables the course did not make: {names}"),
    "extra": N_("{table} has columns the course did not make: {names}"),
    "lacking": N_("{table} lacks columns: {names}"),
}


class LogError(ExercisesError, ValueError):
    """A value the log refuses; the message says which field and what is allowed."""


class _Busy(LogError):
    """Another writer held the log past the busy timeout: nothing is wrong with the file."""


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


def noon_stamp(day: date) -> str:
    """The time stamp of something logged after the fact: noon that day, local time."""
    return datetime.combine(day, time(12)).astimezone().isoformat(timespec="seconds")


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One transaction that takes the write lock up front, so writers queue cleanly."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


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
        timeout = self.BUSY_SECONDS if timeout is None else timeout
        self._timeout = timeout
        if readonly:
            self._db = self._open_readonly(timeout)
        else:
            self._db = self._open_for_writing(timeout)
        self._db.row_factory = sqlite3.Row

    def _open_readonly(self, timeout: float) -> sqlite3.Connection:
        if not self.path.exists():
            raise LogError(
                _("no progress log at {file}; check the --db path, or log a session first").format(
                    file=self.path
                )
            )
        self._check_file()
        uri = f"file:{quote(str(self.path.resolve()))}?mode=ro"
        try:
            db = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
            version = db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.OperationalError as exc:
            failure = self._failed(exc)
            if isinstance(failure, _Busy):
                raise failure from None  # mid-write: never read it as it is
            # On read-only media SQLite cannot make the WAL index; read the file as it is.
            db = sqlite3.connect(
                uri + "&immutable=1", uri=True, timeout=timeout, isolation_level=None
            )
            version = self._version(db)
        except sqlite3.DatabaseError as exc:
            raise self._failed(exc) from None
        self._check_version(db, version, writing=False)
        return db

    def _open_for_writing(self, timeout: float) -> sqlite3.Connection:
        existed = self.path.exists()
        if existed:
            self._check_file()
            if not os.access(self.path, os.W_OK):
                raise self._read_only()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise LogError(
                _("cannot open the progress log {file}: {problem}").format(
                    file=self.path, problem=exc
                )
            ) from None
        try:
            if existed and self.path.stat().st_size:
                version = self._version(db)
                self._check_version(db, version, writing=True)
                result = db.execute("PRAGMA quick_check").fetchone()[0]
                if result.startswith("CHECK constraint failed") and self._version(db) >= 4:
                    # a row another tool wrote with the checks off: set it aside, keep going
                    with _transaction(db):
                        for table in TABLES:
                            set_aside_broken(db, table, self._version(db))
                    result = db.execute("PRAGMA quick_check").fetchone()[0]
                if result != "ok":
                    raise self._damaged(result)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.DatabaseError as exc:
            db.close()
            raise self._failed(exc) from None
        except LogError:
            db.close()
            raise
        self._db = db
        self._migrate()
        return db

    def _check_file(self) -> None:
        if not self.path.is_file():
            raise LogError(
                _("{file} is not a file; give the path of your progress log").format(file=self.path)
            )
        if self.readonly and self.path.stat().st_size == 0:
            raise LogError(
                _("{file} is empty, not a progress log; check the --db path").format(file=self.path)
            )

    def _version(self, db: sqlite3.Connection) -> int:
        try:
            return db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise self._failed(exc) from None

    def _check_shape(self, db: sqlite3.Connection, version: int) -> None:
        """Refuse, before any change, a log whose tables are not its version's: another
        program's database is never given the log's tables, nothing migrates over a
        version number rolled back, a table dropped or a column added."""
        try:
            found = tables_of(db)
        except sqlite3.DatabaseError as exc:
            raise self._failed(exc) from None
        if found and not ours_among(found):
            raise LogError(
                _(
                    "{file} is not a progress log: it holds another program's tables "
                    "({tables}); nothing was changed. Point --db (or EXERCISES_DB) at your "
                    "progress log, or leave both out to use the usual one"
                ).format(file=self.path, tables=", ".join(sorted(found)))
            )
        details = [
            _(_MISMATCH[kind]).format(table=table, names=", ".join(names))
            for kind, table, names in mismatches(found, version)
        ]
        if details:
            raise LogError(
                _(
                    "{file} does not match its version number ({version}): {details}. Nothing "
                    "was changed. Another program changed it, or it was put back from an older "
                    "copy; move it away and a new log starts with your next session, or put "
                    "back a copy the course wrote"
                ).format(file=self.path, version=version, details="; ".join(details))
            )

    def _failed(self, exc: sqlite3.Error) -> LogError:
        """What went wrong, in words: busy and read-only are not damage."""
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            return _Busy(
                _(
                    "{file} is busy: another session or program is writing to it, and it did "
                    "not finish within {seconds:g} seconds; nothing was written. Close the "
                    "other session (or wait for it), then try again"
                ).format(file=self.path, seconds=self._timeout)
            )
        if "readonly" in text or "read-only" in text:
            return self._read_only()
        return self._damaged(str(exc))

    def _read_only(self) -> LogError:
        return LogError(
            _(
                "{file} is read-only, so nothing was written; make it writable (chmod u+w), "
                "or point --db (or EXERCISES_DB) at another file, and try again"
            ).format(file=self.path)
        )

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """The connection for a read; a busy or damaged file is reported as a LogError."""
        try:
            yield self._db
        except sqlite3.DatabaseError as exc:
            raise self._failed(exc) from None

    def _check_version(self, db: sqlite3.Connection, version: int, *, writing: bool) -> None:
        """A version this course can read (or write), whose tables are the ones it names."""
        if version > SCHEMA_VERSION:
            raise LogError(
                _(
                    "{file} was written by a newer version of the course (schema {version}); "
                    "update the course to read it"
                ).format(file=self.path, version=version)
            )
        self._check_shape(db, version)
        if not writing and version < READABLE_FROM:
            raise LogError(
                _(
                    "{file} was written by an older version of the course; log one entry "
                    "(exercises log add) to bring it up to date, then try again"
                ).format(file=self.path)
            )

    def _damaged(self, reason: str) -> LogError:
        return LogError(
            _(
                "{file} is damaged or not a progress log ({reason}); nothing was written. To "
                "keep what can still be read, run `exercises log export --csv FILE`; then move "
                "the file away and a new log starts with your next session"
            ).format(file=self.path, reason=reason)
        )

    def __enter__(self) -> ProgressLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction; busy, read-only or damaged is a LogError (a refused row is not)."""
        try:
            with _transaction(self._db) as db:
                yield db
        except sqlite3.IntegrityError:
            raise
        except sqlite3.DatabaseError as exc:
            raise self._failed(exc) from None

    @property
    def schema_version(self) -> int:
        return self._db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        with self._write() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            self._check_version(db, version, writing=True)
            for step in range(version, SCHEMA_VERSION):
                run_step(db, step)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # -- writing ---------------------------------------------------------------
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
    ) -> int:
        """Add one entry; refuse bad values before anything is written."""
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
        )

    def start_plan(self, program: str, started_on: date) -> int:
        """Start (or restart) a programme on a day; the newest start is the current plan."""
        return self._insert(
            "plans", program=program, started_on=started_on.isoformat(), created_at=now_stamp()
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
                    )
                )
        with self._write() as db:
            db.executemany(
                "INSERT INTO entries (logged_at, exercise, reps, side, hold_seconds, note, session)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
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

    def summary(self, rules: Rulebook, today: date | None = None) -> Summary:
        """Sessions, weeks in a row, sessions per week, pain, and the rulebook's verdict.

        With a plan started, the verdict looks at the days since its start, as the plan
        does; without one, at the rulebook's recent weeks.
        """
        plan = self.current_plan()
        return Summary.of(self.day_rows(), rules, today or date.today(), plan[1] if plan else None)
