"""The six-week plan: it moves on after good weeks, holds with a reason, never runs ahead."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from exercises_lib.cli import main
from exercises_lib.plan import Session, plan_day

START = date(2026, 11, 2)  # a Monday


def _day(n: int) -> date:
    return START + timedelta(days=n)


@pytest.fixture
def program(catalog):
    return catalog.program("six-weeks")


class TestProgramme:
    def test_shipped_programme(self, program, catalog):
        """Six weeks or more, nothing advanced in weeks 1-2, the crunch later, a review at the end."""
        assert len(program.weeks) >= 6
        early = {i.exercise.id for w in program.weeks[:2] for i in w.items}
        assert not any(catalog[e].advanced for e in early)
        assert "partial-crunch" in {i.exercise.id for i in program.weeks[-1].items}
        assert program.weeks[-1].review
        assert {"article", "nhs", "course"} == {rule.source for rule in program.rules}


class TestProgression:
    def test_week_one_on_the_start_day(self, program):
        """On the start day the learner is on week 1, not held."""
        day = plan_day(program, START, START, [])
        assert (1, False) == (day.week, day.held)

    def test_idle_weeks_hold_week_one(self, program):
        """Three weeks with nothing logged keep week 1, saying why."""
        day = plan_day(program, START, _day(21), [])
        assert (1, True) == (day.week, day.held)
        assert "No sessions logged last week" in day.why

    def test_two_good_weeks_reach_week_three(self, program):
        """Two weeks of two pain-free session days each reach week 3."""
        sessions = [Session(_day(d), 3, 2) for d in (1, 3, 8, 10)]
        assert 3 == plan_day(program, START, _day(14), sessions).week

    def test_rising_pain_holds_with_its_reason(self, program):
        """A week where pain went up after sessions holds, naming pain and the stop rule."""
        sessions = [Session(_day(1), 2, 4), Session(_day(3), 2, 2), Session(_day(5), 1, 3)]
        day = plan_day(program, START, _day(8), sessions)
        assert (1, True) == (day.week, day.held)
        assert "Pain went up after 2 of 3 sessions" in day.why
        assert "15 minutes" in day.why
        assert all("easier" in item for item in day.to_dict()["items"])

    def test_one_session_day_is_not_enough(self, program):
        """A single session day holds the week."""
        day = plan_day(program, START, _day(8), [Session(_day(2), 1, 1)])
        assert day.held and "Only 1 session day" in day.why

    def test_never_ahead_of_the_calendar(self, program):
        """However much is logged, the week is never past the calendar week."""
        sessions = [Session(_day(d), 0, 0) for d in range(0, 60)]
        for n in range(0, 60):
            week = plan_day(program, START, _day(n), sessions).week
            assert week <= n // 7 + 1
        assert len(program.weeks) == plan_day(program, START, _day(59), sessions).week

    def test_before_the_start_is_refused(self, program):
        """A day before the plan starts is refused."""
        with pytest.raises(ValueError, match="before it"):
            plan_day(program, START, _day(-1), [])


class TestCommandLine:
    def test_start_today_and_show(self, tmp_path, capsys):
        """plan start stores the plan; plan today and plan show answer in JSON."""
        db = str(tmp_path / "log.sqlite")
        assert 0 == main(["plan", "start", "--db", db, "--date", START.isoformat()])
        for n in (1, 3):
            assert 0 == main(
                [
                    "log",
                    "add",
                    "--db",
                    db,
                    "--exercise",
                    "bird-dog",
                    "--reps",
                    "3",
                    "--pain-before",
                    "2",
                    "--pain-after",
                    "1",
                    "--date",
                    _day(n).isoformat(),
                ]
            )
        capsys.readouterr()
        assert 0 == main(["plan", "today", "--db", db, "--date", _day(8).isoformat()])
        assert 0 == main(
            ["plan", "today", "--db", db, "--date", _day(8).isoformat(), "--format", "json"]
        )
        today = json.loads(capsys.readouterr().out.splitlines()[-1])
        assert ("six-weeks", 2, False) == (today["program"], today["week"], today["held"])
        assert {"exercise", "reps", "hold_seconds"} <= set(today["items"][0])
        assert 0 == main(["plan", "show", "--db", db, "--format", "json"])
        shown = json.loads(capsys.readouterr().out)
        assert [1, 2, 3, 4, 5, 6] == [w["week"] for w in shown["weeks"]]

    @pytest.mark.parametrize(
        ("args", "expected"),
        [
            (["plan", "start", "--program", "nope"], "Unknown programme 'nope'"),
            (["plan", "today"], "no plan started yet"),
            (
                ["log", "add", "--exercise", "bird-dog", "--reps", "2", "--date", "2099-01-01"],
                "in the future",
            ),
        ],
    )
    def test_refusals(self, args, expected, tmp_path, capsys):
        """Unknown programmes, a missing plan and future dates are refused clearly."""
        assert 1 == main([*args, "--db", str(tmp_path / "log.sqlite")])
        assert expected in capsys.readouterr().err

    def test_bad_date_is_a_usage_error(self, tmp_path, capsys):
        """A date that is not YYYY-MM-DD exits 2 with the form to use."""
        with pytest.raises(SystemExit) as stopped:
            main(["plan", "start", "--date", "02/11/2026", "--db", str(tmp_path / "x.sqlite")])
        assert 2 == stopped.value.code
        assert "year-month-day" in capsys.readouterr().err

    def test_logging_before_the_plan_is_refused(self, tmp_path, capsys):
        """A session dated before the plan's start is refused, and nothing is written."""
        db = str(tmp_path / "log.sqlite")
        assert 0 == main(["plan", "start", "--db", db, "--date", START.isoformat()])
        args = ["log", "add", "--db", db, "--exercise", "bird-dog", "--reps", "2"]
        assert 1 == main([*args, "--date", _day(-3).isoformat()])
        assert "before your plan started" in capsys.readouterr().err
        assert 0 == main(["log", "list", "--db", db, "--format", "json"])
        assert [] == json.loads(capsys.readouterr().out)


class TestNotebooksAndPrints:
    def _plan_log(self, tmp_path, rising=False):
        from exercises_lib.progress import ProgressLog

        db = tmp_path / "log.sqlite"
        with ProgressLog(db) as log:
            log.start_plan("six-weeks", START)
            for n in (1, 3):
                after = 5 if rising else 1
                log.add_pain_check(2, after, checked_at=f"{_day(n).isoformat()}T08:00:00")
        return db

    def test_todays_session_follows_the_plan(self, catalog, tmp_path):
        """With a plan, Today's session offers this week first; routines stay for practice."""
        from exercises_lib.course import TodaySession

        today = TodaySession(catalog, db=self._plan_log(tmp_path), today=_day(8))
        assert "plan" == today.picker.value
        assert "week 2" in today.picker.label
        assert "week 2 of 6" in today.plan_box.value
        assert {"starter", "full"} <= {value for _, value in today.picker.options}
        names = [i.exercise.id for i in today.player.routine.items]
        assert ["pelvic-tilt", "bird-dog", "hamstring-stretch"] == names

    def test_start_button_starts_the_plan(self, catalog, tmp_path):
        """Without a plan, the button starts one today and the session follows it."""
        from exercises_lib.course import TodaySession

        today = TodaySession(catalog, db=tmp_path / "log.sqlite", today=START)
        assert ("starter", None) == (today.picker.value, today.start_plan_button.layout.display)
        today.start_plan_button.click()
        assert ("plan", "none") == (today.picker.value, today.start_plan_button.layout.display)
        assert "week 1 of 6" in today.plan_box.value

    def test_progress_page_shows_a_hold_and_why(self, catalog, tmp_path):
        """The progress page shows the plan's week, that it is held, and why."""
        from exercises_lib.progress_view import ProgressReport

        html = ProgressReport(catalog, self._plan_log(tmp_path, rising=True), today=_day(8))
        page = html._repr_html_()
        assert "Six-week plan: week 1 of 6" in page
        assert "Pain went up after 2 of 2 sessions" in page

    def test_plan_sheet_and_calendar(self, catalog, tmp_path, monkeypatch, capsys):
        """handouts --plan prints the plan sheet; reminders --plan covers the plan's weeks."""
        db = self._plan_log(tmp_path)
        monkeypatch.setenv("EXERCISES_DB", str(db))
        out = tmp_path / "out"
        assert 0 == main(["handouts", "--plan", "--format", "html", "--out", str(out)])
        sheet = (out / "plan-six-weeks.html").read_text()
        assert "Week 6" in sheet and "How the plan moves on" in sheet
        for level in catalog.safety.warning_signs.levels:
            assert level.short.split(":")[0] in sheet
        ics = tmp_path / "plan.ics"
        args = ["log", "reminders", "--plan", "--ics", str(ics), "--days", "mon,thu"]
        assert 0 == main([*args, "--time", "07:30"])
        text = ics.read_text()
        assert "COUNT=12" in text  # 6 weeks x 2 days
        assert "DTSTART:20261102T073000" in text
        assert "Six-week plan" in text


@pytest.mark.slow
def test_plan_sheet_is_one_sheet_of_paper(tmp_path):
    """The plan prints on one sheet of A4 (both sides), warning signs first, every week in it."""
    import io

    from pypdf import PdfReader

    from exercises_lib.browser import find_chromium

    if find_chromium() is None:
        pytest.skip("no Chromium found: run `make browser` to install one")
    assert 0 == main(["handouts", "--plan", "six-weeks", "--format", "pdf", "--out", str(tmp_path)])
    pages = PdfReader(io.BytesIO((tmp_path / "plan-six-weeks.pdf").read_bytes())).pages
    assert len(pages) <= 2
    first = " ".join(pages[0].extract_text().split())
    assert "Call 999 now" in first and "See a GP or call 111 today" in first
    text = " ".join(" ".join(p.extract_text() for p in pages).split())
    assert all(f"Week {n}" in text for n in range(1, 7))
