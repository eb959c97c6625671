"""Checks the structure review's mutation run showed were missing (section 3, by id).

Each test fails on the mutant it is named for: a rule of the log's tables let through,
a sanitiser attribute allowed, an overlay that adds a number, a trend read too late.
Inputs come from the data and the code's own tables, never typed again here.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest

from exercises_lib import load_catalog
from exercises_lib.cli import main
from exercises_lib.errors import CatalogError
from exercises_lib.logschema import RULES, SCHEMA_VERSION, WALK_MINUTES_MAX, rules_at
from exercises_lib.measures import GOAL_SCORE_RANGE, GOALS_MAX
from exercises_lib.plan import plan_day
from exercises_lib.progress import ProgressLog, noon_stamp
from exercises_lib.rulebook import (
    Day,
    DayRow,
    PainLevel,
    StandingLevel,
    WeekVerdict,
    judge_weeks,
    pain_trend,
    pain_verdict,
    standing,
)
from exercises_lib.sanitize import clean_html

from .conftest import DATA

START = date(2026, 11, 2)  # a Monday


def _days(rules, *rows):
    """Days from (offset, before, after[, stop, session, nerves]); a session by default."""
    full = [(*r, False, True) if len(r) == 3 else r for r in rows]
    return Day.fold(rules, [DayRow(START + timedelta(days=r[0]), *r[1:]) for r in full])


@pytest.fixture(scope="module")
def rules(catalog):
    return catalog.safety.rulebook


class TestRulebookGaps:
    def test_r3_a_gentle_day_check_still_asks_again(self, rules):
        """R3: high pain before, a little lower after: the check offers to ask again."""
        verdict = pain_verdict(rules, rules.high_pain_before, rules.high_pain_before - 1)
        assert PainLevel.GENTLE == verdict.level and verdict.ask_again

    def test_r7_a_trend_of_exactly_one_step_is_up(self, rules):
        """R7: the recent scores one trend step above the earlier ones read as 'up'."""
        n = rules.trend_scores
        assert "up" == pain_trend(rules, [1] * n + [1 + rules.trend_step] * n)
        assert "steady" == pain_trend(rules, [1] * (2 * n))

    @pytest.mark.parametrize(("back", "level"), [(-1, StandingLevel.HOLD), (1, StandingLevel.OK)])
    def test_r8_a_big_rise_holds_for_the_rulebooks_days(self, rules, back, level):
        """R8: a big rise holds for red_rise_days, then no longer."""
        days_ago = rules.red_rise_days + back
        days = _days(rules, (0, 1, 2 + rules.settling_rise))
        today = START + timedelta(days=days_ago)
        assert level == standing(rules, days, today, since=today - timedelta(days=days_ago)).level

    def test_r10_every_pain_verdict_counts_towards_a_pause(self):
        """R10: rising pain, like every pain verdict, counts towards pausing the plan."""
        pain = {
            WeekVerdict.STOP_RULE,
            WeekVerdict.NERVE_SIGNS,
            WeekVerdict.RED_RISE,
            WeekVerdict.HIGH_AFTER,
            WeekVerdict.HIGH_PAIN,
            WeekVerdict.PAIN_RISING,
        }
        assert pain == {v for v in WeekVerdict if v.for_pain}

    def test_r11_the_trend_reads_every_week_since_the_start(self, rules):
        """R11: low scores in week 1, higher (no rise within a session) in week 2: rising."""
        n = max(rules.trend_scores, rules.good_week_days, rules.good_week_pain_checks)
        ache = rules.mild_ache_max + 1
        rows = [(d, ache, 1) for d in range(n)] + [(7 + d, ache, ache) for d in range(n)]
        verdicts = judge_weeks(rules, _days(rules, *rows), START, START + timedelta(days=14))
        assert [WeekVerdict.GOOD, WeekVerdict.PAIN_RISING] == verdicts


class TestPlanGaps:
    def _good_weeks(self, rules, weeks):
        n = max(rules.good_week_days, rules.good_week_pain_checks)
        return [(7 * w + 2 * d, 2, 2) for w in range(weeks) for d in range(n)]

    def test_p3_a_held_week_keeps_the_advanced_move_out(self, rules, catalog):
        """P3: good weeks up to the crunch, then a big rise: held, and the crunch stays out."""
        program = catalog.program("six-weeks")
        joins = next(w.week for w in program.weeks if any(i.exercise.advanced for i in w.items))
        rows = self._good_weeks(rules, joins - 1)
        rows.append((7 * (joins - 1) + 1, 1, 2 + rules.settling_rise))
        day = plan_day(
            program, START, START + timedelta(days=7 * (joins - 1) + 2), _days(rules, *rows), rules
        )
        assert day.held and day.week == joins
        assert not any(i.exercise.advanced for i in day.items)

    def test_p4_yesterdays_high_pain_does_not_make_today_gentle(self, rules, catalog):
        """P4: only a high-pain check today makes a gentle-only day."""
        program = catalog.program("six-weeks")
        days = _days(rules, (0, rules.high_pain_before, None))
        assert plan_day(program, START, START, days, rules).gentle_today
        assert not plan_day(program, START, START + timedelta(days=1), days, rules).gentle_today


def test_g2_the_streak_counts_last_week_on_a_monday(tmp_path, catalog):
    """G2: asked on a Monday before a session, two weeks in a row still count."""
    monday = START + timedelta(weeks=2)
    with ProgressLog(tmp_path / "log.sqlite") as log:
        for weeks_back in (1, 2):
            day = monday - timedelta(weeks=weeks_back) + timedelta(days=2)
            log.add("bird-dog", reps=3, logged_at=noon_stamp(day))
        assert 2 == log.summary(catalog.safety.rulebook, monday).streak_weeks


# A value just outside each rule of the log's tables. A new rule needs a row here.
_BROKEN = {
    ("entries", "logged_at"): "2026-19-39T07:00:00+00:00",
    ("entries", "exercise"): "",
    ("entries", "reps"): 0,  # 0 only for a move skipped in a session, and there is none
    ("entries", "side"): "up",
    ("entries", "hold_seconds"): 0.1,
    ("entries", "pain_before"): 11,
    ("entries", "pain_after"): 11,
    ("entries", "note"): b"not text",
    ("pain_checks", "checked_at"): "2026-02-30T07:00:00+00:00",
    ("pain_checks", "pain_before"): 11,
    ("pain_checks", "pain_after"): -1,
    ("pain_checks", "stop_rule"): 2,
    ("pain_checks", "nerve_signs"): 2,
    ("plans", "program"): "",
    ("plans", "started_on"): "2026-02-30",
    ("plans", "created_at"): "yesterday",
    ("entries", "rung"): "Arm Reach",
    ("mornings", "answered_at"): "this morning",
    ("mornings", "day"): "2026-13-01",
    ("mornings", "worse"): 2,
    ("clearances", "cleared_at"): "2026-11-03",
    ("clearances", "exercise"): "Bird Dog",
    ("clearances", "highest_rung"): "",
    ("walks", "walked_at"): "2026-11-03",
    ("walks", "day"): "today",
    ("walks", "minutes"): WALK_MINUTES_MAX + 1,
    ("goals", "set_at"): "2026-11-03 07:00",
    ("goals", "slot"): GOALS_MAX + 1,
    ("goals", "activity"): " " * 3,
    ("goal_scores", "scored_at"): "tonight",
    ("goal_scores", "day"): "2026-11-31",
    ("goal_scores", "goal"): 0,
    ("goal_scores", "score"): GOAL_SCORE_RANGE[1] + 1,
    ("check_ins", "taken_at"): "2026-11-03T25:00:00+00:00",
    ("check_ins", "day"): "03/11/2026",
    ("check_ins", "measure"): "PEG",
    ("check_ins", "answers"): "[1, 2, 3]",
}
_GOOD = {
    "entries": {"logged_at": "2026-11-02T07:00:00+00:00", "exercise": "bird-dog", "note": ""},
    "pain_checks": {"checked_at": "2026-11-02T07:00:00+00:00", "pain_before": 2, "pain_after": 2},
    "plans": {
        "program": "six-weeks",
        "started_on": "2026-11-02",
        "created_at": "2026-11-02T07:00:00+00:00",
    },
    "mornings": {"answered_at": "2026-11-03T07:00:00+00:00", "day": "2026-11-03", "worse": 0},
    "clearances": {
        "cleared_at": "2026-11-03T07:00:00+00:00",
        "exercise": "bird-dog",
        "highest_rung": "leg-reach",
    },
    "walks": {"walked_at": "2026-11-03T07:00:00+00:00", "day": "2026-11-03", "minutes": 10},
    "goals": {"set_at": "2026-11-03T07:00:00+00:00", "slot": 1, "activity": "Carry shopping"},
    "goal_scores": {
        "scored_at": "2026-11-03T07:00:00+00:00",
        "day": "2026-11-03",
        "goal": 1,
        "score": 4,
    },
    "check_ins": {
        "taken_at": "2026-11-03T07:00:00+00:00",
        "day": "2026-11-03",
        "measure": "peg",
        "answers": '{"pain": 5, "enjoyment": 5, "activity": 5}',
    },
}


def test_every_rule_of_the_tables_has_a_broken_value():
    """The table below covers every rule the log keeps, so the next test can fail for each."""
    rules = rules_at(SCHEMA_VERSION)
    assert len(rules) > len(RULES) - 1
    assert {(table, column) for table, column, _a, _s in rules} == set(_BROKEN)


@pytest.mark.parametrize(("table", "column"), sorted(_BROKEN), ids=lambda v: str(v))
def test_l1_each_rule_refuses_its_broken_value(tmp_path, table, column):
    """L1-L4, L7: the tables refuse a value just outside each rule, written by another tool."""
    path = tmp_path / "log.sqlite"
    ProgressLog(path).close()
    row = {**_GOOD[table], column: _BROKEN[table, column]}
    db = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            names = ", ".join(row)
            db.execute(
                f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(row))})",
                tuple(row.values()),
            )
    finally:
        db.close()


def test_l8_a_first_version_log_read_only_says_to_log_one_entry(tmp_path, capsys):
    """L8: a version 1 log, opened to read, is called older (log one entry), never damaged."""
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    from exercises_lib.logschema import MIGRATIONS

    db.executescript(MIGRATIONS[0])
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    assert 1 == main(["log", "list", "--db", str(path)])
    err = capsys.readouterr().err
    assert "older version" in err and "damaged" not in err


class TestOutputsGaps:
    def test_w11_handouts_never_go_into_the_data_folder(self, data_copy, capsys):
        """W11: `handouts --out` the data folder is refused, and nothing is written there."""
        before = sorted(p.name for p in (data_copy / "exercises").iterdir())
        code = main(
            [
                "handouts",
                "--exercises",
                "bird-dog",
                "--format",
                "html",
                "--data",
                str(data_copy),
                "--out",
                str(data_copy / "exercises"),
            ]
        )
        assert 1 == code
        assert "will not write" in capsys.readouterr().err
        assert before == sorted(p.name for p in (data_copy / "exercises").iterdir())

    def test_w13_a_figure_never_replaces_a_data_file(self, data_copy, capsys):
        """W13: `figure --out` onto an exercise's YAML (in a copy) is refused, the file kept."""
        target = data_copy / "exercises" / "bird-dog.yaml"
        before = target.read_bytes()
        code = main(["figure", "bird-dog", "--data", str(data_copy), "--out", str(target)])
        assert 1 == code
        assert "will not write" in capsys.readouterr().err
        assert before == target.read_bytes()


class TestSanitiserGaps:
    @pytest.mark.parametrize(
        ("html", "gone"),
        [
            ('<a href="https://nhs.uk" ping="https://tracker.example/">x</a>', "ping"),
            ('<img src="a.png" srcset="https://tracker.example/p.png 1x">', "srcset"),
            ('<form><button formaction="https://tracker.example/">x</button></form>', "formaction"),
            (
                '<table background="https://tracker.example/b.png"><tr><td>x</td></tr></table>',
                "background",
            ),
            ("<p>a<!-- hidden note -->b</p>", "hidden note"),
            ('<iframe src="https://x.example/"></iframe><p>kept</p>', "iframe"),
            ('<object data="https://x.example/"></object><p>kept</p>', "object"),
        ],
        ids=["ping", "srcset", "formaction", "background", "comment", "iframe", "object"],
    )
    def test_s3_to_s6_what_calls_out_or_hides_is_dropped(self, html, gone):
        """S3-S6: attributes that fetch or report, comments, iframes and objects never survive."""
        assert gone not in clean_html(html)


class TestOverlayGaps:
    def test_o1_a_longer_list_is_a_message_not_a_traceback(self, data_copy):
        """O1: a Spanish list one item longer than the English is named, with the counts."""
        from exercises_lib.overlays import LOCALES

        overlay = data_copy / LOCALES / "es" / "exercises" / "bird-dog.yaml"
        text = overlay.read_text(encoding="utf-8")
        tips = "tips:\n"
        assert tips in text
        overlay.write_text(text.replace(tips, tips + "- Un consejo de más.\n", 1), encoding="utf-8")
        with pytest.raises(CatalogError) as caught:
            load_catalog(data_copy, lang="es")
        assert "the English file has" in str(caught.value)

    def test_o2_a_translation_cannot_add_a_number(self, data_copy):
        """O2: a text that gains a number ('10 veces') is refused."""
        from exercises_lib.overlays import LOCALES

        overlay = data_copy / LOCALES / "es" / "exercises" / "pelvic-tilt.yaml"
        text = overlay.read_text(encoding="utf-8")
        old = "Mantén la posición 5 segundos"
        assert old in text
        overlay.write_text(text.replace(old, old + ", 10 veces", 1), encoding="utf-8")
        with pytest.raises(CatalogError) as caught:
            load_catalog(data_copy, lang="es")
        assert "keep the numbers of the English text" in str(caught.value)


def test_o7_the_first_locale_variable_set_decides(monkeypatch):
    """O7: LC_ALL=C with LANG=es_ES.UTF-8 is English, as gettext reads it."""
    from exercises_lib import i18n

    monkeypatch.delenv(i18n.LANG_ENV, raising=False)
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    assert i18n._system_language() is None
    monkeypatch.setenv("LC_ALL", "es_ES.UTF-8")
    assert "es" == i18n._system_language()


def test_the_spanish_overlays_load(catalog):
    """The copies the tests above edit load cleanly before any edit."""
    assert load_catalog(DATA, lang="es")["bird-dog"].name
