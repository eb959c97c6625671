"""Widgets without a browser: clicks, gating, counters, print views and task clean-up."""

from __future__ import annotations

import asyncio

from exercises_lib.widgets import (
    FormChecklist,
    PainCheck,
    QuizWidget,
    SafetyChecklist,
    SessionPlayer,
    hold_timer,
    rest_timer,
    tone_wav,
)


class TestSafetyGate:
    def test_start_waits_for_checklist(self, catalog, clock):
        """Start stays disabled and does nothing until every safety box is ticked."""
        gate = SafetyChecklist(catalog.safety)
        timer = hold_timer(catalog["bird-dog"], gate=gate, clock=clock)
        assert timer.start_button.disabled
        timer.start_button.click()
        assert "idle" == timer.runner.state
        for box in gate.boxes[:-1]:
            box.value = True
        assert timer.start_button.disabled
        gate.boxes[-1].value = True
        assert not timer.start_button.disabled
        timer.start_button.click()
        assert "running" == timer.runner.state

    def test_checklist_comes_from_data(self, catalog):
        """The safety checklist shows the four items of safety.yaml."""
        gate = SafetyChecklist(catalog.safety)
        assert [c.text for c in catalog.safety.checklist] == [b.description for b in gate.boxes]
        assert 4 == len(gate.boxes)


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
        clock.now = 3.2
        timer.refresh()
        html = timer.display_.value
        assert 'data-phase="hold"' in html
        assert ">Hold<" in html
        assert 'data-seconds="4"' in html
        assert "left side, rep 1 of 10" in html

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
        assert "hold" == timer.runner.snapshot().phase.kind
        timer.reset_button.click()
        assert "idle" == timer.runner.state
        assert not timer.start_button.disabled

    def test_flash_on_phase_change(self, catalog, clock):
        """A new phase flashes the display."""
        timer = hold_timer(catalog["bird-dog"], clock=clock)
        timer.start()
        clock.now = 3.1
        timer.refresh()
        assert "exl-flash" in timer.display_._dom_classes

    def test_sound_off_by_default(self, catalog, clock):
        """No tone plays unless the learner switches sound on."""
        timer = hold_timer(catalog["bird-dog"], clock=clock)
        timer.start()
        clock.now = 3.1
        timer.refresh()
        assert (0, b"") == (timer.cue.played, bytes(timer.cue.player.value))
        timer.cue.switch.value = True
        clock.now = 7.1
        timer.refresh()
        assert 1 == timer.cue.played
        assert b"RIFF" == bytes(timer.cue.player.value[:4])

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

    def test_pain_check_shows_stop_rule(self, catalog):
        """Any pain after practice brings up the stop rule and the 15-minute follow-up."""
        saved = []
        check = PainCheck(catalog.safety, on_save=lambda b, a: saved.append((b, a)))
        check.before.value, check.after.value = 1, 3
        check.save_button.click()
        assert [(1, 3)] == saved
        assert "more than 15 minutes" in check.message.value
        assert "worse than before" in check.message.value
        assert check.follow_up_button.layout.display is None
        check.ask()
        check.still_hurts.click()
        assert "contact a doctor" in check.message.value

    def test_pain_check_no_pain(self, catalog):
        """No pain after practice shows no stop box."""
        check = PainCheck(catalog.safety)
        check.save_button.click()
        assert "exl-stop" not in check.message.value

    def test_pain_follow_up_asks_later(self, catalog):
        """The follow-up asks again after the wait."""

        async def scenario():
            check = PainCheck(catalog.safety, follow_up_seconds=0.05)
            check.after.value = 2
            check.save()
            check.follow_up_button.click()
            await asyncio.wait_for(check._task, timeout=5)
            return check

        check = asyncio.run(scenario())
        assert "Is the pain still there?" in check.message.value

    def test_quiz_feedback_on_every_answer(self, catalog, tmp_path):
        """Every choice gives feedback; the score counts first tries."""
        from exercises_lib.models import Quiz, QuizChoice, QuizQuestion

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
        assert "Not quite. Not x." in widget.answer(1, 0)
        assert "Yes y." in widget.answer(1, 1)
        assert "1 of 2 right on the first try" in widget.score.value

    def test_tone_is_wav(self):
        """The tone is a short WAV made in Python."""
        wav = tone_wav(660)
        assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE"


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

    def test_next_exercise_button(self, catalog, clock):
        """'Next exercise' skips the rest of the current one."""
        player = SessionPlayer(catalog.routine("full"), clock=clock)
        player.start()
        player.next_button.click()
        snap = player.timer.runner.snapshot()
        assert ("rest", 1) == (snap.phase.kind, snap.phase.item)
        assert 'data-exercise="bird-dog"' in player.card.value
