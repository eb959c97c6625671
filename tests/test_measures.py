"""Check-ins and own goals: published scoring, licences, the log, and the rulebook's use of
them. Expected values come from the data files (data/measures/, data/safety.yaml)."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date, timedelta
from html import escape
from pathlib import Path

import pytest

from exercises_lib.cli import main
from exercises_lib.logfile import LogError
from exercises_lib.logschema import SCHEMA_VERSION, run_step, shape
from exercises_lib.measures import Better, MeanScoring, Risk, StratifiedScoring, trend
from exercises_lib.plan import todays_plan
from exercises_lib.progress import ProgressLog, noon_stamp
from exercises_lib.rulebook import Day, not_improving, screened_out

from .test_mutation_gaps import _GOOD

ROOT = Path(__file__).resolve().parents[1]
START = date(2026, 11, 2)  # a Monday


def _measures(catalog):
    found = list(catalog.measures.values())
    assert found, "the course ships check-ins"
    return found


def _examples(catalog):
    cases = [(m.id, i) for m in _measures(catalog) for i in range(len(m.examples))]
    assert cases
    return cases


def test_every_published_example_scores_as_published(catalog):
    """Each worked example in a measure's file scores to the value the file gives."""
    for measure_id, index in _examples(catalog):
        measure = catalog.measure(measure_id)
        example = measure.examples[index]
        score = measure.score(example["answers"])
        if isinstance(measure.scoring, MeanScoring):
            assert example["score"] == score.value, (measure_id, index)
        else:
            assert (example["total"], example["subscale"], Risk(example["risk"])) == (
                score.value,
                score.subscale,
                score.risk,
            ), (measure_id, index)


def test_the_stratified_examples_cover_every_risk_group(catalog):
    """Low, medium and high each have a published example, so each branch is tested."""
    stratified = [m for m in _measures(catalog) if isinstance(m.scoring, StratifiedScoring)]
    assert stratified
    for measure in stratified:
        assert {Risk(e["risk"]) for e in measure.examples} == set(Risk)


def _bad_answers(catalog):
    """For each question, an answer just outside what it takes, from the data."""
    cases = []
    for measure in _measures(catalog):
        good = dict(measure.examples[0]["answers"])
        for item in measure.items:
            if item.scale is not None:
                bad = [item.scale.lowest - 1, item.scale.highest + 1, "four", True]
            else:
                bad = ["maybe", item.choices[0].text.upper(), 1]
            cases += [(measure.id, {**good, item.id: value}) for value in bad]
        cases.append((measure.id, {k: v for k, v in good.items() if k != measure.items[-1].id}))
        cases.append((measure.id, {**good, "mood": good[measure.items[0].id]}))
    assert cases
    return cases


def test_a_wrong_or_missing_answer_is_refused_and_nothing_is_saved(catalog, tmp_path):
    for measure_id, answers in _bad_answers(catalog):
        with ProgressLog(tmp_path / "log.sqlite") as log:
            with pytest.raises(LogError, match="nothing was saved"):
                log.add_check_in(catalog.measure(measure_id), answers, START)
            assert [] == log.check_ins()


def test_each_measure_carries_its_licence_and_the_licence_file_names_it(catalog):
    """LICENSES/MEASURES.md carves every measure file out of CC BY 4.0, with its terms."""
    carve_out = (ROOT / "LICENSES" / "MEASURES.md").read_text(encoding="utf-8")
    for measure in _measures(catalog):
        assert f"data/measures/{measure.id}.yaml" in carve_out
        assert measure.licence.terms_url in carve_out
        assert measure.licence.notice.strip()
    assert "MEASURES.md" in (ROOT / "LICENSE").read_text(encoding="utf-8")


def test_the_check_in_shows_the_licence_notice_and_says_english_in_spanish(
    catalog, tmp_path, capsys
):
    """Without answers and no terminal, the questionnaire is printed with its notice; in
    Spanish it is shown in English with a note, never translated by the course."""
    for measure in _measures(catalog):
        assert 1 == main(["check-in", measure.id, "--db", str(tmp_path / "l.sqlite")])
        out = capsys.readouterr().out
        assert measure.licence.notice.split()[-1] in out
        assert measure.items[0].text in out
        assert 1 == main(
            ["--lang", "es", "check-in", measure.id, "--db", str(tmp_path / "l.sqlite")]
        )
        out = capsys.readouterr().out
        assert measure.items[0].text in out
        assert "inglés" in out


def test_goals_and_check_ins_from_the_command_line_read_back_in_the_summary(
    catalog, tmp_path, capsys
):
    db = str(tmp_path / "log.sqlite")
    peg = catalog.measure("peg")
    answers = peg.examples[0]["answers"]
    assert 0 == main(["goals", "set", "carry the shopping", "sit through a film", "--db", db])
    assert 0 == main(["goals", "score", "3", "6", "--date", "2026-11-02", "--db", db])
    pairs = [f"{k}={v}" for k, v in answers.items()]
    assert 0 == main(["check-in", "peg", *pairs, "--date", "2026-11-02", "--db", db])
    capsys.readouterr()
    assert 0 == main(["log", "summary", "--format", "json", "--db", db, "--date", "2026-11-03"])
    found = json.loads(capsys.readouterr().out)
    assert ["carry the shopping", "sit through a film"] == [g["activity"] for g in found["goals"]]
    assert [[3], [6]] == [[s["score"] for s in g["scores"]] for g in found["goals"]]
    assert [("peg", peg.examples[0]["score"])] == [
        (c["measure"], c["score"]) for c in found["check_ins"]
    ]
    assert "peg" not in found["due"] and "start-back" in found["due"]


def test_goal_commands_refuse_what_does_not_fit(tmp_path, capsys):
    db = str(tmp_path / "log.sqlite")
    assert 1 == main(["goals", "set", "a", "b", "c", "d", "--db", db])
    assert 1 == main(["goals", "set", "", "--db", db])
    assert 0 == main(["goals", "set", "carry the shopping", "--db", db])
    assert 1 == main(["goals", "score", "3", "4", "--db", db])
    assert "1. carry the shopping" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["goals", "score", "11", "--db", db])
    assert "from 0 to 10" in capsys.readouterr().err
    with ProgressLog(tmp_path / "log.sqlite") as log:
        assert [] == log.goal_scores()


# -- the log -------------------------------------------------------------------------------

# One good row for each table (the mutation table's), so every version's tables hold some.
_ROWS = _GOOD


@pytest.mark.parametrize("version", range(4, SCHEMA_VERSION))
def test_migrating_a_log_from_version_4_on_keeps_every_row(tmp_path, version):
    path = tmp_path / "log.sqlite"
    old = sqlite3.connect(path)
    for step in range(version):
        run_step(old, step)
    tables = [t for t in _ROWS if t in shape(version)]
    assert tables
    for table in tables:
        row = _ROWS[table]
        for _copy in range(3):
            old.execute(
                f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                tuple(row.values()),
            )
    old.execute(f"PRAGMA user_version = {version}")
    old.commit()
    old.close()
    with ProgressLog(path) as log:
        assert SCHEMA_VERSION == log.schema_version
        assert [] == log.problems()
    raw = sqlite3.connect(path)
    try:
        for table in tables:
            assert 3 == raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0], table
    finally:
        raw.close()


def test_a_new_goal_in_a_slot_replaces_the_old_one_and_its_scores_leave_the_average(
    tmp_path, catalog
):
    from exercises_lib.outcomes import read_outcomes

    with ProgressLog(tmp_path / "log.sqlite") as log:
        first = log.set_goal(1, "carry the shopping")
        log.score_goals(START, {first: 2})
        second = log.set_goal(1, "  tie   my shoes ")
        log.score_goals(START + timedelta(days=7), {second: 6})
        outcomes = read_outcomes(log, catalog)
    assert ["tie my shoes"] == [line.goal.activity for line in outcomes.goals]
    assert [(START + timedelta(days=7), 6.0)] == outcomes.goal_average


# -- the rulebook ------------------------------------------------------------------------


def _flat_and_better(rules, catalog):
    """Trends of each kind: flat, and better by exactly the data's margin."""
    peg = catalog.measure("peg").scoring
    assert isinstance(peg, MeanScoring)
    day1, day2 = START, START + timedelta(weeks=3)
    goal = rules.goal_better_by
    return [
        (trend("goals", [(day1, 4.0), (day2, 4.0 + goal - 1)], Better.HIGHER, goal), False),
        (trend("goals", [(day1, 4.0), (day2, 4.0 + goal)], Better.HIGHER, goal), True),
        (
            trend("peg", [(day1, 6.0), (day2, 6.0 - peg.better_by / 2)], peg.better, peg.better_by),
            False,
        ),
        (trend("peg", [(day1, 6.0), (day2, 6.0 - peg.better_by)], peg.better, peg.better_by), True),
    ]


def _days(rules, before, after, weeks):
    rows = [
        (START + timedelta(days=7 * w + 2 * n), before, after, False, True)
        for w in range(weeks)
        for n in range(3)
    ]
    return Day.fold(rules, rows)


def test_a_review_with_scores_never_judges_on_pain_alone(catalog):
    """Pain above a mild ache is flagged at a review only when no score improved by its
    own margin; pain at a mild ache is never flagged, whatever the scores."""
    rules = catalog.safety.rulebook
    week = rules.review_weeks[0]
    high = _days(rules, rules.mild_ache_max + 1, rules.mild_ache_max, week)
    mild = _days(rules, rules.mild_ache_max, rules.mild_ache_max, week)
    cases = _flat_and_better(rules, catalog)
    assert all(t is not None for t, _better in cases)
    for found, improved in cases:
        flag = not_improving(rules, high, START, week, [found])
        assert (rules.doctor in flag) is (not improved), found
        assert "" == not_improving(rules, mild, START, week, [found])
        assert "" == not_improving(rules, high, START, week - 1, [found])


def test_one_score_that_improved_is_enough(catalog):
    rules = catalog.safety.rulebook
    week = rules.review_weeks[-1]
    high = _days(rules, rules.mild_ache_max + 1, rules.mild_ache_max, week)
    flat = [t for t, better in _flat_and_better(rules, catalog) if not better]
    better = [t for t, good in _flat_and_better(rules, catalog) if good]
    assert rules.doctor in not_improving(rules, high, START, week, flat)
    assert "" == not_improving(rules, high, START, week, [*flat, better[0]])


def _walk_plan(db: Path, catalog, *, goal_scores, peg_answers):
    """A plan walked week by week: three sessions a week with pain before above a mild
    ache (after it, no more), goals scored each week and the PEG every two weeks."""
    rules = catalog.safety.rulebook
    with ProgressLog(db) as log:
        log.start_plan("six-weeks", START)
        goal = log.set_goal(1, "carry the shopping", set_at=noon_stamp(START))
        for week, score in enumerate(goal_scores):
            monday = START + timedelta(weeks=week)
            log.score_goals(monday, {goal: score})
            if week % 2 == 0:
                log.add_check_in(catalog.measure("peg"), peg_answers[week // 2], monday)
            for n in range(3):
                day = monday + timedelta(days=2 * n)
                log.add("bird-dog", reps=5, logged_at=noon_stamp(day))
                log.add_pain_check(
                    rules.mild_ache_max + 2, rules.mild_ache_max, checked_at=noon_stamp(day)
                )


def test_a_walked_log_with_high_pain_and_flat_scores_reaches_the_doctor_by_week_4(
    catalog, tmp_path
):
    rules = catalog.safety.rulebook
    review = rules.review_weeks[0]
    peg = catalog.measure("peg").examples[0]["answers"]
    flat = tmp_path / "flat.sqlite"
    _walk_plan(flat, catalog, goal_scores=[4] * review, peg_answers=[peg] * review)
    day = todays_plan(catalog, flat, START + timedelta(weeks=review - 1, days=5))
    assert day is not None
    assert rules.doctor in day.review and "goals" in day.review
    # the same log, with the goal better by the rulebook's margin: no flag
    better = tmp_path / "better.sqlite"
    scores = [4] * (review - 1) + [4 + rules.goal_better_by]
    _walk_plan(better, catalog, goal_scores=scores, peg_answers=[peg] * review)
    day = todays_plan(catalog, better, START + timedelta(weeks=review - 1, days=5))
    assert day is not None and "goals" not in day.review


def _high_risk_answers(catalog):
    screen = catalog.measure("start-back")
    [high] = [e["answers"] for e in screen.examples if e["risk"] == Risk.HIGH.value]
    return screen, high


def test_a_high_risk_screen_pauses_the_plan_with_gentle_moves_open(catalog, tmp_path, capsys):
    """High risk after the plan started sends the learner to a clinician; a new plan waits
    for --restart (after a clinician said yes), which lifts the pause."""
    db = tmp_path / "log.sqlite"
    screen, high = _high_risk_answers(catalog)
    with ProgressLog(db) as log:
        log.start_plan("six-weeks", START, created_at=noon_stamp(START))
        taken = noon_stamp(START + timedelta(days=1))
        score = log.add_check_in(screen, high, START + timedelta(days=1), taken_at=taken)
    words = screened_out(catalog.safety.rulebook, score)
    assert words
    day = todays_plan(catalog, db, START + timedelta(days=2))
    assert day is not None and day.stopped and words == day.status
    assert () == day.items
    assert 1 == main(["plan", "start", "--db", str(db)])
    assert "restart" in capsys.readouterr().err
    assert 0 == main(["plan", "start", "--restart", "--db", str(db)])
    day = todays_plan(catalog, db)
    assert day is not None and not day.stopped


def test_each_risk_group_gets_its_own_words_on_the_command_line(catalog, tmp_path, capsys):
    screen = catalog.measure("start-back")
    said = {}
    for example in screen.examples:
        pairs = [f"{k}={v}" for k, v in example["answers"].items()]
        db = str(tmp_path / f"{example['risk']}-{len(said)}.sqlite")
        assert 0 == main(["check-in", "start-back", *pairs, "--db", db])
        said.setdefault(example["risk"], set()).add(capsys.readouterr().out)
    assert {r.value for r in Risk} == set(said)
    assert all(len(words) == 1 for words in said.values())  # one message per group
    assert catalog.safety.rulebook.physio in next(iter(said[Risk.HIGH.value]))
    assert catalog.safety.rulebook.physio not in next(iter(said[Risk.LOW.value]))


def test_the_widget_offers_the_gentle_day_after_a_high_risk_screen(catalog, tmp_path):
    from exercises_lib.widgets.today import TodaySession

    db = tmp_path / "log.sqlite"
    screen, high = _high_risk_answers(catalog)
    with ProgressLog(db) as log:
        log.start_plan("six-weeks", date.today() - timedelta(days=3), created_at=noon_stamp(START))
        log.add_check_in(screen, high, date.today())
    session = TodaySession(catalog, db=db)
    assert [TodaySession.GENTLE] == list(session.routines)


# -- the page and the widgets ------------------------------------------------------------


def _answer(form, answers):
    for item_id, value in answers.items():
        form.controls[item_id].value = str(value)


def test_the_widget_saves_goals_and_answers_and_says_what_they_mean(catalog, tmp_path):
    from exercises_lib.widgets.checkin import CheckIns, GoalsForm, QuestionnaireForm

    db = tmp_path / "log.sqlite"
    widget = CheckIns(catalog, db=db, today=START)
    assert not db.exists(), "showing the forms creates no log"
    [goals] = [f for f in widget.forms if isinstance(f, GoalsForm)]
    goals.activities[0].value = "  carry   the shopping "
    goals.scores[0].value = 3
    assert goals.save()
    forms = {f.measure.id: f for f in widget.forms if isinstance(f, QuestionnaireForm)}
    assert set(forms) == set(catalog.measures)
    peg = forms["peg"]
    assert not peg.save() and "alert" in peg.said.value
    example = catalog.measure("peg").examples[0]
    _answer(peg, example["answers"])
    assert peg.save()
    assert f"{example['score']:g}" in peg.said.value
    with ProgressLog(db) as log:
        assert ["carry the shopping"] == [g.activity for g in log.goals()]
        assert [3] == [s.score for s in log.goal_scores()]
        assert 1 == len(log.check_ins())
    # once done, nothing is due today but the questionnaire taken once at the start
    due = CheckIns(catalog, db=db, today=START, only_due=True)
    assert ["start-back"] == [f.measure.id for f in due.forms]


def test_in_spanish_the_questionnaire_stays_in_english_with_a_note(tmp_path):
    import ipywidgets as widgets

    from exercises_lib.i18n import use_language
    from exercises_lib.loading import load_catalog
    from exercises_lib.widgets.checkin import CheckIns, QuestionnaireForm

    use_language("es")
    try:
        catalog = load_catalog(ROOT / "data", lang="es")
        widget = CheckIns(catalog, db=tmp_path / "log.sqlite", today=START)
        forms = [f for f in widget.forms if isinstance(f, QuestionnaireForm)]
        assert forms
        for form in forms:
            html = " ".join(c.value for c in form.children if isinstance(c, widgets.HTML))
            assert "inglés" in html
            assert form.measure.items[0].text.split()[0] in html
    finally:
        use_language("en")


def test_the_progress_page_draws_goals_and_scores_and_the_doctor_sees_them(catalog, tmp_path):
    from exercises_lib.progress_view import ProgressReport

    db = tmp_path / "log.sqlite"
    peg = catalog.measure("peg")
    with ProgressLog(db) as log:
        goal = log.set_goal(1, "carry the shopping")
        for week, score in enumerate([2, 5]):
            day = START + timedelta(weeks=2 * week)
            log.score_goals(day, {goal: score})
            log.add_check_in(peg, peg.examples[week]["answers"], day)
            log.add("bird-dog", reps=5, logged_at=noon_stamp(day))
    report = ProgressReport(catalog, db, today=START + timedelta(weeks=3))
    page = report._repr_html_()
    titles = re.findall(r"<title>([^<]*)</title>", page)
    assert any("goals" in title for title in titles)
    assert any(peg.name in title for title in titles)
    doctor = report.clinician_summary_html()
    assert "carry the shopping" in doctor
    assert f"2 ({START})" in doctor and f"5 ({START + timedelta(weeks=2)})" in doctor
    first, last = (f"{e['score']:g}" for e in peg.examples[:2])
    assert f"{first} ({START})" in doctor and f"{last} ({START + timedelta(weeks=2)})" in doctor


def test_the_review_sheet_carries_pain_events_scores_versions_and_a_decision(
    catalog, tmp_path, capsys
):
    """`handouts --review` prints the learner's log for the doctor: pain and its events,
    goals and check-ins, the version of each move done last, and room to decide."""
    db = tmp_path / "log.sqlite"
    peg = catalog.measure("peg")
    bird_dog = catalog["bird-dog"]
    rung = bird_dog.ladder[0]
    with ProgressLog(db) as log:
        log.start_plan("six-weeks", START, created_at=noon_stamp(START))
        goal = log.set_goal(1, "carry the shopping")
        log.score_goals(START, {goal: 3})
        log.add_check_in(peg, peg.examples[0]["answers"], START)
        log.add("bird-dog", reps=4, rung=rung.id, logged_at=noon_stamp(START))
        log.add_pain_check(3, 5, stop_rule=True, checked_at=noon_stamp(START + timedelta(days=1)))
    out = tmp_path / "out"
    assert 0 == main(
        ["handouts", "--review", "--db", str(db), "--format", "html", "--out", str(out)]
    )
    [sheet] = list(out.glob("review-*.html"))
    html = sheet.read_text(encoding="utf-8")
    assert "carry the shopping" in html and peg.name in html
    assert str(START + timedelta(days=1)) in html  # the stop-rule day
    assert escape(rung.name) in html and "Bird Dog" in html
    assert escape(catalog.safety.stop_rule) in html
    assert html.count("☐") >= 5


def test_the_learners_own_plan_sheet_carries_their_goals_and_scores(catalog, tmp_path):
    db = tmp_path / "log.sqlite"
    peg = catalog.measure("peg")
    with ProgressLog(db) as log:
        log.start_plan("six-weeks", START)
        goal = log.set_goal(1, "carry the shopping")
        log.score_goals(START, {goal: 3})
        log.add_check_in(peg, peg.examples[0]["answers"], START)
    for name, extra in (("mine", ["--db", str(db)]), ("class", ["--db", str(tmp_path / "none")])):
        out = tmp_path / name
        assert 0 == main(["handouts", "--plan", "--format", "html", "--out", str(out), *extra])
        [sheet] = list(out.glob("plan-*.html"))
        html = sheet.read_text(encoding="utf-8")
        assert ("carry the shopping" in html) is (name == "mine")
        assert (f"{peg.examples[0]['score']:g} ({START})" in html) is (name == "mine")


def test_on_a_terminal_each_question_is_asked_until_its_answer_fits(
    catalog, tmp_path, monkeypatch, capsys
):
    """`check-in peg` with no answers asks each question in turn; a wrong answer is said
    with what fits, and asked again."""
    import sys

    peg = catalog.measure("peg")
    example = peg.examples[0]["answers"]
    typed = iter(["eleven", *(str(example[item.id]) for item in peg.items)])
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _prompt="": next(typed))
    db = tmp_path / "log.sqlite"
    assert 0 == main(["check-in", "peg", "--db", str(db)])
    out = capsys.readouterr().out
    assert peg.items[0].text in out and peg.licence.notice.split()[0] in out
    assert "a whole number from" in out  # the wrong answer, said
    with ProgressLog(db) as log:
        [saved] = log.check_ins()
    assert {k: int(v) for k, v in example.items()} == dict(saved.answers)


def test_a_goal_too_long_for_the_log_is_refused_in_the_widget_not_cut(catalog, tmp_path):
    from exercises_lib.logschema import GOAL_TEXT_MAX
    from exercises_lib.widgets.checkin import CheckIns, GoalsForm

    db = tmp_path / "log.sqlite"
    [goals] = [f for f in CheckIns(catalog, db=db, today=START).forms if isinstance(f, GoalsForm)]
    goals.activities[0].value = "walk " * GOAL_TEXT_MAX
    assert not goals.save()
    assert "alert" in goals.said.value and str(GOAL_TEXT_MAX) in goals.said.value
    with ProgressLog(db) as log:
        assert [] == log.goals()


def test_leaving_the_questions_with_ctrl_d_saves_nothing_and_says_so(tmp_path, monkeypatch, capsys):
    import sys

    def stop(_prompt=""):
        raise EOFError

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", stop)
    db = tmp_path / "log.sqlite"
    assert 1 == main(["check-in", "peg", "--db", str(db)])
    assert "nothing was saved" in capsys.readouterr().err
    with ProgressLog(db) as log:
        assert [] == log.check_ins()


def test_a_wrong_pair_names_the_form_with_a_real_answer(catalog, tmp_path, capsys):
    peg = catalog.measure("peg")
    first = peg.items[0]
    assert 1 == main(["check-in", "peg", "pain", "--db", str(tmp_path / "l.sqlite")])
    assert f"{first.id}={first.scale.lowest}" in capsys.readouterr().err


def test_every_scale_button_names_its_question_for_a_screen_reader(catalog, tmp_path):
    """A questionnaire's 0-10 buttons each carry the question with the number."""
    from exercises_lib.widgets.checkin import QuestionnaireForm

    scales = 0
    for measure in _measures(catalog):
        form = QuestionnaireForm(catalog, measure, tmp_path / "l.sqlite", date.today(), print)
        for item in measure.items:
            control = form.controls[item.id]
            if item.scale is None:
                continue
            scales += 1
            assert [f"{item.text} {n}" for n in control.options] == list(control.tooltips)
    assert scales  # the PEG's items are scales
