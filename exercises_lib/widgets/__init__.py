"""Widgets for the course: guided timers, checklists, the session player and quizzes."""

from .checklists import Checklist, FormChecklist, PainCheck, SafetyChecklist
from .circuit import CircuitTimer
from .cues import SoundCue, tone_wav
from .player import SessionPlayer, TodaySession
from .practice import PhaseDisplay, PracticeTimer, RepCounter, SideTracker, hold_timer, rest_timer
from .quiz import QuizWidget

__all__ = [
    "Checklist",
    "CircuitTimer",
    "FormChecklist",
    "PainCheck",
    "PhaseDisplay",
    "PracticeTimer",
    "QuizWidget",
    "RepCounter",
    "SafetyChecklist",
    "SessionPlayer",
    "SideTracker",
    "SoundCue",
    "TodaySession",
    "hold_timer",
    "rest_timer",
    "tone_wav",
]
