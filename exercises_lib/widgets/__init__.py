"""Widgets for the course: guided timers, checklists, the session player, quizzes, the builder.

The handout picker lives in ``widgets.picker`` and is not imported here: it pulls in
nbconvert, which a lesson never needs.
"""

from .builder import RoutineBuilder
from .checklists import Checklist, FormChecklist, PainCheck, SafetyChecklist
from .circuit import CircuitTimer
from .cues import SoundCue, tone_wav
from .player import SessionPlayer
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
    "RoutineBuilder",
    "SafetyChecklist",
    "SessionPlayer",
    "SideTracker",
    "SoundCue",
    "hold_timer",
    "rest_timer",
    "tone_wav",
]
