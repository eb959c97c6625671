"""A Jupyter server extension: each learner's copy of the course, made or brought up to
date as their server starts.

On a hub every learner's server starts in their own home; the extension then does what
``exercises update`` does there, in ``~/lower-back-course`` (``CourseCopies.folder``):
lessons and tools the copy lacks are copied, ones the learner never edited are replaced
by the new version, and an edited one is kept, with the new version saved beside it. So
no start hook is needed. The wheel enables it for every server in its environment
(``etc/jupyter/jupyter_server_config.d/exercises_lib.json``); an admin switches it off
with ``c.CourseCopies.enabled = False``. ``exercises lab`` makes the copy itself and
turns it off.

Nothing here collects anything: the copy, the log and the settings stay in the
learner's own home.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from traitlets import Bool, Unicode
from traitlets.config import Configurable

from .coursefiles import course_dir
from .errors import ExercisesError
from .userdata import APP_NAME
from .workspace import START_PAGE, sync_workspace

__all__ = ["CourseCopies", "start_url"]


class CourseCopies(Configurable):
    """What the extension does as a learner's server starts."""

    enabled = Bool(
        True,
        config=True,
        help="Make or update the learner's copy of the course when their server starts.",
    )
    folder = Unicode(
        APP_NAME,
        config=True,
        help="Where the copy goes, inside the server's root folder (the learner's home).",
    )


def start_url(folder: str = APP_NAME) -> str:
    """The address, under a learner's server, of lesson 00 in their copy: a hub's default URL."""
    return f"/lab/tree/{folder}/{START_PAGE}"


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "exercises_lib.serverext"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    """Make or update the copy; a failure is logged, and the server starts all the same."""
    settings = CourseCopies(parent=serverapp)
    log = serverapp.log
    if not settings.enabled:
        log.info("exercises_lib: the learner's copy is left as it is (CourseCopies.enabled)")
        return
    workspace = Path(serverapp.root_dir).expanduser() / settings.folder
    try:
        report = sync_workspace(course_dir(), workspace, update=True)
    except (ExercisesError, OSError) as exc:
        log.warning("exercises_lib: the learner's copy in %s was not updated: %s", workspace, exc)
        return
    for line in report.lines():
        log.info("exercises_lib: %s", line)
    log.info("exercises_lib: the learner's copy of the course is in %s", workspace)
