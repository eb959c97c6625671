"""The clinical review's scenarios, driven as a learner drives them: the command line and
the widgets, never only the rulebook's functions.

Each scenario logs sessions with `exercises log add`, then reads `plan today` and
`log summary` for the day; the walk at the end checks, day by day, that the plan, the
summary, the progress page and Today's session say the same thing.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from html import escape
from pathlib import Path

import pytest

from exercises_lib import progress_view
from exercises_lib.cli import main
from exercises_lib.progress_view import ProgressReport
from exercises_lib.widgets.today import TodaySession

START = date(2026, 8, 3)  # a Monday, well before any day the suite runs on


def _day(n: int) -> date:
    return START + timedelta(days=n)


@pytest.fixture
def rules(catalog):
    return catalog.safety.rulebook


@pytest.fixture
def learner(tmp_path, capsys):
    """A learner with a fresh log: `log(...)`, `plan(day)` and `summary(day)` run the CLI."""

    class Learner:
        db = str(tmp_path / "log.sqlite")

        def run(self, *args: str) -> tuple[int, str, str]:
            code = main(list(args))
            out = capsys.readouterr()
            return code, out.out, out.err

        def start(self, day: date = START, *flags: str) -> tuple[int, str, str]:
            return self.run("plan", "start", "--db", self.db, "--date", day.isoformat(), *flags)

        def log(self, n: int, before: int, after: int, *flags: str) -> str:
            code, out, err = self.run(
                *("log", "add", "--db", self.db, "--exercise", "bird-dog", "--reps", "3"),
                *("--pain-before", str(before), "--pain-after", str(after)),
                *("--date", _day(n).isoformat(), *flags),
            )
            assert 0 == code, err
            return out

        def plan(self, n: int) -> dict:
            code, out, err = self.run(
                "plan", "today", "--db", self.db, "--date", _day(n).isoformat(), "--format", "json"
            )
            assert 0 == code, err
            return json.loads(out)

        def summary(self, n: int) -> dict:
            code, out, err = self.run(
                "log", "summary", "--db", self.db, "--date", _day(n).isoformat(), "--format", "json"
            )
            assert 0 == code, err
            return json.loads(out)

    return Learner()


def _weeks(learner, weeks: int, before: int, after: int, *, first: int = 0) -> None:
    """Two sessions a week (Tuesday and Thursday), each with the same pain scores."""
    for week in range(first, first + weeks):
        for weekday in (1, 3):
            learner.log(7 * week + weekday, before, after)


def _the_same(learner, n: int) -> dict:
    """`plan today` and `log summary` on day n, which must stand at the same level."""
    plan, summary = learner.plan(n), learner.summary(n)
    assert plan["standing"] == summary["standing"]["level"], (plan, summary)
    return plan


class TestScenarios:
    def test_a_clean_weeks_reach_the_crunch(self, learner, catalog, rules):
        """A: 2 to 2, two days a week, moves on a week a week; the crunch joins with clean weeks."""
        learner.start()
        _weeks(learner, 4, 2, 2)
        plan = _the_same(learner, 28)
        assert (5, "ok") == (plan["week"], plan["standing"])
        advanced = {e.id for e in catalog if e.advanced}
        assert advanced & {i["exercise"] for i in plan["items"]}

    def test_b_a_stop_rule_event_stops_and_freezes(self, learner, rules):
        """B: pain that lasted stops the plan at its week, with no items and no review line."""
        learner.start()
        _weeks(learner, 2, 2, 2)
        learner.log(15, 2, 3, "--stop-rule")
        plan = _the_same(learner, 60)
        assert "stop" == plan["standing"]
        assert 3 == plan["week"]  # where it stopped, never "week 6 of 6"
        assert [] == plan["items"] and "" == plan["review"]
        assert "not bed rest" in plan["status"]

    def test_d_weeks_of_high_pain_pause_with_the_right_reason(self, learner, rules):
        """D (N-H3): 8 to 8 every session pauses the plan and sends the learner to a GP or physio."""
        high = rules.high_pain_before + 1
        learner.start()
        _weeks(learner, 8, high, high)
        plan = _the_same(learner, 56)
        assert "pause" == plan["standing"]
        assert f"see {rules.doctor} or a {rules.physio}" in plan["status"]
        assert "Only 0" not in plan["status"] and "Only 0" not in plan["why"]
        summary = learner.summary(56)
        assert not summary["standing"]["headline"].startswith("On track")

    def test_e_a_small_rise_to_a_mild_ache_moves_on(self, learner, rules):
        """E: 2 to 3 (a small rise, still a mild ache) is green, and the plan moves on."""
        learner.start()
        _weeks(learner, 2, rules.mild_ache_max - 1, rules.mild_ache_max)
        assert (3, "ok") == (_the_same(learner, 14)["week"], "ok")

    def test_f_a_rise_to_a_high_score_never_reaches_the_crunch(self, learner, catalog, rules):
        """F (N-H1): 6 to 8 after every session is never a good week, and pauses."""
        learner.start()
        before = rules.high_pain_before - rules.settling_rise + 1
        out = learner.log(1, before, before + rules.settling_rise)
        assert "more than a mild ache" in out  # log add says the verdict (N-W4)
        _weeks(learner, 8, before, before + rules.settling_rise)
        plan = _the_same(learner, 56)
        assert "pause" == plan["standing"]
        assert 1 == plan["week"]
        assert not {e.id for e in catalog if e.advanced} & {i["exercise"] for i in plan["items"]}

    def test_f2_pain_no_better_is_flagged_at_the_review(self, learner, rules):
        """F2 (N-M1): 6 to 6 for weeks is flagged at the first review week."""
        learner.start()
        score = rules.mild_ache_max + 2
        assert score < rules.high_pain_before
        week = rules.review_weeks[0]
        _weeks(learner, week - 1, score, score)
        plan = _the_same(learner, 7 * (week - 1))
        assert week == plan["week"]
        assert "has not improved" in plan["review"]

    def test_g_one_big_rise_says_one_thing_everywhere(self, learner, rules):
        """G (M1, N-W2): the pain check, the plan and the summary say the same words that day."""
        learner.start()
        spike = 2 + rules.settling_rise + 1
        out = learner.log(1, 2, spike)
        wording = f"If it has not settled in {rules.stop_minutes} minutes, contact a doctor."
        assert wording in out
        plan = _the_same(learner, 1)
        assert "hold" == plan["standing"] and wording in plan["status"]
        assert wording in learner.summary(1)["standing"]["headline"]

    def test_g2_a_second_big_rise_pauses(self, learner, rules):
        """G2: a second rise past the settling rise pauses the plan and names the doctor."""
        learner.start()
        spike = 2 + rules.settling_rise + 1
        learner.log(1, 2, spike)
        learner.log(3, 2, spike)
        plan = _the_same(learner, 3)
        assert "pause" == plan["standing"]
        assert f"contact {rules.doctor}" in plan["status"]

    def test_h3_a_rise_from_none_to_a_mild_ache_never_holds(self, learner, rules):
        """H3 (N-W1): 0 to 0 for two weeks, then 0 to 2, stays on track."""
        learner.start()
        _weeks(learner, 2, 0, 0)
        _weeks(learner, 2, 0, rules.settling_rise, first=2)
        plan = _the_same(learner, 28)
        assert ("ok", 5) == (plan["standing"], plan["week"])

    def test_n_h2_a_stop_before_the_plan_refuses_a_new_plan(self, learner, rules):
        """N-H2: a stop-rule event the day before `plan start` refuses it, until --restart."""
        learner.log(0, 3, 3 + rules.settling_rise + 1, "--stop-rule")
        code, _out, err = learner.start(_day(1))
        assert 1 == code
        assert _day(0).isoformat() in err and "--restart" in err
        assert 0 == learner.start(_day(1), "--restart")[0]
        assert "ok" == learner.plan(2)["standing"]

    def test_nerve_signs_stop_from_the_command_line(self, learner):
        """`log add --nerve-signs` records the red sign, says so, and stops the plan."""
        learner.start()
        out = learner.log(1, 2, 2, "--nerve-signs")
        assert "pins and needles" in out
        assert "stop" == _the_same(learner, 2)["standing"]

    @pytest.mark.parametrize("reps", [0, None])
    def test_m2_skipped_sessions_never_move_the_plan_on(self, learner, catalog, reps):
        """M2: sessions in which everything was skipped (or pain checks alone) are no sessions."""
        from exercises_lib.progress import ProgressLog, noon_stamp

        learner.start()
        with ProgressLog(Path(learner.db)) as log:
            for n in (0, 2, 4):  # what the player and the pain check write, three days
                if reps is not None:
                    skipped = [{"exercise": "bird-dog", "target": 3, "done": {"left": reps}}]
                    log.add_session(skipped, logged_at=noon_stamp(_day(n)))
                log.add_pain_check(2, 2, checked_at=noon_stamp(_day(n)))
        plan = _the_same(learner, 7)
        assert (1, True) == (plan["week"], plan["held"])
        assert 0 == learner.summary(7)["sessions"]

    def test_the_full_routine_waits_for_the_plan(self, learner, catalog):
        """N-H4: Today's session offers the full routine only once the plan has reached it."""
        learner.start()
        early = TodaySession(catalog, db=Path(learner.db), today=_day(1))
        assert "full" not in _offered(early)
        _weeks(learner, 4, 2, 2)
        later = TodaySession(catalog, db=Path(learner.db), today=_day(29))
        assert "full" in _offered(later)


def _offered(session: TodaySession) -> set[str]:
    return {value for _label, value in session.picker.options}


class TestTodaySessionObeys:
    @pytest.mark.parametrize("flag", ["--stop-rule", "--nerve-signs"])
    def test_a_stopped_plan_offers_only_the_gentle_day(self, learner, catalog, flag, tmp_path):
        """Stopped: only the gentle day, with the stop's words; a paused plan the same."""
        learner.start()
        learner.log(1, 2, 2, flag)
        session = TodaySession(catalog, db=Path(learner.db), today=_day(3))
        assert {TodaySession.GENTLE} == _offered(session)
        gentle = {i.exercise.id for i in session.routines[TodaySession.GENTLE].items}
        assert gentle == set(catalog.safety.rulebook.gentle_day)
        assert escape(session.day.status) in session.plan_box.value

    def test_a_red_day_offers_no_session(self, learner, catalog, rules):
        """On the day of a big rise, Today's session opens no new session (M1)."""
        learner.start()
        learner.log(1, 2, 2 + rules.settling_rise + 1)
        session = TodaySession(catalog, db=Path(learner.db), today=_day(1))
        assert set() == _offered(session) and session.player is None
        assert "No more exercise today" in session.note.value

    def test_an_amber_day_offers_no_session_when_opened_again(self, learner, catalog, rules):
        """After an amber check (more than a mild ache after), a new Today's session that day
        offers nothing, as the widget that saved the check does."""
        learner.start()
        learner.log(1, rules.mild_ache_max, rules.mild_ache_max + 1)
        session = TodaySession(catalog, db=Path(learner.db), today=_day(1))
        assert set() == _offered(session) and session.player is None
        later = TodaySession(catalog, db=Path(learner.db), today=_day(2))
        assert "plan" in _offered(later)

    def test_a_red_check_in_the_widget_ends_the_day(self, catalog, rules, tmp_path):
        """Saving an amber or red pain check closes the session and offers nothing more."""
        session = TodaySession(catalog, db=tmp_path / "log.sqlite", today=_day(1))
        assert _offered(session)
        session.pain_check.before.value = 2
        session.pain_check.after.value = 2 + rules.settling_rise + 1
        session.pain_check.save()
        assert set() == _offered(session) and session.player is None

    def test_nerve_signs_in_the_widget_are_red_and_saved(self, catalog, tmp_path):
        """The pain check's nerve question: yes is a red verdict, and the log keeps it."""
        from exercises_lib.progress import ProgressLog

        db = tmp_path / "log.sqlite"
        session = TodaySession(catalog, db=db, today=_day(1))
        check = session.pain_check
        check.before.value, check.after.value, check.nerves.value = 1, 1, True
        check.save()
        assert "exl-stop" in check.message.value
        with ProgressLog(db) as log:
            [saved] = log.pain_checks()
        assert saved.nerve_signs
        assert set() == _offered(session)

    def test_start_button_refuses_over_a_recent_stop(self, learner, catalog):
        """No plan yet, a stop in the log: the button says only after a doctor's yes (N-H2)."""
        learner.log(0, 2, 2, "--stop-rule")
        session = TodaySession(catalog, db=Path(learner.db), today=_day(1))
        assert "only after" in session.start_plan_button.description
        assert "cannot start yet" in session.plan_box.value
        assert {TodaySession.GENTLE} == _offered(session)


# A learner's eight weeks, day by day: (day, before, after, flags). Good weeks, an ache
# past a mild one, a big rise, gentle days, and at the end a stop.
_WALK = [
    *[(7 * w + d, 2, 2, ()) for w in range(2) for d in (1, 3)],
    (15, 3, 5, ()),
    (17, 2, 2, ()),
    (22, 2, 6, ()),
    (24, 8, 8, ()),
    (29, 2, 2, ()),
    (31, 2, 2, ()),
    (36, 2, 3, ("--stop-rule",)),
]


def test_every_surface_says_the_same_thing_each_day(learner, catalog, monkeypatch):
    """The plan, `log summary`, `plan today`, the progress page and Today's session agree."""
    # What is compared here is words; the charts have tests of their own (test_progress_view),
    # and drawing them 86 times would be most of this test's time.
    monkeypatch.setattr(progress_view, "weekly_chart_svg", lambda summary: "")
    monkeypatch.setattr(progress_view, "pain_chart_svg", lambda summary: "")
    learner.start()
    logged = {n: (b, a, flags) for n, b, a, flags in _WALK}
    assert logged
    for n in range(0, 43):
        if n in logged:
            before, after, flags = logged[n]
            learner.log(n, before, after, *flags)
        plan, summary = learner.plan(n), learner.summary(n)
        level = plan["standing"]
        assert level == summary["standing"]["level"], n
        if level != "ok":
            assert plan["status"].endswith(summary["standing"]["headline"]) or (
                summary["standing"]["headline"] in plan["status"]
            ), n
        page = ProgressReport(catalog, Path(learner.db), today=_day(n))._repr_html_()
        session = TodaySession(catalog, db=Path(learner.db), today=_day(n))
        # a held plan shows its reason under "Held."; a stopped or running one, its status
        shown = plan["why"] if plan["held"] and level not in ("stop", "pause") else plan["status"]
        assert escape(shown) in page, n
        assert escape(shown) in session.plan_box.value, n
        if level in ("stop", "pause"):
            assert _offered(session) <= {TodaySession.GENTLE}, n
        else:
            assert "plan" in _offered(session) or not _offered(session), n


class TestLessonsObey:
    """A lesson's timers read the same standing: no strength move while the plan is stopped,
    and nothing after a red check today."""

    @pytest.fixture
    def stopped(self, tmp_path, monkeypatch):
        from exercises_lib.progress import DB_ENV, ProgressLog, noon_stamp

        db = tmp_path / "log.sqlite"
        monkeypatch.setenv(DB_ENV, str(db))
        with ProgressLog(db) as log:
            log.add_pain_check(2, 2, stop_rule=True, checked_at=noon_stamp(date.today()))
        return db

    def test_a_stopped_plan_closes_the_strength_moves(self, stopped, catalog):
        """Lesson 04's timer stays closed with the stop's words; the gentle moves' do too today."""
        from exercises_lib.course import Lesson
        from exercises_lib.widgets.checklists import StandingGate

        lesson = Lesson("04-bird-dog", catalog)
        timer = lesson.practice("bird-dog")
        assert isinstance(timer.gate, StandingGate) and timer.gated
        assert "more than" in timer.gate.waiting_for
        # the stop was today: no exercise at all today, gentle moves included
        assert isinstance(lesson.practice("pelvic-tilt").gate, StandingGate)
        assert isinstance(lesson.session("starter").timer.gate, StandingGate)

    def test_a_stop_days_ago_leaves_only_the_gentle_moves(self, tmp_path, monkeypatch, catalog):
        """Days after a stop, the gentle moves open with the checklist; the Bird Dog stays shut."""
        from exercises_lib.course import Lesson
        from exercises_lib.progress import DB_ENV, ProgressLog, noon_stamp
        from exercises_lib.widgets.checklists import StandingGate

        db = tmp_path / "log.sqlite"
        monkeypatch.setenv(DB_ENV, str(db))
        with ProgressLog(db) as log:
            earlier = noon_stamp(date.today() - timedelta(days=3))
            log.add_pain_check(2, 2, stop_rule=True, checked_at=earlier)
        lesson = Lesson("06-gentle-extras", catalog)
        gentle = catalog.safety.rulebook.gentle_day
        assert gentle
        for move in gentle:
            assert lesson.practice(move).gate is lesson.safety_checklist()
        assert isinstance(lesson.practice("bird-dog").gate, StandingGate)

    def test_no_log_leaves_lessons_open(self, tmp_path, monkeypatch, catalog):
        """With no log yet, a lesson's timer waits only for its checklist."""
        from exercises_lib.course import Lesson
        from exercises_lib.progress import DB_ENV

        monkeypatch.setenv(DB_ENV, str(tmp_path / "none.sqlite"))
        lesson = Lesson("04-bird-dog", catalog)
        assert lesson.practice("bird-dog").gate is lesson.safety_checklist()


def test_the_doctors_summary_has_every_score_and_the_flags(learner, catalog, rules):
    """N-W6: scores logged with `log add` reach the doctor's table, with the flag lines."""
    learner.start()
    high = rules.high_pain_before + 1
    _weeks(learner, 1, high, high)
    report = ProgressReport(catalog, Path(learner.db), today=_day(7))
    summary = report.clinician_summary_html()
    assert summary.count(f"<td>{high}</td><td>{high}</td>") == 2
    assert report.summary.flags
    for line in report.summary.flags:
        assert escape(line) in summary


def test_a_gentle_day_lists_the_gentle_moves_and_no_others(learner, catalog, rules):
    """N-S1: with high pain before today, `plan today` lists the rulebook's gentle moves,
    the ones this week of the plan does not have too, each at its starting dose."""
    learner.start()
    learner.log(2, rules.high_pain_before, rules.high_pain_before - 1)
    plan = learner.plan(2)
    assert plan["gentle_today"]
    listed = [i["exercise"] for i in plan["items"]]
    assert list(rules.gentle_day) == listed
    week = {i.exercise.id for i in catalog.program(plan["program"]).week(plan["week"]).items}
    assert set(listed) - week, "the gentle moves include some the week does not have"


def test_the_csv_export_carries_the_widgets_pain_checks(learner, tmp_path):
    """m2: `log export --csv` has a row for each pain check, with its flags."""
    from exercises_lib.progress import ProgressLog, noon_stamp

    with ProgressLog(Path(learner.db)) as log:
        log.add_pain_check(2, 3, nerve_signs=True, checked_at=noon_stamp(_day(1)))
    out = tmp_path / "log.csv"
    assert 0 == learner.run("log", "export", "--db", learner.db, "--csv", str(out))[0]
    lines = out.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    assert 2 == len(lines)
    row = dict(zip(header, lines[1].split(","), strict=True))
    assert ("pain-check", "2", "3", "True") == (
        row["kind"],
        row["pain_before"],
        row["pain_after"],
        row["nerve_signs"],
    )
