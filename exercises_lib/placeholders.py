"""What a translated message may format: the named placeholders its English has, no more.

Every message the course shows is formatted with ``str.format``, and the format string
of a translation comes from a catalogue file that anyone can edit. A field such as
``{dose.__class__}`` walks from the value to module globals, ``{0}`` or an unknown name
fails, and ``{count:>99999999}`` fills memory. So a translation is used only when its
placeholders are exactly the English message's: the same names, each as often, with
the same conversion and format spec. The English message is the course's own code,
so what it formats is known to be safe.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterable

__all__ = ["PLACEHOLDER", "Placeholder", "placeholder_problem", "placeholders"]

# How prose names a number from the data: {stop_minutes}, {good_week_days}…
PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)\}")

# A placeholder as the course writes them: a plain name, an optional !r / !s, and a short
# format spec (":g", ":.1f"), never a field inside the spec.
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_SPEC = re.compile(r"[<>^=+\- #0-9.,_a-zA-Z%]{0,12}\Z")

Placeholder = tuple[str, str, str]  # name, conversion ("" for none), format spec


def placeholders(text: str) -> Counter[Placeholder]:
    """The named placeholders of ``text``, counted; ValueError names the first one that is
    not a plain name with a short spec (attribute or index access, a position, a nested
    field, a huge width), or a brace left open."""
    found: Counter[Placeholder] = Counter()
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if not _NAME.match(name):
            raise ValueError(f"{{{name}}} is not a plain name")
        if spec and (not _SPEC.match(spec) or re.search(r"\d{4,}", spec)):
            raise ValueError(f"{{{name}:{spec}}} has a format the course never uses")
        found[(name, conversion or "", spec or "")] += 1
    return found


def _shown(found: Iterable[Placeholder]) -> str:
    return (
        ", ".join(
            "{" + name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}"
            for name, conv, spec in sorted(found)
        )
        or "none"
    )


def placeholder_problem(english: str, translated: str, *, plural: str | None = None) -> str | None:
    """Why ``translated`` may not stand for ``english``, or None when it may.

    A translation has exactly the English placeholders, each as often. A plural form
    (``plural`` is the English plural) has exactly those of the English singular or
    exactly those of the English plural.
    """
    try:
        allowed = [placeholders(english)]
        if plural is not None:
            allowed.append(placeholders(plural))
        found = placeholders(translated)
    except ValueError as exc:
        return str(exc)
    if found in allowed:
        return None
    return (
        f"its placeholders are {_shown(found.elements())}; "
        f"the English has {' or '.join(_shown(a.elements()) for a in allowed)}"
    )
