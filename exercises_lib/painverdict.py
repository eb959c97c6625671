"""One pain check: what its scores mean right now, and what to say.

Part of the safety rulebook (``exercises_lib.rulebook``), which re-exports it: the pain
check widget, ``exercises log add`` and the plan all read the same verdict. The score
after is read first, so a rise to a high score, or above a mild ache, is never green.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .i18n import _, join_and
from .safetymodels import Rulebook

__all__ = [
    "PainLevel",
    "PainVerdict",
    "pain_rose",
    "pain_verdict",
    "pain_was_high_after",
    "settle_or_doctor",
]


class PainLevel(str, Enum):
    """The colour of a pain check, as on the course's feel scale."""

    GREEN = "green"
    GENTLE = "gentle"  # pain before was high: a gentle-only day
    AMBER = "amber"  # pain after is more than a mild ache: stop for today, ease off next time
    RED = "red"


@dataclass(frozen=True)
class PainVerdict:
    """What one pain check means, and the words to say about it."""

    level: PainLevel
    headline: str
    advice: str
    ask_again: bool  # offer to ask again after the stop rule's minutes

    @property
    def stop(self) -> bool:
        """Stop exercising and contact a doctor."""
        return self.level is PainLevel.RED

    @property
    def done_for_today(self) -> bool:
        """No more exercise today: a red or amber verdict."""
        return self.level in (PainLevel.RED, PainLevel.AMBER)


def pain_rose(rules: Rulebook, before: int | None, after: int | None) -> bool:
    """A rise too big to settle: after is higher than before by more than the settling rise."""
    return before is not None and after is not None and after - before > rules.settling_rise


def pain_was_high_after(rules: Rulebook, before: int | None, after: int | None) -> bool:
    """Pain after at the high mark, or above a mild ache and higher than before: never green."""
    if after is None:
        return False
    rose = before is not None and after > before
    return after >= rules.high_pain_before or (after > rules.mild_ache_max and rose)


def settle_or_doctor(rules: Rulebook) -> str:
    """The one wording for a rise too big, everywhere it is said."""
    return _(
        "Stop exercising for today. If it has not settled in {minutes} minutes, contact a "
        "doctor. Next time, use the easier version."
    ).format(minutes=rules.stop_minutes)


def _doctor_today() -> str:
    return _(
        "Stop exercising and contact a doctor today. If you also have any of the warning "
        "signs, get help now as the warning signs say."
    )


def _very_high(rules: Rulebook, before: int | None) -> str:
    """Pain before this bad needs a doctor today, whatever else is said."""
    if before is None or before < rules.see_doctor_before:
        return ""
    return " " + _(
        "Pain this bad needs a doctor today. If you also have a warning sign, get help now "
        "as the warning signs say."
    )


def _gentle_advice(rules: Rulebook, before: int) -> str:
    return _(
        "Do only gentle things today: {moves}. Your plan waits for you. See a doctor if the "
        "pain does not settle."
    ).format(moves=join_and(rules.gentle_names)) + _very_high(rules, before)


def pain_verdict(
    rules: Rulebook,
    before: int | None,
    after: int | None = None,
    *,
    still_hurts: bool | None = None,
    nerve_signs: bool = False,
) -> PainVerdict:
    """The verdict on a pain check: before alone, before and after, or the follow-up answer.

    Red: pain still there after the stop rule's wait, nerve signs, or a rise bigger than
    the settling rise. Amber: pain after at the high mark, or above a mild ache with a
    rise. Gentle: pain before at or above the high mark. Green: everything else, worded to
    fit the numbers (a high score is never called a mild ache).
    """
    if still_hurts:
        headline = _("Pain lasted more than {minutes} minutes.").format(minutes=rules.stop_minutes)
        return PainVerdict(PainLevel.RED, headline, _doctor_today(), ask_again=False)
    if nerve_signs:
        headline = _("You felt sharp, shooting or spreading pain, or pins and needles.")
        return PainVerdict(PainLevel.RED, headline, _doctor_today(), ask_again=False)
    if still_hurts is False:
        return PainVerdict(
            PainLevel.GREEN,
            _("Good: the pain has settled."),
            _(
                "Keep gently active today: short walks and your normal day help. If your back "
                "is worse the next morning, do less next time."
            ),
            ask_again=False,
        )
    if before is None:
        return PainVerdict(PainLevel.GREEN, "", "", ask_again=False)
    if after is None:
        return _before_only(rules, before)
    return _before_and_after(rules, before, after)


def _before_only(rules: Rulebook, before: int) -> PainVerdict:
    if before < rules.high_pain_before:
        return PainVerdict(PainLevel.GREEN, "", "", ask_again=False)
    headline = _("Your pain is high today ({before} out of 10).").format(before=before)
    return PainVerdict(PainLevel.GENTLE, headline, _gentle_advice(rules, before), False)


def _before_and_after(rules: Rulebook, before: int, after: int) -> PainVerdict:
    """A whole pain check: the score after is read first, then the score before."""
    both = {"before": before, "after": after}
    if pain_rose(rules, before, after):
        headline = _("Your pain went up by {rise} points, from {before} to {after}.").format(
            rise=after - before, **both
        )
        if after >= rules.high_pain_before:  # a rise to a high score: the doctor at once
            return PainVerdict(PainLevel.RED, headline, _doctor_today(), ask_again=False)
        return PainVerdict(PainLevel.RED, headline, settle_or_doctor(rules), ask_again=True)
    if pain_was_high_after(rules, before, after):
        headline = _("Your pain was {before} out of 10 before and {after} after.").format(**both)
        advice = _(
            "That is more than a mild ache. Stop for today, and use the easier versions next "
            "time. If it has not settled in {minutes} minutes, contact a doctor."
        ).format(minutes=rules.stop_minutes)
        return PainVerdict(
            PainLevel.AMBER, headline, advice + _very_high(rules, before), ask_again=True
        )
    if before >= rules.high_pain_before:
        headline = _("Your pain was {before} out of 10 before and {after} after.").format(**both)
        return PainVerdict(
            PainLevel.GENTLE, headline, _gentle_advice(rules, before), ask_again=after > 0
        )
    return _green(rules, before, after)


def _green(rules: Rulebook, before: int, after: int) -> PainVerdict:
    ask_again = after > 0
    if after > before:
        return PainVerdict(
            PainLevel.GREEN,
            _("Your pain went up a little, from {before} to {after}.").format(
                before=before, after=after
            ),
            _("A small rise that settles is normal. We'll ask again in {minutes} minutes.").format(
                minutes=rules.stop_minutes
            )
            + " "
            + rules.stop_rule,
            ask_again=ask_again,
        )
    if after == 0:
        return PainVerdict(PainLevel.GREEN, _("No pain after practice. Well done."), "", False)
    if after < before:
        return PainVerdict(
            PainLevel.GREEN,
            _("Your pain went down, from {before} to {after}.").format(before=before, after=after),
            _("Gentle movement often helps like this."),
            ask_again=ask_again,
        )
    if after <= rules.mild_ache_max:
        return PainVerdict(
            PainLevel.GREEN,
            _("Your pain is the same as before ({after}).").format(after=after),
            _("A mild ache that settles is fine.") + " " + rules.stop_rule,
            ask_again=ask_again,
        )
    return PainVerdict(
        PainLevel.GREEN,
        _("Your pain is the same as before ({after} out of 10).").format(after=after),
        _(
            "That is more than a mild ache. Use the easier versions, and talk to {doctor} or "
            "a {physio} if it stays this high."
        ).format(doctor=rules.doctor, physio=rules.physio)
        + " "
        + rules.stop_rule,
        ask_again=ask_again,
    )
