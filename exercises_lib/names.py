"""What a name the learner reads may hold: short, visible, and nothing that could turn
a terminal or a page around."""

from __future__ import annotations

import re

__all__ = ["MAX_NAME", "UNSAFE_CHARACTERS", "name_problem", "same_move"]

MAX_NAME = 80
# Characters that could rewrite a terminal line or turn text around (control characters,
# bidirectional overrides and isolates), as the inside of a regular expression's [...].
UNSAFE_CHARACTERS = "\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[{UNSAFE_CHARACTERS}]")
# Characters that show nothing at all.
_INVISIBLE = re.compile(r"[\s\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]+")


def name_problem(name: str) -> str | None:
    """What is wrong with a name a learner will read, or None: too long, unsafe or blank."""
    unsafe = _UNSAFE.search(name)
    if unsafe is not None:
        code = f"U+{ord(unsafe.group()):04X}"
        return f"holds a control or text-direction character ({code}); type the name again"
    if not _INVISIBLE.sub("", name):
        return "has no visible letters; give it a name people can read"
    if len(name) > MAX_NAME:
        return f"is {len(name)} characters long; keep it to {MAX_NAME} or fewer"
    return None


def same_move(name: str) -> str:
    """A name reduced to its letters and digits, so "Sit-ups", "sit ups" and "SITUPS" meet."""
    return re.sub(r"[\W_]+", "", name.casefold())
