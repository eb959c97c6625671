"""The six-week plan: it moves on after good weeks, holds with a reason, never runs ahead."""

from __future__ import annotations

import json
from datetime import date, timedelta
from html import escape

import pytest

from exercises_lib import load_catalog
from exercises_lib.cli import main
from exercises_lib.plan import plan_day
from exercises_lib.rendering import plan_day_html, plan_day_text
from exercises_lib.rulebook import Day

from .conftest import DATA

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


def _plan(program, catalog, today, rows):
    """The plan on ``today`` from log rows (day offset, before, after, stop rule, a session)."""
    rules = catalog.safety.rulebook
    logged = [(_day(n), b, a, stop, session) for n, b, a, stop, session in rows]
    return plan_day(program, START, today, Day.fold(rules, logged), rules)


def _clean_week(week):
    """Two session days with a pain check each and no rise: a good week."""
    return [(7 * week + 1, 3, 2, False, True), (7 * week + 3, 3, 2, False, True)]


class TestProgression:
    def test_week_one_on_the_start_day(self, program, catalog):
        """On the start day the learner is on week 1, not held."""
        day = _plan(program, catalog, START, [])
        assert (1, False) == (day.week, day.held)

    def test_idle_weeks_hold_week_one(self, program, catalog):
        """Three weeks with nothing logged keep week 1, saying why."""
        day = _plan(program, catalog, _day(21), [])
        assert (1, True) == (day.week, day.held)
        assert "No sessions" in day.why

    def test_two_good_weeks_reach_week_three(self, program, catalog):
        """Two weeks of two pain-checked session days each reach week 3."""
        assert 3 == _plan(program, catalog, _day(14), _clean_week(0) + _clean_week(1)).week

    def test_red_rise_holds_with_its_reason(self, program, catalog):
        """A week with a rise past the settling rise holds, naming the rise and the easier versions."""
        rules = catalog.safety.rulebook
        spike = 2 + rules.settling_rise + 1
        rows = [(1, 2, spike, False, True), *_clean_week(0)]
        day = _plan(program, catalog, _day(8), rows)
        assert (1, True) == (day.week, day.held)
        assert f"more than {rules.settling_rise} points" in day.why
        assert all("easier" in item for item in day.to_dict()["items"])

    def test_small_rise_moves_on(self, program, catalog):
        """A rise within the settling rise is normal: the week still counts as good."""
        rules = catalog.safety.rulebook
        low = rules.mild_ache_max - rules.settling_rise
        rows = [(1, low, rules.mild_ache_max, False, True), (3, 2, 2, False, True)]
        assert (2, False) == (_plan(program, catalog, _day(8), rows).week, False)

    def test_stop_rule_stops_the_plan(self, program, catalog):
        """A stop-rule event holds the plan and says to contact a doctor, weeks later too."""
        minutes = catalog.safety.rulebook.stop_minutes
        rows = [*_clean_week(0), (4, 3, 3, True, True), *_clean_week(1), *_clean_week(2)]
        day = _plan(program, catalog, _day(22), rows)
        assert day.held and day.stopped
        assert f"Pain lasted more than {minutes} minutes" in day.status
        assert "contact a doctor" in day.status
        assert [] == day.to_dict()["items"]

    def test_weeks_without_pain_data_do_not_move_on(self, program, catalog):
        """Sessions with no pain check never move the plan on."""
        rows = [(n, None, None, False, True) for n in range(0, 35, 2)]
        day = _plan(program, catalog, _day(35), rows)
        assert (1, True) == (day.week, day.held)
        assert "pain check" in day.why

    def test_high_pain_every_session_never_progresses(self, program, catalog):
        """8 out of 10 before and after at every session never moves the plan on."""
        high = catalog.safety.rulebook.high_pain_before
        rows = [(n, high, high, False, True) for n in range(0, 42, 2)]
        assert 1 == _plan(program, catalog, _day(42), rows).week

    def test_several_entries_on_one_day_are_one_session_day(self, program, catalog):
        """One day with many entries is one session day, not enough to move on."""
        rows = [(1, 2, 2, False, True)] * 6
        day = _plan(program, catalog, _day(8), rows)
        assert day.held and "Only 1 session day" in day.why

    def test_pain_held_two_weeks_pauses(self, program, catalog):
        """Two weeks in a row held for pain pause the plan: see a GP or physio."""
        rules = catalog.safety.rulebook
        ache = rules.mild_ache_max + 1  # more than a mild ache after, with a rise: amber
        rows = [(d, ache - 1, ache, False, True) for d in (1, 3, 8, 10)]
        day = _plan(program, catalog, _day(14), rows)
        assert day.stopped and f"see {rules.doctor} or a {rules.physio}" in day.status

    def test_a_gap_steps_back(self, program, catalog):
        """Four good weeks, then weeks away, then back: the plan steps back and says so."""
        rules = catalog.safety.rulebook
        good = [row for w in range(4) for row in _clean_week(w)]
        assert 5 == _plan(program, catalog, _day(28), good).week
        for idle in (2, 4):
            back = rules.weeks_back(idle)
            assert back >= 1
            day = _plan(program, catalog, _day(28 + 7 * idle), good)
            assert 5 - back == day.week
            assert day.held and f"went back {back} week" in day.why

    def test_no_advanced_exercise_after_a_gap(self, program, catalog):
        """The crunch stays out on the first week back after a gap, even at its plan week."""
        good = [row for w in range(5) for row in _clean_week(w)]
        ready = _plan(program, catalog, _day(35), good)
        assert 6 == ready.week
        assert "partial-crunch" in {i.exercise.id for i in ready.items}
        back = _plan(program, catalog, _day(35 + 14), good)
        assert "partial-crunch" not in {i.exercise.id for i in back.items}

    def test_advanced_needs_clean_weeks_before(self, program, catalog):
        """The crunch joins only after the rulebook's clean weeks in a row."""
        rules = catalog.safety.rulebook
        good = [row for w in range(4) for row in _clean_week(w)]
        day = _plan(program, catalog, _day(28), good)
        assert rules.advanced_clean_weeks <= 4
        assert "partial-crunch" in {i.exercise.id for i in program.week(day.week).items}
        assert "partial-crunch" in {i.exercise.id for i in day.items}
        # Back after two idle weeks with one good week: the plan is on week 5 and not held,
        # but the week before this one was not a good one, so the crunch waits.
        back = _plan(program, catalog, _day(49), good + _clean_week(6))
        assert (5, False) == (back.week, back.held)
        assert "partial-crunch" not in {i.exercise.id for i in back.items}
        assert f"after {rules.advanced_clean_weeks} good weeks" in back.status

    def test_never_ahead_of_the_calendar(self, program, catalog):
        """However much is logged, the week is never past the calendar week."""
        rows = [(d, 0, 0, False, True) for d in range(0, 60)]
        for n in range(0, 60, 3):
            assert _plan(program, catalog, _day(n), rows).week <= n // 7 + 1
        assert len(program.weeks) == _plan(program, catalog, _day(59), rows).week

    def test_before_the_start_it_says_when_it_starts(self, program, catalog):
        """A day before the plan starts shows week 1, waiting, with the start day."""
        day = _plan(program, catalog, _day(-3), [])
        assert (1, True, False) == (day.week, day.waiting, day.held)
        assert str(START) in day.status
        assert True is day.to_dict()["waiting"]

    def test_pain_before_the_start_still_holds(self, program, catalog):
        """The stop rule met before the start day holds the plan all the same."""
        rows = [(-2, 3, 3, True, True)]
        day = _plan(program, catalog, _day(-1), rows)
        assert (True, True) == (day.waiting, day.held or day.stopped)
        assert "starts on" not in day.status


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
                after = 6 if rising else 1
                log.add("bird-dog", reps=3, logged_at=f"{_day(n).isoformat()}T08:00:00")
                log.add_pain_check(2, after, checked_at=f"{_day(n).isoformat()}T08:10:00")
        return db

    def test_todays_session_follows_the_plan(self, catalog, tmp_path):
        """With a plan, Today's session offers this week first; routines stay for practice."""
        from exercises_lib.course import TodaySession

        today = TodaySession(catalog, db=self._plan_log(tmp_path), today=_day(8))
        assert "plan" == today.picker.value
        assert "week 2" in today.picker.label
        assert today.picker.label.startswith(catalog.program("six-weeks").name)
        assert "week 2 of 6" in today.plan_box.value
        offered = {value for _, value in today.picker.options}
        assert "starter" in offered
        assert "full" not in offered  # the crunch waits until the plan reaches it
        assert catalog.routine("full").name in today.note.value
        names = [i.exercise.id for i in today.player.routine.items]
        assert ["pelvic-tilt", "bird-dog", "hamstring-stretch"] == names

    def test_start_waits_for_the_checklist_and_the_pain_before(self, catalog, tmp_path):
        """Start opens only when every safety box is ticked and a pain-before score is picked."""
        from exercises_lib.course import TodaySession

        today = TodaySession(catalog, db=tmp_path / "log.sqlite", today=START)
        start = today.player.timer.start_button
        for box in today.checklist.boxes:
            box.value = True
        assert today.player.timer.gated and "exl-gated" in start._dom_classes
        assert "pick a number for your pain" in today.player.timer.gate_note.value
        today.pain_check.before.value = 1
        assert not today.player.timer.gated and "exl-gated" not in start._dom_classes
        assert "" == today.player.timer.gate_note.value
        today.pain_check.before.value = None
        assert today.player.timer.gated

    def test_session_sections_sit_one_level_under_the_page_title(self, catalog, tmp_path):
        """In the Today's session tool (h1), the checklist and pain checks are h2 sections."""
        from exercises_lib.course import TodaySession

        today = TodaySession(catalog, db=tmp_path / "log.sqlite", today=START)
        headers = [
            today.checklist.children[1].value,
            today.pain_check.before_panel.children[1].value,
        ]
        assert all(html.startswith("<h2>") for html in headers)

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
        rise = catalog.safety.rulebook.settling_rise
        assert f"Your pain went up by more than {rise} points" in page
        assert "On track" not in page

    def test_plan_sheet_and_calendar(self, catalog, tmp_path, monkeypatch, capsys):
        """handouts --plan prints the plan sheet; reminders --plan covers the plan's weeks."""
        db = self._plan_log(tmp_path)
        monkeypatch.setenv("EXERCISES_DB", str(db))
        out = tmp_path / "out"
        assert 0 == main(["handouts", "--plan", "--format", "html", "--out", str(out)])
        sheet = (out / "plan-six-weeks.html").read_text()
        assert "Week 6" in sheet and "How the plan moves on" in sheet
        for level in catalog.safety.warning_signs.levels:
            assert all(escape(sign) in sheet for sign in level.short)
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
    signs = load_catalog(DATA).safety.warning_signs
    assert all(" ".join(level.short_heading.split()) in first for level in signs.levels)
    text = " ".join(" ".join(p.extract_text() for p in pages).split())
    assert all(f"Week {n}" in text for n in range(1, 7))


class TestMaintenance:
    """After a good last week the plan goes on into keeping it up, with the data's doses,
    days and advice; a break ends it. Expected values come from the programme file."""

    def _weeks(self, program, extra=1):
        good = [row for w in range(len(program.weeks) + extra) for row in _clean_week(w)]
        assert good
        return good

    def test_a_good_last_week_goes_on_into_maintenance(self, program, catalog):
        keep = program.maintenance
        assert keep is not None
        last = len(program.weeks)
        reached = _plan(program, catalog, _day(7 * (last - 1)), self._weeks(program, 0)[:-2])
        assert (last, False) == (reached.week, reached.maintaining)
        day = _plan(program, catalog, _day(7 * last + 1), self._weeks(program))
        assert day.maintaining and not day.held
        assert keep.sessions_per_week == day.plan_week.sessions_per_week
        assert [i.exercise.id for i in keep.items] == [i.exercise.id for i in day.items]
        assert keep.walk_minutes == day.plan_week.walk_minutes
        assert [r.text for r in keep.advice] == list(day.maintenance_advice)
        found = day.to_dict()
        assert found["maintaining"] and found["maintenance"] == list(day.maintenance_advice)
        html = plan_day_html(day)
        text = plan_day_text(day, catalog.safety.stop_rule)
        for advice in day.maintenance_advice:
            assert escape(advice) in html and advice in text

    def test_a_break_in_maintenance_goes_back_into_the_weeks(self, program, catalog):
        rules = catalog.safety.rulebook
        last = len(program.weeks)
        idle = 2
        back = rules.weeks_back(idle)
        assert back >= 1
        day = _plan(program, catalog, _day(7 * (last + 1 + idle)), self._weeks(program))
        assert not day.maintaining
        assert last - back == day.week and day.held
