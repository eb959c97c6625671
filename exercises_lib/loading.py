"""Read a data folder into a checked, immutable Catalog, or report every problem in it."""

from __future__ import annotations

import marshal
import os
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .building import (
    build_exercise,
    build_figure,
    build_program,
    build_quiz,
    build_region,
    build_routine,
    build_safety,
    fill_numbers,
    prose_numbers,
    the_moves,
)
from .coursefiles import SHIPPED_DATA
from .errors import CatalogError, ExercisesError, Problem
from .i18n import current_language, join_and
from .lite import IN_BROWSER, checked_catalog
from .measures import build_measure
from .models import Catalog
from .poses import Figure
from .regions import chosen_region, region_words
from .unknownid import UnknownIdError
from .userdata import cache_folder, safe_write, user_routines_dir

if not IN_BROWSER:  # the browser reads the catalogue checked when its site was built (lite)
    from .checking import cache_key, checked_data

__all__ = [
    "DATA_ENV",
    "course_catalog",
    "default_data_dir",
    "load_catalog",
]

DATA_ENV = "EXERCISES_DATA"


def default_data_dir() -> Path:
    """The data folder used when none is given: $EXERCISES_DATA, else the shipped one."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    return SHIPPED_DATA


def course_catalog(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    region: str | None = None,
    lang: str | None = None,
) -> Catalog:
    """The course's catalog (or the one in ``data_dir``) plus the routines the learner saved."""
    return load_catalog(data_dir, routine_dirs=[user_routines_dir()], region=region, lang=lang)


def load_catalog(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    routine_dirs: Iterable[str | os.PathLike[str]] = (),
    region: str | None = None,
    lang: str | None = None,
) -> Catalog:
    """Load and check every file in a data folder; raise CatalogError listing all problems.

    The folder holds ``exercises/``, ``routines/``, ``quizzes/`` and ``safety.yaml``;
    ``routine_dirs`` adds more routine folders (the learner's own). Nothing is
    half-loaded: either every file is valid and a Catalog comes back, or one
    CatalogError names every problem in every file.

    A valid catalog is kept in the course's cache folder, keyed by the content of every
    file it was made from (and the library's version), so the next command or kernel
    reads it back instead of checking everything again. Any change to any file makes a
    new key; a damaged cache file is ignored and made again.

    ``region`` (a code from ``regions.yaml``) chooses the emergency routes every safety
    text names; without one, ``$EXERCISES_REGION`` or the learner's saved setting does,
    and with none of them the texts name the routes in neutral words.

    ``lang`` (else the learner's language, see ``i18n``) chooses the words: each file's
    overlay under ``locales/<lang>/`` replaces its texts once it is checked to keep the
    English file's ids, numbers and structure (``overlays``); a file with none stays
    in English, with a warning.
    """
    root = Path(data_dir) if data_dir is not None else default_data_dir()
    language = lang or current_language()
    checked, figures = _cached_or_loaded(root, [Path(d) for d in routine_dirs], language)
    return _assemble(root.resolve(), checked, figures, chosen_region(region))


def _cached_or_loaded(
    root: Path, dirs: list[Path], lang: str
) -> tuple[dict[str, Any], list[Figure | None]]:
    if IN_BROWSER:
        return _as_the_site_checked(lang)
    key, contents = cache_key(root, dirs, lang)
    cached = _read_cached(key) if key else None
    if cached is not None:
        try:
            return cached, [build_figure(d.get("figure")) for d in cached["exercises"]]
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # not what we wrote: check everything again
    checked, figures = checked_data(root, dirs, contents, lang)
    if key:
        _write_cached(key, checked)
    return checked, figures


def _as_the_site_checked(lang: str) -> tuple[dict[str, Any], list[Figure | None]]:
    """The data ``exercises site`` checked and wrote into the package, in ``lang``."""
    checked = checked_catalog(lang)
    if checked is None:
        fix = "build the site again with `exercises site`"
        raise CatalogError([Problem(f"catalog-{lang}.json", None, None, "", f"missing; {fix}")])
    return checked, [build_figure(d.get("figure")) for d in checked["exercises"]]


def _cache_file(key: str) -> Path | None:
    folder = cache_folder("catalogs")
    return None if folder is None else folder / f"{key}.marshal"


def _read_cached(key: str) -> dict[str, Any] | None:
    """The checked data kept for this key: plain values only (marshal runs no code)."""
    cached = _cache_file(key)
    if cached is None:
        return None
    try:
        checked = marshal.loads(cached.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None  # missing, damaged or foreign: check everything again
    return checked if isinstance(checked, dict) else None


def _write_cached(key: str, checked: dict[str, Any]) -> None:
    cached = _cache_file(key)
    if cached is None:
        return  # no private cache folder: every load checks everything
    try:
        for old in cached.parent.glob(key.split("-")[0] + "-*.marshal"):  # one per place
            old.unlink(missing_ok=True)
        safe_write(cached, marshal.dumps(checked), durable=False)
    except (OSError, ExercisesError, ValueError):
        pass  # no cache folder: every load checks everything, as before


def _assemble(
    root: Path, checked: dict[str, Any], figures: list[Figure | None], region: str | None
) -> Catalog:
    """The models from checked data (just loaded, or read back from the cache).

    Prose names the rulebook's numbers as ``{stop_minutes}`` and the region's routes as
    ``{emergency}`` and so on; they are filled in here, so every text says what the
    numbers say and names the routes of the learner's region.
    """
    regions = {r["code"]: build_region(r) for r in checked["regions"]["regions"]}
    if region is not None and region not in regions:
        raise UnknownIdError("region", region, list(regions))
    here = regions.get(region) if region else None
    words = region_words(here, checked["regions"]["neutral"], list(regions.values()))
    names = {data["id"]: data["name"] for data in checked["exercises"]}
    gentle = checked["safety"]["rulebook"]["gentle_day"]
    words["gentle_moves"] = join_and(the_moves(names[e] for e in gentle if e in names))
    measures = checked["measures"]  # their owners' words: no numbers or routes filled in
    checked = fill_numbers(
        {k: v for k, v in checked.items() if k not in ("regions", "measures")},
        {**prose_numbers(checked["safety"]), **words},
    )
    gate = checked["safety"]["clearance_gate"]
    exercises = {
        data["id"]: build_exercise(data, gate, figure)
        for data, figure in zip(checked["exercises"], figures, strict=True)
    }
    return Catalog(
        data_dir=root,
        safety=build_safety(checked["safety"], exercises, here, words),
        exercises=MappingProxyType(exercises),
        routines=MappingProxyType(
            {d["id"]: build_routine(d, exercises) for d in checked["routines"]}
        ),
        quizzes=MappingProxyType({d["lesson"]: build_quiz(d) for d in checked["quizzes"]}),
        programs=MappingProxyType(
            {d["id"]: build_program(d, exercises) for d in checked["programs"]}
        ),
        measures=MappingProxyType({d["id"]: build_measure(d) for d in measures}),
        warnings=tuple(checked["warnings"]),
        regions=MappingProxyType(regions),
        region=here,
    )
