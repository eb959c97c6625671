"""What every command shares: its options, the checked values they take, the catalog."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from ..coursefiles import protected_paths
from ..i18n import N_, _, languages
from ..loading import course_catalog
from ..logschema import WALK_MINUTES_MAX
from ..models import Catalog
from ..names import UNSAFE_CHARACTERS
from ..regions import REGION_ENV, as_typed
from ..steps import Progress, Step
from ..workspace import FOLDERS, workspace_dir

__all__ = [
    "NO_PLAN",
    "NO_PROGRAMME",
    "Handler",
    "PlainStream",
    "bounded",
    "catalog_for",
    "data_option",
    "date_value",
    "day_option",
    "db_option",
    "free_port",
    "install_hint",
    "lang_option",
    "note_value",
    "output_option",
    "pain_value",
    "plain",
    "port_value",
    "protected_paths_and_copies",
    "region_option",
    "reps_value",
    "seconds_value",
    "shown_progress",
    "split_list",
    "weeks_value",
]

# What each command runs: the parsed arguments in, the exit code out.
Handler = Callable[[argparse.Namespace], int]

# Messages more than one command gives; translated where they are shown.
NO_PLAN = N_("no plan started yet; run `exercises plan start` first")
NO_PROGRAMME = N_("there is no programme in the data folder (data/programs/)")

# Terminal control characters from data, notes or file names could recolour or rewrite
# the screen; bidirectional overrides and isolates could make a line read backwards. Tabs
# and line ends are the terminal's own.
_CONTROL = re.compile(f"(?![\t\n])[{UNSAFE_CHARACTERS}]")


# A word this long in a message is a value someone typed or planted (a 1 MB option):
# its start is enough to recognise it.
_LONG_WORD = re.compile(r"\S{200,}")
_WORD_SHOWN = 120


def _shortened(word: re.Match[str]) -> str:
    text = word.group(0)
    return _("{start}… ({count} characters)").format(start=text[:_WORD_SHOWN], count=len(text))


class PlainStream:
    """A text stream that passes every write through ``plain``: what reaches the terminal
    carries no escape sequence and no bidirectional override, whoever printed it. With
    ``messages``, a word of 200 characters or more is cut to its start and its length."""

    def __init__(self, stream: TextIO, *, messages: bool = False):
        self._stream = stream
        self._messages = messages

    def write(self, text: str) -> int:
        text = _CONTROL.sub("?", text)
        if self._messages:
            text = _LONG_WORD.sub(_shortened, text)
        return self._stream.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def plain(text: str, *, one_line: bool = False) -> str:
    """Text safe for a terminal: control characters shown as '?'; one line if asked."""
    if one_line:
        text = text.replace("\r\n", " / ").replace("\n", " / ").replace("\r", " / ")
    return _CONTROL.sub("?", text)


def protected_paths_and_copies(*also: Path | str) -> list[Path]:
    """What an output file never replaces: the course's and the learner's own files
    (``protected_paths``), the learner's copies of the lessons and tools, and ``also``."""
    copies = [workspace_dir() / folder for folder in FOLDERS]
    return protected_paths(*copies, *also)


def lang_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        metavar="CODE",
        default=None,
        help=_(
            "the language to use: {languages} (default: $EXERCISES_LANG, else your saved "
            "setting, else your system's language, else English)"
        ).format(languages=", ".join(languages())),
    )


_FORMAT_HELP = {"table": N_("table or json"), "text": N_("text or json")}


def output_option(parser: argparse.ArgumentParser, words: str) -> None:
    """--format: ``words`` (a table or text, for people) or json (for other programs)."""
    parser.add_argument(
        "--format",
        type=str.lower,
        choices=(words, "json"),
        default=words,
        help=_(_FORMAT_HELP[words]),
    )


def data_option(parser: argparse.ArgumentParser) -> None:
    lang_option(parser)
    parser.add_argument(
        "--data",
        metavar="DIR",
        type=Path,
        default=None,
        help=_("data folder to use (default: $EXERCISES_DATA, else the course's own data)"),
    )
    region_option(
        parser,
        _(
            "whose emergency routes to name, e.g. GB, US, NZ (default: $EXERCISES_REGION, "
            "else your saved setting, else neutral words with the common numbers)"
        ),
    )


def region_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    """--region CODE (checked where it is used, against the regions in the data)."""
    parser.add_argument("--region", metavar="CODE", type=as_typed, default=None, help=help_text)


def db_option(parser: argparse.ArgumentParser) -> None:
    from ..userdata import user_dir

    parser.add_argument(
        "--db",
        metavar="PATH",
        type=Path,
        default=None,
        help=_("the progress log (default: $EXERCISES_DB, else {path})").format(
            path=user_dir() / "progress.sqlite"
        ),
    )


def pain_value(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 10:
        raise argparse.ArgumentTypeError(
            _("pain must be a whole number from 0 to 10; got {text!r}").format(text=text)
        )
    return value


MAX_NOTE = 500


def note_value(text: str) -> str:
    """A note for the log, of at most MAX_NOTE characters (a listing shows it as one plain
    line, whatever it holds)."""
    if len(text) > MAX_NOTE:
        raise argparse.ArgumentTypeError(
            _("a note is at most {most} characters; this one has {count}").format(
                most=MAX_NOTE, count=len(text)
            )
        )
    return text


def bounded(kind: type, low: float, high: float, what: str):
    """A value parser for numbers from low to high; ``what`` is a message (marked with N_)."""

    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or not (low <= value <= high):  # also refuses nan
            raise argparse.ArgumentTypeError(
                _("{what} must be from {low:g} to {high:g}; got {text!r}").format(
                    what=_(what), low=low, high=high, text=text
                )
            )
        return value

    return parse


reps_value = bounded(int, 1, 100, N_("reps"))
port_value = bounded(int, 1, 65535, N_("port"))
seconds_value = bounded(float, 0.5, 600, N_("seconds"))
weeks_value = bounded(int, 1, 52, N_("weeks"))
walk_minutes_value = bounded(int, 1, WALK_MINUTES_MAX, N_("minutes"))


# The course's days: nothing before 2000, nothing so far ahead that adding weeks overflows.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)


def date_value(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("dates look like 2026-11-30 (year-month-day); got {text!r}").format(text=text)
        ) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise argparse.ArgumentTypeError(
            _("give a date from {first} to {last}; got {text}").format(
                first=FIRST_DAY, last=LAST_DAY, text=text
            )
        )
    return day


def day_option(parser: argparse.ArgumentParser) -> None:
    """``--date``: the day something is logged for, today unless given."""
    parser.add_argument(
        "--date", type=date_value, metavar="DATE", help=_("which day (default: today)")
    )


@contextmanager
def shown_progress(stream: TextIO | None = None) -> Iterator[Progress]:
    """Long work's steps: on a terminal a bar with the count done, the total and the time
    left (tqdm); elsewhere plain lines, '(3/9) running 04-bird-dog.ipynb'."""
    out = stream or sys.stderr
    if not out.isatty():

        def line(step: Step) -> None:
            print(f"({step.done}/{step.total}) {step}" if step.total else str(step), file=out)

        yield line
        return
    from tqdm import tqdm

    bars: list[tqdm] = []

    def finish() -> None:
        """The last bar's work moved on, so all its steps are done."""
        bars[-1].update(bars[-1].total - bars[-1].n)
        bars[-1].close()

    def draw(step: Step) -> None:
        if not step.total:
            tqdm.write(str(step), file=out)
            return
        if not bars or bars[-1].total != step.total or step.done < bars[-1].n:
            if bars:
                finish()
            bars.append(tqdm(total=step.total, file=out, leave=True))
        bars[-1].set_description_str(str(step), refresh=False)
        bars[-1].update(step.done - bars[-1].n)

    try:
        yield draw
    except BaseException:
        for bar in bars:
            bar.close()  # as far as it got
        raise
    if bars:
        finish()


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
    return _("install it with pip install '{package}' (make lab installs everything)").format(
        package=f"exercises-lib[{extra}]"
    )
