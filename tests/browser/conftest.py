"""A real JupyterLab on a free localhost port, and a headless Chromium to drive it."""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

import pytest

from exercises_lib.browser import find_chromium, launch_options
from exercises_lib.jupyterlab import settings_dir

from .helpers import start_server, stop_server

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pytest_collection_modifyitems(config, items):
    """Browser tests skip, saying why, only when no browser can be had."""
    if find_chromium() is not None:
        return
    skip = pytest.mark.skip(
        reason="no Chromium found; `make browser` installs one (apt or Playwright)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def course_copy(tmp_path_factory) -> Path:
    """A temporary copy of the course for JupyterLab to serve (runs never touch the repo)."""
    root = tmp_path_factory.mktemp("course")
    for folder in ("lessons", "notebooks"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def _serve_lab(course: Path, home: Path, settings: Path):
    """Start JupyterLab with an empty token on 127.0.0.1 and the course's settings folder
    ``settings``; wait for /api/status; yield its address, and stop it after."""
    port = _free_port()
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        # the lessons' kernels read no setting another test saved (a region, a language)
        "EXERCISES_HOME": str(home / "exercises"),
    }
    # Every cell rendered (no lazy windowing), so what the test reads is what a learner
    # sees after scrolling. The news pop-up is off through the course's own settings.
    user_settings = home / "settings" / "@jupyterlab"
    (user_settings / "notebook-extension").mkdir(parents=True)
    (user_settings / "notebook-extension" / "tracker.jupyterlab-settings").write_text(
        '{"windowingMode": "none"}'
    )
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--allow-root",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.token=",
        "--ServerApp.password=",
        "--ServerApp.disable_check_xsrf=True",
        f"--ServerApp.root_dir={course}",
        f"--LabApp.app_settings_dir={settings}",
        # as `exercises lab` does: the course copy served is the workspace itself
        "--CourseCopies.enabled=False",
    ]
    process = start_server(command, f"{url}/api/status", home / "lab.log", env=env)
    yield url
    stop_server(process)


@pytest.fixture(scope="session")
def lab_url(course_copy, tmp_path_factory):
    """JupyterLab in English, as `exercises lab` starts it."""
    home = tmp_path_factory.mktemp("home")
    yield from _serve_lab(course_copy, home, settings_dir("en"))


@pytest.fixture(scope="session")
def spanish_lab_url(course_copy, tmp_path_factory):
    """JupyterLab as `exercises lab --lang es` starts it: its menus in Spanish, from the
    language pack, and the course's own menu entries translated."""
    home = tmp_path_factory.mktemp("home-es")
    yield from _serve_lab(course_copy, home, settings_dir("es"))


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module; closing it ends Playwright's event loop before other tests."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(**launch_options())
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def shots(tmp_path_factory) -> Path:
    """Where screenshots go, to look at by hand: pytest's own temporary folder."""
    return tmp_path_factory.mktemp("screenshots", numbered=False)


@pytest.fixture
def page(browser, request, shots):
    """A fresh 1280x800 page; a screenshot of it is saved in ``shots`` after the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    page.screenshot(path=str(shots / f"{request.node.name}.png"), full_page=False)
    context.close()
