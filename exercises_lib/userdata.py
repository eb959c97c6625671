"""The learner's own folder (routines they build, later their log): never inside the repo.

Every file the course writes goes through ``safe_write``: written beside its target
and renamed over it, so a crash never leaves a half-written file and an earlier one
is never lost; nothing that is not a plain file, and nothing the command reads, is
ever replaced.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import platformdirs

from .errors import ExercisesError
from .i18n import _
from .lite import DRIVE, IN_BROWSER, SAVED_FOLDER

if not IN_BROWSER:  # a browser tab has no file locks, and filelock warns of that on import
    from filelock import FileLock, Timeout

__all__ = [
    "CACHE_ENV",
    "LOG_FILE",
    "MAX_LEARNER_FILE_BYTES",
    "SETTINGS_FILE",
    "USER_ENV",
    "NotTheirs",
    "WriteRefused",
    "cache_dir",
    "cache_folder",
    "check_theirs",
    "held",
    "leads_out",
    "read_learner_json",
    "safe_name",
    "safe_write",
    "user_dir",
    "user_routines_dir",
]

USER_ENV = "EXERCISES_HOME"
# A cache of its own, apart from the learner's folder: the test suite's workers share one
# (each keeps a private home), and a hub may put caches on scratch disk.
CACHE_ENV = "EXERCISES_CACHE"
APP_NAME = "lower-back-course"


def user_dir() -> Path:
    """$EXERCISES_HOME, else the platform's user data folder for the course."""
    configured = os.environ.get(USER_ENV)
    if configured:
        return Path(configured)
    if IN_BROWSER:  # the folder the browser keeps, where the learner can see and download it
        return DRIVE / SAVED_FOLDER
    return Path(platformdirs.user_data_dir(APP_NAME))


def cache_dir() -> Path:
    """Where the course keeps what it can remake (compiled validators, the loaded catalog).

    $EXERCISES_CACHE when set; else inside $EXERCISES_HOME when that is set (tests, hubs);
    else the platform's cache folder. Deleting it loses nothing.
    """
    if cache := os.environ.get(CACHE_ENV):
        return Path(cache)
    configured = os.environ.get(USER_ENV)
    return Path(configured) / "cache" if configured else Path(platformdirs.user_cache_dir(APP_NAME))


def cache_folder(name: str) -> Path | None:
    """The cache's folder ``name``, if it is private to the learner; else None (no cache).

    A cache is trusted only in folders the learner owns and nobody else can write to,
    since what it holds is used without being checked again (compiled validators are
    code). Folders are made private (0700). One of the learner's own that others could
    write to is emptied and made private: whatever is in it may have been planted.
    Someone else's folder, or a link, is never used: the caller works without a cache.
    """
    root = cache_dir()
    folder = root / name
    try:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.mkdir(mode=0o700, exist_ok=True)
        for path in (root, folder):
            if not _made_private(path):
                return None
    except OSError:
        return None
    return folder


def _made_private(folder: Path) -> bool:
    if not hasattr(os, "getuid"):
        return True  # Windows: a user's profile folders are their own
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        return False
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        import shutil

        os.chmod(folder, 0o700)  # first, so nobody adds to it while it is emptied
        for inside in list(folder.iterdir()):
            if inside.is_dir() and not inside.is_symlink():
                shutil.rmtree(inside, ignore_errors=True)
            else:
                inside.unlink(missing_ok=True)
    return True


def user_routines_dir() -> Path:
    """Where the routine builder saves routines."""
    return user_dir() / "routines"


# The learner's files in their data folder, named once: no output may replace them.
SETTINGS_FILE = "settings.json"
LOG_FILE = "progress.sqlite"


# The learner's own small files (settings, manifests): a few kilobytes when the course
# writes them, so anything much bigger is not one of them.
MAX_LEARNER_FILE_BYTES = 1_000_000


class NotTheirs(ExercisesError):
    """A learner's file another user owns, or anyone may change: the message says the fix."""


def check_theirs(path: Path, info: os.stat_result | None = None) -> None:
    """Refuse (NotTheirs) a learner's file that another user owns, that anyone may change,
    or that sits in a folder where anyone may swap it for another (a shared folder
    without the sticky bit): what the file says would be trusted as the learner's own."""
    if not hasattr(os, "getuid"):
        return  # no file owners here
    info = info or os.stat(path)
    if info.st_uid != os.getuid() or info.st_mode & stat.S_IWOTH:
        raise NotTheirs(
            _(
                "{file} belongs to another user, or anyone can change it, so the course "
                "does not use it; if it is yours, run chmod o-w on it, else remove it"
            ).format(file=path)
        )
    folder = os.stat(path.parent).st_mode
    if folder & stat.S_IWOTH and not folder & stat.S_ISVTX:
        raise NotTheirs(
            _(
                "anyone can replace the files in {folder}, so the course does not use {file}; "
                "run chmod o-w on that folder, or move the file to a folder of your own"
            ).format(folder=path.parent, file=path.name)
        )


def read_learner_json(path: Path) -> Any:
    """The JSON in one of the learner's own files, or None when there is none to use: no
    file, not a regular file (a pipe is never waited on), too big, too deep, not UTF-8 (a
    BOM is fine) or not JSON. A file another user owns, or that anyone can change, is
    refused with NotTheirs, since what it says would be trusted."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as source:
        info = os.fstat(source.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_LEARNER_FILE_BYTES:
            return None
        check_theirs(path, info)
        raw = source.read(MAX_LEARNER_FILE_BYTES + 1)
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (ValueError, RecursionError):  # not text, not JSON, or nested past Python's reach
        return None


class WriteRefused(ExercisesError):
    """A write that would destroy something: the message names the path and the reason."""


def leads_out(path: Path) -> bool:
    """True for a link to a file outside the link's own folder (read and written only
    where it is)."""
    if not path.is_symlink():
        return False
    return Path(os.path.realpath(path)).parent != Path(os.path.realpath(path.parent))


def _refuse_by_name(
    path: Path | str, target: Path, protected: Iterable[Path | str], suffixes: tuple[str, ...]
) -> None:
    """WriteRefused for a name ``safe_write`` may not write to: a link out of its folder,
    a protected path, or a name without its kind's ending."""
    if leads_out(Path(path)):
        raise WriteRefused(
            _(
                "will not write {file}: it is a link to a file in another folder; remove the "
                "link or choose another file name"
            ).format(file=path)
        )
    for kept in protected:
        kept = Path(os.path.realpath(kept))
        if target == kept or kept in target.parents:
            raise WriteRefused(
                _(
                    "will not write {file}: it would replace {kept}, which this command "
                    "reads; choose another file name"
                ).format(file=path, kept=kept)
            )
    if suffixes and Path(path).suffix.lower() not in suffixes:
        raise WriteRefused(
            _(
                "will not write {file}: this kind of file ends in {endings}; give a name "
                "that does, so no notebook or data file is replaced"
            ).format(file=path, endings=" or ".join(suffixes))
        )


def safe_write(
    path: Path | str,
    data: bytes | str,
    *,
    protected: Iterable[Path | str] = (),
    durable: bool = True,
    suffixes: tuple[str, ...] = (),
) -> Path:
    """Write ``data`` to ``path`` all at once, or not at all; return the path written.

    The data goes to a temporary file in the target's folder, then replaces the
    target in one rename, so a crash never leaves half a file and an earlier file is
    never lost. A symlink to a file in the same folder is written through (its target
    is replaced, the link stays); one that leads out of its folder is refused. A new file gets the mode the umask allows; a replaced one keeps its mode.
    Refused, with WriteRefused and nothing touched: a target that is not a regular
    file (a folder, a device, a pipe), and any path in ``protected`` or inside a
    protected folder (the progress log, the data files being read). ``durable=False``
    skips waiting for the disk, for caches that can be remade. ``suffixes``, for a file a
    person names (``--out``), are the endings its kind of file has: any other name is
    refused, so a figure or a CSV never replaces a notebook or a data file.
    """
    target = Path(os.path.realpath(path))
    _refuse_by_name(path, target, protected, suffixes)
    try:
        existing = target.stat()
    except FileNotFoundError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise WriteRefused(
            _(
                "will not write {file}: it is not a regular file (a folder, device or pipe); "
                "give the name of a file"
            ).format(file=path)
        )
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise WriteRefused(
            _("cannot write {file}: {problem}").format(file=path, problem=exc.strerror or exc)
        ) from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            out.flush()
            if durable:
                os.fsync(out.fileno())
        os.chmod(tmp, stat.S_IMODE(existing.st_mode) if existing else _new_file_mode())
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):  # a full disk, a read-only folder: the old file stays
            raise WriteRefused(
                _("cannot write {file}: {problem}").format(file=path, problem=exc.strerror or exc)
            ) from None
        raise
    return Path(path)


@contextmanager
def held(path: Path, seconds: float = 10) -> Iterator[None]:
    """``path`` for this writer alone while the block runs (a lock file beside it), so two
    sessions that read, change and write it back cannot undo each other's change."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if IN_BROWSER:  # one kernel per notebook, and no locks to share between them
        yield
        return
    try:
        with FileLock(path.with_name(f".{path.name}.lock"), timeout=seconds):
            yield
    except Timeout:
        raise WriteRefused(
            _(
                "{file} is busy: another session is changing it; nothing was written. "
                "Wait a moment and try again"
            ).format(file=path)
        ) from None


def safe_name(text: str) -> str:
    """A file name with only lowercase letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "handout"


def _new_file_mode() -> int:
    """0o666 less the umask, as open() would give a new file."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
