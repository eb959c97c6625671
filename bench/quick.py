"""What every bench shares.

`--quick`, as `make test` runs every bench: a small run that must work and print its
JSON line. The figures of a run this small mean nothing; `make bench` gives them.
`empty_caches`: a private learner folder, so caches start empty, whatever cache the
environment names.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from exercises_lib.userdata import CACHE_ENV, USER_ENV


def add_quick(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a small, fast run that checks the bench works (its figures mean nothing)",
    )


def empty_caches(home: Path) -> None:
    os.environ[USER_ENV] = str(home)
    os.environ.pop(CACHE_ENV, None)
