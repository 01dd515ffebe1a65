"""Fixtures for headless UI tests: a state over the minimal template, the whole app."""

from __future__ import annotations

import pytest

from workbench import parse_template
from workbench.ui import WorkbenchApp, WorkbenchState

SECOND_TEMPLATE = """\
id: second
title: 在{{ place }}第二次会议上的讲话
occasion: 第二次会议
target_chars: 300
facts:
  - id: place
    label: 地名
    type: text
    required: true
    example: 白水县
  - id: projects
    label: 项目数
    type: number
    required: true
    example: 12
  - id: flag
    label: 是否扩大会议
    type: bool
  - id: rivers
    label: 主要河流
    type: list
    example: [青龙河, 白沙河]
openings:
  - id: direct
    label: 开门见山式
    text: 今天在{{ place }}开会，共有{{ projects }}个项目。
parts:
  - id: one
    title: 第一部分
    heading: 抓好第一件事
    points:
      - id: a
        key: 要点一
        heading: 做好甲
        body: 甲很重要。
  - id: two
    title: 第二部分
    heading: 抓好第二件事
    points:
      - id: a
        key: 要点二
        heading: 做好乙
        body: 乙很重要。
closings:
  - id: call
    label: 号召式
    text: 谢谢大家！
"""


@pytest.fixture
def ui_library(minimal_template):
    """Two small templates: the shared minimal one and a second one."""
    return {"mini": minimal_template, "second": parse_template(SECOND_TEMPLATE, "second.yaml")}


@pytest.fixture
def state(ui_library) -> WorkbenchState:
    """A JupyterLab-mode state with the minimal template open."""
    return WorkbenchState(ui_library, template="mini", mode="lab")


@pytest.fixture
def app(state, tmp_path) -> WorkbenchApp:
    """The whole app over `state`, autosaving into a temporary folder."""
    return WorkbenchApp(state, drafts_dir=tmp_path / "drafts")
