"""Widgets without a browser: clicks, gating, counters, print views and task clean-up."""

from __future__ import annotations

import asyncio
from html import escape

from exercises_lib.widgets import (
    FormChecklist,
    PainCheck,
    QuizWidget,
    SafetyChecklist,
    SessionPlayer,
    break_timer,
    hold_timer,
    rest_timer,
)


class TestSafetyGate:
    def test_start_waits_for_checklist(self, catalog, clock):
        """Start is marked not ready and does nothing until every safety box is ticked."""
        gate = SafetyChecklist(catalog.safety)
        timer = hold_timer(catalog["bird-dog"], gate=gate, clock=clock)
        start = timer.start_button
        assert "exl-gated" in start._dom_classes and not start.disabled  # still in the Tab order
        start.click()
        assert "idle" == timer.runner.state
        for box in gate.boxes[:-1]:
            box.value = True
        assert "exl-gated" in start._dom_classes
        gate.boxes[-1].value = True
        assert "exl-gated" not in start._dom_classes
        start.click()
        assert "running" == timer.runner.state
        assert start.disabled

    def test_checklist_comes_from_data(self, catalog):
        """The safety checklist shows the five items of safety.yaml."""
        gate = SafetyChecklist(catalog.safety)
        assert [c.text for c in catalog.safety.checklist] == [b.description for b in gate.boxes]
        assert len(catalog.safety.checklist) == len(gate.boxes)

    def test_checklist_shows_both_levels_and_ask_first(self, catalog):
        """Above its boxes the checklist shows both warning-sign levels and the "ask first" list."""
        gate = SafetyChecklist(catalog.safety)
        html = gate.children[1].value
        safety = catalog.safety
        for level in safety.warning_signs.levels:
            assert escape(level.heading) in html
            assert all(escape(sign) in html for sign in level.items)
        assert all(escape(item) in html for item in safety.ask_first.items)


class TestPracticeTimer:
    def test_counts_sides_by_itself(self, catalog, clock):
        """With time passing, the tracker reads 'Left 7 of 10 · Right 6 of 10'."""
        timer = hold_timer(catalog["bird-dog"], clock=clock)
        timer.start_button.click()
        seventh = [p for p in timer.plan.phases if p.kind == "hold" and p.side == "left"][6]
        clock.now = seventh.end + 0.1
        timer.refresh()
        assert "Left 7 of 10 · Right 6 of 10" == timer.side_tracker.text
        assert "Reps done: 13 of 20" == timer.reps.text.value

    def test_display_shows_phase_in_words(self, catalog, clock):
        """The display says the phase in words with its seconds, not by colour alone."""
        timer = hold_timer(catalog["bird-dog"], clock=clock)
        timer.start()
        clock.now = 17.2  # 15 s to get down, 2 s to reach
        timer.refresh()
        html = timer.display_.value
        assert 'data-phase="hold"' in html
        assert ">Hold<" in html
        assert 'data-seconds="4"' in html
        side = catalog["bird-dog"].cues.say("side", "left")
        assert "left leg, right arm" == side  # "left side" would not say which arm
        assert f"{side}, rep 1 of {catalog['bird-dog'].dose.reps.target}" in html

    def test_pause_resume_buttons(self, catalog, clock):
        """Pause freezes the countdown and the button turns into Resume."""
        timer = hold_timer(catalog["bird-dog"], clock=clock)
        timer.start_button.click()
        clock.now = 1
        timer.pause_button.click()
        assert ("paused", "Resume") == (timer.runner.state, timer.pause_button.description)
        clock.now = 50
        timer.pause_button.click()
        assert 1 == timer.runner.elapsed()

    def test_skip_and_reset_buttons(self, catalog, clock):
        """Skip moves to the next phase; Reset goes back to Ready."""
        timer = hold_timer(catalog["bird-dog"], clock=clock)
        timer.start_button.click()
        timer.skip_button.click()
        assert "lift" == timer.runner.snapshot().phase.kind
        timer.reset_button.click()
        assert "idle" == timer.runner.state
        assert not timer.start_button.disabled

    def test_flash_on_phase_change(self, catalog, clock):
        """A new phase flashes the display."""
        timer = hold_timer(catalog["bird-dog"], clock=clock)
        timer.start()
        clock.now = 15.1
        timer.refresh()
        assert "exl-flash" in timer.display_._dom_classes

    def test_voice_says_each_phase_and_counts_down_holds(self, catalog, clock):
        """The coach says every phase's cue as it begins and the last three seconds of a hold."""
        timer = hold_timer(catalog["bird-dog"], clock=clock)
        said = []
        timer.voice.observe(lambda _: said.append(timer.voice.phrase), names="count")
        timer.start()
        for now in (0.1, 15.1, 17.1, 18.1, 19.1, 20.1, 20.6, 21.1):
            clock.now = now
            timer.refresh()
        assert [
            "Go down slowly and get into position for the Bird Dog.",
            "Reach: left leg back, right arm forward.",
            "Hold still. Keep breathing.",
            "3",
            "2",
            "1",
        ] == said[:6]
        assert said[6].endswith("Right side next.")

    def test_voice_off_still_captions_every_cue(self, catalog, clock):
        """With the voice off the cues still reach the caption; only the page's speech stops."""
        timer = hold_timer(catalog["bird-dog"], clock=clock)
        timer.voice.enabled = False
        timer.start()
        clock.now = 15.1
        snap = timer.refresh()
        assert timer.voice.count > 0
        assert snap.phase.cue == timer.voice.phrase

    def test_screen_readers_hear_phases_and_last_seconds_only(self, catalog, clock):
        """The live region gets each phase's cue and a hold's last three seconds, not every tick."""
        timer = hold_timer(catalog["bird-dog"], clock=clock)
        heard = []
        timer.display_.observe(
            lambda _change: heard.append(timer.display_.announcement), "announced"
        )
        timer.start()
        hold = next(p for p in timer.plan.phases if p.kind == "hold" and p.seconds > 3)
        second = hold.start + 0.1
        while second < hold.end:
            clock.now = second
            timer.refresh()
            second += 1
        assert [timer.plan.phases[0].cue, hold.cue, "3", "2", "1"] == heard

    def test_pausing_and_going_on_are_announced(self, catalog, clock):
        """Pause and Resume are told to screen readers with the seconds left."""
        timer = hold_timer(catalog["bird-dog"], clock=clock)
        timer.start()
        timer.toggle_pause()
        assert timer.display_.announcement.startswith("Paused.")
        assert timer.display_.count_label in timer.display_.announcement
        timer.toggle_pause()
        assert not timer.display_.announcement.startswith("Paused")

    def test_done_callback_once(self, catalog, clock):
        """on_done fires once when the plan ends."""
        timer = rest_timer(2, "Bird Dog", clock=clock)
        calls = []
        timer.on_done(calls.append)
        timer.start()
        clock.now = 5
        timer.refresh()
        timer.refresh()
        assert 1 == len(calls)

    def test_a_movement_break_says_move_not_rest_and_counts_no_reps(self, clock):
        """m14: lesson 02's break is up and about: the box says "Move about", the coach says
        to stand up, what comes next is named, and there are no reps to count."""
        from exercises_lib.timing import PHASE_WORDS

        timer = break_timer(60, "Sit back down", clock=clock)
        timer.start()
        clock.now = 1
        timer.refresh()
        box = timer.display_.value
        assert 'data-phase="move"' in box and PHASE_WORDS["move"] in box
        assert "Rest" not in box
        assert "Stand up" in timer.plan.phases[0].cue and "Sit back down" in box
        assert "none" == timer.reps.layout.display == timer.side_tracker.layout.display

    def test_print_fallback(self, catalog):
        """The widget offers static HTML with tick boxes for handouts."""
        bundle = hold_timer(catalog["bird-dog"])._repr_mimebundle_()
        expected = "Bird Dog — hold 4 s — left ☐☐☐☐☐☐☐☐☐☐  right ☐☐☐☐☐☐☐☐☐☐"
        assert expected in bundle["text/html"]
        assert "application/vnd.jupyter.widget-view+json" in bundle

    def test_task_is_kept_and_cancelled(self, catalog):
        """On a running loop Start keeps a task; close() cancels it."""

        async def scenario():
            timer = hold_timer(catalog["bird-dog"])
            timer.start()
            task = timer._task
            assert task is not None and not task.done()
            timer.close()
            await asyncio.sleep(0)
            return task

        task = asyncio.run(scenario())
        assert task.cancelled()

    def test_ticks_on_a_real_loop(self, catalog):
        """On a real loop the display reaches Done by itself."""

        async def scenario():
            timer = rest_timer(0.3, resolution=0.1)
            timer.start()
            await asyncio.wait_for(timer._task, timeout=5)
            return timer

        timer = asyncio.run(scenario())
        assert 'data-phase="done"' in timer.display_.value


class TestOtherWidgets:
    def test_form_checklist_from_form_cues(self, catalog):
        """The form checklist lists the exercise's form cues."""
        form = FormChecklist(catalog["bird-dog"])
        assert list(catalog["bird-dog"].form_cues) == [b.description for b in form.boxes]
        form.tick_all()
        assert form.complete


class TestPainCheck:
    def _saved(self, catalog, before, after):
        saved = []
        check = PainCheck(catalog.safety)
        check.on_save(lambda b, a: saved.append((b, a)))
        check.before.value, check.after.value = before, after
        check.save_button.click()
        return check, saved

    def test_a_big_rise_brings_the_stop_rule(self, catalog):
        """A rise past the settling rise is red: stop and contact a doctor, with the follow-up."""
        rules = catalog.safety.rulebook
        after = 3 + rules.settling_rise
        check, saved = self._saved(catalog, 1, after)
        assert [(1, after)] == saved
        assert "exl-stop" in check.message.value
        assert f"from 1 to {after}" in check.message.value
        assert "contact a doctor" in check.message.value
        assert check.follow_up_button.layout.display is None

    def test_a_small_rise_is_green(self, catalog):
        """A rise within the settling rise, to a mild ache, is no alarm: we ask again later."""
        rules = catalog.safety.rulebook
        check, _ = self._saved(
            catalog, rules.mild_ache_max - rules.settling_rise, rules.mild_ache_max
        )
        assert "exl-stop" not in check.message.value
        assert 'role="alert"' not in check.message.value
        assert f"ask again in {rules.stop_minutes} minutes" in check.message.value
        assert check.follow_up_button.layout.display is None

    def test_high_pain_is_never_a_mild_ache(self, catalog):
        """Unchanged pain just under the high mark is not called a mild ache."""
        score = catalog.safety.rulebook.high_pain_before - 1
        assert score > catalog.safety.rulebook.mild_ache_max
        check, _ = self._saved(catalog, score, score)
        assert "mild ache that settles is fine" not in check.message.value.lower()
        assert "more than a mild ache" in check.message.value

    def test_high_pain_before_is_a_gentle_day(self, catalog):
        """Pain before at the rulebook's high mark says at once: gentle moves only today."""
        check = PainCheck(catalog.safety)
        check.before.value = catalog.safety.rulebook.high_pain_before
        assert check.gentle_today
        assert "gentle" in check.before_note.value.lower()
        check.before.value = 0
        assert (False, "") == (check.gentle_today, check.before_note.value)

    def test_the_follow_up_waits_the_stop_minutes(self, catalog):
        """With no override, the follow-up waits the stop rule's minutes, in seconds."""
        check = PainCheck(catalog.safety)
        assert catalog.safety.stop_minutes * 60 == check.follow_up_seconds

    def test_pain_that_went_down_is_calm(self, catalog):
        """Pain 5 before and 2 after is saved with a calm message and no alarm."""
        check, saved = self._saved(catalog, 5, 2)
        assert [(5, 2)] == saved
        assert "exl-stop" not in check.message.value
        assert "went down, from 5 to 2" in check.message.value

    def test_same_pain_is_calm_and_names_the_rule(self, catalog):
        """Pain that stayed the same gets no alarm, but the stop rule's minutes are named."""
        check, _ = self._saved(catalog, 3, 3)
        assert "exl-stop" not in check.message.value
        assert f"more than {catalog.safety.stop_minutes} minutes" in check.message.value

    def test_no_pain_shows_no_follow_up(self, catalog):
        """0 after practice is praised, with no stop box and no follow-up offered."""
        check, _ = self._saved(catalog, 2, 0)
        assert "exl-stop" not in check.message.value
        assert "none" == check.follow_up_button.layout.display

    def test_untouched_check_is_not_saved(self, catalog):
        """A pain check nobody touched is refused, never saved as 0/0."""
        saved = []
        check = PainCheck(catalog.safety)
        check.on_save(lambda b, a: saved.append((b, a)))
        check.save_button.click()
        assert ([], None) == (saved, check.saved)
        assert "Pick a number for pain before and after" in check.message.value
        check.after.value = 0
        check.save_button.click()
        assert [] == saved
        assert "pain before practice" in check.message.value

    def test_lasting_pain_brings_the_stop_rule(self, catalog):
        """When pain went down but the learner says it lasted, the stop rule shows with the scores."""
        stops = []
        check, _ = self._saved(catalog, 5, 2)
        check.on_stop_rule(lambda before, after: stops.append((before, after)))
        check.ask()
        check.still_hurts.click()
        assert [(5, 2)] == stops
        assert "exl-stop" in check.message.value
        assert "contact a doctor" in check.message.value

    def test_pain_that_settled_keeps_moving(self, catalog):
        """ "It has gone" after the wait says keep gently active, not rest."""
        check, _ = self._saved(catalog, 2, 3)
        check.ask()
        check.gone.click()
        assert "keep gently active" in check.message.value.lower()
        assert "rest" not in check.message.value.lower().replace("rest of", "")

    def test_pain_follow_up_asks_later(self, catalog):
        """The follow-up asks again after the wait."""

        async def scenario():
            check = PainCheck(catalog.safety, follow_up_seconds=0.05)
            check.before.value, check.after.value = 1, 2
            check.save()
            check.follow_up_button.click()
            await asyncio.wait_for(check._task, timeout=5)
            return check

        check = asyncio.run(scenario())
        minutes = catalog.safety.stop_minutes
        assert f"{minutes} minutes. Is pain from the exercise still there" in check.message.value


class TestQuiz:
    def test_quiz_feedback_on_every_answer(self, catalog, tmp_path):
        """Every choice gives feedback; the score counts first tries."""
        from exercises_lib.quizmodels import Quiz, QuizChoice, QuizQuestion

        quiz = Quiz(
            "99-test",
            (
                QuizQuestion(
                    "A?", (QuizChoice("yes", True, "Because."), QuizChoice("no", False, "Nope."))
                ),
                QuizQuestion(
                    "B?", (QuizChoice("x", False, "Not x."), QuizChoice("y", True, "Yes y."))
                ),
            ),
        )
        widget = QuizWidget(quiz)
        assert "Right." in widget.answer(0, 0)
        wrong = widget.answer(1, 0)
        assert "Not quite. Not x. The right answer: y" in wrong  # m17: it names the right one
        assert "Yes y." in widget.answer(1, 1) and "The right answer" not in widget.answer(0, 0)
        assert "1 of 2 right on the first try" in widget.score.value

    def test_feedback_does_not_repeat_the_verdict(self, catalog):
        """No feedback in the data starts with the verdict the widget already shows."""
        feedbacks = [
            c.feedback for q in catalog.quizzes.values() for qq in q.questions for c in qq.choices
        ]
        assert feedbacks
        starts = ("right", "no.", "no,", "yes.", "not quite", "correct", "wrong")
        assert [] == [f for f in feedbacks if f.lower().startswith(starts)]

    def test_most_questions_have_three_or_four_choices(self, catalog):
        """At least nine in ten questions offer 3 or 4 choices."""
        questions = [q for quiz in catalog.quizzes.values() for q in quiz.questions]
        many = [q for q in questions if 3 <= len(q.choices) <= 4]
        assert len(many) >= 0.9 * len(questions)

    def test_choices_are_shuffled_when_shown(self, catalog):
        """The buttons come in a shuffled order; answers still map to the data's choices."""
        quiz = catalog.quiz("01-safety-first")
        orders = {
            tuple(tuple(q.order) for q in QuizWidget(quiz, seed=seed).questions)
            for seed in range(8)
        }
        assert len(orders) > 1
        widget = QuizWidget(quiz, seed=3)
        right = next(i for i, c in enumerate(quiz.questions[0].choices) if c.correct)
        assert "exl-feedback-right" in widget.answer(0, right)

    def test_multiple_answer_question(self, catalog):
        """The avoid-list question is right only when all three moves are ticked."""
        quiz = catalog.quiz("01-safety-first")
        number = next(i for i, q in enumerate(quiz.questions) if q.multiple)
        avoid = {a.name for a in catalog.safety.avoid}
        question = quiz.questions[number]
        assert avoid == {c.text for c in question.answer}
        widget = QuizWidget(quiz, seed=0)
        wrong = widget.answer(number, [0, 1])
        assert "exl-feedback-wrong" in wrong
        assert all(escape(name) in wrong for name in avoid), "it names every right answer"
        assert "exl-feedback-right" in widget.answer(number, [0, 1, 2])

    def test_new_questions_cover_what_matters(self, catalog):
        """Quizzes ask about both warning levels, the stop minutes, the advanced move and feel."""
        prompts = " ".join(q.prompt for quiz in catalog.quizzes.values() for q in quiz.questions)
        answers = " ".join(
            c.text for quiz in catalog.quizzes.values() for q in quiz.questions for c in q.answer
        )
        minutes = f"{catalog.safety.stop_minutes} minutes"
        signs = catalog.safety.warning_signs
        emergency = signs.emergency.heading  # the quiz names the same routes as the signs
        same_day = signs.urgent.heading.removesuffix(" the same day") + " today"
        for wanted in (emergency, same_day, minutes, "Partial Crunch", "green level"):
            assert wanted in answers, wanted
        assert "How many minutes" in prompts

    def test_answer_key_travels_with_the_quiz(self, catalog):
        """A quiz's output carries its answer key for printed lessons."""
        from exercises_lib.rendering import ANSWER_KEY_MIMETYPE

        bundle = QuizWidget(catalog.quiz("07-partial-crunch"))._repr_mimebundle_()
        assert "8, the bottom of the 8 to 12 range" in bundle[ANSWER_KEY_MIMETYPE]
        assert "The answers are at the end." in bundle["text/html"]


class TestSessionPlayer:
    def test_advances_to_next_exercise(self, catalog, clock):
        """The player shows the next exercise's card after the rest, and a summary at the end."""
        player = SessionPlayer(catalog.routine("demo"), clock=clock, prepare_seconds=1)
        assert 'data-exercise="bird-dog"' in player.card.value
        player.start()
        rest = next(p for p in player.timer.plan.phases if p.kind == "rest")
        clock.now = rest.start + 0.1
        player.timer.refresh()
        assert "Next up: Pelvic Tilt" in player.timer.display_.value
        assert 'data-exercise="pelvic-tilt"' in player.card.value
        assert "Exercise 2 of 2" in player.heading.value
        clock.now = 999
        player.timer.refresh()
        assert "Session done" in player.summary.value
        assert [{"left": 2, "right": 2}, {"both": 2}] == [r["done"] for r in player.results()]
        # m1: the summary sits right under the timer's "Done", not below the card
        order = list(player.children)
        assert order.index(player.summary) == order.index(player.timer) + 1
        assert order.index(player.summary) < order.index(player.card)

    def test_a_session_of_skips_is_no_session(self, catalog, clock):
        """Every exercise skipped: no 'Well done', no made-up time, and no session (M2, m1)."""
        player = SessionPlayer(catalog.routine("starter"), clock=clock)
        player.start()
        for _item in catalog.routine("starter").items:
            clock.now += 1
            player.next_button.click()
        player.timer.refresh()
        assert "done" == player.timer.runner.state
        assert "does not count as a session" in player.summary.value
        assert "Time:" not in player.summary.value
        assert "Well done" not in player.timer.display_.value
        assert not any(n for r in player.results() for n in r["done"].values())

    def test_the_time_is_the_time_really_spent(self, catalog, clock):
        """The summary's time leaves out what Next skipped: a short session reads short."""
        player = SessionPlayer(catalog.routine("demo"), clock=clock, prepare_seconds=1)
        player.start()
        clock.now = 999
        player.timer.refresh()
        spent = player.timer.runner.active_seconds()
        assert f"Time: {spent / 60:.1f} minutes." in player.summary.value

    def test_next_exercise_button(self, catalog, clock):
        """'Next exercise' skips the rest of the current one."""
        player = SessionPlayer(catalog.routine("full"), clock=clock)
        player.start()
        player.next_button.click()
        snap = player.timer.runner.snapshot()
        assert ("rest", 1) == (snap.phase.kind, snap.phase.item)
        assert 'data-exercise="bird-dog"' in player.card.value


class TestKeepGoing:
    def test_keep_going_counts_to_the_top_before_start(self, catalog, clock):
        """The crunch timer counts 8; ticking 'keep going' before Start makes it 12."""
        timer = hold_timer(catalog["partial-crunch"], clock=clock)
        reps = catalog["partial-crunch"].dose.reps
        assert f"Reps done: 0 of {reps.min}" == timer.reps.text.value
        timer.keep_going.value = True
        assert f"Reps done: 0 of {reps.max}" == timer.reps.text.value
        timer.start()
        timer.keep_going.value = False
        counted = next(p for p in timer.plan.phases if p.counts_a_rep)
        assert (True, reps.max) == (timer.keep_going.value, counted.reps)

    def test_no_keep_going_without_a_range(self, catalog):
        """An exercise with a fixed count has no 'keep going' box."""
        assert hold_timer(catalog["bird-dog"]).keep_going is None


def test_timer_state_is_an_observable_trait(catalog, clock):
    """The timer's state is a trait: observers see idle, running, paused and done."""
    from exercises_lib.widgets import rest_timer

    timer = rest_timer(2, clock=clock)
    seen = []
    timer.observe(lambda change: seen.append(change["new"]), names="state")
    timer.start()
    timer.pause()
    timer.resume()
    clock.now = 5
    timer.refresh()
    assert ["running", "paused", "running", "done"] == seen


def test_demo_routine_is_kept_out_of_learners_lists(catalog):
    """The short demo is not offered in Today's session or the print picker, nor suggested."""
    from exercises_lib.course import TodaySession
    from exercises_lib.unknownid import UnknownIdError
    from exercises_lib.widgets.picker import HandoutPicker

    from .conftest import REPO

    assert not catalog.routine("demo").listed  # still there for tests and trainers, by id
    today = [value for _, value in TodaySession(catalog).picker.options]
    printing = [value for _, value in HandoutPicker(catalog, REPO).routine.options]
    assert ["starter"] == today  # the full routine waits for the plan (and has the crunch)
    assert ["", "full", "starter"] == sorted(printing)
    try:
        catalog.routine("dem")
    except UnknownIdError as error:
        assert "demo" not in str(error)
    else:
        raise AssertionError("an unknown routine was found")


class TestFigureTiming:
    def test_body_moves_in_the_pause_not_the_hold(self, catalog, clock):
        """Getting into position ends with the body moving out; the hold that follows stays still."""
        timer = hold_timer(catalog["bird-dog"], clock=clock)
        timer.start()
        clock.now = 0.1
        timer.refresh()
        prepare = timer.figure_view.value
        assert "exl-settle" in prepare
        clock.now = 15.1
        timer.refresh()  # reaching out: the body moves over the lift's seconds
        assert 'data-phase="lift"' in timer.display_.value
        assert "<animate" in timer.figure_view.value
        clock.now = 17.1
        timer.refresh()
        assert 'data-phase="hold"' in timer.display_.value
        assert "<animate" not in timer.figure_view.value


def test_the_region_picker_never_nests_brackets(catalog):
    """m11: "Ireland: 112 (or 999)", not "Ireland (112 (or 999))"."""
    from exercises_lib.widgets import RegionPicker

    labels = [label for label, code in RegionPicker(catalog).picker.options if code]
    assert labels
    for label in labels:
        assert label.count("(") <= 1, label


def test_long_worded_buttons_size_to_their_words(catalog):
    """m11: "Siguiente ejercicio" and "Guardar control del dolor" were cut off at a fixed
    width; these buttons take the width their words need, in any language."""
    player = SessionPlayer(catalog.routine("starter"))
    pain = PainCheck(catalog.safety)
    for button in (player.next_button, pain.save_button):
        assert "auto" == button.layout.width, button.description


def test_the_safety_checklist_shows_the_signs_on_screen_and_points_to_them_on_paper(catalog):
    """On screen the learner ticks with both warning levels in front of them; on paper the
    sheet's safety box holds them once, so the checklist points there and stays short."""
    from exercises_lib.widgets import SafetyChecklist

    checklist = SafetyChecklist(catalog.safety)
    signs = [s for level in catalog.safety.warning_signs.levels for s in level.items]
    assert signs
    screen = checklist.children[1].value
    paper = checklist.print_html()
    assert all(escape(sign) in screen for sign in signs)
    assert not any(escape(sign) in paper for sign in signs)
    assert "safety box" in paper
    assert all(escape(item.text) in paper for item in catalog.safety.checklist)


def test_the_print_picker_shows_a_progress_bar_while_it_builds(catalog, monkeypatch, tmp_path):
    """Building, the picker's bar counts the steps and names the one under way; it goes
    once the build is done."""
    from exercises_lib.steps import Step
    from exercises_lib.widgets import picker as picker_module
    from exercises_lib.widgets.picker import HandoutPicker

    seen = []

    def build(out, catalog, *, progress, **_options):
        for done in range(3):
            progress(Step(f"running lesson {done}", done, 3))
            seen.append(
                (panel.bar.layout.display, panel.bar.value, panel.bar.max, panel.step.value)
            )
        progress(Step("printing"))  # a note between steps leaves the count as it was
        seen.append((panel.bar.layout.display, panel.bar.value, panel.bar.max, panel.step.value))
        return [tmp_path / "sheet.pdf"]

    monkeypatch.setattr(picker_module, "build_handouts", build)
    panel = HandoutPicker(catalog, tmp_path)
    assert "none" == panel.bar.layout.display
    panel.exercises.value = ("bird-dog",)
    assert [tmp_path / "sheet.pdf"] == panel.build()
    assert [
        (None, 0, 3, "<p>running lesson 0</p>"),
        (None, 1, 3, "<p>running lesson 1</p>"),
        (None, 2, 3, "<p>running lesson 2</p>"),
        (None, 2, 3, "<p>printing</p>"),
    ] == seen
    assert "none" == panel.bar.layout.display and "" == panel.step.value
