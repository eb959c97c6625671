"""The trainer guide's data blocks, written from the data so they never drift.

The guide is Markdown for people to read; the blocks between its ``NAME:begin`` and
``NAME:end`` markers are made from the data by ``exercises guide`` and checked by
``exercises guide --check`` (and the tests): ``briefing`` is the safety briefing read
out, ``safety`` holds the warning signs and the "ask first" list, ``pain`` what to do
when someone feels pain, ``chair`` the chair set.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .errors import ExercisesError
from .i18n import _
from .models import Catalog
from .rendering import (
    guide_briefing_markdown,
    guide_chair_markdown,
    guide_pain_markdown,
    guide_safety_markdown,
)
from .userdata import safe_write

__all__ = [
    "DEFAULT_GUIDE",
    "GuideError",
    "guide_blocks",
    "guide_drift",
    "guide_key",
    "sync_guide",
    "translated_guide",
    "with_blocks",
]

DEFAULT_GUIDE = Path("lessons/TRAINER-GUIDE.md")
_BLOCK = re.compile(r"(<!-- (\w+):begin[^\n]*-->\n)(.*?)(<!-- \2:end -->)", re.S)
# A translated guide's first line names the English it was made from.
_MADE_FROM = re.compile(r"^<!-- translated from the English guide, key ([0-9a-f]{12})")


def translated_guide(guide: Path, lang: str) -> Path:
    """Where the guide in ``lang`` lives: lessons/locales/<lang>/TRAINER-GUIDE.md."""
    return guide.parent / "locales" / lang / guide.name


def guide_key(text: str) -> str:
    """A fingerprint of what the English guide says, leaving out its data blocks."""
    bare = _BLOCK.sub(lambda m: m.group(1) + m.group(4), text)
    return hashlib.sha256(bare.encode()).hexdigest()[:12]


def guide_drift(guide: Path, lang: str) -> list[str]:
    """What keeps the guide in ``lang`` from matching the English one; [] when in step."""
    translated = translated_guide(guide, lang)
    english_key = guide_key(guide.read_text(encoding="utf-8"))
    try:
        made_from = _MADE_FROM.match(translated.read_text(encoding="utf-8"))
    except OSError:
        return [f"{translated}: missing; translate {guide} into {lang!r}"]
    if made_from is None:
        return [f"{translated}: its first line must name the English key ({english_key})"]
    if made_from.group(1) != english_key:
        return [
            f"{translated}: the English guide changed since it was translated; update the "
            f"translation, then its key to {english_key}"
        ]
    return []


class GuideError(ExercisesError, ValueError):
    """The guide cannot be found or lacks a block; the message says what to do."""


def guide_blocks(catalog: Catalog) -> dict[str, str]:
    """Each block's name and the Markdown the data makes for it."""
    return {
        "briefing": guide_briefing_markdown(catalog.safety),
        "safety": guide_safety_markdown(catalog.safety),
        "pain": guide_pain_markdown(catalog.safety),
        "chair": guide_chair_markdown(catalog),
    }


def with_blocks(text: str, catalog: Catalog, path: Path = DEFAULT_GUIDE) -> str:
    """The guide's text with every data block made from this catalog (and its region)."""
    for name, markdown in guide_blocks(catalog).items():
        block = re.compile(rf"(<!-- {name}:begin[^\n]*-->\n)(.*?)(<!-- {name}:end -->)", re.S)
        match = block.search(text)
        if match is None:
            raise GuideError(
                _(
                    "{file} has no '<!-- {name}:begin -->' … '<!-- {name}:end -->' block; add "
                    "one where the {name} block should go"
                ).format(file=path, name=name)
            )
        text = text[: match.start(2)] + markdown + "\n" + text[match.end(2) :]
    return text


def sync_guide(path: Path, catalog: Catalog, *, check: bool = False) -> bool:
    """Bring the guide's data blocks up to date; return True if they were already current.

    With ``check`` nothing is written.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GuideError(
            _("cannot read {file}: {problem}; run from the course folder or pass --file").format(
                file=path, problem=exc.strerror
            )
        ) from None
    updated = with_blocks(text, catalog, path)
    if updated == text:
        return True
    if not check:
        safe_write(path, updated)
    return False
