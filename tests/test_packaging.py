"""Set-up files agree with each other, and the built package is the whole course."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from importlib.metadata import requires
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .conftest import REPO

# What Binder installs: the course, JupyterLab, the projector, and what the tests need.
BINDER_EXTRAS = ("", "pdf", "lab", "present", "test")


def _pins() -> dict[str, str]:
    pins = {}
    for line in (REPO / "binder" / "requirements.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    return pins


def test_binder_pins_every_dependency_within_range():
    """Each dependency of the course and its tests is pinned for Binder, inside pyproject's range."""
    wanted = [
        r
        for r in (Requirement(line) for line in requires("exercises-lib") or [])
        # the static site's build tools run in a venv of their own, never on Binder
        if r.marker is None or any(r.marker.evaluate({"extra": e}) for e in BINDER_EXTRAS)
    ]
    assert wanted
    pins = _pins()
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        if name == "exercises-lib":  # an extra that names others of the course's own extras
            continue
        assert name in pins, f"binder/requirements.txt has no pin for {requirement.name}"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            requirement,
            pins[name],
        )


def test_user_files_are_ignored():
    """Checkpoints and progress databases never get committed, so hub pulls never conflict."""
    ignored = (REPO / ".gitignore").read_text().splitlines()
    for pattern in (".ipynb_checkpoints/", "*.sqlite", "/build/", ".venv/"):
        assert pattern in ignored


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The sdist and the wheel, built the way `python -m build` builds them (wheel from sdist)."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    return out


@pytest.mark.slow
def test_sdist_and_wheel_pass_twine_check(dist):
    """Both files pass `twine check --strict`, with the licences in the wheel's metadata."""
    files = sorted(dist.iterdir())
    assert 2 == len(files)
    checked = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, files)],
        capture_output=True,
        text=True,
    )
    assert 0 == checked.returncode, checked.stdout + checked.stderr
    with zipfile.ZipFile(next(dist.glob("*.whl"))) as wheel:
        metadata = wheel.read(next(n for n in wheel.namelist() if n.endswith("/METADATA")))
    assert b"License-Expression: MIT AND CC-BY-4.0" in metadata
    assert b"License-File: LICENSES/CC-BY-4.0.txt" in metadata
    assert b"License-File: LICENSES/MEASURES.md" in metadata  # the questionnaires' own terms


@pytest.mark.slow
def test_the_wheel_holds_the_whole_course(dist):
    """Every lesson, tool notebook, the trainer guide and their translations ship in the package."""
    with zipfile.ZipFile(next(dist.glob("*.whl"))) as wheel:
        names = set(wheel.namelist())
    expected = [
        f"exercises_lib/_course/{p.relative_to(REPO).as_posix()}"
        for folder in ("lessons", "notebooks")
        for p in sorted((REPO / folder).rglob("*"))
        if p.suffix in (".ipynb", ".md", ".yaml") and ".ipynb_checkpoints" not in p.parts
    ]
    expected += [
        f"exercises_lib/_data/{p.relative_to(REPO / 'data').as_posix()}"
        for p in sorted((REPO / "data" / "locales").rglob("*.yaml"))
    ]
    assert len(expected) > 10
    assert [] == [name for name in expected if name not in names]
    assert "exercises_lib/jupyterlab/overrides.json" in names
    # the server extension, enabled for every Jupyter server of the environment
    config = "etc/jupyter/jupyter_server_config.d/exercises_lib.json"
    assert [config] == [n.split("/data/", 1)[1] for n in names if n.endswith(config)]
    catalogues = sorted(
        f"exercises_lib/{p.relative_to(REPO / 'exercises_lib').with_suffix('.mo').as_posix()}"
        for p in (REPO / "exercises_lib" / "locale").glob("*/LC_MESSAGES/*.po")
    )
    assert catalogues
    assert [] == [name for name in catalogues if name not in names]


@pytest.mark.slow
def test_the_sdist_holds_the_tests_with_their_fixtures(dist):
    """The sdist has the tests and the bad files they read, never the fixtures alone."""
    with tarfile.open(next(dist.glob("*.tar.gz"))) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    fixtures = [p.relative_to(REPO).as_posix() for p in (REPO / "tests" / "data").rglob("*.*")]
    tests = [p.relative_to(REPO).as_posix() for p in (REPO / "tests").glob("test_*.py")]
    assert fixtures and tests
    assert [] == [name for name in fixtures + tests if name not in names]
    assert {"LICENSE", "LICENSES/MIT.txt", "lessons/00-start-here.ipynb"} <= names


@pytest.mark.slow
def test_the_installed_wheel_is_the_course_from_any_folder(dist, tmp_path):
    """A wheel installed outside the repository makes a workspace and a lesson handout."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    wheel = next(dist.glob("*.whl"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            str(wheel),
        ],
        check=True,
    )
    # The dependencies come from the test environment, the course itself from the wheel:
    # a bare path in a .pth file adds the folder but none of the editable install's hooks.
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(purelib, "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    home = tmp_path / "home"
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(home),
        "EXERCISES_HOME": str(tmp_path / "user"),
        "LANG": "C.UTF-8",
        # nbconvert's templates are data files of the test environment, not of this venv.
        "JUPYTER_PATH": str(Path(sysconfig.get_paths()["data"], "share", "jupyter")),
    }

    def exercises(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(venv / "bin" / "exercises"), *args],
            cwd=empty,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    # The lessons and the data both come from inside the installed package.
    probe = (
        "import exercises_lib as e, exercises_lib.coursefiles as f; c = e.load_catalog(); "
        "print(f.course_dir()); print(c.data_dir); print(len(c))"
    )
    where, data, count = subprocess.run(
        [str(python), "-c", probe],
        cwd=empty,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\n")[:3]
    assert Path(where).is_relative_to(venv), where
    assert ("_data", "exercises_lib") == (Path(data).name, Path(data).parent.name), data
    assert Path(data).is_relative_to(venv), data
    assert len(list((REPO / "data" / "exercises").glob("*.yaml"))) == int(count)

    # Every Jupyter server of the environment loads the course's extension.
    listed = subprocess.run(
        [str(python), "-m", "jupyter_server.extension.serverextension", "list"],
        cwd=empty,
        env={**env, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    shown = listed.stdout + listed.stderr
    assert any(
        "exercises_lib.serverext" in line and "enabled" in line for line in shown.splitlines()
    ), shown

    spanish = exercises("--lang", "es", "--help")
    assert spanish.stdout.startswith("uso: exercises"), spanish.stderr

    made = exercises("update")
    assert 0 == made.returncode, made.stderr
    workspace = home / "Documents" / "lower-back-course"
    lessons = sorted(p.name for p in (workspace / "lessons").glob("*.ipynb"))
    assert sorted(p.name for p in (REPO / "lessons").glob("*.ipynb")) == lessons
    assert (workspace / "notebooks" / "todays-session.ipynb").is_file()

    templates = env.pop("JUPYTER_PATH")
    missing = exercises("handouts", "--lessons", "04", "--format", "html", "--out", "out")
    assert (1, "") == (missing.returncode, missing.stdout)
    assert "pip install --force-reinstall nbconvert" in missing.stderr
    assert "Traceback" not in missing.stderr
    env["JUPYTER_PATH"] = templates
    built = exercises("handouts", "--lessons", "04", "--format", "html", "--out", "out")
    assert 0 == built.returncode, built.stderr
    handout = empty / "out" / "lesson-04-bird-dog.html"
    assert "Bird Dog" in handout.read_text(encoding="utf-8")
    assert [] == sorted(p.name for p in empty.iterdir() if p.name != "out")


def test_hub_admins_install_the_settings_into_an_environment(tmp_path):
    """`python -m exercises_lib.jupyterlab` merges the course's settings, keeping others'."""
    import json

    from exercises_lib.jupyterlab import OVERRIDES, install_overrides

    target = tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    target.parent.mkdir(parents=True)
    target.write_text('{"@jupyterlab/terminal-extension:plugin": {"fontSize": 15}}')
    assert target == install_overrides(tmp_path)
    written = json.loads(target.read_text())
    ours = json.loads(OVERRIDES.read_text())
    assert ours
    assert {**ours, "@jupyterlab/terminal-extension:plugin": {"fontSize": 15}} == written
