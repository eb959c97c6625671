"""The learner's own folder (routines they build, later their log): never inside the repo.

Writes are atomic: a file is written beside its target and renamed over it, so a
crash never leaves a half-written routine, and an earlier one is never lost.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import platformdirs

__all__ = ["USER_ENV", "atomic_write", "user_dir", "user_routines_dir"]

USER_ENV = "EXERCISES_HOME"
APP_NAME = "lower-back-course"


def user_dir() -> Path:
    """$EXERCISES_HOME, else the platform's user data folder for the course."""
    configured = os.environ.get(USER_ENV)
    return Path(configured) if configured else Path(platformdirs.user_data_dir(APP_NAME))


def user_routines_dir() -> Path:
    """Where the routine builder saves routines."""
    return user_dir() / "routines"


def atomic_write(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` all at once, or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
