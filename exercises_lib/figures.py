"""Exercise figures drawn from pose data: a side-view body as SVG, start and end.

A pose gives each body segment's direction in degrees (0 points right, 90 points up).
The hip is the root; every joint follows from segment lengths in the proportions of a
real body. The figure is lowered until the pose's contact points (hands, knees, back…)
rest on the floor line. Output is deterministic: the same data gives the same bytes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from types import MappingProxyType

__all__ = [
    "JOINTS",
    "SEGMENTS",
    "Figure",
    "Placed",
    "Pose",
    "anatomy_problems",
    "figure_motion_svg",
    "figure_pair_svg",
    "figure_svg",
    "place",
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
_ALIASES = {
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
_JOINT_RADIUS = {"head": HEAD_RADIUS * BODY}
for _segment in SEGMENTS.values():
    _JOINT_RADIUS.setdefault(_segment.end, _segment.radius * BODY)
_JOINT_RADIUS["hip"] = SEGMENTS["lower_torso"].radius * BODY
_JOINT_RADIUS["shoulder"] = SEGMENTS["upper_torso"].radius * BODY

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
        gap = placed.joints[contact][1] - _JOINT_RADIUS[contact]
        if abs(gap) > 0.02 * BODY:
            problems.append(
                f"{contact} should touch the floor but is {gap / BODY * 100:.0f}% of body height off it"
            )
    below = min(y - _JOINT_RADIUS[name] for name, (_, y) in placed.joints.items())
    if below < -0.02 * BODY:
        problems.append(f"the body goes {-below / BODY * 100:.0f}% of body height below the floor")
    return problems


def _walk(pose: Pose) -> dict[str, tuple[float, float]]:
    joints = {"hip": (0.0, 0.0)}
    for name, segment in SEGMENTS.items():
        x, y = joints[_ALIASES.get(segment.start, segment.start)]
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
    drop = min(joints[n][1] - _JOINT_RADIUS[n] for n in names)
    shift = joints[anchor][0]
    return Placed(MappingProxyType({n: (x - shift, y - drop) for n, (x, y) in joints.items()}))


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


_INK = {"near": "#23364a", "far": "#93a3b3", "trunk": "#2d4a66", "work": "#c0392b"}
_CAPTIONS = {"start": "Start", "end": "End", "end_right": "Other side"}


@dataclass(frozen=True)
class _Stroke:
    """One drawn limb or head, in page coordinates; the same list order for every pose."""

    css: str
    x1: float
    y1: float
    x2: float
    y2: float
    ink: str
    width: float


def _strokes(placed: Placed, pose: Pose, *, dx: float, flip) -> list[_Stroke]:
    """The body, far side first so the near side is drawn over it; the head comes last."""
    p = {n: (x + dx, flip(y)) for n, (x, y) in placed.joints.items()}
    order = [n for n in SEGMENTS if n.startswith("far_")]
    order += ["lower_torso", "upper_torso", "neck"] + [n for n in SEGMENTS if n.startswith("near_")]
    out = []
    for name in order:
        segment = SEGMENTS[name]
        (x1, y1), (x2, y2) = p[_ALIASES.get(segment.start, segment.start)], p[segment.end]
        side = name.split("_", 1)[0]
        ink = _INK["work"] if name in pose.highlight else _INK.get(side, _INK["trunk"])
        width = 4.5 if name == "neck" else segment.radius * 2 * BODY
        out.append(_Stroke(f"seg seg-{name.replace('_', '-')}", x1, y1, x2, y2, ink, width))
    hx, hy = p["head"]
    out.append(_Stroke("head", hx, hy, hx, hy, _INK["trunk"], HEAD_RADIUS * 2 * BODY))
    return out


def _stroke_svg(stroke: _Stroke, to: _Stroke | None = None, seconds: float = 0.0) -> str:
    """A stroke as a round-capped line; with ``to``, it glides there over ``seconds``."""
    animation = ""
    if to is not None:
        animation = "".join(
            f'<animate attributeName="{attr}" from="{_num(getattr(stroke, attr))}" to="{_num(getattr(to, attr))}" '
            f'dur="{seconds:g}s" fill="freeze"/>'
            for attr in ("x1", "y1", "x2", "y2")
            if _num(getattr(stroke, attr)) != _num(getattr(to, attr))
        )
        stroke = to if not animation else stroke
    ink = (to or stroke).ink
    return (
        f'<line class="{stroke.css}" x1="{_num(stroke.x1)}" y1="{_num(stroke.y1)}" x2="{_num(stroke.x2)}" '
        f'y2="{_num(stroke.y2)}" stroke="{ink}" stroke-width="{_num(stroke.width)}" stroke-linecap="round">'
        f"{animation}</line>"
    )


def _bounds(placed: Iterable[Placed]) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for one in placed:
        for name, (x, y) in one.joints.items():
            r = _JOINT_RADIUS[name]
            xs += [x - r, x + r]
            ys += [y - r, y + r]
    return min(xs), max(xs), min(ys), max(ys)


def _towel(placed: Placed, dx: float, flip) -> str:
    (wx, wy), (tx, ty) = placed.joints["near_wrist"], placed.joints["near_toe"]
    return (
        f'<line class="towel" x1="{_num(wx + dx)}" y1="{_num(flip(wy))}" x2="{_num(tx + dx)}" y2="{_num(flip(ty))}" '
        'stroke="#b8860b" stroke-width="2.5" stroke-dasharray="4 2"/>'
    )


class _Frame:
    """Shared framing for every pose of a figure, so panels and animations line up."""

    def __init__(self, figure: Figure):
        self.figure = figure
        self.placed = {name: place(pose, figure.anchor) for name, pose in figure.poses.items()}
        left, right, bottom, top = _bounds(self.placed.values())
        self.pad = 6.0
        self.left = left
        self.panel = right - left + 2 * self.pad
        self.floor = top + self.pad
        self.height = top - min(bottom, 0) + 2 * self.pad + 14

    def flip(self, y: float) -> float:
        return self.floor - y

    def dx(self, i: int) -> float:
        return i * self.panel - self.left + self.pad

    def ground(self, i: int) -> str:
        x0, x1 = i * self.panel, (i + 1) * self.panel
        out = (
            f'<line class="floor" x1="{_num(x0 + 2)}" y1="{_num(self.floor)}" x2="{_num(x1 - 2)}" '
            f'y2="{_num(self.floor)}" stroke="#444" stroke-width="1"/>'
        )
        if "mat" in self.figure.equipment:
            out += (
                f'<rect class="mat" x="{_num(x0 + 4)}" y="{_num(self.floor)}" width="{_num(self.panel - 8)}" '
                'height="2.5" fill="#6aa5a0"/>'
            )
        return out

    def strokes(self, name: str, i: int) -> list[_Stroke]:
        return _strokes(self.placed[name], self.figure.poses[name], dx=self.dx(i), flip=self.flip)

    def svg(
        self, body: str, *, title: str, described: str, panels: int, width: int, key: str
    ) -> str:
        ident = f"exl-fig-{key}"
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="exl-figure" role="img" width="{width}" '
            f'viewBox="0 0 {_num(self.panel * panels)} {_num(self.height)}" aria-labelledby="{ident}-t {ident}-d">'
            f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(described)}</desc>'
            f'<defs><marker id="{ident}-arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="5" '
            'markerHeight="5" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#c0392b"/></marker></defs>'
            f"{body}</svg>"
        )


def _key(title: str, *parts: str) -> str:
    return "-".join(re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-") for p in (title, *parts))


def figure_svg(figure: Figure, pose_name: str, *, title: str, width: int = 260) -> str:
    """One pose as a standalone SVG, framed the same as the other poses of the figure."""
    return figure_pair_svg(figure, title=title, poses=(pose_name,), width=width)


def figure_pair_svg(
    figure: Figure,
    *,
    title: str,
    poses: tuple[str, ...] = ("start", "end"),
    width: int = 520,
) -> str:
    """Poses side by side in one SVG, captioned; later poses get arrows for the movement."""
    frame = _Frame(figure)
    key = _key(title, *poses)
    parts = []
    for i, name in enumerate(poses):
        pose = figure.poses[name]
        dx = frame.dx(i)
        parts.append(f'<g class="pose pose-{escape(name)}">{frame.ground(i)}')
        if "towel or strap" in figure.equipment:
            parts.append(_towel(frame.placed[name], dx, frame.flip))
        parts += [_stroke_svg(s) for s in frame.strokes(name, i)]
        if name != "start":
            for joint in pose.motion:
                (x1, y1), (x2, y2) = (
                    frame.placed["start"].joints[joint],
                    frame.placed[name].joints[joint],
                )
                if math.dist((x1, y1), (x2, y2)) > 1.5:
                    parts.append(
                        f'<line class="arrow" x1="{_num(x1 + dx)}" y1="{_num(frame.flip(y1))}" '
                        f'x2="{_num(x2 + dx)}" y2="{_num(frame.flip(y2))}" stroke="#c0392b" stroke-width="1.4" '
                        f'stroke-dasharray="3 2" marker-end="url(#exl-fig-{key}-arrow)"/>'
                    )
        parts.append(
            f'<text x="{_num(i * frame.panel + frame.panel / 2)}" y="{_num(frame.floor + 12)}" text-anchor="middle" '
            f'font-family="system-ui, sans-serif" font-size="9" fill="#222">{escape(_CAPTIONS.get(name, name))}</text></g>'
        )
    described = " ".join(f"{_CAPTIONS.get(n, n)}: {figure.poses[n].description}" for n in poses)
    return frame.svg(
        "".join(parts), title=title, described=described, panels=len(poses), width=width, key=key
    )


def figure_motion_svg(
    figure: Figure,
    from_pose: str,
    to_pose: str,
    *,
    title: str,
    seconds: float = 1.5,
    width: int = 300,
) -> str:
    """The body gliding from one pose to another over ``seconds`` (SVG animation), then holding."""
    frame = _Frame(figure)
    before, after = frame.strokes(from_pose, 0), frame.strokes(to_pose, 0)
    body = "".join(_stroke_svg(a, b, seconds) for a, b in zip(before, after, strict=True))
    description = figure.poses[to_pose].description
    return frame.svg(
        frame.ground(0) + body,
        title=title,
        described=description,
        panels=1,
        width=width,
        key=_key(title, from_pose, to_pose),
    )
