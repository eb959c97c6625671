"""The catalog cache and the compiled validators: reused when nothing changed, remade when it did."""

from __future__ import annotations

import json
import marshal
import subprocess
import sys
from pathlib import Path

import pytest

from exercises_lib import CatalogError, load_catalog
from exercises_lib.handouts.pack import MANIFEST
from exercises_lib.userdata import cache_dir


@pytest.fixture
def home(cold_caches) -> Path:
    """A private learner folder, so the caches start empty."""
    return cold_caches


def _cached() -> list[Path]:
    return sorted((cache_dir() / "catalogs").glob("*.marshal"))


def test_second_load_reads_the_cache(home, data_copy, monkeypatch):
    """A second load comes from the cache, equal to the first, without reading YAML again."""
    first = load_catalog(data_copy)
    assert 1 == len(_cached())
    from exercises_lib import loading

    def no_parsing(*args, **kwargs):
        raise AssertionError("the cache was not used")

    monkeypatch.setattr(loading, "checked_data", no_parsing)
    second = load_catalog(data_copy)
    assert first == second
    assert "Bird Dog" == second["bird-dog"].name


def test_any_change_makes_a_new_catalog(home, data_copy):
    """Changing one file (even to the same size) is seen at once; one cache file is kept."""
    load_catalog(data_copy)
    path = data_copy / "exercises" / "bird-dog.yaml"
    path.write_text(path.read_text().replace("name: Bird Dog", "name: Bird Cat"))
    assert "Bird Cat" == load_catalog(data_copy)["bird-dog"].name
    assert 1 == len(_cached())


def test_broken_data_is_never_cached(home, data_copy):
    """A data folder with a problem raises every time; nothing is cached for it."""
    path = data_copy / "exercises" / "bird-dog.yaml"
    path.write_text(path.read_text().replace("reps: 10", "reps: ten"))
    for _ in range(2):
        with pytest.raises(CatalogError):
            load_catalog(data_copy)
    assert [] == _cached()


@pytest.mark.parametrize(
    "damage", [b"", b"garbage", marshal.dumps({"not": "a catalog"}), marshal.dumps([1, 2])]
)
def test_damaged_cache_is_ignored_and_remade(home, data_copy, damage):
    """An empty, garbled or foreign cache file is ignored, and a good one written again."""
    load_catalog(data_copy)
    [cached] = _cached()
    cached.write_bytes(damage)
    assert len(list((data_copy / "exercises").glob("*.yaml"))) == len(load_catalog(data_copy))
    [remade] = _cached()
    assert "bird-dog" in {e["id"] for e in marshal.loads(remade.read_bytes())["exercises"]}


def test_validators_compile_once_and_survive_damage(home, data_copy):
    """Compiled validators land in the cache; a damaged one is remade, not trusted."""
    code = "from exercises_lib import load_catalog; import sys; load_catalog(sys.argv[1])"
    subprocess.run([sys.executable, "-c", code, str(data_copy)], check=True)
    compiled = sorted((cache_dir() / "validators").glob("exercise_*.pyc"))
    assert 1 == len(compiled)
    compiled[0].write_bytes(b"garbage")
    path = data_copy / "exercises" / "bird-dog.yaml"
    path.write_text(path.read_text().replace("reps: 10", "reps: 9"))  # a miss: validate again
    subprocess.run([sys.executable, "-c", code, str(data_copy)], check=True)
    assert compiled[0].read_bytes()[:4] != b"garb"


class TestIncrementalHandouts:
    """A rebuild remakes only the handouts whose content changed."""

    def _build(self, out, data, **options):
        from exercises_lib.handouts import build_handouts

        from .conftest import REPO

        messages = []
        build_handouts(
            out,
            load_catalog(data),
            formats=("html",),
            lessons_dir=REPO / "lessons",
            progress=lambda step: messages.append(str(step)),
            **options,
        )
        return messages

    def _stamps(self, out):
        # Every write replaces the file with a new one (a new inode), so the inode says if it was.
        return {p.name: p.stat().st_ino for p in out.glob("*.html")}

    def test_nothing_changed_writes_nothing(self, home, data_copy, tmp_path):
        """With nothing changed, no lesson runs and no file is written."""
        out = tmp_path / "out"
        self._build(out, data_copy, lessons=["04"], exercises=["bird-dog"])
        before = self._stamps(out)
        assert 5 == len(before)
        messages = self._build(out, data_copy, lessons=["04"], exercises=["bird-dog"])
        assert before == self._stamps(out)
        assert not any(m.startswith("running") for m in messages)
        assert "5 files already up to date" in messages

    def test_one_exercise_changed_remakes_what_shows_it(self, home, data_copy, tmp_path):
        """Changing the crunch remakes its sheets, not lesson 04 (the Bird Dog)."""
        out = tmp_path / "out"
        options = {"lessons": ["04"], "exercises": ["partial-crunch"]}
        self._build(out, data_copy, **options)
        before = self._stamps(out)
        path = data_copy / "exercises" / "partial-crunch.yaml"
        path.write_text(path.read_text().replace("name: Partial Crunch", "name: Half Crunch"))
        messages = self._build(out, data_copy, **options)
        after = self._stamps(out)
        changed = sorted(name for name in after if after[name] != before[name])
        assert ["clinician-review.html", "exercise-sheet.html", "weekly-log.html"] == changed
        assert not any(m.startswith("running") for m in messages)
        assert "Half Crunch" in (out / "exercise-sheet.html").read_text()

    def test_a_shown_exercise_changed_reruns_the_lesson(self, home, data_copy, tmp_path):
        """Changing the Bird Dog runs lesson 04 again and its handout shows the change."""
        out = tmp_path / "out"
        self._build(out, data_copy, lessons=["04"])
        path = data_copy / "exercises" / "bird-dog.yaml"
        path.write_text(path.read_text().replace("hold_seconds: 4", "hold_seconds: 5"))
        messages = self._build(out, data_copy, lessons=["04"])
        assert "running 04-bird-dog.ipynb" in messages
        assert "5 seconds each time" in (out / "lesson-04-bird-dog.html").read_text()

    def test_a_lesson_run_serves_every_folder_paper_and_size(self, home, data_copy, tmp_path):
        """A lesson runs once: another output folder, paper or type size reuses its run."""
        first = self._build(tmp_path / "a", data_copy, lessons=["04"])
        assert "running 04-bird-dog.ipynb" in first
        again = self._build(tmp_path / "b", data_copy, lessons=["04"], paper="letter")
        again += self._build(tmp_path / "c", data_copy, lessons=["04"], large_print=True)
        assert not any(m.startswith("running") for m in again)
        assert (tmp_path / "c" / "lesson-04-bird-dog-large-print.html").is_file()

    def test_a_manifest_naming_files_outside_the_data_is_not_trusted(
        self, home, data_copy, tmp_path
    ):
        """A manifest whose lesson entry names ../ or absolute files is ignored, so nothing
        outside the data is read, and the run remembered in the cache serves instead."""
        out = tmp_path / "out"
        self._build(out, data_copy, lessons=["04"])
        manifest = out / MANIFEST
        planted = json.loads(manifest.read_text())
        planted["lessons"]["04-bird-dog"] = ["../../etc/passwd", "/etc/shadow"]
        manifest.write_text(json.dumps(planted))
        messages = self._build(out, data_copy, lessons=["04"])
        # trusted, the planted entry would change the lesson's key and run it again
        assert not any(m.startswith("running") for m in messages)

    def test_force_remakes_everything(self, home, data_copy, tmp_path):
        """force=True writes every file again."""
        out = tmp_path / "out"
        self._build(out, data_copy, exercises=["bird-dog"])
        before = self._stamps(out)
        self._build(out, data_copy, exercises=["bird-dog"], force=True)
        after = self._stamps(out)
        assert before  # something was built, so the check below can fail
        assert all(after[name] != before[name] for name in before)
