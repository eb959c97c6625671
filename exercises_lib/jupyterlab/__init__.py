"""The course's JupyterLab settings (``overrides.json``): no news pop-up, the learner's language.

``exercises lab`` points JupyterLab at this folder. A hub or an image installs them for
every user of a Python environment with ``python -m exercises_lib.jupyterlab``.
"""

from __future__ import annotations

import gettext
import json
import sys
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

from ..i18n import language
from ..userdata import safe_write, user_dir

__all__ = ["OVERRIDES", "TRANSLATION_PLUGIN", "install_overrides", "menu_words", "settings_dir"]

OVERRIDES = Path(__file__).resolve().parent / "overrides.json"
# The JupyterLab plugin whose ``locale`` setting picks the language of its menus.
TRANSLATION_PLUGIN = "@jupyterlab/translation-extension:plugin"


def settings_dir(lang: str) -> Path:
    """The settings folder ``exercises lab`` gives JupyterLab for a language.

    English uses the course's own folder as it ships. Another language gets a copy in the
    learner's folder with JupyterLab's locale set, so its menus speak that language too.
    """
    row = language(lang)  # JupyterLab's menus come from the row's language pack
    locale = row.lab_locale if row is not None else None
    if locale is None:
        return OVERRIDES.parent
    settings = json.loads(OVERRIDES.read_text(encoding="utf-8"))
    settings[TRANSLATION_PLUGIN] = {"locale": locale}
    folder = user_dir() / "jupyterlab" / lang
    folder.mkdir(parents=True, exist_ok=True)
    safe_write(folder / "overrides.json", json.dumps(settings, indent=2) + "\n")
    return folder


def menu_words(lang: str) -> Callable[[str], str]:
    """JupyterLab's own words for its menus in ``lang``, from the row's language pack: what
    a lesson tells a learner to choose is what the menu says. English, or a pack that is
    not installed here, keeps JupyterLab's English."""
    row = language(lang)
    if row is None or row.lab_locale is None or row.lab_pack is None:
        return str
    try:
        folder = files(row.lab_pack.replace("-", "_")) / "locale"
    except ModuleNotFoundError:
        return str
    found = gettext.translation(
        "jupyterlab", localedir=str(folder), languages=[row.lab_locale], fallback=True
    )
    return found.gettext


def install_overrides(prefix: Path | str = sys.prefix) -> Path:
    """Merge the course's settings into ``PREFIX/share/jupyter/lab/settings/overrides.json``.

    Settings already there for other plugins are kept; the course's own plugins' settings
    are replaced by the course's. Returns the file written.
    """
    target = Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    try:
        merged = json.loads(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        merged = {}
    except (OSError, ValueError) as exc:
        raise SystemExit(
            f"cannot read {target} ({exc}); fix or move it, then run this again"
        ) from None
    if not isinstance(merged, dict):
        raise SystemExit(f"{target} is not a JSON object; fix or move it, then run this again")
    merged.update(json.loads(OVERRIDES.read_text(encoding="utf-8")))
    target.parent.mkdir(parents=True, exist_ok=True)
    safe_write(target, json.dumps(merged, indent=2) + "\n")
    return target
