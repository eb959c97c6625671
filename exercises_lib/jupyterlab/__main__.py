"""``python -m exercises_lib.jupyterlab``: install the course's JupyterLab settings here."""

from . import install_overrides

print(f"Wrote the course's JupyterLab settings to {install_overrides()}")
