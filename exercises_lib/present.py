"""The trainer circuit on a projector: a one-cell notebook served by Voilà, offline.

``exercises present`` writes a notebook that holds only the circuit, with the trainer's
settings, and serves it with the course's Voilà template (no code, no page text, no
request to the internet).

Everything a run needs lives in one private temporary folder, removed when Voilà stops:
the notebook (signed there, so Voilà trusts it without a warning) and the signature
store. A page's kernel is shut down once the page is closed and the kernel idle
(``CULL_SECONDS``). Kernels talk over TCP on 127.0.0.1: IPC sockets would be private, but
jupyter_client picks their names without a lock, and two pages opened at once collide.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import webbrowser
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TextIO

import nbformat
from nbformat.sign import NotebookNotary

from .i18n import _, current_language
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
from .userdata import safe_write

__all__ = [
    "CULL_SECONDS",
    "TEMPLATE_NAME",
    "circuit_code",
    "circuit_notebook",
    "open_page",
    "serve",
    "voila_command",
    "write_circuit_notebook",
]

TEMPLATE_NAME = "projector"
# Holds voila/templates/projector; put on JUPYTER_PATH so Voilà finds the template.
_JUPYTER_DATA = Path(__file__).resolve().parent / "projector"
# How long a closed page's idle kernel lives on; an open page keeps its kernel.
CULL_SECONDS = 30


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
    chosen = catalog.routine(routine)
    ids = [catalog.exercise(i).id for i in stations or ()]
    settings = {
        "stations": ids or None,
        "pace": pace,
        "work_seconds": work,
        "rest_seconds": rest,
        "transition_seconds": move,
        "rounds": rounds,
    }
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(circuit_code(routine, settings))]
    # The page's <title>: what a screen reader and the browser's tab say the page is.
    nb.metadata["title"] = _("Circuit timer: {routine}").format(routine=chosen.name)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def circuit_code(
    routine: str = CIRCUIT_ROUTINE,
    settings: Mapping[str, object] | None = None,
    *,
    language: str | None = None,
) -> str:
    """The code that shows the circuit full screen: ``settings`` are ``CircuitTimer``'s
    keyword arguments, and ``language`` is named when the page has no folder to tell it
    (the static site's)."""
    arguments = "".join(f", {name}={value!r}" for name, value in (settings or {}).items())
    speak = (
        f"from exercises_lib.i18n import use_language\n\nuse_language({language!r})\n"
        if language
        else ""
    )
    return (
        f"{speak}from exercises_lib.course import course_catalog\n"
        "from exercises_lib.widgets import CircuitTimer\n\n"
        f"CircuitTimer(course_catalog(), {routine!r}{arguments}, projector=True)"
    )


def write_circuit_notebook(folder: Path, nb: nbformat.NotebookNode) -> Path:
    """Write the circuit notebook into ``folder`` (made if needed), signed; return its path.

    The signature's secret and store stay in ``folder`` (``voila_command`` points Voilà
    there), so nothing is added to the user's Jupyter folders.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "circuit.ipynb"
    NotebookNotary(data_dir=str(folder)).sign(nb)
    safe_write(path, nbformat.writes(nb), durable=False)
    return path


# Lines for developers, not for a trainer's terminal: every kernel warns that it talks over
# TCP, which here means 127.0.0.1 only.
_NOISE = ("Kernel is running over TCP without encryption",)


_READY = "Voilà is running at"


def _pass_on(lines: TextIO, on_ready: Callable[[], object] | None) -> None:
    for line in lines:
        if on_ready is not None and _READY in line:
            on_ready()
            on_ready = None
        if not any(noise in line for noise in _NOISE):
            sys.stderr.write(line)


def open_page(folder: Path, address: str) -> Callable[[], object]:
    """What opens ``address`` in the browser once Voilà is ready.

    The browser is given a page in the private run folder that forwards to the address,
    so the token is never on a command line (``xdg-open URL``) where ``ps`` shows it.
    """
    from html import escape

    page = folder / "open-the-circuit.html"
    words = escape(_("Open the circuit"))
    safe_write(
        page,
        f'<!doctype html><html lang="{current_language()}"><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0;url={escape(address)}">'
        f'<title>{words}</title><a href="{escape(address)}">{words}</a></html>',
        durable=False,
    )
    return lambda: webbrowser.open(page.as_uri())


def serve(
    command: list[str], env: dict[str, str], on_ready: Callable[[], object] | None = None
) -> int:
    """Run Voilà until it stops, Ctrl+C or a SIGTERM; return its exit code.

    Voilà runs as a child, not in place of this process, so the caller's temporary
    folder is removed afterwards whichever way the show ends. ``on_ready`` runs once,
    when Voilà says it is serving (to open the browser).
    """
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    threading.Thread(target=_pass_on, args=(process.stderr, on_ready), daemon=True).start()
    previous = signal.signal(signal.SIGTERM, lambda *_signal: process.terminate())
    try:
        while True:
            try:
                return process.wait()
            except KeyboardInterrupt:  # the terminal sent Voilà the same Ctrl+C
                process.send_signal(signal.SIGINT)
    finally:
        signal.signal(signal.SIGTERM, previous)
        if process.poll() is None:
            process.kill()
            process.wait()


def voila_command(
    voila: str, notebook: Path, *, port: int, token: str
) -> tuple[list[str], dict[str, str]]:
    """Voilà's command line and environment to serve ``notebook`` on localhost only.

    Only ``port`` is tried (no silent move to the next one), so the address printed is the
    one served. A page opens only with ``token``, which goes through the environment:
    on the command line ``ps`` would show it to every user. Voilà opens no browser (its
    own would open the address without the token; see ``open_page``).
    """
    folder = notebook.parent
    command = [
        voila,
        str(notebook),
        f"--port={port}",
        "--Voila.port_retries=0",
        "--Voila.ip=127.0.0.1",
        "--theme=light",
        f"--template={TEMPLATE_NAME}",
        f"--NotebookNotary.data_dir={folder}",
        f"--MappingKernelManager.cull_idle_timeout={CULL_SECONDS}",
        f"--MappingKernelManager.cull_interval={CULL_SECONDS // 3}",
        "--MappingKernelManager.cull_connected=False",
        "--Voila.auto_token=True",
        "--no-browser",
    ]
    paths = [
        str(_JUPYTER_DATA),
        *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep)),
    ]
    return command, {**os.environ, "JUPYTER_PATH": os.pathsep.join(paths), "JUPYTER_TOKEN": token}
