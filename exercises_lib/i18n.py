"""The learner's language: which message catalogue the course speaks from.

Every word a learner, trainer or doctor sees that is not data goes through ``_`` (or
``ngettext``) and lives in the gettext catalogue under ``exercises_lib/locale/``:
``exercises.pot`` is extracted from the code by Babel (``make messages``), each
language has its ``.po`` there, and the build compiles them to ``.mo``. English is the
source language and needs no catalogue.

The language is chosen by ``--lang`` (or ``use_language`` in code), then
``$EXERCISES_LANG``, then the learner's saved setting, then the system locale;
English when none of them names a language the course has. Only the active
language's catalogue is read, and only when the first message is needed.
"""

from __future__ import annotations

import gettext as _gettext
import os
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import N_, UsageError
from .lite import IN_BROWSER, folder_language
from .placeholders import placeholder_problem

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "LANG_ENV",
    "LOCALE_DIR",
    "N_",
    "SOURCE_LANGUAGE",
    "Language",
    "TranslationWarning",
    "_",
    "catalogue_path",
    "checked_language",
    "current_language",
    "forget_language",
    "join_and",
    "join_or",
    "language",
    "language_name",
    "languages",
    "ngettext",
    "pgettext",
    "read_saved_language_with",
    "speaking",
    "use_language",
]

DOMAIN = "exercises"
LANG_ENV = "EXERCISES_LANG"
# $EXERCISES_LOCALE_DIR lets a translator try a catalogue before it ships (and the
# pseudo-translation tests reach the kernels they start).
LOCALE_DIR = Path(
    os.environ.get("EXERCISES_LOCALE_DIR") or Path(__file__).resolve().parent / "locale"
).absolute()
if os.environ.get("EXERCISES_LOCALE_DIR"):
    # a relative folder means this one to every kernel started from here, in any folder
    os.environ["EXERCISES_LOCALE_DIR"] = str(LOCALE_DIR)
SOURCE_LANGUAGE = "en"
# gettext's own order for the system locale.
_SYSTEM_LOCALE_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_active: str | None = None


def _nothing_saved() -> str | None:
    return None


# Where the learner's saved language is read from. The settings store sits above this
# module (it writes through the write guard, which speaks through this one), so the
# package face tells this module how to read it: ``read_saved_language_with``.
_saved_language: Callable[[], str | None] = _nothing_saved


@dataclass(frozen=True)
class Language:
    """A language the course speaks, in one row: everything else about it is files.

    ``name`` is its own name, so a reader finds theirs whatever language is showing;
    ``lab_locale`` is JupyterLab's locale for its menus, from the PyPI ``lab_pack``
    the [lab] extra installs (None for English, which JupyterLab has built in).
    """

    code: str
    name: str
    lab_locale: str | None = None
    lab_pack: str | None = None


# One row a language. A new one also needs its catalogue, data overlays, lesson and
# notebook words and trainer guide; tests/test_i18n.py checks every row has them all.
LANGUAGES = (
    Language("en", "English"),
    Language("es", "Español", "es_ES", "jupyterlab-language-pack-es-ES"),
)


# A language folder's name, as gettext names them: 'es', 'pt_BR'. Nothing else reaches
# a path, a lookup or a page.
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?\Z")


class TranslationWarning(UserWarning):
    """A catalogue, or one message in it, that cannot be used: the course says it in English."""


_warned: set[str] = set()


def _warn_once(text: str) -> None:
    if text not in _warned:
        _warned.add(text)
        warnings.warn(text, TranslationWarning, stacklevel=3)


@cache
def languages() -> tuple[str, ...]:
    """English first, then every language whose compiled catalogue loads, e.g. ('en', 'es')."""
    found = sorted(
        path.parent.parent.name
        for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")
        if LANGUAGE_CODE.match(path.parent.parent.name)
    )
    return (SOURCE_LANGUAGE, *(code for code in found if _loaded(code) is not None))


def language(code: str) -> Language | None:
    """The row of ``LANGUAGES`` for ``code``, or None."""
    return next((row for row in LANGUAGES if row.code == code), None)


def language_name(code: str) -> str:
    """A language by its own name: 'English', 'Español' (the code for one not named here)."""
    row = language(code)
    return row.name if row is not None else code


def _language_of(tag: str) -> str | None:
    """'es_ES.UTF-8' -> 'es' when the course has Spanish; None for 'C' or an unknown one."""
    code = tag.split(".")[0].split("@")[0].replace("-", "_").strip()
    for candidate in (code, code.split("_")[0]):
        # compared as typed in ASCII: Unicode would fold the Kelvin sign to 'k'
        if candidate.isascii() and candidate.lower() in languages():
            return candidate.lower()
    return None


def _system_language() -> str | None:
    for name in _SYSTEM_LOCALE_VARS:
        for tag in os.environ.get(name, "").split(":"):
            if tag and (found := _language_of(tag)):
                return found
        if os.environ.get(name):
            return None  # the first variable set decides, as gettext does
    return None


def checked_language(code: str, where: str) -> str:
    """The course's code for the language ``code`` names ('es_ES' -> 'es'); refused, with
    the list of those the course has, when it has none (``where`` says who asked). A
    language whose catalogue is there but cannot be read is English (as said once)."""
    found = _language_of(code)
    if (
        found is None
        and LANGUAGE_CODE.match(code.strip())
        and catalogue_path(code.strip()).exists()
    ):
        languages()  # which says once why that catalogue cannot be used
        return SOURCE_LANGUAGE
    if found is None:
        raise UsageError(
            f"{where}: there is no course in {code.strip()!r}; choose from: "
            f"{', '.join(languages())}"
        )
    return found


def use_language(code: str | None = None) -> str:
    """Speak ``code`` from now on, else the language the settings choose; return it.

    A language given here or in $EXERCISES_LANG that the course lacks is refused with
    the list of those it has. A chosen language goes into the environment, so the
    kernels and servers started from here speak it too.
    """
    global _active
    if code and code.strip():
        chosen = checked_language(code, "--lang")
        os.environ[LANG_ENV] = chosen
    elif (env := os.environ.get(LANG_ENV, "")).strip():
        chosen = checked_language(env, f"${LANG_ENV}")
    else:
        _active = SOURCE_LANGUAGE  # a message made while the settings are read is English
        saved = _saved_language()
        chosen = (
            # in the browser's site, the folder a notebook is in says its language
            (IN_BROWSER and folder_language(languages=languages()))
            or (saved and _language_of(saved))
            or _system_language()
            or SOURCE_LANGUAGE
        )
    _active = chosen
    return chosen


def forget_language() -> None:
    """Choose the language afresh from the settings at the next message (after they change)."""
    global _active
    _active = None


@contextmanager
def speaking(code: str) -> Iterator[str]:
    """Give messages in ``code`` for a while (a translated guide's blocks), then as before."""
    global _active
    before, _active = _active, checked_language(code, "language")
    try:
        yield _active
    finally:
        _active = before


def current_language() -> str:
    """The language messages are given in (chosen by the settings on first use)."""
    return _active or use_language()


def read_saved_language_with(reader: Callable[[], str | None]) -> None:
    """Read the learner's saved language with ``reader`` from now on (the settings store's)."""
    global _saved_language
    _saved_language = reader


class _Catalogue(_gettext.GNUTranslations):
    """gettext's catalogue, which can also say whether it has a plural form at all."""

    # set by GNUTranslations while it reads the file
    plural: Callable[[int], int]
    _catalog: dict[object, str]

    def plural_form(self, singular: str, count: int) -> str | None:
        """The translation of ``singular`` for ``count``; None when the message is not
        translated; KeyError naming the form when the plural rule picks one it lacks."""
        if (singular, 0) not in self._catalog:
            return None
        form = self.plural(count)
        if (singular, form) not in self._catalog:
            raise KeyError(form)
        return self._catalog[(singular, form)]


def catalogue_path(code: str) -> Path:
    """Where the compiled catalogue of ``code`` is (English has none)."""
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo"


@cache
def _loaded(code: str) -> _Catalogue | None:
    """The compiled catalogue of ``code``, or None (said once) when it cannot be read."""
    path = catalogue_path(code)
    try:
        with path.open("rb") as source:
            return _Catalogue(source)
    except Exception as exc:
        # a damaged file fails in many ways (bad magic, truncation, an unknown charset,
        # bad bytes, a plural expression gettext refuses): each means the same to a learner
        _warn_once(
            f"the {code} message catalogue ({path}) cannot be read ({exc!r:.200}); "
            "going on in English"
        )
        return None


def catalogue_problems() -> list[str]:
    """What is wrong in each language's compiled catalogue: one that cannot be read, and
    each translation whose placeholders are not its English message's (for ``validate``).
    A plural form is held to the English singular's placeholders, the one the file keeps."""
    problems = []
    for path in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")):
        code = path.parent.parent.name
        if not LANGUAGE_CODE.match(code):
            problems.append(
                f"{path}: the folder {code!r} is not a language code (like es or pt_BR)"
            )
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", TranslationWarning)  # said here, as a problem
            catalogue = _loaded(code)
        if catalogue is None:
            problems.append(f"{path}: cannot be read; compile it again from its .po")
            continue
        for key, translated in catalogue._catalog.items():
            english = key[0] if isinstance(key, tuple) else str(key).split("\x04")[-1]
            if english and (problem := placeholder_problem(english, translated)):
                problems.append(f"{path}: the translation of {english!r:.80}: {problem}")
    return problems


def _catalogue(code: str) -> _Catalogue | None:
    return None if code == SOURCE_LANGUAGE else _loaded(code)


@cache
def _usable(code: str, english: str, translated: str, plural: str | None) -> bool:
    """Whether ``translated`` may stand for ``english``: the same placeholders (said once
    when not, and the message is then given in English)."""
    problem = placeholder_problem(english, translated, plural=plural)
    if problem is not None:
        _warn_once(f"the {code} translation of {english!r:.80} is not used: {problem}")
    return problem is None


def _(message: str) -> str:
    """``message`` in the learner's language (in English where its translation is unsafe)."""
    code = current_language()
    catalogue = _catalogue(code)
    if catalogue is None:
        return message
    translated = catalogue.gettext(message)
    return translated if _usable(code, message, translated, None) else message


def pgettext(context: str, message: str) -> str:
    """``message`` in the learner's language, where ``context`` tells apart two uses of
    one English word (a figure's "Start" is not the timer's "Start")."""
    code = current_language()
    catalogue = _catalogue(code)
    if catalogue is None:
        return message
    translated = catalogue.pgettext(context, message)
    return translated if _usable(code, message, translated, None) else message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural of a message, as the learner's language counts."""
    english = singular if count == 1 else plural
    code = current_language()
    catalogue = _catalogue(code)
    if catalogue is None:
        return english
    try:
        translated = catalogue.plural_form(singular, count)
    except KeyError as missing:
        _warn_once(f"the {code} catalogue has no plural form {missing} of {singular!r:.80}")
        return english
    except Exception as exc:  # a plural rule that fails on this count (divides by zero)
        _warn_once(f"the {code} plural rule fails for {count} ({exc!r:.120}); using English")
        return english
    if translated is None:
        return english
    return translated if _usable(code, singular, translated, plural) else english


def join_and(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c', in the learner's language."""
    if len(items) <= 1:
        return "".join(items)
    return _("{names} and {last}").format(names=", ".join(items[:-1]), last=items[-1])


def join_or(items: Sequence[str]) -> str:
    """'a', 'a or b', 'a, b or c', in the learner's language."""
    if len(items) <= 1:
        return "".join(items)
    return _("{names} or {last}").format(names=", ".join(items[:-1]), last=items[-1])
