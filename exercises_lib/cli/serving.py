"""Serve the course: your own copy in JupyterLab (lab, update) and the projector circuit (present)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import UsageError
from ..i18n import N_, _, current_language, ngettext
from ..loading import DATA_ENV, course_catalog
from ..timing import (
    CIRCUIT_MOVE_SECONDS,
    CIRCUIT_PACE,
    CIRCUIT_PACES,
    CIRCUIT_REST_SECONDS,
    CIRCUIT_ROUNDS,
    CIRCUIT_ROUTINE,
    CIRCUIT_WORK_SECONDS,
    MIN_MOVE_SECONDS,
)
from ._common import (
    Handler,
    bounded,
    catalog_for,
    data_option,
    free_port,
    install_hint,
    lang_option,
    port_value,
    region_option,
    shown_progress,
    split_list,
)


def add_commands(commands: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add this group's commands; return each one's handler."""
    present = commands.add_parser(
        "present",
        help=_("show the trainer circuit full screen, no code, offline (Voilà)"),
        description=_(
            "Serve the circuit timer for a projector. Stations start as the routine's "
            "exercises (the starter routine unless you name another); an advanced exercise joins "
            "only when its routine or its id is named."
        ),
    )
    data_option(present)
    present.add_argument(
        "--routine", metavar="ID", default=CIRCUIT_ROUTINE, help=_("default: starter")
    )
    present.add_argument(
        "--stations", metavar="LIST", help=_("exercise ids in order, e.g. pelvic-tilt,bird-dog")
    )
    present.add_argument(
        "--pace",
        choices=CIRCUIT_PACES,
        default=CIRCUIT_PACE,
        help=_(
            "reps: every station runs one set of its dose, rep by rep; time: every station "
            "works for --work seconds and aims for the reps that fit (default: reps)"
        ),
    )
    present.add_argument(
        "--work",
        type=bounded(int, 5, 600, N_("work seconds")),
        default=CIRCUIT_WORK_SECONDS,
        metavar="S",
        help=_("work seconds per station (default: {seconds})").format(
            seconds=CIRCUIT_WORK_SECONDS
        ),
    )
    present.add_argument(
        "--rest",
        type=bounded(int, 0, 600, N_("rest seconds")),
        default=CIRCUIT_REST_SECONDS,
        metavar="S",
        help=_("rest seconds after a station (default: {seconds})").format(
            seconds=CIRCUIT_REST_SECONDS
        ),
    )
    present.add_argument(
        "--move",
        type=bounded(int, MIN_MOVE_SECONDS, 120, N_("move seconds")),
        default=CIRCUIT_MOVE_SECONDS,
        metavar="S",
        help=_("seconds to move to the next station (default: {seconds})").format(
            seconds=CIRCUIT_MOVE_SECONDS
        ),
    )
    present.add_argument(
        "--rounds",
        type=bounded(int, 1, 10, N_("rounds")),
        default=CIRCUIT_ROUNDS,
        metavar="N",
        help=_("rounds (default: {rounds})").format(rounds=CIRCUIT_ROUNDS),
    )
    present.add_argument(
        "--port",
        type=port_value,
        default=8866,
        help=_("local port to serve on (default: 8866, else the next free one)"),
    )
    present.add_argument("--no-browser", action="store_true", help=_("do not open a browser"))

    lab = commands.add_parser(
        "lab",
        help=_("open your own copy of the course in JupyterLab (made on first start)"),
        description=_(
            "Copies the lessons and tools into your workspace the first time, then "
            "opens lesson 00 there. The workspace is $EXERCISES_WORKSPACE if set, else my-course/ "
            "in a checkout of the course, else lower-back-course in your Documents folder. "
            "Anything after -- goes to jupyter lab."
        ),
    )
    update = commands.add_parser(
        "update",
        help=_("bring your copies of the lessons up to date, keeping the ones you changed"),
    )
    for parser in (lab, update):
        lang_option(parser)
        parser.add_argument(
            "--course",
            metavar="DIR",
            type=Path,
            default=None,
            help=_("a course folder with lessons/ and notebooks/ (default: the course's own)"),
        )
    lab.add_argument(
        "--port", type=port_value, default=None, help=_("local port (default: 8888 or free)")
    )
    lab.add_argument("--no-browser", action="store_true", help=_("do not open a browser"))
    lab.add_argument("jupyter_args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)

    site = commands.add_parser(
        "site",
        help=_("build the course as a static site that runs in the browser (JupyterLite)"),
        description=_(
            "Builds JupyterLab, a Python kernel that runs in the browser (Pyodide) and the "
            "whole course, in both languages, as plain files. Serve the folder from any web "
            "server, or on this computer with: `python -m http.server --directory DIR`. "
            "Needs Python 3.12 or newer and `npm` (`make site` sets them up)."
        ),
    )
    site.add_argument(
        "--out",
        metavar="DIR",
        type=Path,
        default=Path("build") / "site",
        help=_("folder for the site (default: build/site)"),
    )
    site.add_argument(
        "--work",
        metavar="DIR",
        type=Path,
        default=None,
        help=_(
            "folder where the build keeps what the next one can reuse (default: build/site-work)"
        ),
    )
    region_option(
        site,
        _(
            "whose emergency routes the site names until a learner picks their own, "
            "e.g. GB, US, ES (default: neutral words with the common numbers)"
        ),
    )

    return {"present": _present, "lab": _lab, "update": _update, "site": _site}


def _present(args: argparse.Namespace) -> int:
    import os
    import secrets
    import shutil
    import tempfile

    from ..present import (
        circuit_notebook,
        open_page,
        serve,
        voila_command,
        write_circuit_notebook,
    )

    nb = circuit_notebook(
        catalog_for(args),
        routine=args.routine,
        stations=split_list(args.stations),
        pace=args.pace,
        work=args.work,
        rest=args.rest,
        move=args.move,
        rounds=args.rounds,
    )
    voila = shutil.which("voila", path=str(Path(sys.executable).parent)) or shutil.which("voila")
    if voila is None:
        raise UsageError(_("Voilà is not installed; {hint}").format(hint=install_hint("present")))
    port = free_port(args.port)
    if port == 0:
        raise UsageError(
            _("ports {first} to {last} are all taken; pass --port").format(
                first=args.port, last=args.port + 49
            )
        )
    with tempfile.TemporaryDirectory(prefix="exercises-present-") as folder:
        notebook = write_circuit_notebook(Path(folder), nb)
        token = os.environ.get("JUPYTER_TOKEN") or secrets.token_hex(24)
        command, env = voila_command(voila, notebook, port=port, token=token)
        if args.data is not None:
            env[DATA_ENV] = str(args.data.resolve())  # the notebook's kernel inherits it
        address = f"http://127.0.0.1:{port}/?token={token}"
        on_ready = None if args.no_browser else open_page(Path(folder), address)
        if port != args.port:
            line = _("Presenting the circuit at {address} (port {port} was taken; Ctrl+C to stop)")
        else:
            line = _("Presenting the circuit at {address} (Ctrl+C to stop)")
        print(line.format(address=address, port=args.port), file=sys.stderr)
        return serve(command, env, on_ready)


def _lab(args: argparse.Namespace) -> int:
    import os
    import secrets
    import shutil

    from ..coursefiles import course_dir
    from ..jupyterlab import settings_dir
    from ..workspace import START_PAGE, sync_workspace, workspace_dir

    course = (args.course or course_dir()).resolve()
    workspace = workspace_dir()
    with shown_progress() as progress:
        report = sync_workspace(course, workspace, progress=progress)
    for line in report.lines():
        print(line, file=sys.stderr)
    jupyter = shutil.which("jupyter", path=str(Path(sys.executable).parent)) or shutil.which(
        "jupyter"
    )
    if jupyter is None:
        raise UsageError(_("JupyterLab is not installed; {hint}").format(hint=install_hint("lab")))
    command = [
        jupyter,
        "lab",
        START_PAGE,
        f"--ServerApp.root_dir={workspace}",
        # The course's JupyterLab settings: no news pop-up (see exercises_lib/jupyterlab).
        f"--LabApp.app_settings_dir={settings_dir(current_language())}",
        # `exercises present` runs Voilà on its own; its extension inside JupyterLab is not
        # used, and it turns traitlets' deprecation notices on in the learner's terminal.
        "--ServerApp.jpserver_extensions=voila.server_extension=False",
        # The copy was just made above, in the folder JupyterLab serves: the course's own
        # server extension (a hub's) would make another inside it.
        "--CourseCopies.enabled=False",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # JupyterLab refuses root unless told; containers are root
    # JupyterLab prints an address that opens its Launcher; this one opens lesson 00.
    port = args.port or free_port(8888)
    if port == 0:
        raise UsageError(
            _("ports {first} to {last} are all taken; pass --port").format(first=8888, last=8937)
        )
    extra = [a for a in args.jupyter_args if a != "--"]
    # Only this port: a silent move to the next one would leave the address printed wrong.
    command += [f"--port={port}", "--ServerApp.port_retries=0"]
    address = f"http://localhost:{port}/lab/tree/{START_PAGE}"
    env = dict(os.environ)
    if not any(a.startswith(("--IdentityProvider.token", "--ServerApp.token")) for a in extra):
        # Through the environment, not the command line, where `ps` shows it to every user.
        # an empty one would turn sign-in off and leave the printed address wrong: make one
        token = env["JUPYTER_TOKEN"] = env.get("JUPYTER_TOKEN", "").strip() or secrets.token_hex(24)
        address += f"?token={token}"
    if args.no_browser:
        command.append("--no-browser")
    command += extra
    print(_("Your copy of the course: {folder}").format(folder=workspace), file=sys.stderr)
    print(_("Open the course at {address}").format(address=address), file=sys.stderr)
    os.chdir(workspace)
    os.execve(jupyter, command, env)
    return 0


def _site(args: argparse.Namespace) -> int:
    from ..site import build_site

    if args.region:
        course_catalog(region=args.region)  # an unknown region is refused with the list
    with shown_progress() as progress:
        page = build_site(args.out, region=args.region, work=args.work, progress=progress)
    print(_("The site is in {folder}; its start page is {page}").format(folder=args.out, page=page))
    print(
        _(
            "Try it here: python -m http.server --bind 127.0.0.1 --directory {folder} 8000, "
            "then open http://127.0.0.1:8000/"
        ).format(folder=args.out)
    )
    return 0


def _update(args: argparse.Namespace) -> int:
    from ..coursefiles import course_dir
    from ..workspace import sync_workspace, workspace_dir

    course = (args.course or course_dir()).resolve()
    workspace = workspace_dir()
    with shown_progress() as progress:
        lines = sync_workspace(course, workspace, update=True, progress=progress).lines()
    for line in lines:
        print(line)
    if lines:
        count = ngettext("{folder}: {count} change.", "{folder}: {count} changes.", len(lines))
    else:
        count = _("{folder}: up to date.")
    print(count.format(folder=workspace, count=len(lines)))
    return 0
