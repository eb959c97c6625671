"""Notebook plumbing shared by handouts and slides: find lessons, run one quietly, keep
what prints.

``PrintablePreprocessor`` keeps what a reader needs on a page or a slide, built on
nbconvert's own TagRemovePreprocessor for the tagged cells.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError
from nbconvert.filters.markdown_mistune import markdown2html_mistune
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor
from traitlets import Bool, CaselessStrEnum, Set, default

from .coursefiles import read_notebook
from .errors import ExercisesError, UsageError
from .i18n import LANG_ENV, N_, _, current_language
from .lessonwords import is_course_notebook, translate
from .loading import DATA_ENV
from .regions import REGION_ENV
from .rendering import ANSWER_KEY_MIMETYPE
from .sanitize import clean_html, relink

__all__ = [
    "PrintablePreprocessor",
    "QuietKernelManager",
    "answer_keys",
    "failures_said_briefly",
    "lesson_paths",
    "lesson_title",
    "nbconvert_templates",
    "run_lesson",
    "tidy_nbconvert_css",
]

_KEEP_MIMETYPES = ("text/html", "image/svg+xml", "image/png", "image/jpeg", "text/markdown")


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


@contextmanager
def nbconvert_templates() -> Iterator[None]:
    """Say what to do when nbconvert cannot find its own templates (a half-moved install)."""
    try:
        yield
    except ValueError as exc:
        if "template" not in str(exc).lower():
            raise
        raise UsageError(
            _(
                "nbconvert cannot find its templates (share/jupyter/nbconvert beside the Python "
                "that runs it); reinstall it where the course is installed: "
                "pip install --force-reinstall nbconvert"
            )
        ) from None


def lesson_paths(lessons_dir: Path, wanted: Iterable[str] | None = None) -> list[Path]:
    """The lesson notebooks, all or those whose number or stem is wanted ('04', '04-bird-dog').

    ``NN-name.new.ipynb`` (the course's new version beside a learner's edited copy) is not a
    lesson of its own. A folder without lessons is refused, so no message lists nothing.
    """
    every = sorted(p for p in lessons_dir.glob("[0-9][0-9]-*.ipynb") if not p.stem.endswith(".new"))
    if not every:
        raise UsageError(
            _(
                "no lesson notebooks (NN-name.ipynb) in {folder}; pass --lessons-dir with the "
                "folder that holds them, or leave it out to use the course's own lessons"
            ).format(folder=lessons_dir)
        )
    if wanted is None:
        return every
    wanted = [w.strip() for w in wanted if w.strip()]
    chosen, unknown = [], []
    for want in wanted:
        match = [p for p in every if p.stem == want or p.stem.split("-", 1)[0] == want.zfill(2)]
        (chosen.extend(match) if match else unknown.append(want))
    if unknown:
        valid = ", ".join(p.stem for p in every)
        raise UsageError(
            _("unknown lesson {lessons}; choose from: {valid}").format(
                lessons=", ".join(map(repr, unknown)), valid=valid
            )
        )
    return list(dict.fromkeys(chosen))


def lesson_title(path: Path) -> str:
    """A lesson's title in the learner's language: the first heading of its first Markdown
    cell, else its file name."""
    try:
        nb = translate(read_notebook(path), path, current_language())
        first = next(c for c in nb.cells if c.get("cell_type") == "markdown")
        source = first.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
    except (OSError, ValueError, AttributeError, StopIteration, ExercisesError):
        return path.stem
    heading = re.search(r"^#+\s+(.+)$", text, re.MULTILINE)
    return heading.group(1).strip() if heading else path.stem


def run_lesson(path: Path, data_dir: Path, region: str | None = None) -> nbformat.NotebookNode:
    """A lesson executed top to bottom against a data folder, so its cards and widgets render.

    ``region`` and the learner's language are handed to the kernel, so the lesson names
    that region's routes in that language. Only the
    course's own lessons run (``is_course_notebook``, by content, in any of its languages); any other notebook, even
    one in a lessons folder, is returned as it is and printed without running its code.
    """
    nb = read_notebook(path)
    if not is_course_notebook(nb):
        return nb
    for cell in nb.cells:  # only what the lesson's own code shows now is printed
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb = translate(nb, path, current_language())
    client = NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        kernel_manager_class=QuietKernelManager,
        resources={"metadata": {"path": str(path.parent)}},
    )
    env = {**os.environ, DATA_ENV: str(data_dir), LANG_ENV: current_language()}
    if region:
        env[REGION_ENV] = region
    with failures_said_briefly(path):
        client.execute(env=env)
    return nb


@contextmanager
def failures_said_briefly(file: object) -> Iterator[None]:
    """A lesson that fails while it runs is one line naming it and what to do: never the
    cell's traceback, which the command line, a printout or JupyterLab's export menu (its
    error page shows the message whole) would otherwise show."""
    try:
        yield
    except CellExecutionError as failed:  # the lesson's own code failed: say where, briefly
        raise UsageError(
            _(
                "{file} stopped with an error while it ran ({problem}); check the data folder "
                "with `exercises validate`, or restore the lesson with git"
            ).format(file=file, problem=f"{failed.ename}: {failed.evalue}"[:300])
        ) from None
    except (DeadKernelError, TimeoutError, RuntimeError) as failed:  # the kernel itself
        raise UsageError(
            _("{file} could not be run: the notebook's kernel stopped ({problem})").format(
                file=file,
                problem=str(failed).strip().splitlines()[-1][:300]
                if str(failed)
                else type(failed).__name__,
            )
        ) from None


class PrintablePreprocessor(Preprocessor):
    """Keep what a reader needs on a page or a slide: no code noise, no widget debris.

    Whatever HTML the notebook holds (markdown cells, HTML and SVG outputs) passes
    through the sanitiser, so no script reaches the page; raw cells are left out.
    Links to other lessons follow ``resources["link_targets"]`` (see ``sanitize.relink``).
    """

    remove_tags = Set(
        {"trainer", "hide-handout", "setup"}, help="Cells with any of these tags are left out."
    ).tag(config=True)
    keep_notes = Bool(False, help="Keep speaker-notes cells (for a trainer's deck).").tag(
        config=True
    )

    def preprocess(self, nb, resources):
        tags = TagRemovePreprocessor(remove_cell_tags=set(self.remove_tags))
        nb, resources = tags.preprocess(nb, resources)
        cells = []
        for cell in nb.cells:
            notes = cell.metadata.get("slideshow", {}).get("slide_type") == "notes"
            if notes and not self.keep_notes:
                continue
            if cell.cell_type == "raw":
                continue
            if cell.cell_type == "markdown":
                cell = _markdown_as_output(cell)
            if cell.cell_type == "code":
                cell.outputs = [
                    o for o in map(_printable, cell.get("outputs", [])) if o is not None
                ]
                if not cell.outputs:
                    continue
            cells.append(cell)
        targets = resources.get("link_targets", {})
        for cell in cells:
            for output in cell.get("outputs", []):
                if "text/html" in output.get("data", {}):
                    output.data["text/html"] = relink(output.data["text/html"], targets)
        nb.cells = cells
        nb.metadata.pop("widgets", None)
        return nb, resources


# nbconvert's inlined JupyterLab stylesheet and reveal template carry a few lines that
# HTML and CSS validators reject; each is replaced by what browsers already read it as.
_NBCONVERT_QUIRKS = (
    (re.compile(r"\.jp-scrollbar-tiny::-webkit-scrollbar-track:\w+\s*\{[^}]*\}"), ""),
    (re.compile(r"box-shadow:\s*'([^']*)'"), r"box-shadow: \1"),
    (re.compile(r"overflow:\s*overlay"), "overflow: auto"),
    (re.compile(r'<meta[^>]*"X-UA-Compatible"[^>]*>\n?'), ""),
)


def tidy_nbconvert_css(html: str) -> str:
    """The page or stylesheet without nbconvert's invalid lines (the W3C checker's errors)."""
    for pattern, replacement in _NBCONVERT_QUIRKS:
        html = pattern.sub(replacement, html)
    return html


# Every lesson opens with how to run it in JupyterLab; a page or a slide has nothing to run.
# A translated lesson opens with the catalogue's words for it.
RUN_GUIDE_MARK = N_("**To start:**")
# A paragraph that opens with this (invisible) comment tells the learner what to press on
# screen; on paper the widget below it says what to do with the sheet instead.
SCREEN_ONLY_MARK = "<!-- screen -->"


def answer_keys(cell: nbformat.NotebookNode) -> list[str]:
    """A quiz cell's answer keys, sanitised (its widget leaves them in a mimetype of their own)."""
    return [
        clean_html(o["data"][ANSWER_KEY_MIMETYPE])
        for o in cell.get("outputs", [])
        if ANSWER_KEY_MIMETYPE in o.get("data", {})
    ]


def _markdown_as_output(cell: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A markdown cell as sanitised HTML output, keeping its slide and tag metadata."""
    paragraphs = re.split(r"\n[ \t]*\n", cell.source)
    screen = (RUN_GUIDE_MARK, _(RUN_GUIDE_MARK), SCREEN_ONLY_MARK)
    source = "\n\n".join(p for p in paragraphs if not p.lstrip().startswith(screen))
    html = clean_html(markdown2html_mistune(source))
    output = nbformat.v4.new_output(
        "display_data", data={"text/html": f'<div class="jp-RenderedMarkdown">{html}</div>'}
    )
    return nbformat.v4.new_code_cell(source="", outputs=[output], metadata=cell.metadata)


def _printable(output):
    """The output as print shows it: widgets by their static view, sanitised; no streams,
    errors or plain reprs."""
    if output.output_type not in ("display_data", "execute_result"):
        return None
    data = {k: v for k, v in output.data.items() if k in _KEEP_MIMETYPES}
    if "text/markdown" in data:
        markdown = data.pop("text/markdown")
        data.setdefault("text/html", markdown2html_mistune(markdown))
    for kind in ("text/html", "image/svg+xml"):
        if kind in data:
            data[kind] = clean_html(data[kind])
    if not data:
        return None  # a widget with no print view, or a bare text repr
    output.data = data
    return output
