"""`EsmWidget`: a widget drawn by a small ES module, without anywidget's Python package.

The browser side of the workbench's own widgets (the page preview, the session guard,
the upload button, the automatic download, the caret textarea) is anywidget's front end,
installed with the `anywidget` package as a JupyterLab/Voilà extension. Its Python side
is only a `DOMWidget` that names that front end's model and view and syncs the module's
source (`_esm`), its stylesheet (`_css`) and an id for the stylesheet (`_anywidget_id`),
exactly what `anywidget.AnyWidget` sends. Importing `anywidget` itself would also load
psygnal and its compiled module (file watching for hot reload, which a dashboard never
uses): about 1.8 MiB in every writer's kernel. This class speaks the same protocol from
ipywidgets and traitlets alone.

Subclasses set `_esm` (and optionally `_css`) as class attributes holding the source.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import ipywidgets
from traitlets import Unicode

#: The npm module of anywidget's front end, as the labextension registers it.
FRONTEND_MODULE = "anywidget"


@cache
def frontend_version() -> str:
    """Return the semver range of anywidget's front end, as `anywidget.AnyWidget` sends it
    ("~0.11.*" for 0.11.0; a pre-release exactly), read from the installed package's
    metadata without importing it."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        installed = version("anywidget")
    except PackageNotFoundError:
        return "*"
    parts = installed.split(".", maxsplit=2)
    if len(parts) < 3 or "a" in parts[2] or "b" in parts[2]:
        return installed
    return f"~{parts[0]}.{parts[1]}.*"


class _EsmMeta(type(ipywidgets.DOMWidget)):  # type: ignore[misc]
    """Turns a class's `_esm`/`_css` source strings into synced traits, and gives each
    class the `_anywidget_id` its stylesheet is keyed by (its qualified name), before
    traitlets sets the class's traits up: no per-instance traits, no class per instance."""

    def __new__(mcls, name: str, bases: tuple[type, ...], classdict: dict[str, Any],
                **kwargs: Any) -> Any:
        for key in ("_esm", "_css"):
            if isinstance(classdict.get(key), str):
                classdict[key] = Unicode(classdict[key]).tag(sync=True)
        classdict["_anywidget_id"] = Unicode(
            f"{classdict.get('__module__', '')}.{name}").tag(sync=True)
        return super().__new__(mcls, name, bases, classdict, **kwargs)


class EsmWidget(ipywidgets.DOMWidget, metaclass=_EsmMeta):
    """A `DOMWidget` rendered by anywidget's front end from the class's `_esm` source
    (a string class attribute; `_css` optional), synced as `anywidget.AnyWidget` does."""

    _model_name = Unicode("AnyModel").tag(sync=True)
    _model_module = Unicode(FRONTEND_MODULE).tag(sync=True)
    _model_module_version = Unicode(frontend_version()).tag(sync=True)
    _view_name = Unicode("AnyView").tag(sync=True)
    _view_module = Unicode(FRONTEND_MODULE).tag(sync=True)
    _view_module_version = Unicode(frontend_version()).tag(sync=True)

    #: What a class without a module of its own shows (anywidget's default says the same).
    _esm = ("export default { render({ el }) { el.textContent = "
            "'EsmWidget: no _esm defined'; } };")
    _css = ""

    def __repr__(self) -> str:
        # ipywidgets' repr lists every trait's value: a page's worth of HTML here.
        return object.__repr__(self)
