"""A self-check quiz: choices in shuffled order, feedback on every answer, an answer key for print.

A single-answer question has one button per choice. A question marked ``multiple``
has a tick box per choice and a Check button: it is right when exactly the correct
choices are ticked. The widget says right or wrong; the data's feedback says why.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from html import escape
from typing import Any

import ipywidgets as widgets

from ..i18n import _, ngettext
from ..quizmodels import Quiz, QuizChoice, QuizQuestion
from ..rendering import ANSWER_KEY_MIMETYPE, answer_key_html
from ._base import PrintFallback, style_widget

__all__ = ["QuizWidget"]


class _Question(widgets.VBox):
    def __init__(
        self, number: int, question: QuizQuestion, order: list[int], on_answer: Callable[[], None]
    ):
        self.question = question
        self.order = order  # display position -> index in the data
        self.on_answer = on_answer
        self.first_answer: bool | None = None
        self.feedback = widgets.HTML().add_class("exl-feedback")
        self.buttons: list[widgets.Button] = []
        self.boxes: list[widgets.Checkbox] = []
        hint = (
            " <em>" + escape(_("(tick every right answer)")) + "</em>" if question.multiple else ""
        )
        prompt = widgets.HTML(f"<p><strong>{number}. {escape(question.prompt)}</strong>{hint}</p>")
        if question.multiple:
            self.boxes = [
                widgets.Checkbox(
                    description=question.choices[i].text, indent=False, layout={"width": "auto"}
                )
                for i in order
            ]
            self.check_button = widgets.Button(description=_("Check"), icon="check")
            self.check_button.add_class("exl-quiz-check")
            self.check_button.on_click(lambda _event: self.check())
            choices: list[widgets.Widget] = [*self.boxes, self.check_button]
        else:
            for i in order:
                choice = question.choices[i]
                button = widgets.Button(
                    description=choice.text, layout={"width": "auto"}, tooltip=choice.text
                )
                button.add_class("exl-choice")
                button.on_click(lambda _event, c=choice: self.pick(c))
                self.buttons.append(button)
            choices = list(self.buttons)
        super().__init__([prompt, widgets.VBox(choices), self.feedback])

    def _verdict(self, right: bool, reasons: Iterable[str]) -> None:
        if self.first_answer is None:
            self.first_answer = right
        mark, css = (
            ("✓ " + _("Right."), "exl-feedback-right")
            if right
            else ("✗ " + _("Not quite."), "exl-feedback-wrong")
        )
        why = " ".join(escape(r) for r in reasons)
        self.feedback.value = f'<p class="{css}">{escape(mark)} {why}</p>'
        self.on_answer()

    def pick(self, choice: QuizChoice) -> None:
        """Answer a single-answer question with one choice."""
        for button, i in zip(self.buttons, self.order, strict=True):
            option = self.question.choices[i]
            # the right answer shows either way; a wrong pick shows beside it
            button.button_style = "success" if option.correct else ""
            if option is choice and not choice.correct:
                button.button_style = "warning"
        reasons = [choice.feedback]
        if not choice.correct:
            reasons.append(self._right_answer())
        self._verdict(choice.correct, reasons)

    def _right_answer(self) -> str:
        """Which answer is right, in words, after a wrong one (m17)."""
        answers = [c.text for c in self.question.answer]
        said = ngettext("The right answer: {answers}", "The right answers: {answers}", len(answers))
        return said.format(answers="; ".join(answers))

    def check(self) -> None:
        """Mark a multiple-answer question: right when exactly the correct boxes are ticked."""
        ticked = {i for box, i in zip(self.boxes, self.order, strict=True) if box.value}
        wrong = [c for i, c in enumerate(self.question.choices) if c.correct != (i in ticked)]
        if wrong:
            reasons = [*(c.feedback for c in wrong), self._right_answer()]
        else:
            reasons = [c.feedback for c in self.question.answer]
        self._verdict(not wrong, reasons)


class QuizWidget(PrintFallback, widgets.VBox):
    """All of a lesson's questions, choices shuffled; the score counts first tries.

    ``seed`` fixes the shuffle (tests); by default every showing shuffles anew.
    """

    def __init__(self, quiz: Quiz, *, seed: int | None = None):
        self.quiz = quiz
        self.score = widgets.HTML()
        shuffle = random.Random(seed).shuffle
        self.questions = []
        for number, question in enumerate(quiz.questions, 1):
            order = list(range(len(question.choices)))
            shuffle(order)
            self.questions.append(_Question(number, question, order, self._update))
        super().__init__(
            [
                style_widget(),
                widgets.HTML("<h3>" + escape(_("Check yourself")) + "</h3>"),
                *self.questions,
                self.score,
            ]
        )
        self.add_class("exl-widget")
        self.add_class("exl-quiz")
        self._update()

    def answer(self, question: int, choice: int | Iterable[int]) -> str:
        """Answer question ``question`` with choice ``choice`` (or several), numbered as in the
        data from 0; return the feedback shown."""
        asked = self.questions[question]
        if asked.question.multiple:
            wanted = {choice} if isinstance(choice, int) else set(choice)
            for box, i in zip(asked.boxes, asked.order, strict=True):
                box.value = i in wanted
            asked.check_button.click()
        else:
            assert isinstance(choice, int), "a single-answer question takes one choice"
            asked.buttons[asked.order.index(choice)].click()
        return asked.feedback.value

    def _update(self) -> None:
        answered = [q for q in self.questions if q.first_answer is not None]
        right = sum(bool(q.first_answer) for q in answered)
        total = len(self.questions)
        if len(answered) < total:
            answered_text = _("Answered {done} of {total}.").format(done=len(answered), total=total)
            self.score.value = f"<p>{escape(answered_text)}</p>"
        else:
            score = _("{right} of {total} right on the first try.").format(right=right, total=total)
            self.score.value = f"<p><strong>{escape(score)}</strong></p>"

    def print_html(self) -> str:
        parts = []
        for i, q in enumerate(self.quiz.questions, 1):
            choices = "".join(f"<li>☐ {escape(c.text)}</li>" for c in q.choices)
            hint = " " + escape(_("(tick every right answer)")) if q.multiple else ""
            # A question and its choices share a page (print CSS keeps the block whole).
            parts.append(
                f'<div class="exl-quiz-question"><p><strong>{i}. {escape(q.prompt)}</strong>'
                f"{hint}</p><ul style='list-style:none'>{choices}</ul></div>"
            )
        how = escape(
            _("With a pen: tick the answer you think is right. The answers are at the end.")
        )
        return f'<div class="exl-print exl-print-quiz"><p><em>{how}</em></p>{"".join(parts)}</div>'

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None:
            bundle[ANSWER_KEY_MIMETYPE] = answer_key_html(self.quiz)
        return bundle
