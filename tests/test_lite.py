"""The lite mode: what the course does differently in the browser's site (exercises_lib/lite.py).

These run in CPython with the browser's switches turned on; the site itself is tested
in Chromium by tests/browser/test_site.py.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from exercises_lib import i18n, lite, loading, progress, regions, userdata
from exercises_lib.progress import ProgressLog
from exercises_lib.regions import REGION_ENV, chosen_region
from exercises_lib.site import write_browser_data

from .conftest import DATA, REPO

LANGUAGES = i18n.languages()


@pytest.fixture(scope="module")
def browser_data(tmp_path_factory) -> Path:
    """The JSON `exercises site` writes into the browser's wheel, for Spain."""
    return write_browser_data(tmp_path_factory.mktemp("lite") / "browser-data", "ES")


@pytest.fixture
def in_the_browser(monkeypatch, tmp_path, browser_data):
    """The modules that ask lite behave as in Pyodide, with the site's data and a drive."""
    for module in (loading, progress, userdata):
        monkeypatch.setattr(module, "IN_BROWSER", True)
    monkeypatch.setattr(lite, "BROWSER_DATA", browser_data)
    monkeypatch.setattr(lite, "_WORK", tmp_path / "memory")
    # the learner's settings of this test alone: a region saved here reaches no other test
    monkeypatch.setenv(userdata.USER_ENV, str(tmp_path / "home"))
    lite.checked_catalog.cache_clear()
    yield tmp_path / "drive"
    lite.checked_catalog.cache_clear()


def test_the_site_holds_every_language(browser_data):
    assert len(LANGUAGES) > 1
    assert sorted(f"catalog-{lang}.json" for lang in LANGUAGES) == sorted(
        p.name for p in browser_data.glob("catalog-*.json")
    )
    assert {"region": "ES"} == json.loads((browser_data / "site.json").read_text())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_browsers_catalogue_is_the_one_checked_from_the_yaml(in_the_browser, lang):
    """Read from the site's JSON, the catalogue is the same as loaded from the data."""
    from_json = loading.load_catalog(lang=lang, region="ES")
    assert from_json.exercises
    assert loading.load_catalog(DATA, lang=lang, region="ES") == from_json


def test_a_missing_catalogue_says_to_build_the_site_again(in_the_browser, monkeypatch, tmp_path):
    monkeypatch.setattr(lite, "BROWSER_DATA", tmp_path / "nothing")
    with pytest.raises(loading.CatalogError, match="exercises site"):
        loading.load_catalog(lang="en")


@pytest.mark.parametrize(
    ("cwd", "expected"),
    [
        *((f"/drive/{lang}/lessons", lang) for lang in LANGUAGES if lang != i18n.SOURCE_LANGUAGE),
        ("/drive/lessons", None),  # English is at the top
        ("/drive", None),
        ("/drive/xx/lessons", None),  # a folder that is not a language
        ("/home/pyodide", None),
    ],
)
def test_a_notebooks_folder_says_its_language(cwd, expected):
    assert expected == lite.folder_language(Path(cwd), LANGUAGES)


def test_the_sites_region_comes_after_every_choice_the_learner_made(in_the_browser, monkeypatch):
    monkeypatch.delenv(REGION_ENV, raising=False)
    assert "ES" == chosen_region()
    regions.save_region("GB")  # the learner's own choice wins
    assert "GB" == chosen_region()
    monkeypatch.setenv(REGION_ENV, "US")
    assert "US" == chosen_region()
    assert "NZ" == chosen_region("NZ")


def test_the_learners_folder_is_the_visible_one_in_the_drive(monkeypatch):
    monkeypatch.setattr(userdata, "IN_BROWSER", True)
    monkeypatch.delenv(userdata.USER_ENV, raising=False)
    assert lite.DRIVE / lite.SAVED_FOLDER == userdata.user_dir()


def _pain_checks(path: Path) -> list[tuple[int, int]]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT pain_before, pain_after FROM pain_checks ORDER BY id").fetchall()


def test_each_write_to_the_log_is_saved_to_the_drive(in_the_browser):
    """SQLite works on a copy in memory; after every write the whole log is saved as one
    file in the drive, and the next kernel starts from that file."""
    saved = in_the_browser / "my-progress" / "progress.sqlite"
    with ProgressLog(saved) as log:
        assert saved.is_file()  # made as it opened (its tables are a write)
        log.add_pain_check(3, 2)
        assert [(3, 2)] == _pain_checks(saved)
        log.add_pain_check(4, 4)
        assert [(3, 2), (4, 4)] == _pain_checks(saved)
    assert not (lite._WORK / "progress.sqlite-wal").exists()  # no WAL in memory
    with ProgressLog(saved) as log:  # another notebook's kernel, later
        assert [(3, 2), (4, 4)] == [(c.pain_before, c.pain_after) for c in log.pain_checks()]
        log.add_pain_check(1, 0)
    assert [(3, 2), (4, 4), (1, 0)] == _pain_checks(saved)


def test_reading_the_log_never_writes_the_drive(in_the_browser):
    saved = in_the_browser / "progress.sqlite"
    with ProgressLog(saved) as log:
        log.add_pain_check(2, 1)
    before = saved.read_bytes()
    saved.chmod(0o400)  # a write would fail
    with ProgressLog(saved, readonly=True) as log:
        assert 1 == len(log.pain_checks())
    assert before == saved.read_bytes()


def test_the_course_runs_with_nothing_the_browser_lacks(browser_data, tmp_path):
    """As Pyodide runs it (sys.platform 'emscripten'), with PyYAML, jsonschema,
    fastjsonschema and filelock impossible to import, a lesson's catalogue loads and
    none of them is imported."""
    script = f"""
import sys
from pathlib import Path
sys.platform = "emscripten"
for name in ("yaml", "_yaml", "jsonschema", "fastjsonschema", "filelock"):
    sys.modules[name] = None
import exercises_lib.lite as lite
lite.BROWSER_DATA = Path({str(browser_data)!r})
from exercises_lib import course
catalog = course.course_catalog()
assert catalog.exercises and catalog.region.code == "ES", catalog.region
print("loaded", len(catalog.exercises))
"""
    env = {k: v for k, v in os.environ.items() if k != REGION_ENV}
    env[userdata.USER_ENV] = str(tmp_path / "home")  # no region saved by another test
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, env=env
    )
    assert 0 == done.returncode, done.stderr[-2000:]
    assert done.stdout.startswith("loaded ")
