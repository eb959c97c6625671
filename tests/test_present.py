"""The projector circuit: the one-cell notebook `exercises present` serves, and its checks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from exercises_lib.cli import main
from exercises_lib.present import (
    CULL_SECONDS,
    TEMPLATE_NAME,
    circuit_code,
    circuit_notebook,
    voila_command,
)
from exercises_lib.unknownid import UnknownIdError


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
    command, env = voila_command("voila", tmp_path / "c.ipynb", port=9000, token="t0ken")
    assert ["--Voila.ip=127.0.0.1", f"--template={TEMPLATE_NAME}", "--no-browser"] == [
        c for c in command if c.startswith(("--Voila.ip", "--template", "--no-browser"))
    ]
    first, *rest = env["JUPYTER_PATH"].split(":")
    assert (Path(first) / "voila" / "templates" / TEMPLATE_NAME / "index.html.j2").is_file()
    assert ["/elsewhere"] == rest


def test_voila_keeps_its_port_and_culls_closed_pages_kernels(tmp_path):
    """Voilà never moves to another port on its own, and shuts down kernels no page holds."""
    command, _ = voila_command("voila", tmp_path / "c.ipynb", port=9000, token="t0ken")
    assert "--Voila.port_retries=0" in command
    assert f"--MappingKernelManager.cull_idle_timeout={CULL_SECONDS}" in command
    assert "--MappingKernelManager.cull_connected=False" in command
    assert f"--NotebookNotary.data_dir={tmp_path}" in command


def test_voila_asks_for_a_token_kept_off_the_command_line(tmp_path):
    """The projector page needs a token, given in the environment where `ps` cannot see it."""
    token = "a-secret-token"
    command, env = voila_command("voila", tmp_path / "c.ipynb", port=9000, token=token)
    assert "--Voila.auto_token=True" in command
    assert token == env["JUPYTER_TOKEN"]
    assert [] == [arg for arg in command if token in arg]


def test_the_browser_gets_a_private_page_not_the_token(tmp_path, monkeypatch):
    """The browser is started on a page in the run's folder that forwards to the address."""
    from exercises_lib import present

    opened = []
    monkeypatch.setattr(present.webbrowser, "open", opened.append)
    address = "http://127.0.0.1:9000/?token=a-secret-token"
    present.open_page(tmp_path, address)()
    page = Path(opened[0].removeprefix("file://"))
    assert tmp_path == page.parent
    assert "a-secret-token" not in opened[0]
    assert f'url={address}"' in page.read_text(encoding="utf-8")


@pytest.mark.slow
def test_present_on_a_taken_port_serves_where_it_says_and_cleans_up(tmp_path):
    """With its port taken, present serves two pages at once where it says; no folder, no noise."""
    import re
    import socket
    import subprocess
    import sys
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    from .browser.helpers import stop_server

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    command = [sys.executable, "-m", "exercises_lib", "present", "--no-browser", f"--port={port}"]
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    pool = ThreadPoolExecutor(2)  # two pages at once: two kernels, no clash
    try:
        first = process.stderr.readline()
        served = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=\w+", first)
        assert served and int(served.group(1)) != port, first
        assert f"port {port} was taken" in first
        assert [] != [p for p in tmp_path.iterdir() if p.name.startswith("exercises-present-")]
        lines = []
        while "running at" not in "".join(lines[-2:]):
            line = process.stderr.readline()
            assert line, "".join(lines)
            lines.append(line)

        with urllib.request.urlopen(served.group(0).split("?")[0], timeout=60) as reply:
            # no circuit without the token: the login page asks for it
            assert ("/login", False) == (
                reply.geturl().split("?")[0][-6:],
                "window.voila_finish()" in reply.read().decode(),
            )

        def page(_: int) -> str:
            with urllib.request.urlopen(served.group(0), timeout=120) as reply:
                return reply.read().decode()

        opened = [pool.submit(page, n) for n in range(2)]
        # Kernels that clash never answer: give up after 3 minutes rather than wait forever.
        pages = [future.result(timeout=180) for future in opened]
        assert [True, True] == ["window.voila_finish()" in p for p in pages]  # the circuit ran
    finally:
        stop_server(process)
        taken.close()
        pool.shutdown(wait=False, cancel_futures=True)
    log = "".join(lines) + process.stderr.read()
    assert "not trusted" not in log
    assert "without encryption" not in log
    assert [] == [p.name for p in tmp_path.iterdir() if p.name.startswith("exercises-present-")]


def test_the_code_names_a_language_only_when_asked(catalog):
    """`exercises present` keeps the trainer's language (from the environment); the static
    site's page names its own before anything is shown."""
    assert "use_language" not in circuit_notebook(catalog).cells[0].source
    code = circuit_code(language="es")
    assert code.index("use_language('es')") < code.index("CircuitTimer(")
    assert code.endswith("CircuitTimer(course_catalog(), 'starter', projector=True)")
