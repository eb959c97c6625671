"""What every command shares: its options, the checked values they take, the catalog."""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ..loading import course_catalog
from ..models import Catalog
from ..regions import REGION_ENV

__all__ = [
    "Handler",
    "bounded",
    "catalog_for",
    "data_option",
    "date_value",
    "db_option",
    "free_port",
    "install_hint",
    "pain_value",
    "plain",
    "port_value",
    "reps_value",
    "seconds_value",
    "split_list",
    "weeks_value",
]

# What each command runs: the parsed arguments in, the exit code out.
Handler = Callable[[argparse.Namespace], int]

# Terminal control characters from data or notes could recolour or rewrite the screen.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(text: str, *, one_line: bool = False) -> str:
    """Text safe for a terminal: control characters shown as '?'; one line if asked."""
    if one_line:
        text = text.replace("\r\n", " / ").replace("\n", " / ").replace("\r", " / ")
    return _CONTROL.sub("?", text)


def data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        metavar="DIR",
        type=Path,
        default=None,
        help="data folder to use (default: $EXERCISES_DATA, else the course's own data)",
    )
    parser.add_argument(
        "--region",
        metavar="CODE",
        type=str.upper,
        default=None,
        help="whose emergency routes to name, e.g. GB, US, NZ (default: $EXERCISES_REGION, "
        "else your saved setting, else neutral words with the common numbers)",
    )


def db_option(parser: argparse.ArgumentParser) -> None:
    from ..userdata import user_dir

    parser.add_argument(
        "--db",
        metavar="PATH",
        type=Path,
        default=None,
        help=f"the progress log (default: $EXERCISES_DB, else {user_dir() / 'progress.sqlite'})",
    )


def pain_value(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 10:
        raise argparse.ArgumentTypeError(f"pain must be a whole number from 0 to 10; got {text!r}")
    return value


def bounded(kind: type, low: float, high: float, what: str):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or not (low <= value <= high):  # also refuses nan
            raise argparse.ArgumentTypeError(
                f"{what} must be from {low:g} to {high:g}; got {text!r}"
            )
        return value

    return parse


reps_value = bounded(int, 1, 100, "reps")
port_value = bounded(int, 1, 65535, "port")
seconds_value = bounded(float, 0.5, 600, "seconds")
weeks_value = bounded(int, 1, 52, "weeks")


def date_value(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"dates look like 2026-11-30 (year-month-day); got {text!r}"
        ) from None


def free_port(first: int) -> int:
    """The first port from ``first`` up that this machine can listen on; 0 if none of 50."""
    import socket

    for port in range(first, min(first + 50, 65536)):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    return 0


def split_list(value: str | None) -> list[str] | None:
    return None if value is None else [v.strip() for v in value.split(",") if v.strip()]


def catalog_for(args: argparse.Namespace) -> Catalog:
    """The one catalog a command works on: the data folder plus the learner's own routines."""
    region = getattr(args, "region", None)
    catalog = course_catalog(args.data, region=region)
    if region:  # kernels, Voilà and JupyterLab started from here name the same routes
        os.environ[REGION_ENV] = region
    return catalog


def install_hint(extra: str) -> str:
    return f"install it with pip install 'exercises-lib[{extra}]' (make lab installs everything)"
