"""The Littlest JupyterHub plugin for "A stronger lower back".

Install the hub with `--plugin tljh-lower-back` (this folder, or its path): every user's
environment gets the course, and each learner lands on lesson 00 of the copy the course's
server extension makes in their home. TLJH's own idle culler stops idle servers.
"""

from __future__ import annotations

from typing import Any

from pluggy import HookimplMarker

from exercises_lib.serverext import start_url

hookimpl = HookimplMarker("tljh")

# The course in every user's environment, with JupyterLab and its Spanish menus.
USER_PACKAGES = ["exercises-lib[lab]"]


@hookimpl
def tljh_extra_user_pip_packages() -> list[str]:
    return USER_PACKAGES


@hookimpl
def tljh_custom_jupyterhub_config(c: Any) -> None:
    """Straight to lesson 00 of the learner's own copy."""
    c.Spawner.default_url = start_url()
