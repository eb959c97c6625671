"""The safety rulebook, as tables: each row is the inputs, the verdict and the words."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from exercises_lib.rulebook import (
    Day,
    PainLevel,
    StandingLevel,
    WeekVerdict,
    judge_week,
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
    """Log rows from (day offset, before, after, stop rule, a session)."""
    return [(START + timedelta(days=n), b, a, stop, session) for n, b, a, stop, session in specs]


class TestPainVerdict:
    CASES = (
        # (name, (before, after, still hurts) from the rules, level, words said)
        ("same low", lambda r: (2, 2, None), PainLevel.GREEN, "mild ache that settles"),
        ("small rise", lambda r: (2, 2 + r.settling_rise, None), PainLevel.GREEN, "small rise"),
        ("one over", lambda r: (2, 3 + r.settling_rise, None), PainLevel.RED, "Stop exercising"),
        ("went down", lambda r: (5, 2, None), PainLevel.GREEN, "went down"),
        ("none after", lambda r: (3, 0, None), PainLevel.GREEN, "No pain"),
        (
            "high and same",
            lambda r: (r.mild_ache_max + 1, r.mild_ache_max + 1, None),
            PainLevel.GREEN,
            "more than a mild ache",
        ),
        (
            "high before",
            lambda r: (r.high_pain_before, r.high_pain_before, None),
            PainLevel.GENTLE,
            "gentle",
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


class TestGoodWeek:
    CASES = (
        ("two clean days", [(0, 2, 2, False, True), (2, 2, 1, False, True)], WeekVerdict.GOOD),
        (
            "stop rule",
            [(0, 2, 2, False, True), (2, 2, 3, True, True)],
            WeekVerdict.STOP_RULE,
        ),
        ("red rise", [(0, 2, 2, False, True), (2, 1, 8, False, True)], WeekVerdict.RED_RISE),
        ("one day", [(0, 2, 2, False, True)], WeekVerdict.TOO_FEW_DAYS),
        (
            "many entries one day",
            [(0, 2, 2, False, True), (0, None, None, False, True), (0, 1, 1, False, True)],
            WeekVerdict.TOO_FEW_DAYS,
        ),
        (
            "no pain data",
            [(0, None, None, False, True), (2, None, None, False, True)],
            WeekVerdict.NO_PAIN_CHECK,
        ),
        ("nothing", [], WeekVerdict.NO_SESSIONS),
        (
            "skipped only",
            [(0, None, None, False, False), (2, None, None, False, False)],
            WeekVerdict.NO_SESSIONS,
        ),
        (
            "high pain days are gentle days",
            [(0, 8, 8, False, True), (2, 9, 8, False, True)],
            WeekVerdict.TOO_FEW_DAYS,
        ),
    )

    @pytest.mark.parametrize(("name", "rows", "verdict"), CASES, ids=[c[0] for c in CASES])
    def test_table(self, rules, name, rows, verdict):
        """Each week of logged rows gets the verdict of its row."""
        if name == "high pain days are gentle days":
            assert rules.high_pain_before <= 8
        assert verdict == judge_week(rules, Day.fold(rules, _rows(*rows)))


class TestStanding:
    def test_stop_rule_stops_until_restart(self, rules):
        """A stop-rule event stops the plan, naming the minutes, weeks later too."""
        days = Day.fold(rules, _rows((1, 2, 2, True, True)))
        later = standing(rules, days, START + timedelta(days=30), since=START)
        assert StandingLevel.STOP == later.level
        assert f"more than {rules.stop_minutes} minutes" in later.headline
        restarted = standing(rules, days, START + timedelta(days=30), since=START + timedelta(9))
        assert StandingLevel.OK == restarted.level

    def test_pain_held_weeks_in_a_row_pause(self, rules):
        """Weeks in a row held for pain pause the plan and send the learner to a GP or physio."""
        spike = 3 + rules.settling_rise
        rows = [(7 * w + d, 1, 1 + spike, False, True) for w in range(3) for d in (0, 2)]
        days = Day.fold(rules, _rows(*rows))
        now = standing(rules, days, START + timedelta(days=7 * 3), since=START)
        assert StandingLevel.PAUSE == now.level
        assert "GP or physio" in now.headline

    def test_pain_going_up_holds(self, rules):
        """Pain after exercise going up holds, with the same words the summary shows."""
        rows = [(n, 2, after, False, True) for n, after in enumerate((1, 1, 1, 3, 3, 3))]
        now = standing(rules, Day.fold(rules, _rows(*rows)), START + timedelta(days=6))
        assert StandingLevel.HOLD == now.level
        assert "going up" in now.headline


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
