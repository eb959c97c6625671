"""A data file in another language: the same file, with only its words changed.

The Spanish bird dog is ``data/locales/es/exercises/bird-dog.yaml``: a copy of
``data/exercises/bird-dog.yaml`` whose texts are translated. The English file stays
the one source of every number, id and structure, so an overlay must keep:

- every field, and no new ones;
- every list's length (the same steps, cautions and choices, in the same order);
- every number and true/false;
- every id and fixed word (the keys in ``FIXED_KEYS``), and what a source cites
  (its title, author, site, address and kind: the article is credited as it is);
- the ``{placeholders}`` of each text, each as often, and its numbers (in any digits);
- a text wherever the English has one (never blank).

A file with no overlay is shown in English, with a warning.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import Problem
from .placeholders import PLACEHOLDER
from .validation import Document, ascii_digits

__all__ = ["FIXED_KEYS", "LOCALES", "overlay_path", "overlay_problems"]

LOCALES = "locales"
# Values the course reads as ids or fixed words, never as text to show as it is.
FIXED_KEYS = frozenset(
    {
        "id",
        "exercise",
        "lesson",
        "role",
        "kind",
        "difficulty",
        "level",
        "targets",
        "contacts",
        "highlight",
        "motion",
        "anchor",
        "gentle_day",
        "code",
        "number",
        "url",
    }
)
# Inside a citation, what identifies the work cited stays as it is; a note is translated.
# A number in a text (a time, a count, a phone line) is a fact: translating keeps it.
_DIGITS = re.compile(r"[0-9]+")
_CITATIONS = frozenset({"source", "sources", "credit"})
_CITED = frozenset({"title", "author", "site", "url", "kind"})


def overlay_path(root: Path, path: Path, lang: str) -> Path:
    """Where the translation of a data file (inside ``root``) into ``lang`` lives."""
    return root / LOCALES / lang / path.relative_to(root)


def overlay_problems(original: Any, translated: Document) -> list[Problem]:
    """Every way the translated document departs from its English original's structure."""
    return [
        translated.problem(parts, message)
        for parts, message in _differences(original, translated.data, [], fixed=False, cited=False)
    ]


def _fixed(key: str, value: Any, *, cited: bool) -> bool:
    """An id or fixed word; a source named by kind ('article', 'nhs') is one too."""
    return (
        key in FIXED_KEYS
        or (cited and key in _CITED)
        or (key in _CITATIONS and isinstance(value, str))
    )


def _differences(
    original: Any, translated: Any, parts: list[Any], *, fixed: bool, cited: bool
) -> Iterator[tuple[list[Any], str]]:
    if isinstance(original, dict):
        if not isinstance(translated, dict):
            yield parts, "expected fields here, as in the English file"
            return
        for key in original:
            if key not in translated:
                yield parts, f"missing {key!r}; an overlay keeps every field of the English file"
        for key in translated:
            if key not in original:
                yield [*parts, key], "not in the English file; remove it"
        for key in original.keys() & translated.keys():
            yield from _differences(
                original[key],
                translated[key],
                [*parts, key],
                fixed=fixed or _fixed(key, original[key], cited=cited),
                cited=key in _CITATIONS or (cited and isinstance(original[key], list)),
            )
    elif isinstance(original, list):
        if not isinstance(translated, list):
            yield parts, "expected a list here, as in the English file"
        elif len(original) != len(translated):
            yield (
                parts,
                f"has {len(translated)} items; the English file has {len(original)}: "
                "translate each one, in the same order",
            )
        else:
            for i, (a, b) in enumerate(zip(original, translated, strict=True)):
                yield from _differences(a, b, [*parts, i], fixed=fixed, cited=cited)
    elif isinstance(original, str) and isinstance(translated, str) and not fixed:
        yield from _text_differences(original, translated, parts)
    elif original != translated or type(original) is not type(translated):
        what = "an id or a fixed word" if isinstance(original, str) else "a number or true/false"
        yield parts, f"must stay {original!r} as in the English file ({what})"


def _text_differences(
    original: str, translated: str, parts: list[Any]
) -> Iterator[tuple[list[Any], str]]:
    """A translated text keeps the English one's placeholders, each as often, and its
    numbers, in whatever digits they are typed; and it is not blank where the English
    is not."""
    if original.strip() and not translated.strip():
        yield parts, "is blank; translate the English text (it may not be left out)"
    wanted, found = Counter(PLACEHOLDER.findall(original)), Counter(PLACEHOLDER.findall(translated))
    if wanted != found:
        names = ", ".join(f"{{{name}}}" for name in sorted(wanted.elements())) or "none"
        yield parts, f"keep the placeholders of the English text ({names}), each once, no more"
    numbers = sorted(_DIGITS.findall(ascii_digits(original)))
    if numbers != sorted(_DIGITS.findall(ascii_digits(translated))):
        shown = ", ".join(_DIGITS.findall(original)) or "none"
        yield parts, f"keep the numbers of the English text ({shown}), no more, no fewer"
