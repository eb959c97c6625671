"""A lesson's quiz: its questions, their choices, and what each choice teaches."""

from __future__ import annotations

from dataclasses import dataclass

from .plain import Plain

__all__ = ["Quiz", "QuizChoice", "QuizQuestion"]


@dataclass(frozen=True)
class QuizChoice(Plain):
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class QuizQuestion(Plain):
    prompt: str
    choices: tuple[QuizChoice, ...]
    multiple: bool = False

    @property
    def answer(self) -> tuple[QuizChoice, ...]:
        """The correct choice or choices."""
        return tuple(c for c in self.choices if c.correct)


@dataclass(frozen=True)
class Quiz(Plain):
    lesson: str
    questions: tuple[QuizQuestion, ...]
