"""`workbench hub`: bad names refused in one line, add/remove idempotent on real users, publish."""

from __future__ import annotations

import io
import os
import pwd
import secrets
import subprocess
import sys

import pytest

from tests.conftest import MINIMAL_TEMPLATE
from workbench import accounts
from workbench.cli import main


def _run(argv, capsys, stdin: str = ""):
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(argv)
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", ["Root", "a", "1abc", "wang/li", "x" * 40, "root", "workbench"])
def test_a_bad_name_is_refused_in_one_line(name, capsys):
    for action in ("add-user", "remove-user"):
        code, out, err = _run(["hub", action, name], capsys, "long-enough-password\n")
        assert code == 2 and out == ""
        assert err.count("\n") == 1 and "用户名" in err


@pytest.fixture
def as_root():
    if os.geteuid() != 0:
        if os.environ.get("CI"):
            pytest.fail("workbench hub add-user needs root; CI runs as root", pytrace=False)
        pytest.skip("needs root (creates a system user)")


@pytest.fixture
def writer_name(as_root):
    name = f"wbt-cli-{secrets.token_hex(3)}"
    yield name
    subprocess.run(["userdel", "--force", "--remove", name], capture_output=True, check=False)


def test_add_user_is_idempotent_and_remove_user_too(writer_name, capsys):
    code, out, err = _run(["hub", "add-user", writer_name], capsys, "first-password\n")
    assert code == 0, err
    user = pwd.getpwnam(writer_name)
    assert os.stat(user.pw_dir).st_mode & 0o777 == 0o700 and accounts.is_writer(writer_name)
    code, out, err = _run(["hub", "add-user", writer_name], capsys, "second-password\n")
    assert code == 0 and "已更新" in out
    code, out, err = _run(["hub", "add-user", writer_name], capsys, "short\n")
    assert code == 2 and "至少" in err
    code, out, err = _run(["hub", "remove-user", writer_name], capsys)
    assert code == 0 and "已删除" in out
    with pytest.raises(KeyError):
        pwd.getpwnam(writer_name)
    assert not os.path.exists(user.pw_dir)
    code, out, err = _run(["hub", "remove-user", writer_name], capsys)
    assert code == 0 and "不存在" in out


def test_a_system_user_who_is_not_a_writer_is_never_touched(as_root, capsys):
    code, _out, err = _run(["hub", "add-user", "daemon"], capsys, "some-password\n")
    assert code == 2 and "保留名" in err
    other = next((u.pw_name for u in pwd.getpwall() if u.pw_name in ("sys", "bin", "games", "man")), None)
    assert other is not None
    code, _out, err = _run(["hub", "add-user", other], capsys, "some-password\n")
    assert code == 2 and "不是讲稿工作台的写作人员" in err
    code, _out, err = _run(["hub", "remove-user", other], capsys)
    assert code == 2 and "不是讲稿工作台的写作人员" in err
    assert pwd.getpwnam(other)


def test_publish_validates_and_names_file_line_and_field(tmp_path, capsys):
    library = tmp_path / "library"
    good = tmp_path / "weekly.yaml"
    good.write_text(MINIMAL_TEMPLATE.replace("id: mini", "id: office-weekly", 1), encoding="utf-8")
    code, out, err = _run(["hub", "publish", str(good), "--library", str(library)], capsys)
    assert code == 0 and "office-weekly" in out
    assert (library / "templates" / "office-weekly.yaml").read_text(encoding="utf-8") == good.read_text(
        encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL_TEMPLATE.replace("target_chars: 600", "target_chars: many"), encoding="utf-8")
    code, out, err = _run(["hub", "publish", str(bad), "--library", str(library)], capsys)
    line = MINIMAL_TEMPLATE.splitlines().index("target_chars: 600") + 1
    assert code == 2 and err.count("\n") == 1
    assert f"{bad}:{line}:" in err and "target_chars" in err
    code, out, err = _run(["hub", "unpublish", "office-weekly", "--library", str(library)], capsys)
    assert code == 0 and not (library / "templates" / "office-weekly.yaml").exists()


def test_hub_without_an_action_explains(capsys):
    code, _out, err = _run(["hub"], capsys)
    assert code == 2 and "add-user" in err
