"""The server extension: a learner's copy made, or brought up to date, as their server starts."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import nbformat
from jupyter_server.serverapp import ServerApp
from traitlets.config import Config

from exercises_lib.serverext import (
    CourseCopies,
    _jupyter_server_extension_points,
    _load_jupyter_server_extension,
    start_url,
)
from exercises_lib.userdata import APP_NAME
from exercises_lib.workspace import START_PAGE

from .conftest import REPO


def _server(root: Path, **settings: object) -> ServerApp:
    config = Config({"CourseCopies": settings}) if settings else Config()
    return ServerApp(root_dir=str(root), config=config)


def _lessons(folder: Path) -> list[str]:
    return sorted(p.name for p in (folder / "lessons").glob("*.ipynb"))


def test_the_copy_is_made_in_the_learners_home_as_the_server_starts(tmp_path):
    _load_jupyter_server_extension(_server(tmp_path))
    copy = tmp_path / APP_NAME
    assert _lessons(REPO) == _lessons(copy)
    assert (copy / "notebooks" / "todays-session.ipynb").is_file()
    assert (copy / START_PAGE).is_file()
    assert f"/lab/tree/{APP_NAME}/{START_PAGE}" == start_url()


def test_a_learners_edit_survives_the_next_start(tmp_path):
    _load_jupyter_server_extension(_server(tmp_path))
    lesson = tmp_path / APP_NAME / "lessons" / "04-bird-dog.ipynb"
    nb = nbformat.read(lesson, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("My own note: knees hurt on tiles."))
    nbformat.write(nb, lesson)
    _load_jupyter_server_extension(_server(tmp_path))
    assert "My own note" in lesson.read_text(encoding="utf-8")


def test_an_admin_switches_it_off_with_one_setting(tmp_path):
    _load_jupyter_server_extension(_server(tmp_path, enabled=False))
    assert [] == list(tmp_path.iterdir())
    assert CourseCopies.enabled.help  # the setting says what it does


def test_the_folder_is_a_setting(tmp_path):
    _load_jupyter_server_extension(_server(tmp_path, folder="back-course"))
    assert _lessons(REPO) == _lessons(tmp_path / "back-course")


def test_a_copy_that_cannot_be_made_is_logged_and_the_server_starts(tmp_path, caplog):
    (tmp_path / APP_NAME).write_text("a file where the folder would go")
    server = _server(tmp_path)
    server.log = logging.getLogger("test-serverext")
    with caplog.at_level(logging.WARNING, logger="test-serverext"):
        _load_jupyter_server_extension(server)  # no exception: the learner still gets in
    assert "was not updated" in caplog.text and APP_NAME in caplog.text


def test_jupyter_server_lists_it_enabled_in_this_environment(tmp_path):
    """After the editable install (`make lab`), every server here loads the extension."""
    assert [{"module": "exercises_lib.serverext"}] == _jupyter_server_extension_points()
    listed = subprocess.run(
        [sys.executable, "-m", "jupyter_server.extension.serverextension", "list"],
        capture_output=True,
        text=True,
        env={**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path), "NO_COLOR": "1"},
        cwd=tmp_path,
        timeout=120,
    )
    lines = [line for line in (listed.stdout + listed.stderr).splitlines() if "serverext" in line]
    assert lines, listed.stderr
    assert any("exercises_lib.serverext" in line and "enabled" in line for line in lines)
