"""Opening the progress log's file: nothing is changed in a file that is not a log, is
damaged, busy or read-only, was written by a newer course, or whose tables are not its
version's; each is refused with a LogError that says what to do. A log the course can
use is migrated forward to this version on opening for writing.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from .errors import ExercisesError
from .i18n import N_, _
from .lite import keep_log
from .logschema import (
    READABLE_FROM,
    SCHEMA_VERSION,
    TABLES,
    foreign_objects,
    mismatches,
    ours_among,
    run_step,
    set_aside_broken,
    shape,
    tables_of,
)
from .userdata import check_theirs

__all__ = ["LogError", "LogFile"]


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


@dataclass(frozen=True)
class LogFile:
    """The log's file at ``path``, opened with a busy ``timeout`` in seconds.

    ``kept_at`` is set in the browser, where ``path`` is a copy in memory: every write
    is then saved there too (see ``lite``).
    """

    path: Path
    timeout: float
    readonly: bool = False
    kept_at: Path | None = None

    def connect(self) -> sqlite3.Connection:
        """The checked connection; ``readonly`` opens an existing log and never creates one."""
        return self._open_readonly() if self.readonly else self._open_for_writing()

    def _open_readonly(self) -> sqlite3.Connection:
        if not self.path.exists():
            raise LogError(
                _("no progress log at {file}; check the --db path, or log a session first").format(
                    file=self.path
                )
            )
        self._check_file()
        uri = f"file:{quote(str(self.path.resolve()))}?mode=ro"
        try:
            db = sqlite3.connect(uri, uri=True, timeout=self.timeout, isolation_level=None)
            version = db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.OperationalError as exc:
            failure = self._failed(exc)
            if isinstance(failure, _Busy):
                raise failure from None  # mid-write: never read it as it is
            # On read-only media SQLite cannot make the WAL index; read the file as it is.
            db = sqlite3.connect(
                uri + "&immutable=1", uri=True, timeout=self.timeout, isolation_level=None
            )
            version = self._version(db)
        except sqlite3.DatabaseError as exc:
            raise self._failed(exc) from None
        self._check_version(db, version, writing=False)
        return db

    def _open_for_writing(self) -> sqlite3.Connection:
        existed = self.path.exists()
        if existed:
            self._check_file()
            if not os.access(self.path, os.W_OK):
                raise self._read_only()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
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
                            if table in shape(self._version(db)):
                                set_aside_broken(db, table, self._version(db))
                    result = db.execute("PRAGMA quick_check").fetchone()[0]
                if result != "ok":
                    raise self._damaged(result)
            if self.kept_at is None:  # a copy in memory has one writer and nothing to sync
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.DatabaseError as exc:
            db.close()
            raise self._failed(exc) from None
        except LogError:
            db.close()
            raise
        self._migrate(db)
        return db

    def _check_file(self) -> None:
        if not self.path.is_file():
            raise LogError(
                _("{file} is not a file; give the path of your progress log").format(file=self.path)
            )
        check_theirs(self.path)  # someone else's scores must never pass for the learner's
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

    def _check_objects(self, db: sqlite3.Connection, version: int) -> None:
        """Refuse to write to a log holding a trigger, view or index the course did not make:
        a trigger could delete or change entries as they are logged, and a failing index
        would look like damage. Reading (and so exporting) stays possible."""
        try:
            foreign = foreign_objects(db, version)
        except sqlite3.DatabaseError as exc:
            raise self._failed(exc) from None
        if foreign:
            raise LogError(
                _(
                    "{file} holds {objects}, which the course did not make: they could change "
                    "or delete your entries when something is logged, so nothing was written. "
                    "Remove them with a SQLite tool (for example DROP TRIGGER name;), or keep "
                    "what you have with `exercises log export --csv FILE` and move the file away"
                ).format(file=self.path, objects=", ".join(foreign))
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
                ).format(file=self.path, seconds=self.timeout)
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
    def reading(self, db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        """``db`` for a read; a busy or damaged file is reported as a LogError."""
        try:
            yield db
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
        if writing:
            self._check_objects(db, version)
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

    @contextmanager
    def writing(self, db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        """One transaction on ``db``; busy, read-only or damaged is a LogError (a refused
        row is not)."""
        try:
            with _transaction(db) as db:
                yield db
            if self.kept_at is not None:
                keep_log(db, self.kept_at)
        except sqlite3.IntegrityError:
            raise
        except sqlite3.DatabaseError as exc:
            raise self._failed(exc) from None

    def _migrate(self, db: sqlite3.Connection) -> None:
        with self.writing(db):
            version = db.execute("PRAGMA user_version").fetchone()[0]
            self._check_version(db, version, writing=True)
            for step in range(version, SCHEMA_VERSION):
                run_step(db, step)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # -- writing ---------------------------------------------------------------
