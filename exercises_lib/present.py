"""The trainer circuit on a projector: a one-cell notebook served by Voilà, offline.

``exercises present`` writes a notebook that holds only the circuit, with the trainer's
settings, and serves it with the course's Voilà template (no code, no page text, no
request to the internet).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import nbformat

from .models import Catalog
from .timing import (
    CIRCUIT_MOVE_SECONDS,
    CIRCUIT_PACE,
    CIRCUIT_REST_SECONDS,
    CIRCUIT_ROUNDS,
    CIRCUIT_ROUTINE,
    CIRCUIT_WORK_SECONDS,
    CircuitPace,
)

__all__ = ["TEMPLATE_NAME", "circuit_notebook", "voila_command", "write_circuit_notebook"]

TEMPLATE_NAME = "projector"
# Holds voila/templates/projector; put on JUPYTER_PATH so Voilà finds the template.
_JUPYTER_DATA = Path(__file__).resolve().parent / "projector"


def circuit_notebook(
    catalog: Catalog,
    *,
    routine: str = CIRCUIT_ROUTINE,
    stations: Sequence[str] | None = None,
    pace: CircuitPace = CIRCUIT_PACE,
    work: int = CIRCUIT_WORK_SECONDS,
    rest: int = CIRCUIT_REST_SECONDS,
    move: int = CIRCUIT_MOVE_SECONDS,
    rounds: int = CIRCUIT_ROUNDS,
) -> nbformat.NotebookNode:
    """A notebook whose one cell shows the circuit full screen with these settings.

    Ids are checked here, so a typo is named (with the valid ids) before Voilà starts.
    """
    catalog.routine(routine)
    ids = [catalog.exercise(i).id for i in stations or ()]
    settings = {
        "stations": ids or None,
        "pace": pace,
        "work_seconds": work,
        "rest_seconds": rest,
        "transition_seconds": move,
        "rounds": rounds,
    }
    arguments = ", ".join(f"{name}={value!r}" for name, value in settings.items())
    source = (
        "from exercises_lib.course import course_catalog\n"
        "from exercises_lib.widgets import CircuitTimer\n\n"
        f"CircuitTimer(course_catalog(), {routine!r}, {arguments}, projector=True)"
    )
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source)]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def write_circuit_notebook(folder: Path, nb: nbformat.NotebookNode) -> Path:
    """Write the circuit notebook into ``folder`` (made if needed); return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "circuit.ipynb"
    nbformat.write(nb, path)
    return path


def voila_command(
    voila: str, notebook: Path, *, port: int, open_browser: bool
) -> tuple[list[str], dict[str, str]]:
    """Voilà's command line and environment to serve ``notebook`` on localhost only."""
    command = [
        voila,
        str(notebook),
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--theme=light",
        f"--template={TEMPLATE_NAME}",
    ]
    if not open_browser:
        command.append("--no-browser")
    paths = [
        str(_JUPYTER_DATA),
        *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep)),
    ]
    return command, {**os.environ, "JUPYTER_PATH": os.pathsep.join(paths)}
