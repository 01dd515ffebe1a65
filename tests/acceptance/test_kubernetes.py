"""deploy/kubernetes: the Helm values use keys the z2jh chart reads and match `make hub`;
the image installs what `make hub-install` and `make system-deps` install."""

from __future__ import annotations

import ast
import re
import shlex
from fnmatch import fnmatchcase
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

K8S = ROOT / "deploy" / "kubernetes"
KEYS = ROOT / "tests" / "data" / "z2jh" / "values-keys.txt"
HUB_CONFIG = ROOT / "deploy" / "hub" / "jupyterhub_config.py"


@pytest.fixture(scope="module")
def values() -> dict[str, Any]:
    return yaml.safe_load((K8S / "values.yaml").read_text(encoding="utf-8"))


def _chart_keys() -> list[str]:
    lines = KEYS.read_text(encoding="utf-8").splitlines()
    return [ln for ln in lines if ln and not ln.startswith("#")]


def _key_paths(data: Any, prefix: str = "") -> list[str]:
    if not isinstance(data, dict):
        return []
    paths = []
    for key, value in data.items():
        path = f"{prefix}{key}"
        paths.append(path)
        paths += _key_paths(value, f"{path}.")
    return paths


def _known(path: str, keys: list[str]) -> bool:
    parts = path.split(".")
    for key in keys:
        pattern = key.split(".")
        if pattern[-1] == "**":
            head = pattern[:-1]
            if len(parts) > len(head) and all(fnmatchcase(p, k) for p, k in zip(parts, head, strict=False)):
                return True
        elif len(pattern) == len(parts) and all(fnmatchcase(p, k) for p, k in zip(parts, pattern, strict=True)):
            return True
    return False


def test_values_use_only_keys_the_chart_reads(values):
    keys = _chart_keys()
    assert len(keys) > 400  # the whole schema, not a stub
    unknown = [p for p in _key_paths(values) if not _known(p, keys)]
    assert unknown == []
    assert not _known("singleuser.defaultURL", keys)  # the check can fail


def _hub_settings() -> dict[str, Any]:
    """Return the constants, Spawner.args and default_url of the hub's config, without running it."""
    tree = ast.parse(HUB_CONFIG.read_text(encoding="utf-8"))
    constants: dict[str, Any] = {}
    settings: dict[str, Any] = {}
    for node in tree.body:
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target = ast.unparse(node.targets[0])
        if isinstance(node.value, ast.Constant) and target.isupper():
            constants[target] = node.value.value
        elif target.startswith("c.Spawner.") or target.startswith("c.JupyterHub.shutdown"):
            try:
                settings[target] = eval(compile(ast.Expression(node.value), "config", "eval"),
                                        {"__builtins__": {}}, dict(constants))
            except NameError:
                continue
    return {**constants, **settings}


def test_values_match_the_single_server_hub(values):
    hub = _hub_settings()
    assert values["singleuser"]["defaultUrl"] == hub["c.Spawner.default_url"]
    assert values["hub"]["config"]["KubeSpawner"]["args"] == hub["c.Spawner.args"]
    assert values["hub"]["config"]["JupyterHub"]["shutdown_on_logout"] is hub["c.JupyterHub.shutdown_on_logout"]
    assert values["cull"] == {"enabled": True, "timeout": hub["SERVER_IDLE_S"], "every": hub["SERVER_CULL_EVERY_S"]}
    assert f"--MappingKernelManager.cull_idle_timeout={hub['KERNEL_IDLE_S']}" in hub["c.Spawner.args"]
    assert values["singleuser"]["cmd"] == ["python", "-m", "workbench.singleuser"]
    library = values["singleuser"]["extraEnv"]["WORKBENCH_LIBRARY"]
    mounts = {m["mountPath"]: m for m in values["singleuser"]["storage"]["extraVolumeMounts"]}
    assert mounts[library]["readOnly"] is True


def _make_recipe(target: str) -> list[str]:
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith(f"{target}:"))
    recipe = []
    for line in lines[start + 1:]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def _apt_packages(text: str) -> set[str]:
    packages: set[str] = set()
    for match in re.finditer(r"apt-get\b[^\n]*?\binstall\b((?:[^\n;&]|\\\n)*)", text.replace("\\\n", " ")):
        for token in match.group(1).split():
            if not token.startswith("-") and re.fullmatch(r"[a-z0-9][a-z0-9.+-]+", token):
                packages.add(token)
    return packages


def _docker_commands() -> list[str]:
    text = (K8S / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    commands = []
    for line in text.splitlines():
        if line.startswith("RUN "):
            commands += [" ".join(c.split()) for c in line[4:].split("&&")]
    return commands


def test_the_image_installs_what_make_installs():
    hub_steps = [s.replace("$(HUB_VENV)", ".venv-hub").replace("$(HUB_PYTHON)", "python3")
                 for s in _make_recipe("$(HUB_STAMP)") if "pip" in s or "venv" in s]
    assert any("pip install" in s and "'.[hub]'" in s for s in hub_steps)
    docker = _docker_commands()
    for step in hub_steps:
        assert " ".join(shlex.split(step)) in [" ".join(shlex.split(c)) for c in docker], step
    make_apt = _apt_packages("\n".join(_make_recipe("system-deps") + _make_recipe("hub-system-deps")))
    docker_apt = _apt_packages("\n".join(docker))
    assert "fonts-noto-cjk" in docker_apt
    # Chromium runs the tests, the proxy runs in the hub's pod; python3 is HUB_PYTHON itself.
    assert docker_apt - {"python3"} == make_apt - {"chromium", "node-configurable-http-proxy"}


def test_docs_explain_volumes_and_commands():
    text = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    for needed in ("make hub", "add-user", "remove-user", "publish", "values.yaml", "Dockerfile",
                   "WORKBENCH_LIBRARY", "extraVolumes", "homeMountPath", "1800", "3600"):
        assert needed in text, needed
