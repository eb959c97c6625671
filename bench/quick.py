"""`--quick`, as `make test` runs every bench: a small run that must work and print its
JSON line. The figures of a run this small mean nothing; `make bench` gives them."""

from __future__ import annotations

import argparse


def add_quick(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a small, fast run that checks the bench works (its figures mean nothing)",
    )
