"""Set-up files agree with each other: Binder's pins satisfy pyproject, ignores keep pulls clean."""

from __future__ import annotations

from importlib.metadata import requires

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .conftest import REPO


def _pins() -> dict[str, str]:
    pins = {}
    for line in (REPO / "binder" / "requirements.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    return pins


def test_binder_pins_every_dependency_within_range():
    """Each dependency of the course and its tests is pinned for Binder, inside pyproject's range."""
    wanted = [Requirement(r) for r in requires("exercises-lib") or []]
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
