"""The learner's settings (their region, their language): one small JSON file in their folder.

Apart from the write guard in ``userdata``: the guard's refusals speak the learner's
language, and the language is one of these settings, so the store sits above both
``userdata`` and ``i18n``. The package face hands ``saved_language`` to ``i18n``.
"""

from __future__ import annotations

import json
import warnings
from typing import Any

from .i18n import checked_language
from .userdata import SETTINGS_FILE, NotTheirs, held, read_learner_json, safe_write, user_dir

__all__ = ["save_language", "save_setting", "saved_language", "saved_setting"]


def _settings() -> dict[str, Any]:
    settings = read_learner_json(user_dir() / SETTINGS_FILE)
    return settings if isinstance(settings, dict) else {}  # none yet, or not settings


def saved_setting(key: str) -> str | None:
    """A text the learner saved under ``key`` (their region, their language), or None."""
    value = _settings().get(key)
    return value if isinstance(value, str) and value.strip() else None


def save_setting(key: str, value: str | None) -> None:
    """Keep one of the learner's settings (None forgets it), beside the others: read,
    changed and written back by one session at a time, so two saves keep both."""
    path = user_dir() / SETTINGS_FILE
    with held(path):
        settings = _settings()
        if value:
            settings[key] = value
        else:
            settings.pop(key, None)
        safe_write(path, json.dumps(settings, indent=2) + "\n")


def saved_language() -> str | None:
    """The language the learner saved (lesson 00's picker), or None. Asked for before any
    message, so a settings file that is not theirs is said as a warning, not refused."""
    try:
        return saved_setting("language")
    except NotTheirs as refused:
        warnings.warn(str(refused), stacklevel=2)
        return None


def save_language(code: str | None) -> None:
    """Keep the learner's language for next time (None forgets it)."""
    save_setting("language", checked_language(code, "language") if code else None)
