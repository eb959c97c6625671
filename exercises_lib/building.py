"""Build the course's models from checked data: exercises, routines, quizzes, safety rules.

The loader checks every file first (``loading``); what reaches here is valid, so these
functions only turn plain mappings into frozen dataclasses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

from .i18n import _
from .models import (
    Cues,
    Dose,
    Exercise,
    Maintenance,
    PlanRule,
    Program,
    ProgramWeek,
    RepRange,
    Routine,
    RoutineItem,
    Rung,
    Step,
    Variation,
)
from .placeholders import PLACEHOLDER
from .poses import Figure, Pose
from .quizmodels import Quiz, QuizChoice, QuizQuestion
from .safetymodels import (
    AvoidItem,
    ChecklistItem,
    Credit,
    FeelLevel,
    FeelScale,
    FlareUp,
    FloorSafety,
    Guidance,
    Point,
    Points,
    Region,
    Rulebook,
    SafetyRules,
    Source,
    StayActive,
    WarningLevel,
    WarningSigns,
)

__all__ = [
    "build_exercise",
    "build_figure",
    "build_program",
    "build_quiz",
    "build_region",
    "build_routine",
    "build_safety",
    "fill_numbers",
]

_T = TypeVar("_T")
# Dose fields a routine or programme item may change for its exercise.
DOSE_FIELDS = ("hold_seconds", "rep_seconds", "sets", "recover_seconds", "rest_seconds")


def _reps(value: Any) -> RepRange:
    return (
        RepRange(value, value) if isinstance(value, int) else RepRange(value["min"], value["max"])
    )


def _source(data: dict[str, Any]) -> Source:
    return Source(**data)


def _dose(data: dict[str, Any]) -> Dose:
    return Dose(
        reps=_reps(data["reps"]),
        per_side=data["per_side"],
        alternate_sides=data.get("alternate_sides", False),
        lift_seconds=data.get("lift_seconds"),
        hold_seconds=data.get("hold_seconds"),
        rep_seconds=data.get("rep_seconds"),
        sets=data.get("sets", 1),
        recover_seconds=data.get("recover_seconds"),
        rest_seconds=data.get("rest_seconds"),
        tempo=data.get("tempo", ""),
    )


def _texts(values: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(values or ())


def _variations(values: Iterable[dict[str, Any]] | None, gate: str) -> tuple[Variation, ...]:
    return tuple(
        Variation(v["name"], v["description"], gate if v.get("needs_clearance") else "")
        for v in values or ()
    )


def build_figure(data: dict[str, Any] | None) -> Figure | None:
    if data is None:
        return None
    poses = {
        name: Pose(
            description=pose["description"],
            angles=MappingProxyType(dict(pose["angles"])),
            contacts=_texts(pose.get("contacts")),
            highlight=_texts(pose.get("highlight")),
            motion=_texts(pose.get("motion")),
        )
        for name, pose in data["poses"].items()
    }
    return Figure(
        poses=MappingProxyType(poses),
        equipment=_texts(data.get("equipment")),
        anchor=data.get("anchor", "hip"),
    )


def build_exercise(data: dict[str, Any], gate: str, figure: Figure | None) -> Exercise:
    works = data["works"]
    variations = data["variations"]
    return Exercise(
        id=data["id"],
        name=data["name"],
        difficulty=data["difficulty"],
        summary=data["summary"],
        starting_position=data["starting_position"],
        steps=tuple(Step(**s) for s in data["steps"]),
        dose=_dose(data["dose"]),
        feel=data["feel"],
        works_primary=_texts(works["primary"]),
        works_secondary=_texts(works.get("secondary")),
        targets=_texts(data["targets"]),
        tips=_texts(data["tips"]),
        cautions=_texts(data["cautions"]),
        common_mistakes=_texts(data["common_mistakes"]),
        easier=_variations(variations.get("easier"), gate),
        harder=_variations(variations.get("harder"), gate),
        equipment=_texts(data["equipment"]),
        source=_source(data["source"]),
        figure=figure,
        chair_option=data.get("chair_option", ""),
        ready_check=data.get("ready_check", ""),
        cues=Cues(**data.get("cues", {})),
        ladder=_ladder(data, gate, figure),
    )


def _ladder(data: dict[str, Any], gate: str, figure: Figure | None) -> tuple[Rung, ...]:
    """The exercise's rungs, easiest first; the card's rung takes the card's own words,
    dose, cues, cautions, figure and source, so they are written once."""
    # The card's own rung, in a rung's words: taken from the card, written once.
    card = {
        "name": data["name"],
        "how": data["summary"],
        "dose": data["dose"],
        "cues": data.get("cues", {}),
        "safety": data["cautions"],
        "source": data["source"],
    }
    rungs = []
    # An exercise without a ladder has one rung: its card.
    for rung in data.get("ladder") or ({"id": data["id"], "card": True},):
        own = {**rung, **card} if rung.get("card") else rung
        rungs.append(
            Rung(
                id=own["id"],
                name=own["name"],
                how=own["how"],
                dose=_dose(own["dose"]),
                cues=Cues(**own["cues"]),
                safety=_texts(own["safety"]),
                source=_source(own["source"]),
                figure=figure if own.get("card") else build_figure(own["figure"]),
                gate=gate if own.get("needs_clearance") else "",
                card=bool(own.get("card")),
            )
        )
    return tuple(rungs)


def _items(data: list[dict[str, Any]], exercises: dict[str, Exercise]) -> tuple[RoutineItem, ...]:
    items = []
    for item in data:
        exercise = exercises[item["exercise"]]
        changes = {k: item[k] for k in DOSE_FIELDS if k in item}
        if "reps" in item:
            changes["reps"] = _reps(item["reps"])
        items.append(RoutineItem(exercise, exercise.dose.with_changes(**changes)))
    return tuple(items)


def build_program(data: dict[str, Any], exercises: dict[str, Exercise]) -> Program:
    return Program(
        id=data["id"],
        name=data["name"],
        description=data["description"],
        rules=tuple(PlanRule(r["text"], r["source"]) for r in data["rules"]),
        add_crunch=data["add_crunch"],
        weeks=tuple(
            ProgramWeek(
                week=w["week"],
                sessions_per_week=w["sessions_per_week"],
                items=_items(w["items"], exercises),
                note=w.get("note", ""),
                review=w.get("review", ""),
                walk_minutes=w.get("walk_minutes", 0),
            )
            for w in data["weeks"]
        ),
        maintenance=_maintenance(data.get("maintenance"), exercises),
    )


def _points(data: dict[str, Any]) -> Points:
    return Points(
        data["title"],
        tuple(
            Point(p["id"], p["heading"], p["text"], _source(p["source"])) for p in data["points"]
        ),
    )


def _maintenance(data: dict[str, Any] | None, exercises: dict[str, Exercise]) -> Maintenance | None:
    if data is None:
        return None
    rule = {k: PlanRule(data[k]["text"], data[k]["source"]) for k in ("note", "group", "relapse")}
    return Maintenance(
        sessions_per_week=data["sessions_per_week"],
        walk_minutes=data["walk_minutes"],
        items=_items(data["items"], exercises),
        **rule,
    )


def build_routine(data: dict[str, Any], exercises: dict[str, Exercise]) -> Routine:
    items = _items(data["items"], exercises)
    return Routine(
        id=data["id"],
        name=data["name"],
        description=data.get("description", ""),
        items=items,
        sessions_per_week=data.get("sessions_per_week", 3),
        rest_between_exercises_seconds=data.get("rest_between_exercises_seconds", 30),
        note=data.get("note", ""),
        listed=data.get("listed", True),
    )


def build_quiz(data: dict[str, Any]) -> Quiz:
    return Quiz(
        lesson=data["lesson"],
        questions=tuple(
            QuizQuestion(
                prompt=q["prompt"],
                choices=tuple(
                    QuizChoice(c["text"], c.get("correct", False), c["feedback"])
                    for c in q["choices"]
                ),
                multiple=q.get("multiple", False),
            )
            for q in data["questions"]
        ),
    )


def _level(data: dict[str, Any]) -> WarningLevel:
    return WarningLevel(
        heading=data["heading"],
        short_heading=data["short_heading"],
        short=_texts(data["short"]),
        items=_texts(data["items"]),
        note=data.get("note", ""),
    )


def _advice(kind: type[_T], data: dict[str, Any], *, lists: tuple[str, ...]) -> _T:
    """A block of advice with its source; ``lists`` names the fields that hold lists."""
    fields = {k: _texts(v) if k in lists else v for k, v in data.items()}
    return kind(**{**fields, "source": _source(data["source"])})


def fill_numbers(value: Any, numbers: dict[str, int | str]) -> Any:
    """Every ``{name}`` of ``numbers`` in every text, replaced by its number or words."""
    if isinstance(value, str):
        if "{" not in value:
            return value
        return PLACEHOLDER.sub(lambda m: str(numbers.get(m[1], m[0])), value)
    if isinstance(value, dict):
        return {key: fill_numbers(item, numbers) for key, item in value.items()}
    if isinstance(value, list):
        return [fill_numbers(item, numbers) for item in value]
    return value


def build_region(data: dict[str, Any]) -> Region:
    return Region(
        code=data["code"],
        name=data["name"],
        short_name=data["short_name"],
        number=data["number"],
        also=data.get("also", ""),
        hospital=data["hospital"],
        same_day=data["same_day"],
        doctor=data["doctor"],
        physio=data["physio"],
        sick_note=data.get("sick_note", ""),
        checked=f"{data['source']['title']} ({data['source']['site']}): {data['source']['checked']}",
    )


def the_moves(names: Iterable[str]) -> tuple[str, ...]:
    """Exercise names as a sentence names them: 'the Pelvic Tilt'."""
    return tuple(_("the {move}").format(move=name) for name in names)


def _rulebook(
    data: dict[str, Any], exercises: dict[str, Exercise], words: Mapping[str, str]
) -> Rulebook:
    rules = data["rulebook"]
    gentle = tuple(rules["gentle_day"])
    return Rulebook(
        stop_minutes=data["stop_rule"]["minutes"],
        stop_rule=data["stop_rule"]["text"],
        settling_rise=rules["settling_rise"],
        mild_ache_max=rules["mild_ache_max"],
        high_pain_before=rules["high_pain_before"],
        see_doctor_before=rules["see_doctor_before"],
        gentle_day=gentle,
        gentle_names=(_("short walks"), *the_moves(exercises[e].name for e in gentle)),
        good_week_days=rules["good_week_days"],
        good_week_pain_checks=rules["good_week_pain_checks"],
        pause_after_held_weeks=rules["pause_after_held_weeks"],
        red_rise_days=rules["red_rise_days"],
        trend_scores=rules["trend_scores"],
        trend_step=rules["trend_step"],
        review_weeks=tuple(rules["review_weeks"]),
        step_back=tuple(
            sorted((step["idle_weeks"], step["weeks_back"]) for step in rules["step_back"])
        ),
        advanced_clean_weeks=rules["advanced_clean_weeks"],
        recent_weeks=rules["recent_weeks"],
        ladder_up_after_greens=rules["ladder_up_after_greens"],
        ladder_down_after_worse_mornings=rules["ladder_down_after_worse_mornings"],
        missed_days_reps_share=rules["missed_days_reps_share"],
        walk_goal_minutes_a_week=rules["walk_goal_minutes_a_week"],
        sitting_break_minutes=rules["sitting_break_minutes"],
        goal_better_by=rules["goal_better_by"],
        doctor=words["doctor"],
        physio=words["physio"],
    )


def build_safety(
    data: dict[str, Any],
    exercises: dict[str, Exercise],
    region: Region | None,
    words: Mapping[str, str],
) -> SafetyRules:
    """The safety rules; ``words`` are the region's (``regions.region_words``)."""
    avoid = data["avoid_while_in_pain"]
    signs = data["warning_signs"]
    feel = data["how_it_should_feel"]
    return SafetyRules(
        credit=Credit(**data["credit"]),
        disclaimer=data["disclaimer"],
        doctor_first=data["doctor_first"],
        stop_minutes=data["stop_rule"]["minutes"],
        stop_rule=data["stop_rule"]["text"],
        pain_is_a_signal=data["pain_is_a_signal"],
        sitting_note=data["sitting_note"],
        not_only_for_pain=data["not_only_for_pain"],
        avoid_intro=avoid["intro"],
        avoid=tuple(AvoidItem(**a) for a in avoid["items"]),
        warning_signs=WarningSigns(
            intro=signs["intro"],
            emergency=_level(signs["emergency"]),
            urgent=_level(signs["urgent"]),
            source=_source(signs["source"]),
        ),
        ask_first=_advice(Guidance, data["ask_first"], lists=("items", "short")),
        clearance_gate=data["clearance_gate"],
        feel=FeelScale(
            intro=feel["intro"],
            levels=tuple(FeelLevel(**level) for level in feel["levels"]),
            source=_source(feel["source"]),
        ),
        stay_active=_advice(StayActive, data["stay_active"], lists=("items", "see_gp_if")),
        flare_up=_advice(
            FlareUp,
            {k: v for k, v in data["flare_up"].items() if k != "numbers"},  # in the prose
            lists=("positions", "relief"),
        ),
        understanding=_points(data["understanding"]),
        back_to_normal=_points(data["back_to_normal"]),
        floor=_advice(FloorSafety, data["floor_safety"], lists=("down", "up")),
        checklist=tuple(ChecklistItem(**c) for c in data["checklist"]),
        rulebook=_rulebook(data, exercises, words),
        region=region,
    )


def prose_numbers(safety: dict[str, Any]) -> dict[str, int]:
    """The numbers prose may name as ``{name}``: the stop rule's minutes and the rulebook's."""
    numbers = {"stop_minutes": safety["stop_rule"]["minutes"]}
    numbers |= {k: v for k, v in safety["rulebook"].items() if isinstance(v, int)}
    numbers |= safety.get("flare_up", {}).get("numbers", {})
    return numbers
