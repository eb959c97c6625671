"""Shared fixtures: a private copy of the course data that a test may change."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from exercises_lib import i18n, load_catalog
from exercises_lib.i18n import LANG_ENV, SOURCE_LANGUAGE
from exercises_lib.regions import REGION_ENV
from exercises_lib.userdata import CACHE_ENV

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"


def pytest_configure(config):
    """Keep the tests (and the notebook kernels nbval starts) out of the learner's own folder,
    and in English whatever the machine's locale; a test that wants another language says so."""
    # Each xdist worker gets a home of its own: a setting one test saves never reaches
    # another worker's tests or kernels.
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker or "EXERCISES_HOME" not in os.environ:
        os.environ["EXERCISES_HOME"] = tempfile.mkdtemp(prefix=f"exercises-home-{worker or ''}")
    # ...but one cache for all (set before the workers start, so they inherit it): a lesson
    # one worker ran for a handout is not run again by the next. A test of the caches
    # themselves takes it away (`cold_caches`).
    if not worker:
        os.environ[CACHE_ENV] = tempfile.mkdtemp(prefix="exercises-cache-")
    os.environ.setdefault(LANG_ENV, SOURCE_LANGUAGE)


def _no_stderr(cell: pytest.Item) -> None:
    """Run a notebook cell as nbval does, then fail it if it wrote to stderr: a warning or
    a traceback printed there would reach a learner's screen."""
    run = cell.runtest

    def runtest() -> None:
        run()
        errors = [
            out.get("text", "")
            for out in getattr(cell, "test_outputs", None) or []
            if out.get("output_type") == "stream" and out.get("name") == "stderr"
        ]
        if errors:
            pytest.fail("the cell wrote to stderr:\n" + "".join(errors), pytrace=False)

    cell.runtest = runtest  # type: ignore[method-assign]


def pytest_collection_modifyitems(config, items):
    """Every notebook cell nbval runs must leave stderr empty (see ``_no_stderr``)."""
    for item in items:
        if type(item).__name__ == "IPyNbCell":
            _no_stderr(item)


@pytest.fixture(autouse=True)
def _language_chosen_afresh(monkeypatch):
    """Each test starts in English with no region, and no test's --lang or --region (kept
    in the environment for the kernels a command starts) outlasts it."""
    monkeypatch.setenv(LANG_ENV, os.environ.get(LANG_ENV, SOURCE_LANGUAGE))
    monkeypatch.delenv(REGION_ENV, raising=False)
    yield
    i18n.forget_language()
    # a test may have put catalogues of its own in place (install_locale): read afresh
    i18n.languages.cache_clear()
    i18n._loaded.cache_clear()
    # monkeypatch undoes only what it changed: a --region the test's command set goes here
    os.environ.pop(REGION_ENV, None)


@pytest.fixture
def cold_caches(tmp_path, monkeypatch) -> Path:
    """A private learner folder whose caches start empty, apart from the suite's shared one."""
    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.setenv("EXERCISES_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture(scope="session")
def catalog():
    """The course's own catalog, loaded once."""
    return load_catalog(DATA)


@pytest.fixture
def course(tmp_path):
    """A copy of the course's lessons and tool notebooks to work on."""
    root = tmp_path / "course"
    for folder in ("lessons", "notebooks"):
        shutil.copytree(REPO / folder, root / folder)
    return root


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A copy of data/ in a temporary folder, which is also the working folder."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    monkeypatch.chdir(tmp_path)
    return target


class FakeClock:
    """A monotonic clock the test moves by hand: ``clock.now += 1.5``."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def install_locale(tmp_path: Path, monkeypatch, code: str, translate) -> Path:
    """Every message of the course's catalogue, translated by ``translate`` (a function
    of the English text), as the language ``code``, which is then the learner's language
    here and in every kernel started from here. Returns the locale folder."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po, write_po

    with (i18n.LOCALE_DIR / f"{i18n.DOMAIN}.pot").open("rb") as source:
        template = read_po(source)
    catalog = Catalog(locale=None, domain=i18n.DOMAIN)
    for message in template:
        if message.id:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = tuple(translate(text) for text in ids)
            catalog.add(
                message.id, strings if len(strings) > 1 else strings[0], context=message.context
            )
    locale = tmp_path / "locale"
    folder = locale / code / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / f"{i18n.DOMAIN}.po").open("wb") as target:
        write_po(target, catalog)
    with (folder / f"{i18n.DOMAIN}.mo").open("wb") as target:
        write_mo(target, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    monkeypatch.setenv("EXERCISES_LOCALE_DIR", str(locale))  # for the kernels
    i18n.languages.cache_clear()
    i18n._loaded.cache_clear()
    monkeypatch.setenv(LANG_ENV, code)
    return locale


def all_sheets(catalog, *, large: bool = False) -> dict[str, str]:
    """Every printable sheet the course makes, by name, for the whole catalog."""
    from exercises_lib.handouts.sheets import (
        clinician_sheet_html,
        exercise_sheet_html,
        plan_sheet_html,
        screening_form_html,
        trainer_pack_html,
        weekly_log_html,
    )

    selection = [(e, e.dose) for e in catalog]
    safety = catalog.safety
    return {
        "exercise sheet": exercise_sheet_html(selection, safety, large=large),
        "clinician": clinician_sheet_html(selection, safety, large=large),
        "weekly log": weekly_log_html(selection, safety, large=large),
        "screening": screening_form_html(safety, large=large),
        "plan": plan_sheet_html(next(iter(catalog.programs.values())), safety, large=large),
        "trainer pack": trainer_pack_html(catalog, "", lessons=list(catalog.quizzes), large=large),
    }
