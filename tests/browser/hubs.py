"""A real JupyterHub on 127.0.0.1 for the hub test and the hub bench (bench/hub.py).

It runs the deployment example (deploy/hub/jupyterhub_config.py) with what only a test
wants: the dummy authenticator, a local process spawner that gives each learner a home
under a temporary folder, free ports, and a service token to drive the REST API. No
pytest here: the bench uses it as well.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROXY = REPO / ".venv" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
EXAMPLE = REPO / "deploy" / "hub" / "jupyterhub_config.py"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proxy_command() -> str | None:
    """JupyterHub's proxy, as `make test` installs it (npm), else one on the PATH."""
    return str(PROXY) if PROXY.exists() else shutil.which("configurable-http-proxy")


class Hub:
    """A running hub: its address, its REST API (as the test's service) and the homes."""

    def __init__(self, url: str, token: str, folder: Path, process: subprocess.Popen):
        self.url, self.token, self.folder, self.process = url, token, folder, process
        self.homes = folder / "homes"
        self.pids: set[int] = set()  # every learner's server seen ready, to stop by id

    def api(self, method: str, path: str, body: object = None) -> object:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}/hub/api{path}",
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=60) as reply:
            text = reply.read()
        return json.loads(text) if text else None

    def server(self, name: str) -> dict:
        """The learner's default server as the hub sees it ({} once it has stopped)."""
        user = self.api("GET", f"/users/{name}")
        assert isinstance(user, dict)
        return user.get("servers", {}).get("", {})

    def start(self, name: str) -> None:
        """Create the learner and ask for their server (it starts in the background)."""
        self.api("POST", f"/users/{name}")
        self.api("POST", f"/users/{name}/server")

    def wait_ready(self, name: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not self.server(name).get("ready"):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{name}'s server never became ready")
            time.sleep(0.25)  # polling the hub for a server that is starting
        self.pids.add(self.pid(name))

    def pid(self, name: str) -> int:
        """The learner's server's process id, from the hub's record of it."""
        return int(self.server(name).get("state", {}).get("pid", 0))

    def home(self, name: str) -> Path:
        return self.homes / name


def _config(folder: Path, port: int, token: str) -> Path:
    """The example, and what only a test wants: dummy logins, homes under ``folder``."""
    lines = [
        f"load_subconfig({str(EXAMPLE)!r})",
        "c.JupyterHub.ip = '127.0.0.1'",
        f"c.JupyterHub.port = {port}",
        "c.JupyterHub.hub_ip = '127.0.0.1'",
        f"c.JupyterHub.hub_port = {free_port()}",
        f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{free_port()}'",
        f"c.ConfigurableHTTPProxy.command = [{proxy_command()!r}]",
        f"c.JupyterHub.db_url = 'sqlite:///{folder / 'hub.sqlite'}'",
        f"c.JupyterHub.cookie_secret_file = {str(folder / 'cookie_secret')!r}",
        f"c.JupyterHub.pid_file = {str(folder / 'hub.pid')!r}",
        "c.JupyterHub.authenticator_class = 'dummy'",
        "c.Authenticator.allow_all = True",
        "c.JupyterHub.spawner_class = 'simple'",
        f"c.SimpleLocalProcessSpawner.home_dir_template = {str(folder / 'homes')!r} + '/{{username}}'",
        f"c.Spawner.cmd = [{sys.executable!r}, '-m', 'jupyterhub.singleuser']",
        f"c.Spawner.args = {['--allow-root'] if os.geteuid() == 0 else []!r}",
        "c.Spawner.start_timeout = 180",
        "c.Spawner.http_timeout = 180",
        # learners may start many at once here; the hub's default allows only a few
        "c.JupyterHub.concurrent_spawn_limit = 0",
        # the test's own service: it creates users, starts their servers, reads their state
        f"c.JupyterHub.services.append({{'name': 'tester', 'api_token': {token!r}}})",
        "c.JupyterHub.load_roles.append({'name': 'tester', 'services': ['tester'], "
        "'scopes': ['admin:users', 'admin:servers', 'list:users', 'read:users:activity', "
        "'delete:servers', 'access:servers', 'admin:server_state']})",
    ]
    path = folder / "jupyterhub_config.py"
    path.write_text("\n".join(lines) + "\n")
    return path


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def running_hub(folder: Path) -> Iterator[Hub]:
    """A hub in ``folder``, stopped with every learner's server on the way out, by id."""
    port, token = free_port(), secrets.token_hex(24)
    config = _config(folder, port, token)
    # The learners' servers get the hub's own environment: none of the tests' settings.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EXERCISES_", "JUPYTER"))}
    with (folder / "hub.log").open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=folder,
            env=env,
        )
    hub = Hub(f"http://127.0.0.1:{port}", token, folder, process)
    try:
        deadline = time.monotonic() + 90
        while not _answers(f"{hub.url}/hub/api"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the hub did not start; see {folder / 'hub.log'}")
            time.sleep(0.25)  # polling a starting hub
        yield hub
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        for pid in hub.pids - {0}:  # the hub stops its servers; any left goes by its id
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
