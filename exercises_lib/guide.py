"""The trainer guide's safety block, written from data/safety.yaml so it never drifts.

The guide is Markdown for people to read; the block between its ``safety:begin`` and
``safety:end`` markers is made from the data by ``exercises guide`` and checked by
``exercises guide --check`` (and the tests).
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import ExercisesError
from .models import SafetyRules
from .rendering import guide_safety_markdown
from .userdata import safe_write

__all__ = ["DEFAULT_GUIDE", "GuideError", "sync_guide"]

DEFAULT_GUIDE = Path("lessons/TRAINER-GUIDE.md")
_BLOCK = re.compile(r"(<!-- safety:begin[^\n]*-->\n)(.*?)(<!-- safety:end -->)", re.S)


class GuideError(ExercisesError, ValueError):
    """The guide cannot be found or has no safety block; the message says what to do."""


def sync_guide(path: Path, safety: SafetyRules, *, check: bool = False) -> bool:
    """Bring the guide's safety block up to date; return True if it was already current.

    With ``check`` nothing is written.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GuideError(
            f"cannot read {path}: {exc.strerror}; run from the course folder or pass --file"
        ) from None
    match = _BLOCK.search(text)
    if match is None:
        raise GuideError(
            f"{path} has no '<!-- safety:begin -->' … '<!-- safety:end -->' block; add one "
            "where the warning signs should go"
        )
    wanted = guide_safety_markdown(safety) + "\n"
    if match.group(2) == wanted:
        return True
    if not check:
        safe_write(path, text[: match.start(2)] + wanted + text[match.end(2) :])
    return False
