"""Notebook plumbing shared by handouts and slides: find the lessons, run one quietly."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from traitlets import CaselessStrEnum, default

from .errors import UsageError
from .loading import DATA_ENV

__all__ = ["QuietKernelManager", "lesson_paths", "run_lesson"]


class QuietKernelManager(AsyncKernelManager):
    """A kernel that talks over local sockets (IPC) where the system has them.

    No TCP port is opened, and the kernel does not warn on every start that TCP
    traffic is unencrypted. The sockets live in a private folder of this process
    (absolute, so the kernel and this process agree whatever their working folders),
    removed when the process ends.
    """

    transport = CaselessStrEnum(
        ["tcp", "ipc"], default_value="ipc" if os.name == "posix" else "tcp", config=True
    )

    @default("ip")
    def _ip_default(self) -> str:
        return str(_socket_dir() / "kernel") if self.transport == "ipc" else "127.0.0.1"


@cache
def _socket_dir() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="exercises-kernels-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def lesson_paths(lessons_dir: Path, wanted: Iterable[str] | None = None) -> list[Path]:
    """The lesson notebooks, all or those whose number or stem is wanted ('03', '03-bird-dog')."""
    every = sorted(lessons_dir.glob("[0-9][0-9]-*.ipynb"))
    if wanted is None:
        return every
    wanted = [w.strip() for w in wanted if w.strip()]
    chosen, unknown = [], []
    for want in wanted:
        match = [p for p in every if p.stem == want or p.stem.split("-", 1)[0] == want.zfill(2)]
        (chosen.extend(match) if match else unknown.append(want))
    if unknown:
        valid = ", ".join(p.stem for p in every)
        raise UsageError(f"unknown lesson {', '.join(map(repr, unknown))}; choose from: {valid}")
    return list(dict.fromkeys(chosen))


def run_lesson(path: Path, data_dir: Path) -> nbformat.NotebookNode:
    """A lesson executed top to bottom against a data folder, so its cards and widgets render."""
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError, nbformat.ValidationError) as exc:  # NotJSONError is a ValueError
        raise UsageError(
            f"{path} is not a readable notebook ({exc}); restore it with git"
        ) from None
    client = NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        kernel_manager_class=QuietKernelManager,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute(env={**os.environ, DATA_ENV: str(data_dir)})
    return nb
