"""The ``exercises`` command: one module per group of commands, put together here.

``library`` reads and checks the data, ``printing`` makes handouts and decks,
``serving`` opens JupyterLab and the projector, ``logbook`` and ``planning`` keep the
learner's record. ``_common`` holds the options and values they share.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..errors import CatalogError, ExercisesError
from . import library, logbook, planning, printing, serving
from ._common import Handler, install_hint, plain

__all__ = ["build_parser", "main"]


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, Handler]]:
    """The command line's parser and each command's handler."""
    parser = argparse.ArgumentParser(
        prog="exercises",
        description="A course of safe lower-back exercises. Take it in JupyterLab (lab, "
        "update), print handouts and slide decks (handouts, slides, figure), run a workshop "
        "(present, guide), keep a progress log and a six-week plan (log, plan), and check or "
        "read the exercise library (validate, list, show).",
        epilog="Run `exercises COMMAND --help` for a command's options.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    handlers: dict[str, Handler] = {}
    for group in (library, printing, serving, logbook, planning):
        handlers.update(group.add_commands(commands))
    return parser, handlers


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 problems, 2 usage)."""
    parser, handlers = build_parser()
    args = parser.parse_args(argv)
    try:
        return handlers[args.command](args)
    except CatalogError as exc:
        print(plain(str(exc)), file=sys.stderr)
        print("Fix the files above, then run `exercises validate` again.", file=sys.stderr)
        return 1
    except ExercisesError as exc:
        print(f"exercises: {plain(str(exc))}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `exercises list | head` closes the pipe early
        return 0
    except OSError as exc:  # a file or folder the user named cannot be read or written
        where = f" {exc.filename}" if exc.filename else ""
        print(f"exercises: cannot use{where}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except ModuleNotFoundError as exc:  # an extra this command needs is not installed
        extra = _EXTRAS.get((exc.name or "").split(".")[0])
        if extra is None:
            raise
        extra = _COMMAND_EXTRAS.get(args.command, extra)
        print(f"exercises: this command needs {exc.name}; {install_hint(extra)}", file=sys.stderr)
        return 1


# Which optional dependency group (pyproject.toml) brings each module a command may need.
_EXTRAS = {
    "nbconvert": "pdf",
    "nbformat": "pdf",
    "nbclient": "pdf",
    "jupyter_client": "pdf",
    "nh3": "pdf",
    "playwright": "pdf",
    "matplotlib": "lab",
    "voila": "present",
}
# A command whose extra brings every module it needs: present's Voilà brings nbformat too.
_COMMAND_EXTRAS = {"present": "present", "lab": "lab"}
