"""The safety rulebook, as tables: each row is the inputs, the verdict and the words."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from exercises_lib.rulebook import (
    Day,
    DayRow,
    PainLevel,
    StandingLevel,
    WeekVerdict,
    judge_week,
    not_improving,
    pain_rose,
    pain_verdict,
    standing,
    starting_dose,
)

START = date(2026, 11, 2)  # a Monday


@pytest.fixture(scope="module")
def rules(catalog):
    return catalog.safety.rulebook


def _rows(*specs):
    """Log rows from (day offset, before, after, stop rule, a session[, nerve signs])."""
    return [DayRow(START + timedelta(days=n), *rest) for n, *rest in specs]


class TestPainVerdict:
    CASES = (
        # (name, (before, after, still hurts) from the rules, level, words said)
        ("same low", lambda r: (2, 2, None), PainLevel.GREEN, "mild ache that settles"),
        (
            "small rise to a mild ache",
            lambda r: (r.mild_ache_max - r.settling_rise, r.mild_ache_max, None),
            PainLevel.GREEN,
            "small rise",
        ),
        ("no pain to a mild ache", lambda r: (0, r.mild_ache_max, None), PainLevel.RED, "settled"),
        (
            "small rise past a mild ache",
            lambda r: (r.mild_ache_max - 1, r.mild_ache_max + 1, None),
            PainLevel.AMBER,
            "more than a mild ache",
        ),
        (
            "small rise to a high score",
            lambda r: (r.high_pain_before - r.settling_rise, r.high_pain_before, None),
            PainLevel.AMBER,
            "stop for today",
        ),
        (
            "big rise that may settle",
            lambda r: (0, r.settling_rise + 1, None),
            PainLevel.RED,
            "If it has not settled in",
        ),
        (
            "big rise to a high score",
            lambda r: (r.high_pain_before - r.settling_rise - 1, r.high_pain_before, None),
            PainLevel.RED,
            "contact a doctor today",
        ),
        ("went down", lambda r: (5, 2, None), PainLevel.GREEN, "went down"),
        ("none after", lambda r: (3, 0, None), PainLevel.GREEN, "No pain"),
        (
            "high and same",
            lambda r: (r.mild_ache_max + 1, r.mild_ache_max + 1, None),
            PainLevel.GREEN,
            "more than a mild ache",
        ),
        (
            "high before, lower after",
            lambda r: (r.high_pain_before, r.high_pain_before - 1, None),
            PainLevel.GENTLE,
            "gentle",
        ),
        (
            "high before and after",
            lambda r: (r.high_pain_before, r.high_pain_before, None),
            PainLevel.AMBER,
            "stop for today",
        ),
        (
            "high before alone",
            lambda r: (r.high_pain_before, None, None),
            PainLevel.GENTLE,
            "gentle",
        ),
        (
            "very high before",
            lambda r: (r.see_doctor_before, None, None),
            PainLevel.GENTLE,
            "needs a doctor today",
        ),
        ("still hurts", lambda r: (2, 3, True), PainLevel.RED, "contact a doctor"),
        ("settled", lambda r: (2, 3, False), PainLevel.GREEN, "settled"),
    )

    @pytest.mark.parametrize(("name", "inputs", "level", "words"), CASES, ids=[c[0] for c in CASES])
    def test_table(self, rules, name, inputs, level, words):
        """Each pain check gets the level and the words of its row."""
        before, after, still_hurts = inputs(rules)
        verdict = pain_verdict(rules, before, after, still_hurts=still_hurts)
        assert level == verdict.level
        assert words.lower() in f"{verdict.headline} {verdict.advice}".lower()

    def test_an_after_above_a_mild_ache_with_a_rise_is_never_green(self, rules):
        """Every pair with a rise to more than a mild ache, or to the high mark, is amber or red."""
        pairs = [
            (b, a)
            for b in range(11)
            for a in range(11)
            if a >= rules.high_pain_before or (a > rules.mild_ache_max and a > b)
        ]
        assert pairs
        for before, after in pairs:
            verdict = pain_verdict(rules, before, after)
            assert verdict.done_for_today, (before, after)

    def test_the_high_after_verdict_names_both_numbers(self, rules):
        """7 to 9 says both scores, not only 'high today' (N-W5)."""
        before, after = rules.high_pain_before, rules.high_pain_before + 2
        verdict = pain_verdict(rules, before, after)
        assert f"{before} out of 10 before and {after}" in verdict.headline

    def test_a_rise_of_three_has_one_wording(self, rules):
        """A big rise to a score below high says: stop for today, the doctor if it lasts."""
        verdict = pain_verdict(rules, 0, rules.settling_rise + 1)
        expected = (
            f"Stop exercising for today. If it has not settled in {rules.stop_minutes} minutes, "
            "contact a doctor. Next time, use the easier version."
        )
        assert expected == verdict.advice
        assert verdict.ask_again

    def test_nerve_signs_are_red(self, rules):
        """Sharp, shooting or spreading pain, or pins and needles, is red whatever the scores."""
        verdict = pain_verdict(rules, 1, 1, nerve_signs=True)
        assert PainLevel.RED == verdict.level
        assert "contact a doctor today" in verdict.advice

    def test_a_high_score_is_never_a_mild_ache(self, rules):
        """From just above the mild limit to 10, unchanged pain is never called a mild ache."""
        for score in range(rules.mild_ache_max + 1, 11):
            verdict = pain_verdict(rules, score, score)
            assert "a mild ache that settles is fine" not in verdict.advice.lower()

    def test_red_names_the_stop_minutes(self, rules):
        """The follow-up's red verdict names the stop rule's minutes from the data."""
        verdict = pain_verdict(rules, 2, 3, still_hurts=True)
        assert f"more than {rules.stop_minutes} minutes" in verdict.headline

    def test_small_rise_asks_again_in_minutes(self, rules):
        """A small rise offers to ask again after the stop rule's minutes."""
        verdict = pain_verdict(rules, 2, 3)
        assert verdict.ask_again
        assert f"ask again in {rules.stop_minutes} minutes" in verdict.advice

    def test_rise_boundary(self, rules):
        """pain_rose is true only past the settling rise."""
        assert not pain_rose(rules, 2, 2 + rules.settling_rise)
        assert pain_rose(rules, 2, 3 + rules.settling_rise)
        assert not pain_rose(rules, None, 9)


def _good_week(rules, week=0):
    """The rulebook's good week: enough days, each with a session and a mild check."""
    days = max(rules.good_week_days, rules.good_week_pain_checks)
    return [(7 * week + 2 * n, 2, 2, False, True) for n in range(days)]


class TestGoodWeek:
    CASES = (
        ("enough clean days", lambda r: _good_week(r), WeekVerdict.GOOD),
        (
            "stop rule",
            lambda r: [*_good_week(r), (1, 2, 3, True, False)],
            WeekVerdict.STOP_RULE,
        ),
        (
            "nerve signs",
            lambda r: [*_good_week(r), (1, 2, 2, False, False, True)],
            WeekVerdict.NERVE_SIGNS,
        ),
        (
            "red rise",
            lambda r: [*_good_week(r), (1, 1, 2 + r.settling_rise, False, True)],
            WeekVerdict.RED_RISE,
        ),
        (
            "more than a mild ache after",
            lambda r: [*_good_week(r), (1, r.mild_ache_max, r.mild_ache_max + 1, False, True)],
            WeekVerdict.HIGH_AFTER,
        ),
        (
            "high pain before",
            lambda r: [*_good_week(r), (1, r.high_pain_before, 1, False, True)],
            WeekVerdict.HIGH_PAIN,
        ),
        ("one day", lambda r: [(0, 2, 2, False, True)], WeekVerdict.TOO_FEW_DAYS),
        (
            "many entries one day",
            lambda r: [(0, 2, 2, False, True), (0, None, None, False, True)],
            WeekVerdict.TOO_FEW_DAYS,
        ),
        (
            "no pain data",
            lambda r: [(2 * n, None, None, False, True) for n in range(r.good_week_days)],
            WeekVerdict.NO_PAIN_CHECK,
        ),
        ("nothing", lambda r: [], WeekVerdict.NO_SESSIONS),
        (
            "skipped only",
            lambda r: [(0, None, None, False, False), (2, None, None, False, False)],
            WeekVerdict.NO_SESSIONS,
        ),
        (
            "pain checks alone are not sessions",
            lambda r: [(2 * n, 2, 2, False, False) for n in range(r.good_week_days)],
            WeekVerdict.TOO_FEW_DAYS,
        ),
    )

    @pytest.mark.parametrize(("name", "rows", "verdict"), CASES, ids=[c[0] for c in CASES])
    def test_table(self, rules, name, rows, verdict):
        """Each week of logged rows gets the verdict of its row."""
        assert verdict == judge_week(rules, Day.fold(rules, _rows(*rows(rules))))

    def test_pain_held_weeks_say_why(self, rules):
        """A week of high pain before says so, never 'only 0 session days' (N-H3)."""
        high = rules.high_pain_before + 1
        days = Day.fold(rules, _rows(*[(2 * n, high, high, False, True) for n in range(3)]))
        verdict = judge_week(rules, days)
        assert WeekVerdict.HIGH_AFTER == verdict or WeekVerdict.HIGH_PAIN == verdict
        assert verdict.for_pain
        assert "Only 0" not in verdict.why(rules, days)


def _weeks(rules, weeks, before, after):
    """``weeks`` weeks of sessions, each scored ``before`` then ``after``."""
    days = max(rules.good_week_days, rules.good_week_pain_checks)
    return [(7 * w + 2 * n, before, after, False, True) for w in range(weeks) for n in range(days)]


class TestStanding:
    def test_stop_rule_stops_until_restart(self, rules):
        """A stop-rule event stops the plan, naming the minutes, weeks later too."""
        days = Day.fold(rules, _rows((1, 2, 2, True, True)))
        later = standing(rules, days, START + timedelta(days=30), since=START)
        assert StandingLevel.STOP == later.level
        assert f"more than {rules.stop_minutes} minutes" in later.headline
        assert "not bed rest" in later.headline  # the meanwhile line keeps people active
        assert START + timedelta(days=1) == later.since
        restarted = standing(rules, days, START + timedelta(days=30), since=START + timedelta(9))
        assert StandingLevel.OK == restarted.level

    def test_nerve_signs_stop(self, rules):
        """Nerve signs stop the plan like the stop rule, and say what was felt."""
        days = Day.fold(rules, _rows((1, 2, 2, False, False, True)))
        now = standing(rules, days, START + timedelta(days=3), since=START)
        assert StandingLevel.STOP == now.level
        assert "pins and needles" in now.headline

    @pytest.mark.parametrize(
        ("name", "scores"),
        [
            (
                "a rise to a high score (N-H1)",
                lambda r: (r.high_pain_before - r.settling_rise, r.high_pain_before),
            ),
            (
                "weeks of high pain (N-H3)",
                lambda r: (r.high_pain_before + 1, r.high_pain_before + 1),
            ),
            ("more than a mild ache after", lambda r: (r.mild_ache_max, r.mild_ache_max + 1)),
        ],
    )
    def test_weeks_of_pain_pause_and_name_the_doctor(self, rules, name, scores):
        """Weeks in a row of high pain pause the plan, naming the region's doctor and physio."""
        weeks = rules.pause_after_held_weeks
        days = Day.fold(rules, _rows(*_weeks(rules, weeks, *scores(rules))))
        now = standing(rules, days, START + timedelta(days=7 * weeks), since=START)
        assert StandingLevel.PAUSE == now.level
        assert f"see {rules.doctor} or a {rules.physio}" in now.headline

    def test_a_second_big_rise_pauses(self, rules):
        """A second rise past the settling rise within the rulebook's days pauses (a repeat)."""
        spike = 2 + rules.settling_rise + 1
        gap = rules.red_rise_days - 1
        days = Day.fold(rules, _rows((0, 2, spike, False, True), (gap, 2, spike, False, True)))
        now = standing(rules, days, START + timedelta(days=gap), since=START)
        assert StandingLevel.PAUSE == now.level
        assert f"contact {rules.doctor}" in now.headline
        assert now.done_today

    def test_one_big_rise_holds_with_the_same_words_on_its_day(self, rules):
        """On the day of a big rise the plan says what the pain check said (M1)."""
        days = Day.fold(rules, _rows((2, 1, 2 + rules.settling_rise, False, True)))
        that_day = standing(rules, days, START + timedelta(days=2), since=START)
        verdict = pain_verdict(rules, 1, 2 + rules.settling_rise)
        assert StandingLevel.HOLD == that_day.level
        assert verdict.advice in that_day.headline
        later = standing(rules, days, START + timedelta(days=4), since=START)
        assert "If it happens again" in later.headline

    def test_pain_going_up_holds(self, rules):
        """Pain after exercise going up past a mild ache holds, with the words the summary shows."""
        high = rules.mild_ache_max + 1
        scores = [0] * rules.trend_scores + [high] * rules.trend_scores
        rows = [(n, high, after, False, True) for n, after in enumerate(scores)]
        now = standing(rules, Day.fold(rules, _rows(*rows)), START + timedelta(days=len(rows)))
        assert StandingLevel.HOLD == now.level
        assert "going up" in now.headline

    def test_a_rise_to_a_mild_ache_is_not_a_rising_trend(self, rules):
        """0 to 2 after exercise, below 'before', never holds or pauses (N-W1)."""
        rows = [*_weeks(rules, 2, 0, 0)]
        rows += [
            (14 + r[0], 0, rules.mild_ache_max - 1, False, True) for r in _weeks(rules, 2, 0, 0)
        ]
        days = Day.fold(rules, _rows(*rows))
        now = standing(rules, days, START + timedelta(days=28), since=START)
        assert StandingLevel.OK == now.level

    def test_not_improving_is_flagged_at_a_review_week(self, rules):
        """Pain before above a mild ache and no lower than at the start is flagged (N-M1)."""
        week = rules.review_weeks[0]
        score = rules.mild_ache_max + 1
        rows = [(7 * w + 2 * n, score, score, False, True) for w in range(week) for n in range(2)]
        days = Day.fold(rules, _rows(*rows))
        assert rules.doctor in not_improving(rules, days, START, week)
        assert "" == not_improving(rules, days, START, week - 1)
        better = Day.fold(
            rules, _rows(*[(r[0], 1, 1, False, True) if r[0] >= 14 else r for r in rows])
        )
        assert "" == not_improving(rules, better, START, week)


def test_lessons_start_at_the_plans_first_dose(catalog):
    """An exercise starts at the first plan week that has it; the starter routine is week 1."""
    program = next(iter(catalog.programs.values()))
    first = {i.exercise.id: i.dose for i in program.weeks[0].items}
    for exercise_id, dose in first.items():
        assert dose == starting_dose(catalog, catalog[exercise_id])
    starter = {i.exercise.id: i.dose for i in catalog.routine("starter").items}
    assert first == starter


def test_a_changed_stop_rule_reaches_every_surface(data_copy, capsys):
    """With the stop rule at 20 minutes, sheets, footers, decks, widgets, quizzes and the CLI say 20."""
    from exercises_lib import load_catalog
    from exercises_lib.cli import main
    from exercises_lib.guide import guide_blocks
    from exercises_lib.handouts.sheets import (
        clinician_sheet_html,
        exercise_sheet_html,
        screening_form_html,
        weekly_log_html,
    )
    from exercises_lib.rendering import answer_key_html, safety_footer_html, safety_html
    from exercises_lib.slides import deck_footer_html
    from exercises_lib.widgets import PainCheck, SafetyChecklist

    path = data_copy / "safety.yaml"
    text = path.read_text(encoding="utf-8")
    old = f"  minutes: {load_catalog(data_copy).safety.stop_minutes}\n"
    assert old in text
    path.write_text(text.replace(old, "  minutes: 20\n", 1), encoding="utf-8")
    catalog = load_catalog(data_copy)
    selection = [(e, e.dose) for e in catalog]
    check = PainCheck(catalog.safety)
    check.before.value, check.after.value = 2, 3
    check.save()
    surfaces = {
        "sheets": exercise_sheet_html(selection, catalog.safety)
        + clinician_sheet_html(selection, catalog.safety)
        + weekly_log_html(selection, catalog.safety)
        + screening_form_html(catalog.safety),
        "footers": safety_footer_html(catalog.safety) + safety_html(catalog.safety),
        "deck": deck_footer_html(catalog.safety),
        "widgets": check.message.value
        + check.print_html()
        + SafetyChecklist(catalog.safety).print_html(),
        "quizzes": "".join(answer_key_html(q) for q in catalog.quizzes.values()),
        "guide": "".join(guide_blocks(catalog).values()),
    }
    assert 0 == main(["show", "bird-dog", "--data", str(data_copy)])
    surfaces["cli"] = capsys.readouterr().out
    for where, html in surfaces.items():
        assert "20 minutes" in html or "20\nminutes" in html, where
        assert "15 minutes" not in html and "15\nminutes" not in html, where
