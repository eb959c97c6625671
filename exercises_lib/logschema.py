"""The progress log's tables: the rules every row keeps, and how each version becomes the next.

Each rule in ``RULES`` is one SQL expression: the same text is the table's CHECK
constraint and the filter applied to every row that is read, so the course and the
database never disagree about what a valid row is.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from functools import cache
from typing import Any

from .measures import GOAL_SCORE_RANGE, GOALS_MAX

__all__ = [
    "GOAL_TEXT_MAX",
    "HOLD_RANGE",
    "MIGRATIONS",
    "READABLE_FROM",
    "REPS_RANGE",
    "RULES",
    "SCHEMA_VERSION",
    "SIDES",
    "STAMP_COLUMNS",
    "TABLES",
    "WALK_MINUTES_MAX",
    "broken_rules",
    "check_constraints",
    "column_names",
    "kept_rows",
    "mismatches",
    "now_stamp",
    "one_format",
    "ours_among",
    "rules_at",
    "run_step",
    "set_aside_broken",
    "shape",
    "tables_of",
    "to_version_4",
]

SCHEMA_VERSION = 9
# Read-only commands can read a log from this version on (newer tables are optional there).
READABLE_FROM = 2
SIDES = ("left", "right", "both")
# The bounds `exercises log add` takes, which the tables enforce too.
REPS_RANGE = (1, 100)
HOLD_RANGE = (0.5, 600.0)
# The most one logged walk can hold: a long day's hike, not a typo of a whole week.
WALK_MINUTES_MAX = 600
# An own goal names an everyday activity in a few words, never a diary entry.
GOAL_TEXT_MAX = 80

# ISO 8601 to the second with the UTC offset: 2026-12-01T07:30:00+01:00, the one format
# every time stamp is written in. The round trip through strftime refuses 2026-02-30.
_STAMP_GLOB = "[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9][+-][01][0-9]:[0-5][0-9]"


def _stamp_rule(column: str) -> str:
    return (
        f"{column} GLOB '{_STAMP_GLOB}' AND "
        f"strftime('%Y-%m-%dT%H:%M:%S', substr({column}, 1, 19), '+0 days') = substr({column}, 1, 19)"
    )


def _pain_rule(column: str, *, optional: bool = True) -> str:
    check = f"typeof({column}) = 'integer' AND {column} BETWEEN 0 AND 10"
    return f"{column} IS NULL OR ({check})" if optional else check


def _date_rule(column: str) -> str:
    return (
        f"{column} GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND "
        f"date({column}, '+0 days') = {column}"
    )


_ID_RULE = "{0} <> '' AND {0} NOT GLOB '*[^a-z0-9-]*'"
_STAMP = "a date and time with its offset, like 2026-12-01T07:30:00+00:00"
_PAIN = "empty or a whole number from 0 to 10"

# Each rule: (table, column, what is allowed, the SQL that holds when it is kept).
# The same SQL is each table's CHECK constraint and the test a read applies to every row.
RULES: tuple[tuple[str, str, str, str], ...] = (
    ("entries", "logged_at", _STAMP, _stamp_rule("logged_at")),
    ("entries", "exercise", "an exercise id (a-z, 0-9, -)", _ID_RULE.format("exercise")),
    (
        "entries",
        "reps",
        f"empty or a whole number from {REPS_RANGE[0]} to {REPS_RANGE[1]} "
        "(0 only for a move skipped in a session)",
        f"reps IS NULL OR (typeof(reps) = 'integer' AND (reps BETWEEN {REPS_RANGE[0]} AND "
        f"{REPS_RANGE[1]} OR (reps = 0 AND session IS NOT NULL)))",
    ),
    (
        "entries",
        "side",
        f"empty or one of {', '.join(SIDES)}",
        "side IS NULL OR side IN (" + ", ".join(f"'{s}'" for s in SIDES) + ")",
    ),
    (
        "entries",
        "hold_seconds",
        f"empty or seconds from {HOLD_RANGE[0]:g} to {HOLD_RANGE[1]:g}",
        "hold_seconds IS NULL OR (typeof(hold_seconds) IN ('integer', 'real') AND "
        f"hold_seconds BETWEEN {HOLD_RANGE[0]} AND {HOLD_RANGE[1]})",
    ),
    ("entries", "pain_before", _PAIN, _pain_rule("pain_before")),
    ("entries", "pain_after", _PAIN, _pain_rule("pain_after")),
    ("entries", "note", "text", "typeof(note) = 'text'"),
    ("pain_checks", "checked_at", _STAMP, _stamp_rule("checked_at")),
    (
        "pain_checks",
        "pain_before",
        "a whole number from 0 to 10",
        _pain_rule("pain_before", optional=False),
    ),
    (
        "pain_checks",
        "pain_after",
        "a whole number from 0 to 10",
        _pain_rule("pain_after", optional=False),
    ),
    ("pain_checks", "stop_rule", "0 or 1", "stop_rule IN (0, 1)"),
    ("plans", "program", "a programme id (a-z, 0-9, -)", _ID_RULE.format("program")),
    ("plans", "started_on", "a date, like 2026-12-01", _date_rule("started_on")),
    ("plans", "created_at", _STAMP, _stamp_rule("created_at")),
)
# Rules for columns added after version 4, each with the version its column arrived in:
# older logs, opened to read, lack the column, so their rows are read without that rule.
LATER_RULES: tuple[tuple[int, tuple[str, str, str, str]], ...] = (
    (5, ("pain_checks", "nerve_signs", "0 or 1", "nerve_signs IN (0, 1)")),
    (
        6,
        (
            "entries",
            "rung",
            "empty or a rung id (a-z, 0-9, -)",
            f"rung IS NULL OR ({_ID_RULE.format('rung')})",
        ),
    ),
    (6, ("mornings", "answered_at", _STAMP, _stamp_rule("answered_at"))),
    (6, ("mornings", "day", "a date, like 2026-12-01", _date_rule("day"))),
    (6, ("mornings", "worse", "0 or 1", "worse IN (0, 1)")),
    (7, ("clearances", "cleared_at", _STAMP, _stamp_rule("cleared_at"))),
    (7, ("clearances", "exercise", "an exercise id (a-z, 0-9, -)", _ID_RULE.format("exercise"))),
    (7, ("clearances", "highest_rung", "a rung id (a-z, 0-9, -)", _ID_RULE.format("highest_rung"))),
    (8, ("walks", "walked_at", _STAMP, _stamp_rule("walked_at"))),
    (8, ("walks", "day", "a date, like 2026-12-01", _date_rule("day"))),
    (
        8,
        (
            "walks",
            "minutes",
            f"a whole number of minutes from 1 to {WALK_MINUTES_MAX}",
            f"typeof(minutes) = 'integer' AND minutes BETWEEN 1 AND {WALK_MINUTES_MAX}",
        ),
    ),
    (9, ("goals", "set_at", _STAMP, _stamp_rule("set_at"))),
    (
        9,
        (
            "goals",
            "slot",
            f"a whole number from 1 to {GOALS_MAX}",
            f"typeof(slot) = 'integer' AND slot BETWEEN 1 AND {GOALS_MAX}",
        ),
    ),
    (
        9,
        (
            "goals",
            "activity",
            f"text of 1 to {GOAL_TEXT_MAX} characters",
            f"typeof(activity) = 'text' AND length(trim(activity)) BETWEEN 1 AND {GOAL_TEXT_MAX}",
        ),
    ),
    (9, ("goal_scores", "scored_at", _STAMP, _stamp_rule("scored_at"))),
    (9, ("goal_scores", "day", "a date, like 2026-12-01", _date_rule("day"))),
    (9, ("goal_scores", "goal", "a goal's id", "typeof(goal) = 'integer' AND goal >= 1")),
    (
        9,
        (
            "goal_scores",
            "score",
            f"a whole number from {GOAL_SCORE_RANGE[0]} to {GOAL_SCORE_RANGE[1]}",
            f"typeof(score) = 'integer' AND score BETWEEN {GOAL_SCORE_RANGE[0]} AND "
            f"{GOAL_SCORE_RANGE[1]}",
        ),
    ),
    (9, ("check_ins", "taken_at", _STAMP, _stamp_rule("taken_at"))),
    (9, ("check_ins", "day", "a date, like 2026-12-01", _date_rule("day"))),
    (9, ("check_ins", "measure", "a check-in id (a-z, 0-9, -)", _ID_RULE.format("measure"))),
    (
        9,
        (
            "check_ins",
            "answers",
            "the answers as a JSON object",
            "typeof(answers) = 'text' AND json_valid(answers) AND json_type(answers) = 'object'",
        ),
    ),
)
# The tables rows are logged in (set_aside holds what broke a rule); mornings since v6,
# clearances since v7, walks since v8, own goals and check-ins since v9.
TABLES = (
    "entries",
    "pain_checks",
    "plans",
    "mornings",
    "clearances",
    "walks",
    "goals",
    "goal_scores",
    "check_ins",
)
_V4_TABLES = ("entries", "pain_checks", "plans")


def rules_at(version: int) -> tuple[tuple[str, str, str, str], ...]:
    """Every rule a log of ``version`` keeps: the version-4 rules and those added since."""
    return RULES + tuple(rule for since, rule in LATER_RULES if since <= version)


def kept_rows(table: str, version: int = SCHEMA_VERSION) -> str:
    """The SQL that holds for a row of ``table`` that keeps every rule (NULL counts as broken)."""
    return " AND ".join(
        f"COALESCE(({sql}), 0)" for t, _column, _message, sql in rules_at(version) if t == table
    )


def check_constraints(table: str, rules: tuple[tuple[str, str, str, str], ...] = RULES) -> str:
    return ",\n".join(
        f"    CONSTRAINT {column}_rule CHECK (COALESCE(({sql}), 0))"
        for t, column, _message, sql in rules
        if t == table
    )


def _rule_of(table: str, column: str) -> str:
    """The CHECK a column added after version 4 carries, from its rule in LATER_RULES."""
    sql = next(s for _v, (t, c, _m, s) in LATER_RULES if (t, c) == (table, column))
    return f"CONSTRAINT {column}_rule CHECK (COALESCE(({sql}), 0))"


# Each step takes the schema from version i to i + 1; never edit a step once released.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE entries (
        id INTEGER PRIMARY KEY,
        logged_at TEXT NOT NULL,
        exercise TEXT NOT NULL,
        reps INTEGER,
        side TEXT CHECK (side IN ('left', 'right', 'both')),
        hold_seconds REAL,
        pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
        pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
        note TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX entries_logged_at ON entries (logged_at);
    """,
    """
    ALTER TABLE entries ADD COLUMN session TEXT;
    CREATE TABLE pain_checks (
        id INTEGER PRIMARY KEY,
        checked_at TEXT NOT NULL,
        session TEXT,
        pain_before INTEGER NOT NULL CHECK (pain_before BETWEEN 0 AND 10),
        pain_after INTEGER NOT NULL CHECK (pain_after BETWEEN 0 AND 10),
        stop_rule INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX pain_checks_checked_at ON pain_checks (checked_at);
    """,
    """
    CREATE TABLE plans (
        id INTEGER PRIMARY KEY,
        program TEXT NOT NULL,
        started_on TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    """,
    # Version 4: the same tables with the course's rules as CHECK constraints, and a table
    # for rows that break them. Every row moves across with its id (see to_version_4);
    # AUTOINCREMENT never hands a set-aside row's id to a new one.
    f"""
    CREATE TABLE entries_v4 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        logged_at TEXT NOT NULL,
        exercise TEXT NOT NULL,
        reps INTEGER,
        side TEXT,
        hold_seconds REAL,
        pain_before INTEGER,
        pain_after INTEGER,
        note TEXT NOT NULL DEFAULT '',
        session TEXT,
    {check_constraints("entries")}
    );
    CREATE TABLE pain_checks_v4 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        checked_at TEXT NOT NULL,
        session TEXT,
        pain_before INTEGER NOT NULL,
        pain_after INTEGER NOT NULL,
        stop_rule INTEGER NOT NULL DEFAULT 0,
    {check_constraints("pain_checks")}
    );
    CREATE TABLE plans_v4 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        program TEXT NOT NULL,
        started_on TEXT NOT NULL,
        created_at TEXT NOT NULL,
    {check_constraints("plans")}
    );
    CREATE TABLE set_aside (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        source_id INTEGER NOT NULL,
        row_json TEXT NOT NULL,
        reason TEXT NOT NULL,
        set_aside_at TEXT NOT NULL
    );
    """,
    # Version 5: a pain check records sharp, shooting or spreading pain, or pins and needles.
    """
    ALTER TABLE pain_checks ADD COLUMN nerve_signs INTEGER NOT NULL DEFAULT 0
        CONSTRAINT nerve_signs_rule CHECK (COALESCE((nerve_signs IN (0, 1)), 0));
    """,
    # Version 6: the ladder. An entry names the rung done; the morning after a session,
    # the learner says whether the back is worse than usual.
    f"""
    ALTER TABLE entries ADD COLUMN rung TEXT {_rule_of("entries", "rung")};
    CREATE TABLE mornings (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        answered_at TEXT NOT NULL,
        day TEXT NOT NULL,
        worse INTEGER NOT NULL,
    {check_constraints("mornings", tuple(rule for _v, rule in LATER_RULES))}
    );
    CREATE INDEX mornings_day ON mornings (day);
    """,
    # Version 7: a doctor's or physio's answer, copied from the doctor's sheet: the highest
    # rung of an exercise's ladder they allow. The newest one per exercise counts.
    f"""
    CREATE TABLE clearances (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        cleared_at TEXT NOT NULL,
        exercise TEXT NOT NULL,
        highest_rung TEXT NOT NULL,
    {check_constraints("clearances", tuple(rule for v, rule in LATER_RULES if v == 7))}
    );
    """,
    # Version 8: walking, logged beside the exercises: the minutes walked on a day (a day
    # may have several walks).
    f"""
    CREATE TABLE walks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        walked_at TEXT NOT NULL,
        day TEXT NOT NULL,
        minutes INTEGER NOT NULL,
    {check_constraints("walks", tuple(rule for v, rule in LATER_RULES if v == 8))}
    );
    CREATE INDEX walks_day ON walks (day);
    """,
    # Version 9: how the learner is doing beyond pain. Own goals: up to GOALS_MAX everyday
    # activities, one per slot (a newer goal in a slot replaces the older one), each
    # scored 0 to 10 from time to time. Check-ins: a questionnaire's answers, as JSON,
    # scored when read by the measure's published rules (exercises_lib/measures.py).
    f"""
    CREATE TABLE goals (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        set_at TEXT NOT NULL,
        slot INTEGER NOT NULL,
        activity TEXT NOT NULL,
    {check_constraints("goals", tuple(rule for v, rule in LATER_RULES if v == 9))}
    );
    CREATE TABLE goal_scores (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        scored_at TEXT NOT NULL,
        day TEXT NOT NULL,
        goal INTEGER NOT NULL,
        score INTEGER NOT NULL,
    {check_constraints("goal_scores", tuple(rule for v, rule in LATER_RULES if v == 9))}
    );
    CREATE INDEX goal_scores_day ON goal_scores (day);
    CREATE TABLE check_ins (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        taken_at TEXT NOT NULL,
        day TEXT NOT NULL,
        measure TEXT NOT NULL,
        answers TEXT NOT NULL,
    {check_constraints("check_ins", tuple(rule for v, rule in LATER_RULES if v == 9))}
    );
    CREATE INDEX check_ins_day ON check_ins (day);
    """,
)
assert len(MIGRATIONS) == SCHEMA_VERSION
STAMP_COLUMNS = {
    "entries": "logged_at",
    "pain_checks": "checked_at",
    "plans": "created_at",
    "mornings": "answered_at",
    "clearances": "cleared_at",
    "walks": "walked_at",
    "goals": "set_at",
    "goal_scores": "scored_at",
    "check_ins": "taken_at",
}


def now_stamp() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def one_format(text: Any) -> Any:
    """A time stamp in the log's one format; a naive one is taken as local time."""
    if not isinstance(text, str):
        return text
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text  # not a time stamp: the rules set the row aside, as it was
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.isoformat(timespec="seconds")


def column_names(cursor: sqlite3.Cursor) -> list[str]:
    return [d[0] for d in cursor.description]


def broken_rules(db: sqlite3.Connection, table: str, row: dict[str, object]) -> list[str]:
    """What ``row`` breaks, one phrase per column, from the same SQL as the table's checks."""
    names = list(row)
    values = ", ".join(f"? AS {name}" for name in names)
    problems = []
    for t, column, allowed, sql in rules_at(SCHEMA_VERSION):
        if t == table and column in row:
            kept = db.execute(
                f"SELECT COALESCE(({sql}), 0) FROM (SELECT {values})", tuple(row.values())
            ).fetchone()[0]
            if not kept:
                problems.append(f"{column} is {row[column]!r}; it must be {allowed}")
    return problems or ["a column is missing"]


def set_aside_broken(db: sqlite3.Connection, table: str, version: int = SCHEMA_VERSION) -> None:
    """Move every row of ``table`` that breaks a rule of ``version``, whole, to ``set_aside``."""
    kept = kept_rows(table, version)
    cursor = db.execute(f"SELECT * FROM {table} WHERE NOT ({kept})")
    names = column_names(cursor)
    for values in cursor.fetchall():
        row = dict(zip(names, values, strict=True))
        db.execute(
            "INSERT INTO set_aside (source, source_id, row_json, reason, set_aside_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                table,
                row["id"],
                json.dumps(row, default=repr),
                "; ".join(broken_rules(db, table, row)),
                now_stamp(),
            ),
        )
    db.execute(f"DELETE FROM {table} WHERE NOT ({kept})")


def to_version_4(db: sqlite3.Connection) -> None:
    """Move every row into the checked tables, keeping its id; time stamps get one format."""
    db.create_function("one_format", 1, one_format, deterministic=True)
    for table in _V4_TABLES:
        stamp = STAMP_COLUMNS[table]
        db.execute(f"UPDATE {table} SET {stamp} = one_format({stamp})")
        set_aside_broken(db, table, 4)
        columns = ", ".join(column_names(db.execute(f"SELECT * FROM {table}_v4 LIMIT 0")))
        db.execute(f"INSERT INTO {table}_v4 ({columns}) SELECT {columns} FROM {table}")
        db.execute(f"DROP TABLE {table}")
        db.execute(f"ALTER TABLE {table}_v4 RENAME TO {table}")
    db.execute("CREATE INDEX entries_logged_at ON entries (logged_at)")
    db.execute("CREATE INDEX pain_checks_checked_at ON pain_checks (checked_at)")


def run_step(db: sqlite3.Connection, step: int) -> None:
    """Take the log from version ``step`` to ``step + 1``."""
    for statement in filter(str.strip, MIGRATIONS[step].split(";")):
        db.execute(statement)
    if step == 3:
        to_version_4(db)


def tables_of(db: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    """Every table of a database (SQLite's own left out) and its columns, in order."""
    names = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        name: tuple(row[1] for row in db.execute("SELECT * FROM pragma_table_info(?)", (name,)))
        for name in names
    }


def objects_of(db: sqlite3.Connection) -> frozenset[tuple[str, str]]:
    """Every index, trigger and view of a database, as (type, name); SQLite's own left out."""
    return frozenset(
        (kind, name)
        for kind, name in db.execute(
            "SELECT type, name FROM sqlite_master "
            "WHERE type IN ('index', 'trigger', 'view') AND name NOT LIKE 'sqlite_%'"
        )
    )


def foreign_objects(db: sqlite3.Connection, version: int) -> list[str]:
    """The indexes, triggers and views of ``db`` that a log of ``version`` does not have,
    as 'trigger wipe': another program's, which could change or refuse what is written."""
    return sorted(f"{kind} {name}" for kind, name in objects_of(db) - _made(version)[1])


def shape(version: int) -> dict[str, tuple[str, ...]]:
    """The tables and columns a log of ``version`` has."""
    return _made(version)[0]


@cache
def _made(version: int) -> tuple[dict[str, tuple[str, ...]], frozenset[tuple[str, str]]]:
    """The tables, and the indexes, triggers and views, of a log of ``version``: the
    migrations run on an empty one."""
    db = sqlite3.connect(":memory:")
    try:
        for step in range(version):
            run_step(db, step)
        return tables_of(db), objects_of(db)
    finally:
        db.close()


@cache
def _any_version_tables() -> frozenset[str]:
    return frozenset(table for step in range(1, SCHEMA_VERSION + 1) for table in shape(step))


def ours_among(found: dict[str, tuple[str, ...]]) -> bool:
    """Whether any of these tables is one a log of some version has."""
    return not _any_version_tables().isdisjoint(found)


def mismatches(found: dict[str, tuple[str, ...]], version: int) -> list[tuple[str, str, list[str]]]:
    """How ``found`` differs from a log of ``version``: (kind, table, names) for each way.

    Kinds: missing, later (a table of another version), strange (no log has it); and, for
    a table both have, extra and lacking columns.
    """
    ours = _any_version_tables()
    expected = shape(version)
    out = [
        ("missing", "", sorted(set(expected) - set(found))),
        ("later", "", sorted(set(found) - set(expected) & ours)),
        ("strange", "", sorted(set(found) - ours)),
    ]
    for table in sorted(set(expected) & set(found)):
        out.append(("extra", table, sorted(set(found[table]) - set(expected[table]))))
        out.append(("lacking", table, sorted(set(expected[table]) - set(found[table]))))
    return [(kind, table, names) for kind, table, names in out if names]
