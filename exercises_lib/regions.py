"""Which country's emergency routes the course names, and the words it uses for them.

Safety texts in ``data/`` never type a number: they say ``{emergency}``, ``{hospital}``
and ``{same_day}``, and the loader fills those in from ``data/regions.yaml`` for the
learner's region. The region is chosen by ``--region`` (or ``region=`` in code), then
``$EXERCISES_REGION``, then the learner's saved setting; with none of them every text
names the routes in neutral words and adds a line of the common emergency numbers.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence

from .i18n import _, join_and
from .lite import site_region
from .safetymodels import Region
from .settings import save_setting, saved_setting

__all__ = [
    "REGION_ENV",
    "REGION_WORDS",
    "as_typed",
    "chosen_region",
    "neutral_line",
    "region_words",
    "save_region",
    "saved_region",
]

REGION_ENV = "EXERCISES_REGION"
_ASCII_LETTERS = re.compile(r"[A-Za-z]{2}\Z")
# The placeholders a safety text may use for the routes of the learner's region.
REGION_WORDS = (
    "emergency",
    "hospital",
    "same_day",
    "Same_day",
    "emergency_note",
    "doctor",
    "physio",
    "sick_note",
)


def as_typed(code: str) -> str:
    """A region code in capitals, only when it is typed in plain ASCII letters ('es' ->
    'ES'); anything else stays as it was typed, so it matches no region and is refused
    with the list. Unicode would fold 'ſ' to 'S' and 'ı' to 'I'; a code is never folded."""
    code = code.strip()
    return code.upper() if _ASCII_LETTERS.match(code) else code


def saved_region() -> str | None:
    """The region the learner saved (lesson 00's picker), or None."""
    region = saved_setting("region")
    return as_typed(region) if region else None


def save_region(code: str | None) -> None:
    """Keep the learner's region (None forgets it), beside their other settings."""
    save_setting("region", as_typed(code) if code else None)


def chosen_region(explicit: str | None = None) -> str | None:
    """The region code to use: the one given, else $EXERCISES_REGION, else the saved one,
    else the one the browser's site was built for."""
    for code in (explicit, os.environ.get(REGION_ENV), saved_region(), site_region()):
        if code and code.strip():
            return as_typed(code)
    return None


def neutral_line(regions: Sequence[Region]) -> str:
    """'Your local emergency number: 999 UK · 911 US and Canada · …', from the region data."""
    places: dict[str, list[str]] = {}
    for region in regions:
        places.setdefault(region.number, []).append(region.short_name)
    parts = [f"{number} {join_and(names)}" for number, names in places.items()]
    line = _("Your local emergency number: {numbers}.").format(numbers=" · ".join(parts))
    return line + " " + _("Not listed? Look up your emergency number and write it down.")


def region_words(
    region: Region | None, neutral: Mapping[str, str], regions: Sequence[Region]
) -> dict[str, str]:
    """The words each region placeholder stands for, for this region or none."""
    if region is None:
        words = {key: neutral[key] for key in ("emergency", "hospital", "same_day")}
        words |= {key: neutral[key] for key in ("doctor", "physio", "sick_note")}
        note = neutral_line(regions)
    else:
        words = {
            "emergency": region.emergency,
            "hospital": region.hospital,
            "same_day": region.same_day,
            "doctor": region.doctor,
            "physio": region.physio,
            "sick_note": region.sick_note or neutral["sick_note"],
        }
        note = ""
    same_day = words["same_day"]
    return {**words, "Same_day": same_day[:1].upper() + same_day[1:], "emergency_note": note}
