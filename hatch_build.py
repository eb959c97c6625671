"""Compile the message catalogues when the package is built or installed.

Each language's ``exercises_lib/locale/<lang>/LC_MESSAGES/exercises.po`` becomes the
``.mo`` that Python's gettext reads. An editable install (``make lab``, ``make test``)
writes them beside the ``.po`` files; a wheel carries them as well.
``make messages`` does the same after a translator's change.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LOCALE = Path("exercises_lib") / "locale"
# `exercises site` builds the browser's wheel with the data it checked (exercises_lib/lite.py).
BROWSER_DATA_ENV = "EXERCISES_BROWSER_DATA"


def compile_catalogues(root: Path) -> list[Path]:
    """Write the .mo for every .po under the locale folder; return the .mo files."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted((root / LOCALE).glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name)
        mo = po.with_suffix(".mo")
        partial = mo.with_suffix(".mo.part")
        with partial.open("wb") as target:
            write_mo(target, catalog)
        partial.replace(mo)  # a reader never sees half a catalogue
        written.append(mo)
    return written


class CompileCatalogues(BuildHookInterface):
    """hatchling's build hook: the wheel (and an editable install) get compiled catalogues."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        for mo in compile_catalogues(root):
            if version == "standard":  # editable installs read them from the source folder
                build_data["force_include"][str(mo)] = str(mo.relative_to(root))
        browser_data = os.environ.get(BROWSER_DATA_ENV)
        if browser_data and version == "standard":
            build_data["force_include"][browser_data] = "exercises_lib/_lite"
