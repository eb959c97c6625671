"""The package's structure: data flows one way, with no import circles and one catalog load."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "exercises_lib"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "reveal.js" not in p.parts)


def _name(path: Path) -> str:
    parts = ["exercises_lib", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def _imports(path: Path, *, module_level_only: bool) -> set[str]:
    """Modules a file imports (absolute names); TYPE_CHECKING blocks never run, so never count."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _name(path) if _is_package(path) else _name(path).rsplit(".", 1)[0]
    found: set[str] = set()

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            inner = top and not isinstance(
                child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
            )
            if isinstance(child, ast.Import) and (inner or not module_level_only):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and (inner or not module_level_only):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - (child.level - 1)]
                    prefix = ".".join(base + ([child.module] if child.module else []))
                else:
                    prefix = child.module or ""
                found.add(prefix)
                found.update(f"{prefix}.{alias.name}" for alias in child.names)
            visit(child, inner)

    visit(tree, True)
    return found


def _graph(*, module_level_only: bool = False) -> dict[str, set[str]]:
    """Which of the package's modules each one imports; inside functions too, unless told."""
    names = {_name(p) for p in MODULES}
    return {
        _name(p): {m for m in _imports(p, module_level_only=module_level_only) if m in names}
        - {_name(p)}
        for p in MODULES
    }


def test_modules_found():
    """The walk sees the package's modules, so the checks below can fail."""
    assert len(MODULES) > 25
    assert "exercises_lib.models" in _graph()


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    cycles: list[list[str]] = []
    state: dict[str, str] = {}

    def walk(node: str, stack: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                # a package importing its own submodules is how packages work, not a circle
                if not nxt.startswith(node + ".") and not node.startswith(nxt + "."):
                    cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                walk(nxt, [*stack, nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            walk(node, [node])
    return cycles


def test_no_import_circles():
    """No chain of imports leads back to where it started, counting those made inside
    functions: a late import only moves a circle from import time to run time."""
    assert [] == _circles(_graph())


def test_a_circle_through_a_late_import_is_found():
    """The check above sees an import inside a function (the way errors once reached i18n)."""
    graph = _graph()
    assert "exercises_lib.errors" in graph["exercises_lib.i18n"]
    assert [] == _circles(graph)
    graph["exercises_lib.errors"] = {*graph["exercises_lib.errors"], "exercises_lib.i18n"}
    assert _circles(graph) == [
        ["exercises_lib.errors", "exercises_lib.i18n", "exercises_lib.errors"]
    ]


def test_late_imports_are_in_the_graph():
    """``_imports`` reads an import made inside a function, so the circle check can see it."""
    late = [
        p
        for p in MODULES
        if _imports(p, module_level_only=False) - _imports(p, module_level_only=True)
    ]
    assert late, "no module imports inside a function: this check would see nothing"


# Every module's layer, lowest first. Data flows one way: a module imports (at any level,
# inside functions too) only from its own layer or the layers below it.
LAYERS: dict[str, tuple[str, ...]] = {
    "base": (
        "_version",
        "plain",
        "errors",
        "placeholders",
        "lite",
        "i18n",
        "userdata",
        "settings",
        "unknownid",
        "coursefiles",
        "sanitize",
        "browser",
        "poses",
        "names",
        "charts",
        "steps",
    ),
    "domain": (
        "quizmodels",
        "safetymodels",
        "models",
        "painverdict",
        "measures",
        "ladder",
        "rulebook",
        "timing",
        "runner",
        "regions",
        "figures",
    ),
    "data": (
        "validation",
        "datachecks",
        "yamlreader",
        "building",
        "overlays",
        "lessonwords",
        "checking",
        "loading",
        "logschema",
        "logfile",
        "logrecords",
        "progress",
        "outcomes",
        "reminders",
        "plan",
        "recording",
    ),
    "views": ("rendering", "guide", "progress_view", "notebooks", "workspace", "present"),
    "outputs": ("handouts", "slides", "jupyterlab", "serverext", "sitepage", "site"),
    "widgets": ("widgets", "course"),
    "entry": ("cli", "__main__", ""),
}


def _top(module: str) -> str:
    """The top-level part of a module's name inside the package ('' for the package face)."""
    return module.removeprefix("exercises_lib").removeprefix(".").split(".")[0]


def _layer(module: str) -> int:
    top = _top(module)
    found = [i for i, members in enumerate(LAYERS.values()) if top in members]
    assert found, f"{module} has no layer in LAYERS"
    return found[0]


def test_every_import_of_the_package_names_one_of_its_modules():
    """Imports inside the package (in functions too) name modules that exist."""
    names = {_name(p) for p in MODULES}
    stale = [
        f"{_name(p)}: {m}"
        for p in MODULES
        for m in _imports(p, module_level_only=False)
        if m.startswith("exercises_lib.")
        and m not in names
        and m.rsplit(".", 1)[0] not in names  # `from .x import name` also records x.name
    ]
    assert [] == stale


def test_every_module_has_a_layer():
    """Each module of the package, newer ones included, is named in exactly one layer."""
    tops = sorted({_top(_name(p)) for p in MODULES})
    named = [m for members in LAYERS.values() for m in members]
    assert len(named) == len(set(named))
    assert [] == [top for top in tops if top not in named]
    assert [] == [m for m in named if m not in tops]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _name(p))
def test_imports_only_go_down_the_layers(path):
    """A module imports nothing from a layer above its own, not even inside a function."""
    here = _name(path)
    names = {_name(p) for p in MODULES}
    above = sorted(
        m
        for m in _imports(path, module_level_only=False)
        if m in names and _layer(m) > _layer(here)
    )
    assert [] == above


@pytest.mark.parametrize("module", [m for layer in ("domain", "data") for m in LAYERS[layer]])
def test_core_never_imports_widgets(module):
    """The domain and its data never reach up to ipywidgets or the course's widgets."""
    paths = [PACKAGE / f"{module}.py", *sorted((PACKAGE / module).glob("*.py"))]
    found = [p for p in paths if p.exists()]
    assert found
    imported = set().union(*(_imports(p, module_level_only=False) for p in found))
    assert [] == sorted(
        m for m in imported if m.startswith(("ipywidgets", "exercises_lib.widgets"))
    )


def test_models_import_no_drawing_or_rendering():
    """models.py names pose data, never the SVG drawing or the HTML rendering, anywhere."""
    imported = _imports(PACKAGE / "models.py", module_level_only=False)
    assert not imported & {"exercises_lib.figures", "exercises_lib.rendering"}


def test_handouts_never_import_widgets():
    """Handouts print from data and notebooks; they never need a widget."""
    files = sorted((PACKAGE / "handouts").glob("*.py"))
    assert files
    for path in files:
        imported = _imports(path, module_level_only=False)
        assert not [m for m in imported if m.startswith("exercises_lib.widgets")], path.name


def test_every_widget_lives_under_widgets():
    """Only modules under widgets/ (and the notebook-facing course.py) import ipywidgets."""
    outside = [
        _name(p)
        for p in MODULES
        if "widgets" not in p.relative_to(PACKAGE).parts
        and any(m.startswith("ipywidgets") for m in _imports(p, module_level_only=False))
    ]
    assert ["exercises_lib.course"] == outside


def test_catalog_is_loaded_at_the_entry_points_only():
    """load_catalog( is called in at most three places in the package."""
    calls = [
        f"{p.relative_to(PACKAGE)}:{n}"
        for p in MODULES
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bload_catalog\(", line) and not line.lstrip().startswith("def ")
    ]
    assert calls
    assert len(calls) <= 3, calls


def test_widgets_use_no_private_helpers_of_each_other():
    """No module calls another object's private method (like timer._poke())."""
    offenders = [
        f"{p.relative_to(PACKAGE)}:{n}"
        for p in MODULES
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\b(?!self\b|cls\b)[a-z_]+\.(timer|runner|player)\._[a-z]", line)
        or re.search(r"\.timer\._[a-z]", line)
    ]
    assert [] == offenders


def test_importing_the_package_stays_light():
    """Importing exercises_lib and exercises_lib.course loads no jsonschema, nbconvert, Playwright or matplotlib."""
    code = (
        "import sys, exercises_lib, exercises_lib.course\n"
        "heavy = ['jsonschema', 'nbconvert', 'playwright', 'matplotlib', 'nbclient', 'icalendar']\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert 0 == result.returncode, result.stderr
    assert "" == result.stdout.strip()


@pytest.mark.parametrize(
    "argv", [["list"], ["log", "list", "--db", "{db}"], ["plan", "today", "--db", "{db}"]]
)
def test_everyday_commands_stay_light(argv, tmp_path):
    """list, log and plan load neither nbformat nor jsonschema (seconds to import)."""
    argv = [a.format(db=tmp_path / "log.sqlite") for a in argv]
    code = (
        "import sys\nfrom exercises_lib.cli import main\n"
        f"main({argv!r})\n"
        "print('HEAVY=' + ','.join(m for m in ['nbformat', 'jsonschema'] if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "HEAVY=" == result.stdout.strip().splitlines()[-1], result.stderr


def test_no_module_is_over_600_lines():
    """Each module stays short enough to read in one sitting."""
    assert MODULES
    long = {
        _name(p): n for p in MODULES if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert {} == long
