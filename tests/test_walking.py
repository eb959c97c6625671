"""Walking: minutes a day that build up week by week, logged beside the exercises, and
counted by `plan today`, Today's session and the progress page. Expected values come
from the data."""

from __future__ import annotations

import json
from datetime import date, timedelta
from itertools import pairwise

import pytest

from exercises_lib.cli import main
from exercises_lib.logfile import LogError
from exercises_lib.logschema import WALK_MINUTES_MAX
from exercises_lib.plan import todays_plan
from exercises_lib.progress import ProgressLog
from exercises_lib.progress_view import ProgressReport

# A Wednesday, so the calendar week has days before and after it.
TODAY = date(2026, 12, 2)
MONDAY = TODAY - timedelta(days=TODAY.weekday())


@pytest.fixture
def program(catalog):
    return catalog.program("six-weeks")


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "log.sqlite"
    with ProgressLog(path) as log:
        log.start_plan("six-weeks", TODAY)
    return path


def test_walking_builds_up_week_by_week_towards_the_weekly_goal(catalog, program):
    """Each week names minutes a day; they never go down, start at a few minutes, and the
    last week's daily walk adds up to the rulebook's weekly goal or more."""
    goal = catalog.safety.rulebook.walk_goal_minutes_a_week
    minutes = [week.walk_minutes for week in program.weeks]
    assert minutes and all(minutes)
    assert all(a <= b for a, b in pairwise(minutes))
    assert minutes[0] * 7 < goal / 2, "the first week starts with a few minutes a day"
    assert minutes[-1] * 7 >= goal


@pytest.mark.parametrize("minutes", [0, -5, WALK_MINUTES_MAX + 1, 2.5, True, "10"])
def test_the_log_refuses_minutes_that_are_not_a_walk(tmp_path, minutes):
    with ProgressLog(tmp_path / "log.sqlite") as log:
        with pytest.raises(LogError):
            log.add_walk(TODAY, minutes)
        assert not log.walks()  # nothing was written


def test_walks_on_one_day_add_up_and_days_stay_apart(tmp_path):
    with ProgressLog(tmp_path / "log.sqlite") as log:
        log.add_walk(TODAY, 10)
        log.add_walk(TODAY, 5)
        log.add_walk(TODAY - timedelta(days=1), 7)
        assert {TODAY: 15, TODAY - timedelta(days=1): 7} == log.walked()
        assert 3 == len(log.walks())


def test_plan_today_counts_today_and_this_calendar_week_only(catalog, db, program, capsys):
    """Walks from last week do not count towards this week's minutes."""
    for day, minutes in ((MONDAY - timedelta(days=1), 30), (MONDAY, 8), (TODAY, 6)):
        assert 0 == main(
            ["log", "walk", "--minutes", str(minutes), "--date", str(day), "--db", str(db)]
        )
    capsys.readouterr()
    assert 0 == main(["plan", "today", "--db", str(db), "--date", str(TODAY), "--format", "json"])
    walk = json.loads(capsys.readouterr().out)["walk"]
    week = program.week(1)
    assert {
        "minutes_a_day": week.walk_minutes,
        "walked_today": 6,
        "walked_this_week": 14,
        "week_target": week.walk_minutes * 7,
        "goal_a_week": catalog.safety.rulebook.walk_goal_minutes_a_week,
    } == walk


def test_plan_today_says_today_s_walk_and_a_stopped_plan_does_not(catalog, db, capsys):
    day = todays_plan(catalog, db, TODAY)
    assert day is not None and day.walk_note
    assert 0 == main(["plan", "today", "--db", str(db), "--date", str(TODAY)])
    assert day.walk_note in capsys.readouterr().out
    with ProgressLog(db) as log:
        log.add_pain_check(2, 3, stop_rule=True, checked_at=f"{TODAY}T12:00:00+00:00")
    stopped = todays_plan(catalog, db, TODAY)
    assert stopped is not None and stopped.stopped and not stopped.walk_note


def test_log_list_and_export_carry_walks(db, tmp_path, capsys):
    assert 0 == main(["log", "walk", "--minutes", "12", "--date", str(TODAY), "--db", str(db)])
    said = capsys.readouterr().out
    assert "12" in said and str(TODAY) in said
    assert 0 == main(["log", "list", "--db", str(db)])
    assert "12 min" in capsys.readouterr().out
    out = tmp_path / "log.csv"
    assert 0 == main(["log", "export", "--csv", str(out), "--db", str(db)])
    rows = [line for line in out.read_text().splitlines() if line.startswith("walk,")]
    assert rows and ",12" in rows[0]


@pytest.mark.parametrize("minutes", ["0", "abc", str(WALK_MINUTES_MAX + 1)])
def test_log_walk_refuses_bad_minutes_with_the_range(db, capsys, minutes):
    with pytest.raises(SystemExit):
        main(["log", "walk", "--minutes", minutes, "--db", str(db)])
    assert f"1 to {WALK_MINUTES_MAX}" in capsys.readouterr().err


def test_todays_session_logs_a_walk_and_counts_it_without_losing_the_session(catalog, db):
    from exercises_lib.widgets.today import TodaySession

    session = TodaySession(catalog, db=db, today=TODAY)
    assert session.walk is not None and session.walk in session.walk_box.children
    week = catalog.program("six-weeks").week(1)
    assert week.walk_minutes == session.walk.minutes.value
    player = session.player
    session.walk.minutes.value = 9
    assert session.walk.save()
    assert session.player is player, "saving a walk keeps the session below as it was"
    with ProgressLog(db) as log:
        assert {TODAY: 9} == log.walked()
    assert session.day is not None and 9 == session.day.walked_today
    assert "Walked today: 9 min" in session.plan_box.value
    assert 'role="status"' in session.walk.said.value


def test_a_walk_that_cannot_be_saved_says_so(catalog, db):
    from exercises_lib.widgets.walking import WalkLog

    day = todays_plan(catalog, db, TODAY)
    assert day is not None
    broken = WalkLog(day, db=db.parent / "a-folder-not-a-log")
    (db.parent / "a-folder-not-a-log").mkdir()
    assert not broken.save()
    assert 'role="alert"' in broken.said.value


def test_the_progress_page_shows_walking_week_by_week(catalog, db):
    with ProgressLog(db) as log:
        log.add_walk(TODAY, 20)
        log.add_walk(MONDAY - timedelta(days=3), 11)
    report = ProgressReport(catalog, db, today=TODAY)
    weeks = report._walking_weeks()
    assert weeks and (MONDAY, 20) == weeks[-1] and (MONDAY - timedelta(weeks=1), 11) == weeks[-2]
    html = report._repr_html_()
    assert "Walking" in html and f"<td>{MONDAY.isoformat()}</td><td>20</td>" in html
    recent = catalog.safety.rulebook.recent_weeks
    assert f"Walking: 31 min over the last {recent} weeks." in report.clinician_summary_html()
