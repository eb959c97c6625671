"""The ``exercises`` command: one module per group of commands, put together here.

``library`` reads and checks the data, ``printing`` makes handouts and decks,
``serving`` opens JupyterLab and the projector, ``logbook`` and ``planning`` keep the
learner's record. ``_common`` holds the options and values they share.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from typing import Any, NoReturn

from ..errors import CatalogError, ExercisesError
from ..i18n import _, use_language
from . import library, logbook, measuring, planning, printing, serving
from ._common import Handler, PlainStream, install_hint, lang_option, plain

__all__ = ["build_parser", "main"]


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with its own words (usage, options, errors) from the course's catalogue."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.update(add_help=False, formatter_class=_Formatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        self.add_argument(
            "-h",
            "--help",
            action="help",
            default=argparse.SUPPRESS,
            help=_("show this help message and exit"),
        )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, _("{prog}: error: {message}").format(prog=self.prog, message=message) + "\n")


def _language_in(argv: Sequence[str] | None) -> str | None:
    """The --lang given anywhere on the command line, read before the help is written."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    return early.parse_known_args(argv)[0].lang


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, Handler]]:
    """The command line's parser and each command's handler."""
    parser = _Parser(
        prog="exercises",
        description=_(
            "A course of safe lower-back exercises. Take it in JupyterLab (lab, "
            "update) or in the browser (site), print handouts and slide decks (handouts, slides, figure), run a workshop "
            "(present, guide), keep a progress log and a six-week plan (log, plan), see how your "
            "back is doing beyond pain (goals, check-in), and check or read the exercise "
            "library (validate, list, show)."
        ),
        epilog=_("Run `exercises COMMAND --help` for a command's options."),
    )
    lang_option(parser)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    handlers: dict[str, Handler] = {}
    for group in (library, printing, serving, logbook, measuring, planning):
        handlers.update(group.add_commands(commands))
    return parser, handlers


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 problems, 2 usage)."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = PlainStream(out), PlainStream(err, messages=True)
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _one_line
            return _main(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _not_text(argv: Sequence[str]) -> str:
    """What is wrong with an argument that is not text (bytes a terminal could not decode
    as UTF-8, which nothing could store or show), or ''."""
    for argument in argv:
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            shown = argument.encode("utf-8", "replace").decode("utf-8")
            return _(
                "{argument!r} holds bytes that are not UTF-8 text; type it again in plain text"
            ).format(argument=shown[:60])
    return ""


def _one_line(message: Warning | str, *_where: object, **_more: object) -> None:
    """A warning (a catalogue that cannot be read) as one plain line, like the errors."""
    print(f"exercises: {plain(str(message))}", file=sys.stderr)


def _main(argv: Sequence[str] | None) -> int:
    try:
        use_language(_language_in(argv))
    except ExercisesError as exc:
        print(f"exercises: {plain(str(exc))}", file=sys.stderr)
        return 2
    not_text = _not_text(sys.argv[1:] if argv is None else argv)
    if not_text:
        print(f"exercises: {not_text}", file=sys.stderr)
        return 2
    parser, handlers = build_parser()
    args = parser.parse_args(argv)
    try:
        return handlers[args.command](args)
    except CatalogError as exc:
        print(plain(str(exc)), file=sys.stderr)
        print(_("Fix the files above, then run `exercises validate` again."), file=sys.stderr)
        return 1
    except ExercisesError as exc:
        print(f"exercises: {plain(str(exc))}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `exercises list | head` closes the pipe early
        return 0
    except OSError as exc:  # a file or folder the user named cannot be read or written
        problem = exc.strerror or str(exc)
        if exc.filename:
            line = _("cannot use {file}: {problem}").format(file=exc.filename, problem=problem)
        else:
            line = _("cannot use it: {problem}").format(problem=problem)
        print(f"exercises: {line}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except ModuleNotFoundError as exc:  # an extra this command needs is not installed
        extra = _EXTRAS.get((exc.name or "").split(".")[0])
        if extra is None:
            raise
        extra = _COMMAND_EXTRAS.get(args.command, extra)
        needs = _("this command needs {module}; {hint}").format(
            module=exc.name, hint=install_hint(extra)
        )
        print(f"exercises: {needs}", file=sys.stderr)
        return 1


# Which optional dependency group (pyproject.toml) brings each module a command may need.
_EXTRAS = {
    "nbconvert": "pdf",
    "nbformat": "pdf",
    "nbclient": "pdf",
    "jupyter_client": "pdf",
    "nh3": "pdf",
    "playwright": "pdf",
    "voila": "present",
}
# A command whose extra brings every module it needs: present's Voilà brings nbformat too.
_COMMAND_EXTRAS = {"present": "present", "lab": "lab", "site": "site"}
