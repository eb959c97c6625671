"""Two writers at once: sessions that save at the same moment never undo each other."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from exercises_lib import load_catalog

from .conftest import DATA

WRITERS = 4
SAVES = 15


def _save_many(home: str, writer: int, start) -> None:
    import os

    os.environ["EXERCISES_HOME"] = home
    from exercises_lib.settings import save_setting

    start.wait()
    for n in range(SAVES):
        save_setting(f"writer{writer}-{n}", "kept")


def test_settings_saved_at_once_are_all_kept(tmp_path):
    """Four sessions saving 15 settings each, all at once: all 60 are kept."""
    from exercises_lib.settings import _settings

    home = str(tmp_path / "home")
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(WRITERS)
    workers = [context.Process(target=_save_many, args=(home, w, start)) for w in range(WRITERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert 0 == worker.exitcode
    import os

    os.environ["EXERCISES_HOME"] = home
    kept = _settings()
    assert WRITERS * SAVES == len(kept), sorted(kept)


def _build_and_save(home: str, folder: str, start, said) -> None:
    import os

    os.environ["EXERCISES_HOME"] = home
    from exercises_lib.widgets import RoutineBuilder

    builder = RoutineBuilder(load_catalog(DATA), Path(folder))
    builder.name.value = "Morning"
    builder.add("bird-dog", 5)
    start.wait()
    said.put("saved" if builder.save() else "refused")


def test_two_builders_saving_one_name_never_both_say_saved(tmp_path):
    """Two routine builders saving the same new name at once: one saves, the other is asked
    to tick Replace; the routine on disk is the one that said Saved."""
    context = multiprocessing.get_context("spawn")
    start, said = context.Barrier(2), context.Queue()
    folder = tmp_path / "routines"
    workers = [
        context.Process(
            target=_build_and_save, args=(str(tmp_path / "home"), str(folder), start, said)
        )
        for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert 0 == worker.exitcode
    assert ["refused", "saved"] == sorted(said.get(timeout=10) for _ in workers)
    assert [folder / "morning.yaml"] == sorted(folder.glob("*.yaml"))
