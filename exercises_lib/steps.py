"""What long work says as it goes: how many of its steps are done, and what it is doing.

The library reports ``Step`` events through a callback and never draws anything; the
command line shows them as a progress bar on a terminal and as plain lines elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["NO_PROGRESS", "Progress", "Step"]


@dataclass(frozen=True)
class Step:
    """'running 04-bird-dog.ipynb' with 3 of 9 done; ``total`` 0 is a note between steps."""

    message: str
    done: int = 0
    total: int = 0

    def __str__(self) -> str:
        return self.message


Progress = Callable[[Step], object]


def _nothing(_step: Step) -> None:
    """Long work run where no one watches (a test, a notebook) says nothing."""


NO_PROGRESS: Progress = _nothing
