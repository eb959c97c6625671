"""Every exercise's ladder: its rungs in the data, its figures, the rules that move a learner
on it, and the command line that shows it. Expected values come from the data."""

from __future__ import annotations

import json
import shutil
from itertools import pairwise

import pytest

from exercises_lib.cli import main
from exercises_lib.ladder import LadderSession, LadderStep, RungMove, next_rung
from exercises_lib.poses import anatomy_problems
from exercises_lib.rendering import dose_line
from exercises_lib.rulebook import PainLevel

from .conftest import DATA

GREEN, AMBER, RED = PainLevel.GREEN, PainLevel.AMBER, PainLevel.RED


def _laddered(catalog) -> list:
    found = [e for e in catalog if len(e.ladder) > 1]
    assert found
    return found


def test_every_planned_exercise_has_a_ladder_of_three_to_five_rungs_with_its_card_on_it(catalog):
    """3 to 5 rungs, easiest first, one of them the card's own movement (its dose too).
    Every move a plan names has one; a gentle move may have only its card."""
    planned = {i.exercise.id for p in catalog.programs.values() for w in p.weeks for i in w.items}
    assert planned
    assert planned <= {e.id for e in _laddered(catalog)}
    for exercise in _laddered(catalog):
        assert 3 <= len(exercise.ladder) <= 5, exercise.id
        cards = [rung for rung in exercise.ladder if rung.card]
        assert 1 == len(cards), exercise.id
        assert (exercise.dose, exercise.figure) == (cards[0].dose, cards[0].figure)
        assert len({rung.id for rung in exercise.ladder}) == len(exercise.ladder), exercise.id


def test_every_rung_of_its_own_cites_a_source_other_than_the_article(catalog):
    """The article names no ladder: each new rung records the public source it follows."""
    rungs = [r for e in _laddered(catalog) for r in e.ladder if not r.card]
    assert rungs
    for rung in rungs:
        assert rung.source.kind in ("nhs", "physio"), rung.id
        assert rung.how and rung.safety and rung.name, rung.id


def test_every_rung_is_drawn_within_a_body_s_reach_and_unlike_its_neighbours(catalog):
    """Each rung's poses pass the anatomy checks, and no rung looks like the one beside it."""
    for exercise in _laddered(catalog):
        figures = [rung.figure for rung in exercise.ladder]
        assert all(figures), exercise.id
        for rung in exercise.ladder:
            for name, pose in rung.figure.poses.items():
                assert [] == anatomy_problems(pose), (exercise.id, rung.id, name)
        for lower, upper in pairwise(figures):
            assert dict(lower.poses) != dict(upper.poses), exercise.id


def test_every_rung_has_its_own_spanish_words(catalog):
    """The Spanish catalogue names and describes each rung in Spanish, with the same numbers."""
    from exercises_lib import load_catalog

    spanish = load_catalog(DATA, lang="es")
    for exercise in _laddered(catalog):
        for english, translated in zip(exercise.ladder, spanish[exercise.id].ladder, strict=True):
            numbers = english.dose.with_changes(tempo=""), translated.dose.with_changes(tempo="")
            assert numbers[0] == numbers[1], english.id  # a tempo is words: it is translated
            if not english.card:
                assert english.name != translated.name, english.id
                assert english.how != translated.how, english.id
                assert english.safety != translated.safety, english.id


# -- the rules -----------------------------------------------------------------------------


def _rows(catalog) -> list[tuple[str, str, list[LadderSession], LadderStep]]:
    """(exercise, case, sessions, expected) for every laddered exercise, from the data."""
    rules = catalog.safety.rulebook
    ups, worse = rules.ladder_up_after_greens, rules.ladder_down_after_worse_mornings
    rows = []
    for exercise in _laddered(catalog):
        card, top = exercise.card_rung, len(exercise.ladder) - 1
        below = max(card - 1, 0)
        above = min(card + 1, top)
        up = (
            RungMove.WAITS
            if card < top and exercise.ladder[card + 1].gate
            else (RungMove.UP if card < top else RungMove.STAY)
        )
        climbed = card if up is RungMove.WAITS else above

        def at(rung, level, morning=None):
            return LadderSession(rung, level, morning)

        rows += [
            (exercise.id, "nothing done yet", [], LadderStep(card, RungMove.START)),
            (
                exercise.id,
                "green sessions in a row",
                [at(card, GREEN)] * ups,
                LadderStep(climbed, up),
            ),
            (
                exercise.id,
                "one green short",
                [at(card, GREEN)] * (ups - 1),
                LadderStep(card, RungMove.STAY),
            ),
            (exercise.id, "amber", [at(card, AMBER)], LadderStep(below, RungMove.DOWN)),
            (exercise.id, "red", [at(card, RED)], LadderStep(below, RungMove.DOWN)),
            (
                exercise.id,
                "green, but a worse morning in the run",
                [at(card, GREEN, True)] + [at(card, GREEN)] * (ups - 1),
                LadderStep(card, RungMove.STAY),
            ),
            (
                exercise.id,
                "worse mornings in a row",
                [at(card, GREEN, True)] * worse,
                LadderStep(below, RungMove.DOWN),
            ),
            (
                exercise.id,
                "worse mornings not in a row",
                [at(card, GREEN, True), at(card, GREEN, False)] * (worse - 1)
                + [at(card, GREEN, True)],
                LadderStep(card, RungMove.STAY) if worse > 1 else LadderStep(below, RungMove.DOWN),
            ),
            (
                exercise.id,
                "stepped down by hand, then green in a row",
                [at(below, GREEN)] * ups,
                LadderStep(card if below < card else climbed, RungMove.UP if below < card else up),
            ),
            (
                exercise.id,
                "greens on another rung do not count on this one",
                [at(above, GREEN)] * (ups - 1) + [at(card, GREEN)],
                LadderStep(card, RungMove.STAY)
                if above != card and ups > 1
                else LadderStep(climbed, up),
            ),
            (
                exercise.id,
                "an amber day breaks the run",
                [at(card, GREEN)] * (ups - 1) + [at(card, AMBER)] + [at(below, GREEN)],
                LadderStep(below, RungMove.STAY) if ups > 1 else LadderStep(card, RungMove.UP),
            ),
        ]
    return rows


def test_the_ladder_rules_table(catalog):
    """Each case walks the sessions and lands on the rung the rules say."""
    rows = _rows(catalog)
    assert rows
    rules = catalog.safety.rulebook
    for exercise, case, sessions, expected in rows:
        got = next_rung(rules, catalog[exercise], sessions)
        assert expected == got, (exercise, case)


def test_a_rung_that_waits_for_clearance_is_never_reached_by_the_rules(catalog):
    """Green sessions in a row on the rung below a gated one do not move the learner onto it."""
    rules = catalog.safety.rulebook
    gated = [
        (e, i) for e in _laddered(catalog) for i, rung in enumerate(e.ladder) if rung.gate and i
    ]
    assert gated
    for exercise, i in gated:
        sessions = [LadderSession(i - 1, GREEN)] * (rules.ladder_up_after_greens * 3)
        assert LadderStep(i - 1, RungMove.WAITS) == next_rung(rules, exercise, sessions)


# -- the command line ----------------------------------------------------------------------


def test_show_lists_the_ladder_easiest_first_with_each_dose(catalog, capsys):
    """`exercises show ID --format json` has a ladder list: each rung with id, name, dose."""
    for exercise in _laddered(catalog):
        assert 0 == main(["show", exercise.id, "--format", "json"])
        shown = json.loads(capsys.readouterr().out)["exercise"]["ladder"]
        assert [r.id for r in exercise.ladder] == [r["id"] for r in shown]
        for rung, data in zip(exercise.ladder, shown, strict=True):
            assert rung.dose.to_dict() == data["dose"]
            assert rung.name == data["name"]


def test_figure_draws_each_rung(catalog, tmp_path, capsys):
    """`exercises figure ID --rung N` draws rung N (1 the easiest), titled with its name."""
    for exercise in _laddered(catalog):
        for number, rung in enumerate(exercise.ladder, 1):
            out = tmp_path / f"{exercise.id}-{number}.svg"
            assert 0 == main(["figure", exercise.id, "--rung", str(number), "--out", str(out)])
            svg = out.read_text(encoding="utf-8")
            assert svg.startswith("<svg") and rung.name in svg, (exercise.id, number)
    capsys.readouterr()


@pytest.mark.parametrize("number", ["0", "9"])
def test_a_rung_that_is_not_there_is_named_with_the_choices(number, catalog, tmp_path, capsys):
    exercise = _laddered(catalog)[0]
    out = tmp_path / "x.svg"
    assert 1 == main(["figure", exercise.id, "--rung", number, "--out", str(out)])
    err = capsys.readouterr().err
    assert f"has no rung {number}" in err and exercise.ladder[-1].name in err
    assert "Traceback" not in err and not out.exists()


# -- bad ladders ---------------------------------------------------------------------------

_POSE = (
    "{{lower_torso: 13.4, upper_torso: 13.4, neck: 5, near_upper_arm: 270, near_forearm: 270, "
    "far_upper_arm: {arm}, far_forearm: {arm}, near_thigh: {thigh}, near_shin: 180, "
    "near_foot: {foot}, far_thigh: 270, far_shin: 180, far_foot: 185}}"
)
_ARM_REACH_END = _POSE.format(arm=0, thigh=270, foot=185)
_LEG_REACH_END = _POSE.format(arm=270, thigh=180, foot=190)
_BAD_LADDERS = {
    "two cards": (
        lambda text: text.replace("- id: arm-reach\n", "- id: arm-reach\n  card: true\n", 1),
        "card: true; mark exactly one",
    ),
    "a rung without its words": (
        lambda text: text.replace(
            "  how: On hands and knees with a flat back, reach one", "  #", 1
        ),
        "missing how",
    ),
    "a rung drawn like its neighbour": (
        lambda text: text.replace(_LEG_REACH_END, _ARM_REACH_END, 1),
        "drawn the same as ladder[0]",
    ),
}


@pytest.mark.parametrize("bad", list(_BAD_LADDERS), ids=list(_BAD_LADDERS))
def test_a_bad_ladder_is_refused_with_its_place_and_fix(bad, data_copy, capsys):
    shutil.rmtree(data_copy / "locales")  # the English file alone, so only its problem shows
    path = data_copy / "exercises" / "bird-dog.yaml"
    change, said = _BAD_LADDERS[bad]
    text = path.read_text(encoding="utf-8")
    assert change(text) != text, "the change changed nothing"
    path.write_text(change(text), encoding="utf-8")
    assert 1 == main(["validate", "--data", str(data_copy)])
    err = capsys.readouterr().err
    assert said in err and "bird-dog.yaml:" in err and "ladder" in err, err
    assert "Traceback" not in err


# -- a log walked day by day ---------------------------------------------------------------


def test_a_log_walked_day_by_day_steps_down_on_amber_and_back_up_after_greens(
    catalog, tmp_path, capsys
):
    """Through the command line, as a learner logs: an amber session steps the Bird Dog down
    one rung in `plan today`; green sessions in a row on that rung step it back up, with the
    week's reps; a worse morning holds the step up, and worse mornings in a row step down."""
    from datetime import date, timedelta

    rules = catalog.safety.rulebook
    bird = catalog["bird-dog"]
    card = bird.card_rung
    assert card > 0  # the walk needs a rung below the card
    db = str(tmp_path / "log.sqlite")
    start = date(2026, 11, 2)

    def run(*args: str) -> str:
        code = main(list(args))
        out = capsys.readouterr()
        assert 0 == code, out.err
        return out.out

    def log(n: int, before: int, after: int, rung: str | None = None) -> None:
        run(
            *("log", "add", "--db", db, "--exercise", bird.id, "--reps", "3"),
            *("--pain-before", str(before), "--pain-after", str(after)),
            *("--date", (start + timedelta(days=n)).isoformat()),
            *(("--rung", rung) if rung else ()),
        )

    def planned(n: int) -> dict:
        day = (start + timedelta(days=n)).isoformat()
        out = run("plan", "today", "--db", db, "--date", day, "--format", "json")
        item = next(i for i in json.loads(out)["items"] if i["exercise"] == bird.id)
        return item

    def morning(n: int, worse: bool) -> None:
        day = (start + timedelta(days=n)).isoformat()
        run("log", "morning", "--db", db, "--date", day, "--worse" if worse else "--not-worse")

    amber_after = rules.mild_ache_max + 1  # above a mild ache, a rise that settles
    amber_before = amber_after - rules.settling_rise
    run("plan", "start", "--db", db, "--date", start.isoformat())
    assert bird.ladder[card].id == planned(0)["rung"]["id"]
    log(1, amber_before, amber_after)
    lower = bird.ladder[card - 1]
    assert (card, lower.id) == (planned(2)["rung"]["number"], planned(2)["rung"]["id"])
    assert 3 == planned(2)["reps"]  # the week's reps, on the easier rung
    day = 2
    for _ in range(rules.ladder_up_after_greens - 1):
        log(day, 1, 1, lower.id)
        day += 2
        assert lower.id == planned(day)["rung"]["id"]
    log(day, 1, 1, lower.id)
    assert bird.ladder[card].id == planned(day + 1)["rung"]["id"]  # back up
    # On the card again: green sessions, each followed by a worse morning, never step up;
    # enough worse mornings in a row step down.
    worse_ones = max(rules.ladder_up_after_greens, rules.ladder_down_after_worse_mornings)
    for done in range(1, worse_ones + 1):
        day += 2
        log(day, 1, 1)
        morning(day + 1, worse=True)
        stepped_down = done >= rules.ladder_down_after_worse_mornings
        expected = bird.ladder[card - 1 if stepped_down else card]
        assert expected.id == planned(day + 2)["rung"]["id"], done
        if stepped_down:
            break


def test_the_card_shows_the_rungs_on_each_side_with_their_doses(catalog):
    """A card's Easier and Harder lists start with the ladder's next rung on that side,
    with its dose (the whole ladder is in `show`); no rung is written a second time as an
    option in prose."""
    from html import escape

    from exercises_lib.rendering import exercise_card_html

    for exercise in _laddered(catalog):
        card = exercise_card_html(exercise)
        easier, harder = card.split(">Harder<")
        for rung in exercise.easier_rungs()[:1]:
            assert escape(rung.name) in easier and escape(dose_line(rung.dose)) in easier
        for rung in exercise.harder_rungs()[:1]:
            assert escape(rung.name) in harder and escape(dose_line(rung.dose)) in harder
        for rung in (*exercise.easier_rungs()[1:], *exercise.harder_rungs()[1:]):
            assert escape(rung.how) not in card, rung.id
        options = {v.name for v in (*exercise.easier, *exercise.harder)}
        assert not options & {rung.name for rung in exercise.ladder}, exercise.id


def test_a_session_on_a_rung_is_coached_and_logged_as_that_rung(catalog, tmp_path):
    """Today's session player, given the plan's rung, speaks the rung's cues, draws its
    figure and logs the rung it was, so the ladder reads what was really done."""
    from html import escape

    from exercises_lib.models import Routine, RoutineItem
    from exercises_lib.progress import ProgressLog
    from exercises_lib.rendering import exercise_card_html
    from exercises_lib.widgets import SessionPlayer

    exercise = _laddered(catalog)[0]
    index = next(i for i, rung in enumerate(exercise.ladder) if not rung.card)
    rung = exercise.ladder[index]
    shown = exercise.on_rung(index)
    assert (shown.id, shown.cues, shown.figure) == (exercise.id, rung.cues, rung.figure)
    assert rung.name in shown.name
    card = exercise_card_html(shown)
    assert escape(rung.how) in card and escape(rung.safety[0]) in card
    for words in (exercise.starting_position, *exercise.tips, *(s.text for s in exercise.steps)):
        assert escape(words) not in card  # the card's own movement is not shown for the rung
    item = RoutineItem(shown, rung.dose, rung=index)
    player = SessionPlayer(Routine("t", "T", "", (item,)), prepare_seconds=1)
    results = player.results()
    player.close()
    assert [rung.id] == [r["rung"] for r in results]
    for result in results:
        result["done"] = dict.fromkeys(result["done"], 1)
    with ProgressLog(tmp_path / "log.sqlite") as log:
        log.add_session(results)
        assert {rung.id} == {entry.rung for entry in log.entries()}


def test_too_much_steps_down_mid_session_keeping_what_was_done(catalog, clock):
    """ "Too much? Try the easier version" swaps the exercise on now for the rung below,
    goes on from its set-up, keeps the reps done on earlier exercises, and logs the rung
    chosen; on the easiest rung it is not offered."""
    from exercises_lib.models import Routine, RoutineItem
    from exercises_lib.widgets import SessionPlayer

    first, second = _laddered(catalog)[:2]
    items = (RoutineItem(first, first.dose), RoutineItem(second, second.dose))
    player = SessionPlayer(Routine("t", "T", "", items), prepare_seconds=1, clock=clock)
    player.timer.gate = None
    assert player.start()
    phases = player.timer.runner.plan.phases
    into_second = next(p for p in phases if p.item == 1 and p.counts_a_rep)
    clock.now = into_second.end + 0.01  # the first exercise done, one rep of the second
    player.timer.refresh()
    done_first = {k: n for k, n in player.timer.runner.snapshot().completed.items() if k[0] == 0}
    assert sum(done_first.values()) > 0
    below = second.easier_rungs()[0]
    assert player.easier_button.layout.display is None
    assert below.name in player.easier_note.value

    assert player.step_down()
    snap = player.timer.runner.snapshot()
    assert (snap.phase.kind, snap.phase.item) == ("prepare", 1)
    assert below.name in snap.phase.exercise_name and below.name in player.heading.value
    assert {k: n for k, n in snap.completed.items() if k[0] == 0} == done_first
    assert not any(n for k, n in snap.completed.items() if k[0] == 1)
    assert "easier version" in player.easier_note.value
    results = player.results()
    assert [first.ladder[first.card_rung].id, below.id] == [r["rung"] for r in results]
    assert results[1]["target"] == second.dose.reps.target  # the plan's reps, on the new rung

    while player.step_down():  # down to the easiest rung, where nothing is below
        pass
    assert player.routine.items[1].rung == 0
    assert player.easier_button.layout.display == "none"
    assert player.routine.items[0] == items[0]
    player.close()


# Missed days, as the plan's week spreads its sessions: (days with a session, today) and
# the missed count, for a week of 3 sessions (spans: days 0-1, 2-3 and 4-6).
_MISSED = [
    ((), 0, 0),
    ((), 1, 0),
    ((), 2, 1),
    ((), 4, 2),
    ((1, 3), 5, 0),  # Tuesday and Thursday keep both spans
    ((0, 1), 4, 1),  # two sessions in one span keep only that one
    ((0, 2, 4), 6, 0),
    ((), 7, 0),  # a new week starts with nothing missed
    ((), 9, 1),
]


@pytest.mark.parametrize(("sessions", "today", "missed"), _MISSED)
def test_missed_days_are_spans_of_the_week_that_passed_without_a_session(
    sessions, today, missed, catalog
):
    from datetime import date, timedelta

    from exercises_lib.plan import missed_days
    from exercises_lib.rulebook import Day

    per_week = {w.sessions_per_week for p in catalog.programs.values() for w in p.weeks}
    assert per_week == {3}, "the table is written for 3 sessions a week"
    start = date(2026, 8, 3)
    days = [Day(start + timedelta(days=n), session=True) for n in sessions]
    assert missed == missed_days(3, start, start + timedelta(days=today), days)


def test_after_missed_days_today_is_kind_and_shorter_everywhere(catalog, tmp_path, capsys):
    """`plan today` counts the missed days, says so kindly, and gives each exercise the
    rulebook's share of its reps; Today's session offers that shorter session."""
    import math
    from datetime import date, timedelta
    from pathlib import Path

    from exercises_lib.widgets.today import TodaySession

    db = str(tmp_path / "log.sqlite")
    start = date(2026, 8, 3)
    assert 0 == main(["plan", "start", "--db", db, "--date", start.isoformat()])

    def planned(n: int) -> dict:
        capsys.readouterr()
        day = (start + timedelta(days=n)).isoformat()
        assert 0 == main(["plan", "today", "--db", db, "--date", day, "--format", "json"])
        return json.loads(capsys.readouterr().out)

    full, later = planned(0), planned(4)
    assert (full["missed_this_week"], full["shorter_session"]) == (0, False)
    assert (later["missed_this_week"], later["shorter_session"]) == (2, True)
    share = catalog.safety.rulebook.missed_days_reps_share
    assert full["items"]
    for whole, short in zip(full["items"], later["items"], strict=True):
        reps = whole["reps"] if isinstance(whole["reps"], int) else whole["reps"]["min"]
        fewer = short["reps"] if isinstance(short["reps"], int) else short["reps"]["min"]
        assert fewer == max(1, math.ceil(reps * share)) < reps or reps == 1
    day = (start + timedelta(days=4)).isoformat()
    assert 0 == main(["plan", "today", "--db", db, "--date", day])
    assert "You missed 2 planned days this week" in capsys.readouterr().out
    session = TodaySession(catalog, db=Path(db), today=start + timedelta(days=4))
    routine = session.routines[TodaySession.PLAN]
    assert [i.dose.reps.min for i in routine.items] == [
        i["reps"] if isinstance(i["reps"], int) else i["reps"]["min"] for i in later["items"]
    ]
    assert any("shorter" in label for label, _value in session.picker.options)
    assert "You missed 2 planned days" in session.plan_box.value


def test_the_morning_after_a_session_today_asks_and_the_answers_step_down(catalog, tmp_path):
    """The morning after a session, Today's session asks whether the back is worse; the
    answer is saved, stays on show, and the rulebook's number of worse mornings in a row
    step the plan's rung down."""
    from datetime import date, timedelta

    from exercises_lib.progress import ProgressLog
    from exercises_lib.widgets.today import TodaySession

    db = tmp_path / "log.sqlite"
    start = date(2026, 8, 3)
    exercise = catalog["bird-dog"]
    card = exercise.ladder[exercise.card_rung]
    with ProgressLog(db) as log:
        log.start_plan("six-weeks", start)
    worse_in_a_row = catalog.safety.rulebook.ladder_down_after_worse_mornings
    assert worse_in_a_row >= 1
    for n in range(worse_in_a_row):
        day = start + timedelta(days=2 * n)
        with ProgressLog(db) as log:
            stamp = f"{day.isoformat()} 10:00:00"
            log.add("bird-dog", reps=3, pain_before=2, pain_after=2, logged_at=stamp, rung=card.id)
        assert TodaySession(catalog, db=db, today=day).morning is None  # not the same day
        session = TodaySession(catalog, db=db, today=day + timedelta(days=1))
        assert session.morning is not None
        assert "worse this morning" in session.morning.question.value
        assert session.morning.answer(worse=True)
        assert session.morning is not None and "Saved" in session.morning.said.value
        assert session.morning.buttons.layout.display == "none"
        again = TodaySession(catalog, db=db, today=day + timedelta(days=1))
        assert again.morning is None  # asked once
    plan = session.routines[TodaySession.PLAN]
    [item] = [i for i in plan.items if i.exercise.id == "bird-dog"]
    assert item.rung == exercise.card_rung - 1


def test_the_doctor_s_summary_says_which_version_was_done(catalog, tmp_path):
    """The progress page's summary for a doctor lists reps by exercise and rung, so a step
    down shows; entries from before ladders say the version was not recorded."""
    from html import escape

    from exercises_lib.progress import ProgressLog
    from exercises_lib.progress_view import ProgressReport

    exercise = _laddered(catalog)[0]
    below = exercise.ladder[exercise.card_rung - 1]
    card = exercise.ladder[exercise.card_rung]
    db = tmp_path / "log.sqlite"
    with ProgressLog(db) as log:
        log.add(exercise.id, reps=5, rung=card.id)
        log.add(exercise.id, reps=3, rung=below.id)
        log.add(exercise.id, reps=2)
    summary = ProgressReport(catalog, db).clinician_summary_html()
    for name, reps in ((card.name, 5), (below.name, 3), ("not recorded", 2)):
        assert f"<td>{escape(name)}</td><td>{reps}</td>" in summary


# -- a clinician's highest rung ------------------------------------------------------------


def _cleared_rows(catalog) -> list[tuple[str, str, int, list[LadderSession], LadderStep]]:
    """(exercise, case, highest allowed, sessions, expected), from the data."""
    ups = catalog.safety.rulebook.ladder_up_after_greens
    rows = []
    for exercise in _laddered(catalog):
        card, top = exercise.card_rung, len(exercise.ladder) - 1
        greens = [LadderSession(None, GREEN)] * ups
        rows += [
            (
                exercise.id,
                "allowed below the card: starts there",
                0,
                [],
                LadderStep(0, RungMove.START),
            ),
            (
                exercise.id,
                "greens at the highest allowed wait",
                0,
                greens,
                LadderStep(0, RungMove.WAITS),
            ),
            (
                exercise.id,
                "a rung done by hand above it counts as the highest",
                0,
                [LadderSession(top, GREEN)],
                LadderStep(0, RungMove.STAY),
            ),
        ]
        gated = [i for i, rung in enumerate(exercise.ladder) if rung.gate and i]
        for i in gated:  # allowed by name: a rung that waits for clearance is reached
            rows.append(
                (
                    exercise.id,
                    "a cleared gated rung is reached",
                    i,
                    [LadderSession(i - 1, GREEN)] * ups,
                    LadderStep(i, RungMove.UP),
                )
            )
        if card < top and not exercise.ladder[card + 1].gate:
            rows.append(
                (
                    exercise.id,
                    "allowed to the top: goes up",
                    top,
                    greens,
                    LadderStep(card + 1, RungMove.UP),
                )
            )
    return rows


def test_the_plan_never_goes_past_the_highest_rung_allowed(catalog):
    rows = _cleared_rows(catalog)
    assert rows and any(case == "a cleared gated rung is reached" for _e, case, *_rest in rows)
    rules = catalog.safety.rulebook
    for exercise, case, highest, sessions, expected in rows:
        got = next_rung(rules, catalog[exercise], sessions, highest=highest)
        assert expected == got, (exercise, case)


def test_a_clearance_from_the_sheet_caps_plan_today(catalog, tmp_path, capsys):
    """`log clearance` takes the number ticked on the doctor's sheet (or the rung id);
    `plan today` then never places the learner above it; a rung that is not there is
    refused with the choices."""
    from datetime import date

    from exercises_lib.handouts.sheets import clinician_sheet_html

    exercise = next(e for e in _laddered(catalog) if e.card_rung > 0)
    db = str(tmp_path / "log.sqlite")
    start = date(2026, 8, 3)
    assert 0 == main(["plan", "start", "--db", db, "--date", start.isoformat()])

    def rung_today() -> dict:
        capsys.readouterr()
        assert 0 == main(["plan", "today", "--db", db, "--date", "2026-08-03", "--format", "json"])
        items = json.loads(capsys.readouterr().out)["items"]
        return next(i["rung"] for i in items if i["exercise"] == exercise.id)

    assert rung_today()["number"] == exercise.card_rung + 1
    sheet = clinician_sheet_html([(exercise, exercise.dose)], catalog.safety)
    assert "Highest version allowed" in sheet
    for number, rung in enumerate(exercise.ladder, 1):
        assert f"☐ {number} {rung.name}" in sheet
    assert 0 == main(["log", "clearance", "--db", db, "--exercise", exercise.id, "--highest", "1"])
    assert exercise.ladder[0].name in capsys.readouterr().out
    assert rung_today()["id"] == exercise.ladder[0].id
    assert 0 == main(["log", "list", "--db", db])
    assert (
        f"{exercise.id}: highest version allowed: {exercise.ladder[0].id}"
        in capsys.readouterr().out
    )
    code = main(["log", "clearance", "--db", db, "--exercise", exercise.id, "--highest", "9"])
    err = capsys.readouterr().err
    assert code != 0 and "choose from: 1 " + exercise.ladder[0].id in err
    assert "Traceback" not in err


def test_the_exercise_sheet_shows_each_card_s_ladder_with_figures_and_doses(catalog):
    """Under each card on the sheet: the rung below, the card's own and the rung above,
    each with a small figure and its dose; the card's other options follow, and a gated
    one is named after its clearance words."""
    import re
    from html import escape

    from exercises_lib.handouts.sheets import exercise_sheet_html

    chosen = _laddered(catalog)
    sheet = exercise_sheet_html([(e, e.dose) for e in chosen], catalog.safety)
    strips = re.findall(r'<section class="exl-ladder-strip">(.*?)</section>', sheet, re.S)
    assert len(strips) == len(chosen)
    for exercise, strip in zip(chosen, strips, strict=True):
        card = exercise.card_rung
        near = [i for i in (card - 1, card, card + 1) if 0 <= i < len(exercise.ladder)]
        assert strip.count("<svg") == len(near), exercise.id
        for i in near:
            rung = exercise.ladder[i]
            assert escape(rung.name) in strip and escape(dose_line(rung.dose)) in strip
        for option in (*exercise.easier, *exercise.harder):
            assert escape(option.name) in strip, (exercise.id, option.name)
            if option.gate:
                assert escape(option.gate) in strip
                assert escape(option.description) not in strip


# -- the flare-up plan ---------------------------------------------------------------------


def test_the_flare_up_plan_says_it_all_with_the_region_s_words(catalog):
    """The plan's every part comes from the data: reassurance, positions, the gentle day's
    moves by name, moving about every few minutes (its numbers), relief, going back in
    the plan, both levels of warning signs and when to see a doctor or physio."""
    from html import escape

    import yaml

    from exercises_lib import load_catalog
    from exercises_lib.handouts.sheets import flare_up_sheet_html
    from exercises_lib.rendering import flare_up_html

    from .conftest import DATA

    flare = catalog.safety.flare_up
    assert flare.positions and flare.relief
    html = flare_up_html(catalog.safety)
    sheet = flare_up_sheet_html(catalog.safety)
    raw = yaml.safe_load((DATA / "safety.yaml").read_text(encoding="utf-8"))["flare_up"]
    numbers = raw["numbers"]
    for text in (
        flare.reassure,
        *flare.positions,
        flare.moves,
        flare.change_position,
        *flare.relief,
        flare.resume,
        catalog.safety.warning_signs.emergency.heading,
        catalog.safety.warning_signs.urgent.heading,
    ):
        assert escape(text) in html, text
    for name in catalog.safety.rulebook.gentle_names:
        assert name in flare.moves
    assert f"{numbers['move_every_min']} to {numbers['move_every_max']} minutes" in (
        flare.change_position
    )
    for level in (catalog.safety.warning_signs.emergency, catalog.safety.warning_signs.urgent):
        assert escape(level.short[0]) in sheet
    assert escape(flare.title) in sheet and escape(catalog.safety.stop_rule) in sheet
    british = load_catalog(DATA, region="GB").safety
    assert escape(british.rulebook.doctor) in flare_up_html(british)


def test_today_shows_the_flare_up_plan_on_a_gentle_day_and_after_a_step_down(catalog, tmp_path):
    """Today's session shows the flare-up plan when the day is gentle (high pain before)
    and after "Too much?"; an ordinary day does not."""
    from exercises_lib.widgets.today import TodaySession

    title = catalog.safety.flare_up.title
    session = TodaySession(catalog, "starter", db=tmp_path / "log.sqlite")
    assert title not in session.flare.value
    session.pain_check.before.value = catalog.safety.rulebook.high_pain_before
    assert title in session.flare.value

    later = TodaySession(catalog, "starter", db=tmp_path / "other.sqlite")
    player = later.player
    assert title not in later.flare.value and player is not None
    player.timer.gate = None
    assert player.start()
    laddered = [n for n, item in enumerate(player.routine.items) if item.step_down()]
    assert laddered
    for _ in range(laddered[0]):
        player.next_exercise()
    assert player.step_down()
    assert title in later.flare.value


def test_a_learner_s_exercise_sheet_centres_the_ladder_on_their_own_version(
    catalog, tmp_path, monkeypatch
):
    """With their own plan printed (`handouts --plan`), a learner who stepped down sees
    "Your version" on the rung they are on; a class's sheets (no plan) show the card's."""
    from datetime import date, timedelta

    from exercises_lib.progress import ProgressLog, noon_stamp

    exercise = _laddered(catalog)[0]
    below = exercise.ladder[exercise.card_rung - 1]
    db = tmp_path / "log.sqlite"
    today = date.today()
    with ProgressLog(db) as log:
        log.start_plan("six-weeks", today - timedelta(days=2))
        log.add(exercise.id, reps=3, rung=below.id, logged_at=noon_stamp(today - timedelta(days=1)))
    monkeypatch.setenv("EXERCISES_DB", str(db))
    mine, class_ = tmp_path / "mine", tmp_path / "class"
    common = ["handouts", "--exercises", exercise.id, "--format", "html"]
    assert 0 == main([*common, "--plan", "--out", str(mine)])
    assert 0 == main([*common, "--out", str(class_)])
    own = (mine / "exercise-sheet.html").read_text(encoding="utf-8")
    card = (class_ / "exercise-sheet.html").read_text(encoding="utf-8")
    assert "Your version:</span> <strong>" + below.name in own.replace("&#x27;", "'")
    assert "Your version" not in card and "This card:</span> <strong>" in card
