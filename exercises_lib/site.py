"""The course as a static JupyterLite site: JupyterLab and a Python kernel (Pyodide) that
run in the browser, from plain files any web server (or a laptop) can serve, offline.

``build_site`` gathers, in a working folder it keeps between builds:

- the catalogue, checked here (where PyYAML and jsonschema work) and written as JSON into
  a wheel of the course, which the browser reads instead of the YAML (``lite``);
- the lessons and tool notebooks in every language, as ``exercises lab`` copies them,
  English at the top and each other language in its own folder;
- the HTML handouts, which the learner prints with the browser's own print dialog;
- the Pyodide core, from npm's ``pyodide`` package (its version is the kernel's);
- every pure-Python wheel the course needs, locked by the kernel's lock step (uv).

Then ``jupyter lite build`` writes the site, and the course's own start page replaces
JupyterLite's. A second build with the same inputs reuses the site already there.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ._version import __version__
from .checking import checked_data, data_languages
from .coursefiles import SHIPPED_DATA, course_dir, in_checkout
from .errors import UsageError
from .i18n import N_, SOURCE_LANGUAGE, _, language, languages, speaking
from .jupyterlab import OVERRIDES, TRANSLATION_PLUGIN, menu_words
from .lite import SAVED_FOLDER
from .sitepage import (
    HANDOUTS_FOLDER,
    Handout,
    handout_files,
    handouts_in,
    lab_app,
    start_page,
)
from .steps import NO_PROGRESS, Progress, Step
from .userdata import held
from .workspace import FOLDERS, fresh_copy

if TYPE_CHECKING:  # nbformat loads only to copy the notebooks
    from nbformat import NotebookNode

__all__ = [
    "COMPUTER_ONLY",
    "browser_requirements",
    "build_site",
    "site_tools",
    "stand_in",
    "write_browser_data",
]

# Tool notebooks that need the course on a computer: saved routines are YAML files, and
# the handouts are made by running the lessons. In the site each is a page that says what
# to do instead, where the learner looks for it.
COMPUTER_ONLY = {
    "notebooks/print-handouts.ipynb": N_(
        "In this browser version, the handouts are ready made, in the folder {folder} "
        "(Spanish ones in es/{folder}). In the file browser on the left, right-click a "
        "handout and choose **{open_in_tab}**, then print it with your browser's "
        "Print (Ctrl+P, or Cmd+P on a Mac). The course's start page lists them too. PDF "
        "files, large print and the sheet for your doctor need the course installed on a "
        "computer: see the README."
    ),
    "notebooks/routine-builder.ipynb": N_(
        "Building your own routine saves a routine file, which needs the course installed "
        "on a computer: see the README. In this browser version, pick one of the course's "
        "routines in [Today's session](todays-session.ipynb)."
    ),
}
# The footer every tool notebook ends with, from code the browser can run.
_FOOTER = 'from exercises_lib.course import Lesson, course_catalog\n\nLesson("00-start-here", course_catalog()).footer()'

# JupyterLite runs a notebook only with its Pyodide kernel named.
_KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
# The kernel's own shims stand in for these (jupyterlite-pyodide-kernel's static/pypi).
_SHIMMED = {"widgetsnbextension", "jupyterlab-widgets", "ipykernel"}
# What the kernel itself loads besides the course's own needs.
_KERNEL_NEEDS = ("micropip", "packaging")
_STAMP = ".exercises-site.json"
# How long a build waits for another one using the same work folder (a cold one under
# load takes a few minutes).
_TURN_SECONDS = 900


def site_tools() -> tuple[str, str]:
    """The versions of JupyterLite and of the Pyodide its kernel runs; a UsageError with
    the fix when they are not installed here."""
    try:
        import jupyterlite_core
        from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION
    except ImportError:
        raise UsageError(
            _(
                "building the site needs JupyterLite and its lock step, on Python 3.12 or "
                "newer; run make site, or pip install 'exercises-lib[site]' there"
            )
        ) from None
    return jupyterlite_core.__version__, PYODIDE_VERSION


def build_site(
    out: Path,
    *,
    region: str | None = None,
    work: Path | None = None,
    progress: Progress = NO_PROGRESS,
) -> Path:
    """Build the site in ``out`` (its start page is ``out/index.html``) and return it.

    ``work`` (default ``build/site-work``) keeps what the next build can reuse; two builds
    that share it take turns."""
    versions = site_tools()
    if not in_checkout():
        raise UsageError(
            _("build the site from a checkout of the course (git clone, then make site)")
        )
    work = (work or Path("build") / "site-work").resolve()
    with held(work, seconds=_TURN_SECONDS):
        return _build(out.resolve(), region, work, versions, progress)


def _build(
    out: Path, region: str | None, work: Path, versions: tuple[str, str], progress: Progress
) -> Path:
    lite_version, pyodide_version = versions
    lite_dir = work / "lite"
    steps = 7
    progress(Step(_("checking the data"), 0, steps))
    browser_data = write_browser_data(work / "browser-data", region)
    progress(Step(_("building the course's wheel"), 1, steps))
    wheel = _course_wheel(work / "wheels", browser_data)
    progress(Step(_("copying the lessons"), 2, steps))
    _write_course_files(lite_dir / "files", progress)
    progress(Step(_("making the handouts"), 3, steps))
    handouts = _write_handouts(lite_dir / "files", region, work)
    progress(Step(_("unpacking Pyodide"), 4, steps))
    _pyodide_core(lite_dir / "static" / "pyodide", work / "npm", pyodide_version)
    _write_lite_config(lite_dir, wheel)
    package = Path(__file__).resolve().parent
    stamp = _digest(
        [package, lite_dir / "files", browser_data, lite_dir / "jupyter_lite_config.json"]
    )
    stamp = f"{stamp}-{lite_version}-{pyodide_version}"
    progress(Step(_("building the site"), 5, steps))
    if _read_stamp(out) != stamp:
        _lite_build(lite_dir, out)
        (out / _STAMP).write_text(json.dumps({"inputs": stamp}), encoding="utf-8")
    _lab_in_each_language(out)
    progress(Step(_("writing the start page"), 6, steps))
    index = out / "index.html"
    page = start_page(_languages_here(), region, handouts, _config_data(index))
    index.write_text(page, encoding="utf-8")
    progress(Step(_("done"), steps, steps))
    return out / "index.html"


def _languages_here() -> list[str]:
    return [
        lang for lang in languages() if lang in (SOURCE_LANGUAGE, *data_languages(SHIPPED_DATA))
    ]


def write_browser_data(folder: Path, region: str | None) -> Path:
    """The checked catalogue in every language, and the site's region, as JSON."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for lang in _languages_here():
        checked, _figures = checked_data(SHIPPED_DATA, [], None, lang)
        text = json.dumps(checked, ensure_ascii=False, sort_keys=True)
        (folder / f"catalog-{lang}.json").write_text(text, encoding="utf-8")
    site = {"region": region} if region else {}
    (folder / "site.json").write_text(json.dumps(site), encoding="utf-8")
    return folder


def _course_wheel(folder: Path, browser_data: Path) -> Path:
    """A wheel of the course carrying the checked data (hatch_build.py adds it)."""
    shutil.rmtree(folder, ignore_errors=True)
    env = {**os.environ, "EXERCISES_BROWSER_DATA": str(browser_data)}
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"]
    command += ["--wheel-dir", str(folder), str(course_dir())]
    subprocess.run(command, env=env, check=True)
    wheels = sorted(folder.glob("exercises_lib-*.whl"))
    if len(wheels) != 1:
        raise UsageError(f"expected one wheel of the course in {folder}; found {len(wheels)}")
    return wheels[0]


def _write_course_files(files: Path, progress: Progress) -> None:
    """Every lesson and tool notebook in every language: English at the top, others in
    a folder named by their code (``es/lessons/…``), where ``lite`` reads the language."""
    shutil.rmtree(files, ignore_errors=True)
    sources = [p for folder in FOLDERS for p in sorted((course_dir() / folder).glob("*.ipynb"))]
    for lang in _languages_here():
        top = files if lang == SOURCE_LANGUAGE else files / lang
        for done, source in enumerate(sources):
            relative = source.relative_to(course_dir())
            progress(Step(_("copying {file}").format(file=relative), done, len(sources)))
            nb = fresh_copy(source, lang)
            if relative.as_posix() in COMPUTER_ONLY:
                nb.cells = stand_in(nb, relative.as_posix(), lang)
            nb.metadata["kernelspec"] = dict(_KERNELSPEC)
            target = top / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")
    # the learner's folder, there from the start so they can find where their log goes
    (files / SAVED_FOLDER).mkdir(parents=True)
    (files / SAVED_FOLDER / "README.md").write_text(_saved_folder_note(), encoding="utf-8")


def stand_in(nb: NotebookNode, path: str, lang: str) -> list[NotebookNode]:
    """The cells of ``nb``, the computer-only tool at ``path``, in the site in ``lang``: its
    title, what to do instead (the menu item named as JupyterLab's menus in ``lang`` say
    it), and the footer."""
    from nbformat.v4 import new_code_cell, new_markdown_cell

    title = nb.cells[0].source.splitlines()[0]
    menu = menu_words(lang)
    with speaking(lang):
        words = _(COMPUTER_ONLY[path]).format(
            folder=HANDOUTS_FOLDER, open_in_tab=menu("Open in New Browser Tab")
        )
    return [new_markdown_cell(f"{title}\n\n{words}"), new_code_cell(_FOOTER)]


def _write_handouts(files: Path, region: str | None, work: Path) -> dict[str, list[Handout]]:
    """The HTML handouts in every language (the browser prints them), by language.

    They are made again only when the course, its data or the region changed."""
    made_in = work / "handouts" / (region or "no-region")  # one set kept per region
    sources = [Path(__file__).resolve().parent, course_dir() / "lessons", SHIPPED_DATA]
    key = f"{_digest(sources)}-{region}"
    stamp = made_in / ".inputs"
    if not stamp.is_file() or stamp.read_text(encoding="utf-8") != key:
        shutil.rmtree(made_in, ignore_errors=True)
        for lang in _languages_here():
            command = [sys.executable, "-m", "exercises_lib", "--lang", lang, "handouts"]
            command += ["--format", "html", "--out", str(made_in / handout_files(lang))]
            command += ["--region", region] if region else []
            # a home of its own: the builder's saved region or plan never reaches the site
            env = {**os.environ, "EXERCISES_HOME": str(work / "home")}
            done = subprocess.run(command, env=env, capture_output=True, text=True)
            if done.returncode:
                raise UsageError(done.stderr[-4000:])
        stamp.write_text(key, encoding="utf-8")
    made = {}
    for lang in _languages_here():
        shutil.copytree(made_in / handout_files(lang), files / handout_files(lang))
        made[lang] = handouts_in(files / handout_files(lang))
    return made


def _saved_folder_note() -> str:
    parts = []
    for lang in _languages_here():
        with speaking(lang):
            parts.append(
                _(
                    "Your progress log (progress.sqlite) and settings are kept here, in this "
                    "browser only. Clearing the browser's site data erases them. To move "
                    "them to another computer, right-click progress.sqlite and choose "
                    "{download}; there, upload it into this folder."
                ).format(download=menu_words(lang)("Download"))
            )
    return "\n\n".join(parts) + "\n"


def _pyodide_core(target: Path, cache: Path, version: str) -> None:
    """npm's ``pyodide`` package (the core: no packages) at the well-known path."""
    tarball = cache / f"pyodide-{version}.tgz"
    if not tarball.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        npm = shutil.which("npm")
        if npm is None:
            raise UsageError(_("building the site needs npm, for the Pyodide core"))
        command = [npm, "pack", "--silent", f"pyodide@{version}", "--pack-destination", str(cache)]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    if (target / "pyodide.mjs").is_file() and (target / ".version").read_text() == version:
        return
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    with tarfile.open(tarball) as packed:
        for member in packed.getmembers():
            if member.isfile() and member.name.startswith("package/"):
                member.name = member.name.removeprefix("package/")
                packed.extract(member, target, filter="data")
    (target / ".version").write_text(version)


def _browser_environment() -> dict[str, str]:
    from packaging.markers import default_environment

    here = {key: str(value) for key, value in default_environment().items()}
    return {
        **here,
        "sys_platform": "emscripten",
        "platform_system": "Emscripten",
        "platform_machine": "wasm32",
        "extra": "",
    }


def browser_requirements(name: str = "exercises-lib") -> tuple[list[str], list[str]]:
    """What ``name`` needs in the browser, by name (its requirements, theirs, and so on,
    each marker read as Pyodide would), and what its own markers leave out there.

    The lock step keeps only the packages named as needed local; any other it took from
    Pyodide's list would be fetched from Pyodide's CDN, which an offline site cannot do.
    Those left out are kept out of the lock step altogether (it would fetch them too).
    """
    from importlib.metadata import PackageNotFoundError, distribution

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    browser = _browser_environment()
    found: set[str] = set()
    left_out: set[str] = set()
    todo = [canonicalize_name(name)]
    while todo:
        current = todo.pop()
        try:
            requires = distribution(current).requires or []
        except PackageNotFoundError:
            continue  # named, but not installed here: the lock step resolves it by name
        for line in requires:
            requirement = Requirement(line)
            wanted = canonicalize_name(requirement.name)
            if requirement.marker is not None and not requirement.marker.evaluate(browser):
                if current == canonicalize_name(name) and "extra" not in str(requirement.marker):
                    left_out.add(wanted)
                continue
            if wanted not in found:
                found.add(wanted)
                todo.append(wanted)
    found.discard(canonicalize_name(name))
    return sorted((found | set(_KERNEL_NEEDS)) - _SHIMMED), sorted(left_out)


def _write_lite_config(lite_dir: Path, wheel: Path) -> None:
    needed, left_out = browser_requirements()
    config = {
        "LiteBuildConfig": {"contents": ["files"], "no_sourcemaps": True, "apps": ["lab", "repl"]},
        "PyodideLockAddon": {
            "enabled": True,
            "specs": needed,
            "excludes_extra": left_out,
            "wheels": [str(wheel)],
        },
    }
    (lite_dir / "jupyter_lite_config.json").write_text(json.dumps(config, indent=2))
    shutil.copyfile(OVERRIDES, lite_dir / "overrides.json")  # the course's JupyterLab settings


def _lite_build(lite_dir: Path, out: Path) -> None:
    # doit's record of finished steps belongs to the last output folder, not this one
    for record in lite_dir.glob(".jupyterlite.doit.db*"):
        record.unlink()
    command = [sys.executable, "-m", "jupyterlite_core", "build", "--output-dir", str(out)]
    # uv would try to download a Python 3.14 it never needs (no wheel here is built)
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    done = subprocess.run(command, cwd=lite_dir, env=env, capture_output=True, text=True)
    if done.returncode:
        raise UsageError(
            _("jupyter lite build failed; what it said:\n{output}").format(
                output=(done.stdout + done.stderr)[-4000:]
            )
        )


def _lab_in_each_language(out: Path) -> None:
    """JupyterLab's app once more for each language it has a language pack for, with that
    locale among its settings' defaults, so its menus speak the lessons' language (as
    ``exercises lab --lang`` does). Learners' files and settings are the same in each."""
    for lang in _languages_here():
        app = lab_app(lang)
        row = language(lang)
        if app == "lab" or row is None:
            continue
        target = out / app
        shutil.rmtree(target, ignore_errors=True)
        # a sibling of lab/, so every path the page and its config name stays right
        shutil.copytree(out / "lab", target)
        config_file = target / "jupyter-lite.json"
        config = json.loads(config_file.read_text(encoding="utf-8"))
        overrides = config["jupyter-config-data"].setdefault("settingsOverrides", {})
        overrides[TRANSLATION_PLUGIN] = {"locale": row.lab_locale}
        config_file.write_text(json.dumps(config, indent=2), encoding="utf-8")


def _config_data(index: Path) -> str:
    """JupyterLite's settings element of its start page, which the page replacing it keeps:
    the app reads every parent folder's page for it."""
    found = re.search(r'<script id="jupyter-config-data".*?</script>', index.read_text(), re.S)
    if found is None:
        raise UsageError(f"{index} has no jupyter-config-data; build into an empty folder")
    return found[0]


def _digest(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256(__version__.encode())
    for top in paths:
        for path in sorted(top.rglob("*")) if top.is_dir() else [top]:
            if path.is_file() and path.suffix != ".pyc":
                digest.update(f"\0{path.relative_to(top)}\0".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def _read_stamp(out: Path) -> str | None:
    try:
        return json.loads((out / _STAMP).read_text(encoding="utf-8"))["inputs"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
