"""Widgets for the course: guided timers, checklists, the session player, quizzes, the builder.

The handout picker lives in ``widgets.picker`` and is not imported here: it pulls in
nbconvert, which a lesson never needs.
"""

from .builder import RoutineBuilder
from .checklists import Checklist, FormChecklist, PainCheck, ReadinessCheck, SafetyChecklist
from .circuit import CircuitTimer
from .player import SessionPlayer
from .practice import (
    PhaseDisplay,
    PracticeTimer,
    RepCounter,
    SideTracker,
    break_timer,
    hold_timer,
    rest_timer,
)
from .quiz import QuizWidget
from .region import RegionPicker
from .voice import VoiceCoach

__all__ = [
    "Checklist",
    "CircuitTimer",
    "FormChecklist",
    "PainCheck",
    "PhaseDisplay",
    "PracticeTimer",
    "QuizWidget",
    "ReadinessCheck",
    "RegionPicker",
    "RepCounter",
    "RoutineBuilder",
    "SafetyChecklist",
    "SessionPlayer",
    "SideTracker",
    "VoiceCoach",
    "break_timer",
    "hold_timer",
    "rest_timer",
]
