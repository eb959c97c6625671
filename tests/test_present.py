"""The projector circuit: the one-cell notebook `exercises present` serves, and its checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercises_lib.cli import main
from exercises_lib.errors import UnknownIdError
from exercises_lib.present import TEMPLATE_NAME, circuit_notebook, voila_command


def test_default_notebook_runs_the_starter_circuit_full_screen(catalog):
    """With no options the notebook's one cell builds the starter circuit for a projector."""
    nb = circuit_notebook(catalog)
    assert 1 == len(nb.cells)
    source = nb.cells[0].source
    assert "CircuitTimer(course_catalog(), 'starter', stations=None" in source
    assert "projector=True" in source


def test_notebook_carries_the_trainers_settings(catalog):
    """Routine, stations, pace and times reach the circuit as written on the command line."""
    nb = circuit_notebook(
        catalog, routine="full", stations=["bird-dog"], pace="reps", work=30, rounds=3
    )
    source = nb.cells[0].source
    assert "'full', stations=['bird-dog'], pace='reps', work_seconds=30" in source
    assert "rounds=3" in source


def test_unknown_ids_are_named_before_voila_starts(catalog):
    """A typo in a routine or station id is refused with the valid ids."""
    with pytest.raises(UnknownIdError, match="Known routines: full, starter"):
        circuit_notebook(catalog, routine="ful")
    with pytest.raises(UnknownIdError, match="Did you mean 'bird-dog'"):
        circuit_notebook(catalog, stations=["bird-dg"])


def test_cli_refuses_bad_settings_without_a_traceback(capsys):
    """`exercises present` names a bad routine, and a work time out of range, then exits."""
    assert 1 == main(["present", "--routine", "nope", "--no-browser"])
    assert "Unknown routine 'nope'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        main(["present", "--work", "2"])
    assert 2 == stop.value.code
    assert "work seconds must be from 5 to 600; got '2'" in capsys.readouterr().err


def test_voila_serves_localhost_with_the_offline_template(tmp_path, monkeypatch):
    """Voilà listens on 127.0.0.1 only and finds the course's projector template first."""
    monkeypatch.setenv("JUPYTER_PATH", "/elsewhere")
    command, env = voila_command("voila", tmp_path / "c.ipynb", port=9000, open_browser=False)
    assert ["--Voila.ip=127.0.0.1", f"--template={TEMPLATE_NAME}", "--no-browser"] == [
        c for c in command if c.startswith(("--Voila.ip", "--template", "--no-browser"))
    ]
    first, *rest = env["JUPYTER_PATH"].split(":")
    assert (Path(first) / "voila" / "templates" / TEMPLATE_NAME / "index.html.j2").is_file()
    assert ["/elsewhere"] == rest
