"""The progress log: values checked, sessions recorded, nothing lost under load or a kill."""

from __future__ import annotations

import json
import re
import signal
import sqlite3
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from exercises_lib.cli import main
from exercises_lib.progress import SCHEMA_VERSION, LogError, ProgressLog
from exercises_lib.recording import SessionRecorder
from exercises_lib.widgets import PainCheck, SessionPlayer


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "progress.sqlite"


class TestLog:
    def test_add_and_list(self, db):
        """An entry comes back with everything that was logged."""
        with ProgressLog(db) as log:
            log.add(
                "bird-dog",
                reps=10,
                side="left",
                hold_seconds=4,
                pain_before=2,
                pain_after=1,
                note="ok",
            )
            [entry] = log.entries()
        assert ("bird-dog", 10, "left", 4.0, 2, 1, "ok") == (
            entry.exercise,
            entry.reps,
            entry.side,
            entry.hold_seconds,
            entry.pain_before,
            entry.pain_after,
            entry.note,
        )

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("pain_after", 11, "pain after must be a whole number from 0 to 10; got 11"),
            ("side", "middle", "side must be one of: left, right, both; got 'middle'"),
            ("reps", -1, "reps must be a whole number, 0 or more; got -1"),
        ],
    )
    def test_bad_values_write_nothing(self, db, field, value, message):
        """A bad value is refused with what is allowed, and nothing is written."""
        with ProgressLog(db) as log:
            with pytest.raises(LogError) as raised:
                log.add("bird-dog", **{field: value})
            assert message == str(raised.value)
            assert [] == log.entries()

    def test_wal_and_version(self, db):
        """The file uses WAL and carries the current schema version."""
        with ProgressLog(db) as log:
            assert SCHEMA_VERSION == log.schema_version
        mode = sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0]
        assert "wal" == mode

    def test_migrates_old_schema(self, db):
        """A version-1 file (before sessions and pain checks) upgrades with its rows intact."""
        old = sqlite3.connect(db)
        old.executescript(
            "CREATE TABLE entries (id INTEGER PRIMARY KEY, logged_at TEXT NOT NULL, exercise TEXT NOT NULL,"
            " reps INTEGER, side TEXT, hold_seconds REAL, pain_before INTEGER, pain_after INTEGER,"
            " note TEXT NOT NULL DEFAULT '');"
            "INSERT INTO entries (logged_at, exercise, reps) VALUES ('2026-01-05T07:30:00', 'bird-dog', 10);"
            "PRAGMA user_version = 1;"
        )
        old.close()
        with ProgressLog(db) as log:
            assert SCHEMA_VERSION == log.schema_version
            [entry] = log.entries()
            assert ("bird-dog", 10, None) == (entry.exercise, entry.reps, entry.session)
            log.add_pain_check(1, 2)
            assert 1 == len(log.pain_checks())

    def test_refuses_newer_schema(self, db):
        """A file from a newer course is refused with what to do, untouched."""
        newer = sqlite3.connect(db)
        newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        newer.close()
        with pytest.raises(LogError, match="update the course"):
            ProgressLog(db)


class TestSummary:
    def test_streak_weekly_and_trend(self, db, catalog):
        """Weeks in a row count back from this week; pain after going up past a mild ache
        (and no higher than before) is the verdict."""
        today = date(2026, 11, 26)
        ache = catalog.safety.rulebook.mild_ache_max + 1
        with ProgressLog(db) as log:
            for weeks_ago, pain in [(3, 1), (2, 1), (1, 1), (1, ache), (0, ache), (0, ache)]:
                day = today - timedelta(weeks=weeks_ago, days=0)
                log.add(
                    "bird-dog",
                    reps=5,
                    pain_before=ache,
                    pain_after=pain,
                    logged_at=f"{day}T07:00:00",
                )
            summary = log.summary(catalog.safety.rulebook, today)
        assert 4 == summary.streak_weeks
        assert "up" == summary.pain_trend
        assert "going up" in summary.standing.headline
        assert summary.standing.headline == summary.flags[0]

    def test_a_red_rise_is_flagged_from_the_first_session(self, db, catalog):
        """One session whose pain rose past the settling rise holds, naming the day."""
        rules = catalog.safety.rulebook
        with ProgressLog(db) as log:
            log.add_pain_check(2, 3 + rules.settling_rise, checked_at="2026-11-20T07:00:00")
            summary = log.summary(rules, date(2026, 11, 26))
        assert ["2026-11-20"] == summary.red_rise_days
        assert "not enough data" == summary.pain_trend
        assert "2026-11-20" in summary.standing.headline
        assert f"more than {rules.settling_rise} points" in summary.flags[0]

    def test_a_small_rise_or_a_fall_is_not_flagged(self, db, catalog):
        """Pain that fell, stayed, or rose within the settling rise raises no flag."""
        rules = catalog.safety.rulebook
        with ProgressLog(db) as log:
            log.add_pain_check(5, 2)
            log.add_pain_check(3, 3)
            log.add_pain_check(1, 1 + rules.settling_rise)
            summary = log.summary(rules)
        assert ([], [], "On track.") == (
            summary.red_rise_days,
            summary.flags,
            summary.standing.headline,
        )

    def test_stop_rule_flag(self, db, catalog):
        """A pain check marked for the stop rule stops the plan, naming the minutes and day."""
        rules = catalog.safety.rulebook
        with ProgressLog(db) as log:
            check = log.add_pain_check(2, 2)
            log.mark_stop_rule(check)
            summary = log.summary(rules)
        assert 1 == len(summary.stop_rule_days)
        assert f"Pain lasted more than {rules.stop_minutes} minutes" in summary.flags[0]
        assert "contact a doctor" in summary.flags[0]

    def test_summary_and_plan_agree(self, db, catalog):
        """Whatever the log holds, the summary's verdict and the plan's status say the same."""
        from exercises_lib.plan import todays_plan

        rules = catalog.safety.rulebook
        start = date(2026, 11, 2)
        with ProgressLog(db) as log:
            log.start_plan("six-weeks", start)
            for n, after in [(1, 2), (3, 3), (8, 3), (9, 4), (10, 5), (11, 5)]:
                log.add_pain_check(2, after, checked_at=f"{start + timedelta(n)}T07:00:00")
        for offset in range(0, 21, 3):
            today = start + timedelta(offset)
            with ProgressLog(db, readonly=True) as log:
                summary = log.summary(rules, today)
            day = todays_plan(catalog, db, today)
            assert day is not None
            if not summary.standing.ok:
                assert summary.standing.headline in day.status, offset
                assert "On track" not in day.status
            else:
                assert summary.standing.ok == day.standing.ok


class TestRecording:
    def test_player_results_reach_the_log(self, catalog, db, capsys):
        """A finished session is saved by itself and shows in `exercises log list`."""
        clock = [0.0]
        player = SessionPlayer(catalog.routine("demo"), clock=lambda: clock[0], prepare_seconds=1)
        check = PainCheck(catalog.safety)
        recorder = SessionRecorder(db)
        recorder.watch_player(player)
        recorder.watch_pain_check(check)
        player.start()
        clock[0] = 999
        player.timer.refresh()
        check.before.value, check.after.value = 1, 2
        check.save_button.click()
        check.ask()
        check.still_hurts.click()
        assert 0 == main(["log", "list", "--db", str(db), "--format", "json"])
        listed = json.loads(capsys.readouterr().out)
        rows = [r for r in listed if r["kind"] == "entry"]
        [check] = [r for r in listed if r["kind"] == "pain-check"]  # the widget's check too
        assert (1, 2, True) == (check["pain_before"], check["pain_after"], check["stop_rule"])
        expected = [("bird-dog", "left", 2), ("bird-dog", "right", 2), ("pelvic-tilt", "both", 2)]
        assert expected == [(r["exercise"], r["side"], r["reps"]) for r in rows]
        assert {recorder.session} == {r["session"] for r in rows}
        with ProgressLog(db) as log:
            [pain] = log.pain_checks()
        assert (1, 2, True) == (pain.pain_before, pain.pain_after, pain.stop_rule)

    def test_lesson_session_and_pain_check_reach_the_log(self, catalog, db, monkeypatch):
        """A lesson's session player and pain check are recorded like Today's session."""
        from exercises_lib.course import Lesson

        monkeypatch.setenv("EXERCISES_DB", str(db))
        clock = [0.0]
        lesson = Lesson("08-your-routine", catalog)
        player = lesson.session("demo", clock=lambda: clock[0], prepare_seconds=1)
        lesson.safety_checklist().tick_all()
        player.start()
        clock[0] = 999
        player.timer.refresh()
        check = lesson.pain_check()
        assert check is lesson.pain_check()  # before and after halves share one check
        check.before.value, check.after.value = 3, 2
        check.save_button.click()
        with ProgressLog(db, readonly=True) as log:
            entries, checks = log.entries(), log.pain_checks()
        assert 3 == len(entries)
        assert [(3, 2)] == [(c.pain_before, c.pain_after) for c in checks]
        assert {entries[0].session} == {c.session for c in checks}


class TestCli:
    def test_add_refuses_bad_pain(self, db, capsys):
        """Pain 11 is refused by the command line with the allowed range."""
        with pytest.raises(SystemExit) as raised:
            main(["log", "add", "--db", str(db), "--exercise", "bird-dog", "--pain-after", "11"])
        assert 2 == raised.value.code
        assert "pain must be a whole number from 0 to 10" in capsys.readouterr().err
        assert not db.exists()

    def test_add_refuses_avoid_list(self, db, capsys):
        """Logging a move on the avoid list is refused with the reason."""
        assert 1 == main(["log", "add", "--db", str(db), "--exercise", "sit-ups"])
        assert "avoid-while-in-pain" in capsys.readouterr().err

    def test_bad_date(self, db, capsys):
        """A bad --since date says how dates look."""
        with pytest.raises(SystemExit):
            main(["log", "list", "--db", str(db), "--since", "yesterday"])
        assert "2026-11-30" in capsys.readouterr().err

    def test_export_csv_and_summary(self, db, tmp_path, capsys):
        """export writes a CSV with a header and a row; summary --format json parses."""
        assert 0 == main(
            ["log", "add", "--db", str(db), "--exercise", "pelvic-tilt", "--reps", "8"]
        )
        csv_path = tmp_path / "log.csv"
        assert 0 == main(["log", "export", "--db", str(db), "--csv", str(csv_path)])
        lines = csv_path.read_text().splitlines()
        assert lines[0].startswith("kind,id,logged_at,checked_at,exercise,reps")
        assert 2 == len(lines)
        capsys.readouterr()
        assert 0 == main(["log", "summary", "--db", str(db), "--format", "json"])
        assert 1 == json.loads(capsys.readouterr().out)["sessions"]


_WRITER = """
import sys
from exercises_lib.progress import ProgressLog
with ProgressLog(sys.argv[1]) as log:
    for i in range(int(sys.argv[3])):
        log.add("bird-dog", reps=1 + i % 100, note=sys.argv[2])
"""

_KILLED_WRITER = """
import sys, time
from exercises_lib.progress import ProgressLog
log = ProgressLog(sys.argv[1])
for i in range(50):
    log.add("bird-dog", reps=1 + i, note="committed")
print("committed", 50, flush=True)
log._db.execute("BEGIN IMMEDIATE")
for i in range(10_000):
    log._db.execute("INSERT INTO entries (logged_at, exercise, note) VALUES ('2026-11-30T10:00:00+00:00', 'bird-dog', 'torn')")
print("mid-transaction", flush=True)
time.sleep(60)
"""


@pytest.mark.slow
class TestReliability:
    def test_twenty_writers_lose_nothing(self, db):
        """20 processes adding rows at once: every row arrives."""
        ProgressLog(db).close()
        writers = [
            subprocess.Popen([sys.executable, "-c", _WRITER, str(db), f"w{n}", "25"])
            for n in range(20)
        ]
        assert [0] * 20 == [w.wait(timeout=120) for w in writers]
        with ProgressLog(db) as log:
            entries = log.entries()
        assert 500 == len(entries)
        assert {f"w{n}" for n in range(20)} == {e.note for e in entries}

    def test_kill_mid_transaction_keeps_committed_rows(self, db):
        """SIGKILL during a write leaves a sound file with every committed row and no torn ones."""
        writer = subprocess.Popen(
            [sys.executable, "-c", _KILLED_WRITER, str(db)], stdout=subprocess.PIPE, text=True
        )
        assert "committed 50" == writer.stdout.readline().strip()
        assert "mid-transaction" == writer.stdout.readline().strip()
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        check = sqlite3.connect(db)
        assert [("ok",)] == check.execute("PRAGMA integrity_check").fetchall()
        check.close()
        with ProgressLog(db) as log:
            notes = [e.note for e in log.entries()]
        assert ["committed"] * 50 == notes


def _old_log(path: Path, version: int) -> sqlite3.Connection:
    """A log as version ``version`` of the course made it (its own migration steps)."""
    from exercises_lib.logschema import MIGRATIONS

    old = sqlite3.connect(path)
    for step in MIGRATIONS[:version]:
        old.executescript(step)
    old.execute(f"PRAGMA user_version = {version}")
    return old


# Every kind of row an older course wrote, and rows another tool slipped in.
_GOOD_ENTRIES = [
    ("2026-11-03T07:30:00+01:00", "bird-dog", 10, "left", None, 2, 2, ""),  # now, aware
    ("2026-11-04T12:00:00", "pelvic-tilt", None, None, 5.0, None, None, ""),  # --date, naive
    ("2026-11-05T12:00:00", "bridge", None, None, None, 3, 4, "pain only"),
]
_BAD_ENTRIES = [
    ("yesterday-ish", "bird-dog", 5, None, None, None, None, ""),
    ("2026-11-06T12:00:00", "toe-touches", 1000, None, None, None, None, ""),
    ("2026-02-30T12:00:00+00:00", "bird-dog", 5, None, None, None, None, ""),
]


@pytest.mark.parametrize("version", [1, 2, 3])
def test_migration_to_version_4_keeps_every_row(db, version):
    """A v1–v3 log moves to v4 with every row kept: good ones in place, the rest set aside."""
    old = _old_log(db, version)
    old.executemany(
        "INSERT INTO entries (logged_at, exercise, reps, side, hold_seconds, pain_before,"
        " pain_after, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        _GOOD_ENTRIES + _BAD_ENTRIES,
    )
    if version >= 2:
        old.execute(
            "INSERT INTO pain_checks (checked_at, pain_before, pain_after, stop_rule)"
            " VALUES ('2026-11-05T12:00:00', 3, 4, 1)"
        )
    if version >= 3:
        old.execute(
            "INSERT INTO plans (program, started_on, created_at)"
            " VALUES ('six-weeks', '2026-11-02', '2026-11-02T09:00:00+00:00')"
        )
    old.commit()
    old.close()
    with ProgressLog(db) as log:
        assert SCHEMA_VERSION == log.schema_version
        entries = log.entries()
        problems = log.problems()
        checks = log.pain_checks()
        plan = log.current_plan()
    assert [1, 2, 3] == [e.id for e in entries]
    assert [4, 5, 6] == [p.row_id for p in problems]
    assert all(p.set_aside and p.table == "entries" for p in problems)
    assert "reps is 1000" in problems[1].reason
    assert "logged_at is 'yesterday-ish'" in problems[0].reason
    for entry in entries:
        assert entry.logged_at == datetime.fromisoformat(entry.logged_at).isoformat()
        assert datetime.fromisoformat(entry.logged_at).tzinfo is not None
    assert "2026-11-04T12:00:00" == entries[1].logged_at[:19]
    assert [(3, 4, True)] * (version >= 2) == [
        (c.pain_before, c.pain_after, c.stop_rule) for c in checks
    ]
    assert (("six-weeks", date(2026, 11, 2)) if version >= 3 else None) == plan
    raw = sqlite3.connect(db)
    kept = raw.execute("SELECT source_id, row_json FROM set_aside ORDER BY source_id").fetchall()
    assert "yesterday-ish" in kept[0][1]
    assert len(_GOOD_ENTRIES + _BAD_ENTRIES) == len(entries) + len(kept)


def test_foreign_rows_are_refused_or_reported_never_a_traceback(db, capsys):
    """A bad row written with sqlite3 is refused; one forced in is reported by id, then set aside."""
    with ProgressLog(db) as log:
        log.add("bird-dog", reps=5)
    raw = sqlite3.connect(db)
    with pytest.raises(sqlite3.IntegrityError):
        raw.execute(
            "INSERT INTO entries (logged_at, exercise, reps) VALUES ('yesterday-ish', 'bird-dog', 5)"
        )
    raw.execute("PRAGMA ignore_check_constraints = 1")
    raw.execute(
        "INSERT INTO entries (logged_at, exercise, reps)"
        " VALUES ('yesterday-ish', 'toe-touches', 1000)"
    )
    raw.commit()
    raw.close()
    for command in (["log", "list"], ["log", "summary"], ["log", "summary", "--format", "json"]):
        assert 0 == main([*command, "--db", str(db)])
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        assert "entries row 2: logged_at is 'yesterday-ish'" in out + err
    assert 0 == main(["log", "add", "--exercise", "bird-dog", "--reps", "3", "--db", str(db)])
    capsys.readouterr()
    with ProgressLog(db, readonly=True) as log:
        assert [1, 3] == [e.id for e in log.entries()]
        assert [(2, True)] == [(p.row_id, p.set_aside) for p in log.problems()]


def test_a_value_the_tables_refuse_names_the_rule(db):
    """A write that breaks a table's check is refused with the column and what it allows."""
    with ProgressLog(db) as log, pytest.raises(LogError, match="reps is 500; it must be"):
        log.add("bird-dog", reps=500)


# What another program could plant in the learner's log, each with the harm it would do.
_PLANTED = {
    "trigger that wipes": "CREATE TRIGGER wipe AFTER INSERT ON entries BEGIN DELETE FROM entries; END",
    "trigger that rewrites pain": (
        "CREATE TRIGGER calm AFTER INSERT ON pain_checks "
        "BEGIN UPDATE pain_checks SET pain_after = 0; END"
    ),
    "trigger that aborts": (
        "CREATE TRIGGER refuse BEFORE INSERT ON entries BEGIN SELECT RAISE(ABORT, 'no'); END"
    ),
    "index that fails": "CREATE UNIQUE INDEX one_a_day ON entries (exercise)",
    "view": "CREATE VIEW everything AS SELECT * FROM entries",
}


@pytest.mark.parametrize("kind", sorted(_PLANTED))
def test_a_log_holding_objects_the_course_did_not_make_is_never_written(kind, tmp_path, capsys):
    """A trigger, view or index another program planted is named before anything is
    written, on the command line too; every entry stays, and the log can still be read."""
    import sqlite3

    path = tmp_path / "log.sqlite"
    with ProgressLog(path) as log:
        log.add("bird-dog", reps=5, pain_before=2, pain_after=3)
        log.add("pelvic-tilt", reps=5)
    raw = sqlite3.connect(path)
    raw.execute(_PLANTED[kind])
    raw.commit()
    raw.close()
    name = re.match(r"CREATE (?:UNIQUE )?\w+ (\w+)", _PLANTED[kind]).group(1)
    with pytest.raises(LogError, match=f"{name}.*the course did not make"):
        ProgressLog(path)
    assert 1 == main(["log", "add", "--db", str(path), "--exercise", "bird-dog", "--reps", "5"])
    assert "did not make" in capsys.readouterr().err
    with ProgressLog(path, readonly=True) as log:
        assert 2 == len(log.entries())
    export = tmp_path / "rescue.csv"
    assert 0 == main(["log", "export", "--db", str(path), "--csv", str(export)])
    assert "pelvic-tilt" in export.read_text(encoding="utf-8")


def test_the_course_s_own_indexes_are_not_foreign(tmp_path):
    """The premise: a log the course made, of any version, has only what it made."""
    from exercises_lib.logschema import foreign_objects, objects_of

    path = tmp_path / "log.sqlite"
    with ProgressLog(path) as log:
        log.add("bird-dog", reps=5)
        assert objects_of(log._db)  # its own indexes are there, and are not foreign
        assert [] == foreign_objects(log._db, SCHEMA_VERSION)
