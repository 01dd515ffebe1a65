"""Shared fixtures: a minimal template, a dict-built library and a sample draft."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.support.office_files import office_files as office_files  # session fixture (LibreOffice)
from tests.support.revised import revised_speech as revised_speech  # session fixture (LibreOffice)
from workbench import Draft, load_library, parse_template

ROOT = Path(__file__).resolve().parents[1]

MINIMAL_TEMPLATE = textwrap.dedent("""\
    id: mini
    title: 在{{ place }}测试会议上的讲话
    occasion: 测试会议
    target_chars: 600
    facts:
      - id: place
        label: 地名
        type: text
        required: true
        example: 青山县
      - id: hazards
        label: 隐患数
        type: number
        required: false
        example: 37
      - id: accident_date
        label: 事故日期
        type: date
        required: false
        example: 2026-01-31
    heading_patterns:
      - id: triple
        label: 三段式
      - id: pair
        label: 四字
    openings:
      - id: purpose
        label: 开门见山式
        text: |
          今天召开会议，主要任务是部署{{ place }}的工作。

          {% if accident_date %}{{ accident_date }}发生的事故教训深刻。{% endif %}
      - id: review
        label: 回顾式
        text: 过去一年，{{ place }}工作取得新进展。
    parts:
      - id: why
        title: 思想认识
        heading:
          triple: 提高站位，强化意识，坚决守牢底线
          pair: 提高站位　强化意识
        points:
          - id: a
            key: 压实责任
            heading: 压紧压实责任链条
            body: 责任是安全的生命线。
            items:
              - key: 压实属地责任
                text: 各乡镇要守土尽责。
              - key: 压实部门责任
                text: 各部门要履职到位。
          - id: b
            key: 排查隐患
            heading: 全面排查风险隐患
            body: 全年排查隐患{{ hazards }}处。
        forms:
          parallel:
            lead: 抓安全，就是要
            clauses:
              a: 把责任扛在肩上
              b: 把隐患找在前头
          slogan:
            keyword: 到位
            elements:
              a: 责任到位
              b: 排查到位
          escalation:
            steps:
              a: 责任压实是前提
              b: 隐患清零是目的
          contrast:
            sides:
              - text: 既要把责任压下去
                points: [a]
              - text: 又要把隐患查出来
                points: [b]
      - id: what
        title: 重点任务
        heading:
          triple: 突出重点，深化整治，坚决消除隐患
          pair: 突出重点　深化整治
        points:
          - id: a
            key: 紧盯行业
            heading: 紧盯重点行业领域
            body: 要盯住危化品、矿山。
          - id: b
            key: 紧盯时段
            heading: 紧盯关键时间节点
            body: 要盯住节假日。
      - id: how
        title: 机制保障
        heading:
          triple: 完善机制，夯实基础，坚决提升水平
          pair: 完善机制　夯实基础
        points:
          - id: a
            key: 强化考核
            heading: 强化考核问责
            body: 要严格考核。
          - id: b
            key: 强化保障
            heading: 强化要素保障
            body: 要加大投入。
    closings:
      - id: call
        label: 号召式
        text: |
          同志们，让我们共同努力！

          谢谢大家！
    """)


@pytest.fixture
def minimal_template():
    """The small template above, parsed."""
    return parse_template(MINIMAL_TEMPLATE, "mini.yaml")


@pytest.fixture
def dict_loader(minimal_template):
    """A library holding only the minimal template."""
    return {"mini": minimal_template}


@pytest.fixture
def sample_draft(minimal_template):
    """A draft of the minimal template with the place filled."""
    draft = Draft(minimal_template)
    draft.facts["place"] = "青山县"
    return draft


@pytest.fixture(scope="session")
def library():
    """The shipped template library."""
    return load_library()


@pytest.fixture
def small_disk(tmp_path):
    """A real 64 KiB tmpfs folder (unmounted after); skips, saying why, where mounting is
    impossible (not root, no CAP_SYS_ADMIN)."""
    from tests.support.smalldisk import CannotMount, small_tmpfs

    try:
        with small_tmpfs(tmp_path / "disk") as folder:
            yield folder
    except CannotMount as exc:
        pytest.skip(str(exc))


@pytest.fixture
def freezable(tmp_path):
    """A writable folder that `tests.support.smalldisk.make_read_only` turns read-only."""
    from tests.support.smalldisk import CannotMount, freezable_folder

    try:
        with freezable_folder(tmp_path / "frozen") as folder:
            yield folder
    except CannotMount as exc:
        pytest.skip(str(exc))
