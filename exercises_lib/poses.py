"""Pose data for the exercise figures: body segments, poses, anatomy checks and placing.

A pose gives each body segment's direction in degrees (0 points right, 90 points up).
The hip is the root; every joint follows from segment lengths in the proportions of a
real body. The figure is lowered until the pose's contact points (hands, knees, back…)
rest on the floor line. No drawing here: ``figures`` turns placed poses into SVG.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType

__all__ = [
    "BODY",
    "JOINTS",
    "JOINT_OF",
    "JOINT_RADIUS",
    "SEGMENTS",
    "Figure",
    "Placed",
    "Pose",
    "Posture",
    "anatomy_problems",
    "place",
    "posture",
]

BODY = 100.0  # body height in drawing units; lengths below are fractions of it


@dataclass(frozen=True)
class _Segment:
    start: str
    end: str
    length: float
    radius: float


# Segment lengths after Drillis & Contini's body proportions; radii give thick limbs.
SEGMENTS: Mapping[str, _Segment] = MappingProxyType(
    {
        "lower_torso": _Segment("hip", "waist", 0.14, 0.055),
        "upper_torso": _Segment("waist", "shoulder", 0.15, 0.06),
        "neck": _Segment("shoulder", "head", 0.12, 0.0),
        **{
            f"{side}_{name}": _Segment(f"{side}_{a}", f"{side}_{b}", length, radius)
            for side in ("near", "far")
            for name, a, b, length, radius in (
                ("upper_arm", "shoulder", "elbow", 0.186, 0.026),
                ("forearm", "elbow", "wrist", 0.146, 0.022),
                ("thigh", "hip", "knee", 0.245, 0.042),
                ("shin", "knee", "ankle", 0.246, 0.032),
                ("foot", "ankle", "toe", 0.12, 0.018),
            )
        },
    }
)
HEAD_RADIUS = 0.065
# Where each joint hangs off, for the chain walk; limb roots share the trunk's joints.
JOINT_OF = {
    "near_shoulder": "shoulder",
    "far_shoulder": "shoulder",
    "near_hip": "hip",
    "far_hip": "hip",
}
_LIMB_JOINTS = ("elbow", "wrist", "knee", "ankle", "toe")
JOINTS: tuple[str, ...] = (
    "hip",
    "waist",
    "shoulder",
    "head",
    *(f"{side}_{joint}" for side in ("near", "far") for joint in _LIMB_JOINTS),
)
# Joint radii in drawing units: how far a joint's outline reaches, e.g. below it to the floor.
JOINT_RADIUS = {"head": HEAD_RADIUS * BODY}
for _segment in SEGMENTS.values():
    JOINT_RADIUS.setdefault(_segment.end, _segment.radius * BODY)
JOINT_RADIUS["hip"] = SEGMENTS["lower_torso"].radius * BODY
JOINT_RADIUS["shoulder"] = SEGMENTS["upper_torso"].radius * BODY

# Joint limits, as the bend between two segments (degrees); a pose outside is not human.
_LIMITS = (
    ("spine", "lower_torso", "upper_torso", 0, 45),
    ("neck", "upper_torso", "neck", 0, 70),
    ("near elbow", "near_upper_arm", "near_forearm", 0, 150),
    ("far elbow", "far_upper_arm", "far_forearm", 0, 150),
    ("near knee", "near_thigh", "near_shin", 0, 160),
    ("far knee", "far_thigh", "far_shin", 0, 160),
    # 90° is a standing foot; kneeling on the top of the foot bends it nearly straight.
    ("near ankle", "near_shin", "near_foot", 0, 120),
    ("far ankle", "far_shin", "far_foot", 0, 120),
)


@dataclass(frozen=True)
class Pose:
    """One position: segment directions, what touches the floor, what works, what moved."""

    description: str
    angles: Mapping[str, float]
    contacts: tuple[str, ...] = ()
    highlight: tuple[str, ...] = ()
    motion: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figure:
    """An exercise's poses and props; ``anchor`` is the joint that stays put between poses."""

    poses: Mapping[str, Pose]
    equipment: tuple[str, ...] = ()
    anchor: str = "hip"


@dataclass(frozen=True)
class Placed:
    """A pose with every joint's position, lowered onto the floor (y = 0, y up)."""

    joints: Mapping[str, tuple[float, float]]


def _bend(a: float, b: float) -> float:
    return abs((b - a + 180) % 360 - 180)


def anatomy_problems(pose: Pose) -> list[str]:
    """Joints bent past what a body can do, and contact points that miss the floor."""
    problems = [f"missing angle for {name}" for name in SEGMENTS if name not in pose.angles]
    if problems:
        return problems
    for label, first, second, low, high in _LIMITS:
        bend = _bend(pose.angles[first], pose.angles[second])
        if not low <= bend <= high:
            problems.append(f"{label} bends {bend:.0f}°; a body allows {low}° to {high}°")
    unknown = [c for c in (*pose.contacts, *pose.motion) if c not in JOINTS]
    if unknown:
        return [
            *problems,
            f"unknown joint(s): {', '.join(unknown)}; choose from {', '.join(JOINTS)}",
        ]
    unknown = [h for h in pose.highlight if h not in SEGMENTS]
    if unknown:
        return [
            *problems,
            f"unknown segment(s): {', '.join(unknown)}; choose from {', '.join(SEGMENTS)}",
        ]
    placed = place(pose)
    for contact in pose.contacts:
        gap = placed.joints[contact][1] - JOINT_RADIUS[contact]
        if abs(gap) > 0.02 * BODY:
            problems.append(
                f"{contact} should touch the floor but is {gap / BODY * 100:.0f}% of body height off it"
            )
    below = min(y - JOINT_RADIUS[name] for name, (_x, y) in placed.joints.items())
    if below < -0.02 * BODY:
        problems.append(f"the body goes {-below / BODY * 100:.0f}% of body height below the floor")
    return problems


def _walk(pose: Pose) -> dict[str, tuple[float, float]]:
    joints = {"hip": (0.0, 0.0)}
    for name, segment in SEGMENTS.items():
        x, y = joints[JOINT_OF.get(segment.start, segment.start)]
        angle = math.radians(pose.angles[name])
        joints[segment.end] = (
            x + segment.length * BODY * math.cos(angle),
            y + segment.length * BODY * math.sin(angle),
        )
    return joints


def place(pose: Pose, anchor: str = "hip") -> Placed:
    """Joint positions with the contact points (or the lowest point) on the floor.

    The anchor joint sits at x = 0, so poses of one exercise line up with each other.
    """
    joints = _walk(pose)
    names = pose.contacts or tuple(joints)
    drop = min(joints[n][1] - JOINT_RADIUS[n] for n in names)
    shift = joints[anchor][0]
    return Placed(MappingProxyType({n: (x - shift, y - drop) for n, (x, y) in joints.items()}))


class Posture(Enum):
    """How a pose meets the floor, which says how to get into it."""

    BACK = "back"  # lying face up
    ALL_FOURS = "all-fours"  # hands and knees
    SIDE = "side"  # lying on one side, propped on an elbow
    STANDING = "standing"  # on the feet (against a wall, say)


def posture(pose: Pose) -> Posture | None:
    """The posture a pose's floor contacts and trunk show; None when they show none of these."""
    contacts = set(pose.contacts)
    if "shoulder" in contacts:
        return Posture.BACK
    if "near_elbow" in contacts or "far_elbow" in contacts:
        return Posture.SIDE
    if contacts & {"near_wrist", "far_wrist"} and contacts & {"near_knee", "far_knee"}:
        return Posture.ALL_FOURS
    if "hip" not in contacts and 60 <= pose.angles.get("lower_torso", 0) % 360 <= 120:
        return Posture.STANDING
    return None
