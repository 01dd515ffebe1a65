"""The workbench's ipywidgets app, for JupyterLab and the Voilà dashboard.

Only this package imports ipywidgets; the core and the renderers never do.
"""

from __future__ import annotations

from .app import WorkbenchApp as WorkbenchApp
from .app import build_app as build_app
from .state import WorkbenchState as WorkbenchState

__all__ = ["WorkbenchApp", "WorkbenchState", "build_app"]
