"""Rules across fields and files that a JSON Schema cannot state.

The avoid list, doses, figures and ladders of the exercises; the exercises that
routines and programmes name; one quiz per lesson. Each check reports the file, line,
field and fix through its ``Document``, as the schema checks in ``validation`` do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from .errors import Problem, Suggestions
from .measures import build_measure
from .names import name_problem, same_move
from .poses import Figure, anatomy_problems
from .validation import Document, did_you_mean

__all__ = [
    "check_exercises",
    "check_measure",
    "check_programs",
    "check_quizzes",
    "check_routines",
]


def _duplicates(documents: list[Document], key: str, what: str) -> Iterator[Problem]:
    seen: dict[str, Document] = {}
    for document in documents:
        value = document.data[key]
        if value in seen:
            yield document.problem([key], f"duplicate {what} {value!r}; {seen[value].label} has it")
        else:
            seen[value] = document


def _name_problems(document: Document) -> Iterator[Problem]:
    problem = name_problem(document.data["name"])
    if problem is not None:
        yield document.problem(["name"], f"the name {problem}")


def _range_problem(document: Document, parts: list[Any], reps: Any) -> Iterator[Problem]:
    if isinstance(reps, dict) and reps["min"] > reps["max"]:
        message = f"min ({reps['min']}) is more than max ({reps['max']}); swap them"
        yield document.problem(parts, message)


def check_exercises(
    documents: list[Document],
    avoid: dict[str, dict[str, Any]],
    figure_of: Callable[[dict[str, Any] | None], Figure | None],
) -> list[Problem]:
    """Rules across an exercise's fields: avoid list, reps, sides, timings, the figure's anatomy.

    ``figure_of`` builds the figure from its data; the built figure is kept on the document.
    """
    problems = list(_duplicates(documents, "id", "exercise id"))
    avoided = {same_move(v): k for k, item in avoid.items() for v in (k, item.get("name", k))}
    for document in documents:
        problems += _name_problems(document)
        same = avoided.get(same_move(document.data["name"]))
        if same is not None and document.data["id"] not in avoid:
            message = (
                f"{document.data['name']!r} is {same!r} under another id, and that is on the "
                f"avoid-while-in-pain list ({avoid[same]['reason']}); the course does not teach it"
            )
            problems.append(document.problem(["name"], message))
        if document.data["id"] in avoid:
            message = (
                f"{document.data['id']!r} is on the avoid-while-in-pain list "
                f"({avoid[document.data['id']]['reason']}); the course does not teach it"
            )
            problems.append(document.problem(["id"], message))
        if document.data["difficulty"] == "advanced" and not document.data.get("ready_check"):
            message = (
                "an advanced exercise needs ready_check: what the learner ticks to say they "
                "are ready (its lesson timer stays locked until then)"
            )
            problems.append(document.problem(["difficulty"], message))
        problems += _dose_problems(document, ["dose"], document.data["dose"])
        figure = document.built = figure_of(document.data.get("figure"))
        problems += _figure_problems(document, ["figure"], figure)
        problems += _ladder_problems(document, figure_of)
    return problems


def _dose_problems(document: Document, where: list[Any], dose: dict[str, Any]) -> list[Problem]:
    problems = list(_range_problem(document, [*where, "reps"], dose["reps"]))
    if dose.get("alternate_sides") and not dose["per_side"]:
        message = "alternate_sides needs per_side: true (there are no sides to switch)"
        problems.append(document.problem([*where, "alternate_sides"], message))
    if not dose.get("hold_seconds") and not dose.get("rep_seconds"):
        message = "missing hold_seconds or rep_seconds; the guided timer needs one of them"
        problems.append(document.problem(where, message))
    return problems


def _figure_problems(document: Document, where: list[Any], figure: Figure | None) -> list[Problem]:
    return [
        document.problem([*where, "poses", name], message)
        for name, pose in (figure.poses.items() if figure else ())
        for message in anatomy_problems(pose)
    ]


def _ladder_problems(
    document: Document, figure_of: Callable[[dict[str, Any] | None], Figure | None]
) -> list[Problem]:
    """One rung is the card's; ids are unique; each other rung's dose and figure hold, and
    no rung is drawn the same as the rung next to it (a learner could not tell them apart)."""
    ladder = document.data.get("ladder", [])
    cards = [i for i, rung in enumerate(ladder) if rung.get("card")]
    problems = []
    if ladder and len(cards) != 1:
        message = (
            f"{len(cards)} rungs are marked card: true; mark exactly one, the movement the "
            "card teaches"
        )
        problems.append(document.problem(["ladder"], message))
    seen: dict[str, int] = {}
    drawn = []
    for i, rung in enumerate(ladder):
        if rung["id"] in seen:
            message = f"duplicate rung id {rung['id']!r}; ladder[{seen[rung['id']]}] has it"
            problems.append(document.problem(["ladder", i, "id"], message))
        seen.setdefault(rung["id"], i)
        figure = rung.get("figure", document.data.get("figure"))
        drawn.append(figure)
        problems += _rung_shape_problems(document, i, rung)
        if rung.get("card") or "dose" not in rung:
            continue
        problems += _dose_problems(document, ["ladder", i, "dose"], rung["dose"])
        problems += _figure_problems(document, ["ladder", i, "figure"], figure_of(figure))
    for i in range(1, len(drawn)):
        if drawn[i] is not None and _poses_of(drawn[i]) == _poses_of(drawn[i - 1]):
            message = (
                f"drawn the same as ladder[{i - 1}]; give each rung poses of its own, so the "
                "learner can see what changes"
            )
            problems.append(document.problem(["ladder", i, "figure"], message))
    return problems


# What a rung of its own says; the card's rung takes all of it from the card.
_RUNG_FIELDS = ("name", "how", "dose", "cues", "safety", "figure", "source")


def _rung_shape_problems(document: Document, i: int, rung: dict[str, Any]) -> list[Problem]:
    if rung.get("card"):
        extra = [field for field in rung if field not in ("id", "card")]
        if not extra:
            return []
        message = (
            f"the card's rung takes its words, dose and figure from the card; remove "
            f"{', '.join(extra)}"
        )
        return [document.problem(["ladder", i], message)]
    missing = [field for field in _RUNG_FIELDS if field not in rung]
    if not missing:
        return []
    message = (
        f"missing {', '.join(missing)}; a rung of its own needs {', '.join(_RUNG_FIELDS)} "
        "(or card: true for the card's own movement)"
    )
    return [document.problem(["ladder", i], message)]


def _poses_of(figure: dict[str, Any] | None) -> list[Any]:
    poses = (figure or {}).get("poses", {})
    return [(name, dict(pose["angles"])) for name, pose in poses.items()]


def check_routines(
    documents: list[Document],
    exercise_ids: set[str],
    avoid: dict[str, dict[str, Any]],
    advanced: set[str],
) -> list[Problem]:

    problems = list(_duplicates(documents, "id", "routine id"))
    for document in documents:
        problems += _name_problems(document)
        first = document.data["items"][0]["exercise"]
        if first in advanced:
            message = (
                f"{first!r} is an advanced exercise and may not open a routine; "
                "start with a gentle one"
            )
            problems.append(document.problem(["items", 0, "exercise"], message))
        problems += _item_problems(document, ["items"], exercise_ids, avoid, "routine")
    return problems


def _item_problems(
    document: Document,
    where: list[Any],
    exercise_ids: set[str],
    avoid: dict[str, dict[str, Any]],
    what: str,
) -> list[Problem]:
    """Each listed exercise exists and is not on the avoid list; its rep range is in order."""
    problems = []
    known = Suggestions(exercise_ids)
    items: Any = document.data
    for part in where:
        items = items[part]
    for i, item in enumerate(items):
        wanted = item["exercise"]
        parts = [*where, i, "exercise"]
        if wanted in avoid:
            message = (
                f"{wanted!r} is on the avoid-while-in-pain list "
                f"({avoid[wanted]['reason']}); remove it from the {what}"
            )
            problems.append(document.problem(parts, message))
        elif wanted not in exercise_ids:
            message = (
                f"unknown exercise {wanted!r}{did_you_mean(wanted, known)} "
                f"(known: {known.listed()})"
            )
            problems.append(document.problem(parts, message))
        if "reps" in item:
            problems += _range_problem(document, [*where, i, "reps"], item["reps"])
    return problems


# The first weeks of a programme are for the gentle moves only.
GENTLE_WEEKS = 2


def check_programs(
    documents: list[Document],
    exercise_ids: set[str],
    avoid: dict[str, dict[str, Any]],
    advanced: set[str],
) -> list[Problem]:
    """Weeks numbered 1, 2, 3… in order; known, allowed exercises; nothing advanced at first."""
    problems = list(_duplicates(documents, "id", "programme id"))
    for document in documents:
        problems += _name_problems(document)
        for i, week in enumerate(document.data["weeks"]):
            if week["week"] != i + 1:
                message = f"weeks must be numbered 1, 2, 3… in order; expected {i + 1}"
                problems.append(document.problem(["weeks", i, "week"], message))
            where = ["weeks", i, "items"]
            problems += _item_problems(document, where, exercise_ids, avoid, "programme")
            for j, item in enumerate(week["items"]):
                if week["week"] <= GENTLE_WEEKS and item["exercise"] in advanced:
                    message = (
                        f"{item['exercise']!r} is advanced; a programme keeps it out of weeks "
                        f"1 to {GENTLE_WEEKS}"
                    )
                    problems.append(document.problem([*where, j, "exercise"], message))
        if "maintenance" in document.data:  # the same checks as a week's moves
            where = ["maintenance", "items"]
            problems += _item_problems(document, where, exercise_ids, avoid, "programme")
    return problems


def check_quizzes(documents: list[Document]) -> list[Problem]:
    problems = list(_duplicates(documents, "lesson", "quiz for lesson"))
    for document in documents:
        for i, question in enumerate(document.data["questions"]):
            right = sum(bool(c.get("correct")) for c in question["choices"])
            if not right:
                message = "no choice is marked correct: true"
                problems.append(document.problem(["questions", i, "choices"], message))
            elif right > 1 and not question.get("multiple"):
                message = (
                    f"{right} choices are marked correct; mark one, or set multiple: true "
                    "so the learner ticks every right one"
                )
                problems.append(document.problem(["questions", i, "choices"], message))
    return problems


def check_measure(document: Document) -> list[Problem]:
    """What the schema cannot say of a questionnaire: unique ids, a subscale and examples
    that name its own questions, and worked examples that score as the file says."""
    data = document.data
    problems = []
    ids = [item["id"] for item in data["items"]]
    for i, item in enumerate(data["items"]):
        if ids.index(item["id"]) != i:
            problems.append(document.problem(["items", i, "id"], f"{item['id']!r} is used twice"))
        answers = item["answers"]
        if "highest" in answers and answers["highest"] <= answers["lowest"]:
            message = f"highest must be more than lowest ({answers['lowest']})"
            problems.append(document.problem(["items", i, "answers", "highest"], message))
    scoring = data["scoring"]
    subscale = scoring.get("subscale", [])
    for j, item_id in enumerate(subscale):
        if item_id not in ids:
            message = f"{item_id!r} is not one of the questions: {', '.join(ids)}"
            problems.append(document.problem(["scoring", "subscale", j], message))
        elif subscale.index(item_id) != j:
            problems.append(document.problem(["scoring", "subscale", j], f"{item_id!r} twice"))
    if problems:
        return problems
    measure = build_measure(data)
    want = ("score",) if scoring["kind"] == "mean" else ("total", "subscale", "risk")
    for k, example in enumerate(data["examples"]):
        lacking = [key for key in want if key not in example]
        if lacking:
            message = f"a worked example of this scoring gives {', '.join(want)}"
            problems.append(document.problem(["examples", k], message))
            continue
        try:
            got = measure.score(example["answers"]).to_dict()
        except ValueError as exc:
            problems.append(document.problem(["examples", k, "answers"], str(exc)))
            continue
        got["total"] = got["score"]
        wrong = [
            f"{key} {got[key]!r}, not {example[key]!r}" for key in want if got[key] != example[key]
        ]
        if wrong:
            message = "the published scoring gives " + "; ".join(wrong)
            problems.append(document.problem(["examples", k], message))
    return problems
