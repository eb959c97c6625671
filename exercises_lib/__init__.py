"""Safe lower-back exercises for Jupyter: data, display, timing, widgets and handouts."""

from ._version import __version__ as __version__
from .errors import CatalogError, Problem, UnknownIdError
from .loading import default_data_dir, load_catalog
from .models import (
    Catalog,
    Dose,
    Exercise,
    Quiz,
    RepRange,
    Routine,
    RoutineItem,
    SafetyRules,
    Source,
    Step,
)
from .rendering import exercise_card_html, safety_footer_html

__all__ = [
    "Catalog",
    "CatalogError",
    "Dose",
    "Exercise",
    "Problem",
    "Quiz",
    "RepRange",
    "Routine",
    "RoutineItem",
    "SafetyRules",
    "Source",
    "Step",
    "UnknownIdError",
    "default_data_dir",
    "exercise_card_html",
    "load_catalog",
    "safety_footer_html",
]
