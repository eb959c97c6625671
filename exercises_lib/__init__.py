"""Safe lower-back exercises for Jupyter: data, display, timing, widgets and handouts.

What is public, and kept stable between versions:

- the names in this module's ``__all__`` (loading the catalogue and its data types);
- ``exercises_lib.course``, the one face the lessons and tool notebooks import;
- ``exercises_lib.widgets``, for trainers who build their own notebooks;
- the ``exercises`` command line.

Every other module is the course's own inside, and may change in any version.
"""

from . import i18n, settings
from ._version import __version__ as __version__
from .errors import CatalogError, Problem
from .loading import default_data_dir, load_catalog
from .models import Catalog, Dose, Exercise, RepRange, Routine, RoutineItem, Step
from .quizmodels import Quiz
from .rendering import exercise_card_html, safety_footer_html
from .safetymodels import SafetyRules, Source
from .unknownid import UnknownIdError

# The settings store sits above i18n (it writes through the guard, which speaks through
# i18n), so the language saved there reaches i18n from here, before any message.
i18n.read_saved_language_with(settings.saved_language)

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
