"""A real JupyterHub on 127.0.0.1: four learners, each with their own copy and log.

The hub runs the deployment example (deploy/hub/jupyterhub_config.py) with the dummy
authenticator and a local process spawner that gives each learner a home of their own
under a temporary folder. Through the hub's REST API and Chromium each learner logs in,
lands on lesson 00, runs lesson 03, ticks the checklist, starts and pauses a timer and
saves a pain check. Then nbgitpuller pushes a course update, and an idle culler stops an
idle server. Everything the test started is stopped by process id.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import nbformat
import pytest
from playwright.sync_api import Browser, Page, expect

from exercises_lib.progress import ProgressLog
from exercises_lib.serverext import start_url
from exercises_lib.userdata import APP_NAME, LOG_FILE

from .conftest import REPO
from .helpers import open_notebook, run_all, session_and_pain_check, stop_server
from .hubs import Hub, proxy_command, running_hub

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LEARNERS = ("ana", "ben", "chloe", "dev")


@pytest.fixture(scope="module")
def hub(tmp_path_factory) -> Iterator[Hub]:
    if proxy_command() is None:
        pytest.skip("no configurable-http-proxy: `make test` installs it with npm")
    with running_hub(tmp_path_factory.mktemp("hub")) as running:
        for name in LEARNERS:
            running.start(name)
        for name in LEARNERS:  # all four start at once; each is waited for
            running.wait_ready(name)
        yield running


def _log_in(browser: Browser, hub: Hub, name: str) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", name)
    page.fill("#password_input", "any")
    page.click("#login_submit")
    return page


def _lesson_08_pain_check(page: Page, base: str, before: int, after: int) -> None:
    open_notebook(page, base, f"{APP_NAME}/lessons/08-your-routine.ipynb")
    run_all(page)
    session_and_pain_check(page, before, after)


def test_four_learners_each_get_their_own_copy_and_log(hub, browser):
    for n, name in enumerate(LEARNERS):
        page = _log_in(browser, hub, name)
        # the hub's default URL: lesson 00 of the learner's own copy
        page.wait_for_url(f"**/user/{name}{start_url()}", timeout=60_000)
        expect(page.locator(".jp-NotebookPanel .jp-Cell").first).to_be_visible(timeout=60_000)
        base = f"{hub.url}/user/{name}"
        open_notebook(page, base, f"{APP_NAME}/lessons/03-understanding-back-pain.ipynb")
        run_all(page)
        stderr = page.locator(
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
        )
        expect(stderr).to_have_count(0)
        _lesson_08_pain_check(page, base, before=n, after=n)
        page.context.close()
    for n, name in enumerate(LEARNERS):
        home = hub.home(name)
        copy = home / APP_NAME
        assert sorted(p.name for p in (REPO / "lessons").glob("*.ipynb")) == sorted(
            p.name for p in (copy / "lessons").glob("*.ipynb")
        ), name
        logs = list(home.rglob(LOG_FILE))
        assert 1 == len(logs), (name, logs)
        with ProgressLog(logs[0]) as log:
            checks = [(c.pain_before, c.pain_after) for c in log.pain_checks()]
        assert [(n, n)] == checks, name  # this learner's entry, and no one else's


def _commit(repo: Path, message: str) -> None:
    """Commit everything in ``repo`` as the trainer."""
    git = ["git", "-C", str(repo), "-c", "user.name=Trainer", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", message], check=True)


def _content_repo(where: Path) -> Path:
    """A course update's source: a git repository of the lessons, as a trainer keeps one."""
    repo = where / "content"
    shutil.copytree(REPO / "lessons", repo / "lessons", ignore=shutil.ignore_patterns("locales"))
    subprocess.run(["git", "-C", str(repo), "init", "-q", "-b", "main"], check=True)
    _commit(repo, "The course")
    return repo


def test_a_learners_edit_survives_a_course_update_pushed_by_nbgitpuller(hub, browser, tmp_path):
    """The nbgitpuller link clones the trainer's repository; after the learner adds a note
    to one lesson and the trainer changes another, a second click brings the change and
    keeps the note."""
    repo = _content_repo(tmp_path)
    link = (
        f"{hub.url}/hub/user-redirect/git-pull?repo={quote('file://' + str(repo))}"
        "&branch=main&urlpath=lab/tree/content/lessons/04-bird-dog.ipynb"
    )
    name = LEARNERS[0]
    page = _log_in(browser, hub, name)
    page.wait_for_url(f"**/user/{name}/**", timeout=60_000)
    page.goto(link)
    lesson = hub.home(name) / "content" / "lessons" / "04-bird-dog.ipynb"
    page.wait_for_url("**/lab/tree/content/lessons/04-bird-dog.ipynb", timeout=60_000)
    assert lesson.is_file()
    nb = nbformat.read(lesson, as_version=4)  # the learner adds a note of their own
    nb.cells.append(nbformat.v4.new_markdown_cell("My note: my knees like the thick mat."))
    nbformat.write(nb, lesson)
    update = repo / "lessons" / "05-bridge-overhead-reach.ipynb"  # the trainer's update
    nb = nbformat.read(update, as_version=4)
    nb.cells[0].source += "\n\nUpdated by the trainer."
    nbformat.write(nb, update)
    _commit(repo, "An update to lesson 05")
    page.goto(link)
    page.wait_for_url("**/lab/tree/content/lessons/04-bird-dog.ipynb", timeout=60_000)
    mine = hub.home(name) / "content" / "lessons"
    assert "Updated by the trainer." in (mine / update.name).read_text(encoding="utf-8")
    assert "My note: my knees like the thick mat." in lesson.read_text(encoding="utf-8")
    page.context.close()


def test_the_idle_culler_stops_an_idle_server(hub, tmp_path):
    """The example's culler, run with a short timeout: an idle learner's server stops."""
    name = "idle-learner"
    hub.start(name)
    hub.wait_ready(name)
    env = {**os.environ, "JUPYTERHUB_API_TOKEN": hub.token}
    log = (tmp_path / "culler.log").open("w")
    culler = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--url={hub.url}/hub/api",
            "--timeout=5",
            "--cull-every=2",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while hub.server(name):
            assert time.monotonic() < deadline, (tmp_path / "culler.log").read_text()
            time.sleep(1)  # polling the hub for the culler's work
    finally:
        stop_server(culler)
        log.close()
