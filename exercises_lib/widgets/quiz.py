"""A self-check quiz: one button per answer, feedback on every answer."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from ..models import Quiz, QuizQuestion
from ._base import PrintFallback, style_widget

__all__ = ["QuizWidget"]


class _Question(widgets.VBox):
    def __init__(self, number: int, question: QuizQuestion, on_answer):
        self.question = question
        self.first_answer: bool | None = None
        self.feedback = widgets.HTML().add_class("exl-feedback")
        self.buttons = []
        for choice in question.choices:
            button = widgets.Button(
                description=choice.text, layout={"width": "auto"}, tooltip=choice.text
            )
            button.add_class("exl-choice")
            button.on_click(lambda _, c=choice: self._pick(c, on_answer))
            self.buttons.append(button)
        prompt = widgets.HTML(f"<p><strong>{number}. {escape(question.prompt)}</strong></p>")
        super().__init__([prompt, widgets.VBox(self.buttons), self.feedback])

    def _pick(self, choice, on_answer) -> None:
        if self.first_answer is None:
            self.first_answer = choice.correct
        mark, css = (
            ("✓ Right.", "exl-feedback-right")
            if choice.correct
            else ("✗ Not quite.", "exl-feedback-wrong")
        )
        self.feedback.value = f'<p class="{css}">{mark} {escape(choice.feedback)}</p>'
        for button, option in zip(self.buttons, self.question.choices, strict=True):
            button.button_style = ("success" if option.correct else "") if choice.correct else ""
            if option is choice and not choice.correct:
                button.button_style = "warning"
        on_answer()


class QuizWidget(PrintFallback, widgets.VBox):
    """All of a lesson's questions; the score counts first tries."""

    def __init__(self, quiz: Quiz):
        self.quiz = quiz
        self.score = widgets.HTML()
        self.questions = [_Question(i, q, self._update) for i, q in enumerate(quiz.questions, 1)]
        super().__init__(
            [style_widget(), widgets.HTML("<h3>Check yourself</h3>"), *self.questions, self.score]
        )
        self.add_class("exl-widget")
        self.add_class("exl-quiz")
        self._update()

    def answer(self, question: int, choice: int) -> str:
        """Pick choice ``choice`` of question ``question`` (both from 0); return the feedback."""
        self.questions[question].buttons[choice].click()
        return self.questions[question].feedback.value

    def _update(self) -> None:
        answered = [q for q in self.questions if q.first_answer is not None]
        right = sum(bool(q.first_answer) for q in answered)
        total = len(self.questions)
        if len(answered) < total:
            self.score.value = f"<p>Answered {len(answered)} of {total}.</p>"
        else:
            self.score.value = f"<p><strong>{right} of {total} right on the first try.</strong></p>"

    def print_html(self) -> str:
        parts = []
        for i, q in enumerate(self.quiz.questions, 1):
            choices = "".join(f"<li>☐ {escape(c.text)}</li>" for c in q.choices)
            parts.append(
                f"<p><strong>{i}. {escape(q.prompt)}</strong></p><ul style='list-style:none'>{choices}</ul>"
            )
        return f'<div class="exl-print exl-print-quiz">{"".join(parts)}</div>'
