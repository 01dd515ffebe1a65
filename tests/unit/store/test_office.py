"""The office library: publish validates first and writes atomically; the app marks 本单位."""

from __future__ import annotations

import textwrap

import pytest

from tests.conftest import MINIMAL_TEMPLATE
from workbench.store import office
from workbench.store.office import OFFICE_MARK, PublishError, office_library, publish, unpublish

OFFICE = MINIMAL_TEMPLATE.replace("id: mini", "id: office-weekly", 1).replace(
    "title: 在{{ place }}测试会议上的讲话", "title: 在{{ place }}机关周例会上的讲话", 1)

PROFILE = textwrap.dedent("""\
    format: speech-workbench-profile
    version: 1
    facts:
      place: 青山县
      industries: [新材料, 绿色食品]
      meeting_date: 2026-01-31
    """)


@pytest.fixture
def root(tmp_path):
    return tmp_path / "library"


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_template_is_published_under_its_id_readable_by_all(tmp_path, root):
    published = publish(_write(tmp_path, "例会.yaml", OFFICE), root)
    assert published.kind == "template" and published.name == "office-weekly"
    assert published.path == root / "templates" / "office-weekly.yaml"
    assert published.path.read_text(encoding="utf-8") == OFFICE
    assert published.path.stat().st_mode & 0o777 == 0o644
    assert not list(published.path.parent.glob(".*"))


def test_a_broken_template_names_file_line_and_field_and_writes_nothing(tmp_path, root):
    broken = OFFICE.replace("    type: number\n", "    type: amount\n", 1)
    path = _write(tmp_path, "坏模板.yaml", broken)
    with pytest.raises(PublishError) as info:
        publish(path, root)
    line = broken.splitlines().index("    type: amount") + 1
    assert str(info.value).startswith(f"{path}:{line}: ")
    assert "facts[1].type" in str(info.value)
    assert not (root / "templates").exists() or not list((root / "templates").iterdir())


def test_republishing_replaces_the_file_and_never_leaves_half_of_it(tmp_path, root):
    first = publish(_write(tmp_path, "a.yaml", OFFICE), root)
    newer = OFFICE.replace("target_chars: 600", "target_chars: 800")
    publish(_write(tmp_path, "a.yaml", newer), root)
    assert first.path.read_text(encoding="utf-8") == newer
    assert [p.name for p in first.path.parent.iterdir()] == ["office-weekly.yaml"]


def test_a_profile_is_validated_with_lines(tmp_path, root):
    published = publish(_write(tmp_path, "青山县.yaml", PROFILE), root)
    assert published.kind == "profile" and published.path == root / "profiles" / "青山县.yaml"
    bad = PROFILE.replace("  industries: [新材料, 绿色食品]", "  industries: {a: 1}")
    path = _write(tmp_path, "坏档案.yaml", bad)
    with pytest.raises(PublishError, match=rf"^{path}:5: 要素“industries”的值应为"):
        publish(path, root)
    path = _write(tmp_path, "坏标识.yaml", "place: 青山县\n1abc: x\n")
    with pytest.raises(PublishError, match=rf"^{path}:2: 要素标识“1abc”无效"):
        publish(path, root)
    path = _write(tmp_path, "坏忽略.yaml", "place: 青山县\nignored_terms:\n  - {rule: count-mismatch}\n")
    with pytest.raises(PublishError, match=rf"^{path}:3: 应为非空文本（字段 ignored_terms\[0\]\.term）"):
        publish(path, root)
    path = _write(tmp_path, "坏格式.yaml", "place: [青山县\n")
    with pytest.raises(PublishError, match=rf"^{path}:\d+: .*YAML"):
        publish(path, root)


def test_a_missing_or_unreadable_file_is_one_line(tmp_path, root):
    with pytest.raises(PublishError, match="文件不存在"):
        publish(tmp_path / "nope.yaml", root)
    path = tmp_path / "bin.yaml"
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(PublishError, match="无法读取"):
        publish(path, root)


def test_unpublish_removes_by_id_or_name(tmp_path, root):
    publish(_write(tmp_path, "a.yaml", OFFICE), root)
    publish(_write(tmp_path, "青山县.yaml", PROFILE), root)
    assert unpublish("office-weekly", root).name == "office-weekly.yaml"
    assert unpublish("青山县", root).name == "青山县.yaml"
    with pytest.raises(PublishError, match="没有"):
        unpublish("office-weekly", root)
    with pytest.raises(PublishError, match="没有"):
        unpublish("../../etc/passwd", root)


def test_the_library_lists_office_templates_first_marked(tmp_path, root):
    publish(_write(tmp_path, "a.yaml", OFFICE), root)
    publish(_write(tmp_path, "青山县.yaml", PROFILE), root)
    assert office_library({}) is None
    library = office_library({office.LIBRARY_ENV: str(root)})
    assert library is not None
    titles = library.titles()
    first_id, first_title = next(iter(titles.items()))
    assert first_id == "office-weekly" and first_title.startswith(OFFICE_MARK)
    assert library.is_office("office-weekly") and not library.is_office("work-safety-plenary")
    assert "work-safety-plenary" in library  # the shipped templates stay
    assert library["office-weekly"].id == "office-weekly"
    assert [p.name for p in library.profiles()] == ["青山县.yaml"]


def test_an_absent_office_folder_is_an_empty_office(tmp_path):
    library = office_library({office.LIBRARY_ENV: str(tmp_path / "none")})
    assert library is not None and library.office_ids == frozenset() and library.profiles() == []
    assert "work-safety-plenary" in library
