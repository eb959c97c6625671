"""The hub deployment files that are checked rather than run here: the Littlest JupyterHub
plugin's hooks and the zero-to-jupyterhub snippet (the one-machine example runs for real
in tests/browser/test_hub.py)."""

from __future__ import annotations

import importlib.util
import re

import tomllib
import yaml
from traitlets.config import Config

from exercises_lib.serverext import start_url

from .conftest import REPO

HUB = REPO / "deploy" / "hub"
PLUGIN = HUB / "tljh-lower-back"


def _plugin():
    spec = importlib.util.spec_from_file_location("tljh_lower_back", PLUGIN / "tljh_lower_back.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_tljh_plugin_installs_the_course_for_every_user():
    plugin = _plugin()
    assert ["exercises-lib[lab]"] == plugin.tljh_extra_user_pip_packages()
    # pluggy marks each hook for the "tljh" project, which is what TLJH looks for
    for hook in (plugin.tljh_extra_user_pip_packages, plugin.tljh_custom_jupyterhub_config):
        assert hasattr(hook, "tljh_impl"), hook.__name__


def test_the_tljh_plugin_sends_each_learner_to_lesson_00():
    c = Config()
    _plugin().tljh_custom_jupyterhub_config(c)
    assert start_url() == c.Spawner.default_url


def test_the_tljh_plugin_is_found_by_its_entry_point():
    project = tomllib.loads((PLUGIN / "pyproject.toml").read_text(encoding="utf-8"))
    assert {"lower_back": "tljh_lower_back"} == project["project"]["entry-points"]["tljh"]
    assert project["project"]["name"].startswith("tljh-")  # TLJH's naming for plugins
    assert "exercises-lib" in project["project"]["dependencies"]


def _values() -> dict:
    values = yaml.safe_load((HUB / "z2jh-values.yaml").read_text(encoding="utf-8"))
    assert isinstance(values, dict)
    return values


def _bytes(size: str) -> float:
    number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)([KMG])", size).groups()  # type: ignore[union-attr]
    return float(number) * 1024 ** "KMG".index(unit) * 1024


def test_the_z2jh_snippet_opens_lesson_00_culls_and_sizes_from_the_bench():
    values = _values()
    single = values["singleuser"]
    assert start_url() == single["defaultUrl"]
    assert single["image"]["name"] and single["image"]["tag"]
    memory = single["memory"]
    assert 0 < _bytes(memory["guarantee"]) < _bytes(memory["limit"])
    cull = values["cull"]
    assert cull["enabled"] is True and int(cull["timeout"]) > 0
    # the guide's sizing table gives the same figures as the snippet
    guide = (HUB / "README.md").read_text(encoding="utf-8")
    assert memory["guarantee"] in guide and memory["limit"] in guide
