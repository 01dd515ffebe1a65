"""`workbench hub add-user|remove-user|publish|unpublish`: the office server's admin commands."""

from __future__ import annotations

import argparse
import getpass
import sys

from .. import accounts
from ..store import office

NAME = "hub"
HELP = "办公室服务器（JupyterHub）管理：添加/删除写作人员，向本单位库发布模板和要素档案"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the actions add-user, remove-user, publish and unpublish."""
    sub = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    add = sub.add_parser("add-user", help="添加写作人员（系统用户）；密码从标准输入读取；再次运行则改密码",
                         description="添加写作人员：创建系统用户（家目录 0700）并设置密码"
                                     "（从标准输入读取一行）。须以 root 运行。")
    add.add_argument("name", metavar="NAME", help="用户名：小写英文字母、数字、连字符")
    add.add_argument("--admin", action="store_true", help="同时设为管理员（可管理服务器、发布到本单位库）")
    remove = sub.add_parser("remove-user", help="删除写作人员：停止其服务器，删除系统用户和家目录",
                            description="删除写作人员。须以 root 运行；用户不存在时什么也不做。")
    remove.add_argument("name", metavar="NAME", help="用户名")
    remove.add_argument("--keep-home", action="store_true", help="保留家目录（改归 root 所有）")
    for name, helptext in (("publish", "校验后把模板或要素档案发布到本单位库（原子写入）"),
                           ("unpublish", "从本单位库中删除模板（按 ID）或要素档案（按名称）")):
        action = sub.add_parser(name, help=helptext, description=helptext)
        if name == "publish":
            action.add_argument("file", metavar="FILE.yaml", help="模板或要素档案文件")
        else:
            action.add_argument("name", metavar="NAME", help="模板 ID 或档案名称")
        action.add_argument("--library", metavar="DIR",
                            help=f"本单位库目录（默认取 {office.LIBRARY_ENV}，否则 {office.DEFAULT_LIBRARY}）")
    parser.set_defaults(action=None)


def _library(args: argparse.Namespace):
    return args.library or office.library_root() or office.DEFAULT_LIBRARY


def _read_password() -> str:
    if sys.stdin is None:
        raise accounts.AccountError("请从标准输入提供密码")
    if sys.stdin.isatty():
        first = getpass.getpass("密码：")
        if getpass.getpass("再输入一次：") != first:
            raise accounts.AccountError("两次输入的密码不一致")
        return first
    return sys.stdin.readline()


def run(args: argparse.Namespace) -> int:
    """Run the action; exit 0, or 2 with one line for a bad name, file or missing rights."""
    if args.action == "add-user":
        accounts.check_name(args.name)
        accounts.require_root()
        outcome = accounts.add_user(args.name, _read_password(), admin=args.admin)
        done = "已添加" if outcome.action == "created" else "已更新（密码已重设）"
        print(f"{done}写作人员 {outcome.name}（家目录 {outcome.home}，仅本人可读）")
        return 0
    if args.action == "remove-user":
        accounts.check_name(args.name)
        accounts.require_root()
        outcome = accounts.remove_user(args.name, keep_home=args.keep_home)
        if outcome.action == "absent":
            print(f"用户 {args.name} 不存在，无需删除")
        else:
            kept = f"，家目录保留在 {outcome.home}" if args.keep_home else "，家目录已删除"
            print(f"已删除写作人员 {outcome.name}{kept}")
        return 0
    if args.action == "publish":
        published = office.publish(args.file, _library(args), group=accounts.ADMINS_GROUP)
        what = "模板" if published.kind == "template" else "要素档案"
        print(f"已发布{what}“{published.name}”到本单位库：{published.path}")
        return 0
    if args.action == "unpublish":
        path = office.unpublish(args.name, _library(args))
        print(f"已从本单位库删除：{path}")
        return 0
    print("workbench hub: 请给出 add-user、remove-user、publish 或 unpublish", file=sys.stderr)
    return 2
