"""JupyterHub on one machine for a class taking "A stronger lower back".

Copy this file beside your hub and start it with `jupyterhub -f jupyterhub_config.py`.
It needs, in the hub's Python environment:

    pip install 'exercises-lib[lab]' jupyterhub jupyterhub-idle-culler nbgitpuller
    npm install -g configurable-http-proxy

Each learner logs in and lands on lesson 00 of their own copy of the course, which the
course's server extension makes (or brings up to date) in their home as their server
starts: no start hook. Their log and settings stay in their own home; nothing here
collects them. Choose an authenticator and a spawner for your machine (the lines at the
end); the rest is the course's.
"""

import sys

from exercises_lib.serverext import start_url

c = get_config()  # noqa: F821 (JupyterHub's config loader provides it)

# Straight to lesson 00 of the learner's own copy.
c.Spawner.default_url = start_url()

# A server left idle for an hour stops, and gives its memory back; the learner's files stay.
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=3600"],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]

# Your machine's choice (see JupyterHub's docs): for example, learners as system users
# with the default PAM authenticator and LocalProcessSpawner, or NativeAuthenticator for
# sign-ups. The course's test replaces these with the dummy authenticator.
# c.JupyterHub.authenticator_class = "native"
