"""`leader-post` and `leader-order`: the unit's leaders (领导名录) named with a post that is
not theirs, or listed out of rank order.

The leaders come from the unit profile (`options.extra["leaders"]`, a tuple of
`core.leaders.Leader`); with none listed, both rules are silent.

- **leader-post**: a listed name with a post written right before it (县长王建国, 县长　王建国)
  or right after it (王建国副县长). The post is compared by its title (县长, 副县长, 常务副
  县长, 书记, 副书记, 主任…), the organ in front (县委, 县人大常委会…) only when both name
  one. It is reported when the title is not the leader's: a rank variant of their own
  (副县长 for 县长, 书记 for 副书记), another listed leader's post, or a standing post
  (书记, 县长, 主席, 常委, 部长…); a task force's title the profile does not know (指挥长,
  组长, 主任) is left alone. 常务副县长 may be called 副县长.
- **leader-order**: two or more listed names joined by 、 和 及 与 (with their posts), or,
  on a line of attendance (出席、参加、列席、主持…), also by ， , or spaces, whose ranks
  go down somewhere. One finding per list, with the order the profile gives.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from ..leaders import Leader
from .finding import Finding, Options
from .speech import Line, Speech

#: Organs a post may name before its title (县委副书记, 县人大常委会主任).
_ORGAN = (r"(?:[省市县区乡镇](?:委|政府|人大常委会|人大|政协|纪委监委|纪委|监委|党委|党工委)"
          r"|党委|党组|党工委|人大常委会|政协|纪委监委|纪委|监委)")
#: Titles of posts; 副 and 常务副 are part of the title.
_TITLE = (r"(?:常务)?副?(?:书记|县长|市长|区长|镇长|乡长|省长|州长|旗长|主任|主席|部长|局长|秘书长|"
          r"组长|指挥长|政委|检察长|院长|庭长|处长|科长|所长|站长|队长|行长|校长|董事长|总经理|经理|"
          r"理事长|会长|社长|常委|委员)(?:助理)?")
_POST = re.compile(rf"({_ORGAN})?({_TITLE})")
#: Titles that name a leader's standing post (not a task force's 组长, 指挥长, 主任): always
#: compared, even when no listed leader holds them.
_STANDING = {"书记", "县长", "市长", "区长", "镇长", "乡长", "省长", "州长", "旗长", "主席", "常委",
             "部长", "局长", "秘书长", "检察长", "院长"}
_POST_BEFORE = re.compile(rf"({_ORGAN})?({_TITLE})[ \t\u3000]*$")
_GAP_SPACE = re.compile(r"^[ \t\u3000]*")
#: What may stand between two names in a list: a joining mark or word, 同志, posts.
_JOIN_WORDS = r"(?:、|和|及|与|以及)"
_JOIN_LOOSE = r"(?:、|和|及|与|以及|，|,|；|;|[ \t\u3000]+)"
_ATTENDANCE = re.compile(r"出席|参加|列席|参会|主持|陪同|到会|领导")


def _split_post(post: str) -> tuple[str, str]:
    """Return (organ, title) of `post`; the title is its last post title (县委副书记 -> 县委, 副书记)."""
    match = _POST.fullmatch(post)
    if match:
        return match.group(1) or "", match.group(2)
    for found in _POST.finditer(post):
        if found.end() == len(post):
            return post[: found.start(2)], found.group(2)
    return "", post


def _holds(leader: Leader, organ: str, title: str) -> bool:
    """Return True when `title` (with `organ`) is one of `leader`'s posts."""
    for post in leader.posts:
        own_organ, own_title = _split_post(post)
        if title not in (own_title, own_title.removeprefix("常务")):
            continue
        if organ and own_organ and organ != own_organ:
            continue
        return True
    return False


def _base(title: str) -> str:
    return title.removeprefix("常务").removeprefix("副")


@lru_cache(maxsize=16)
def _compile(leaders: tuple[Leader, ...]) -> tuple[re.Pattern[str], dict[str, Leader], frozenset[str]]:
    by_name = {leader.name: leader for leader in leaders}
    parts = []
    for name in sorted(by_name, key=len, reverse=True):
        # Lists pad two-character names with a space (王　平); a dot may be written ・ or .
        chars = [("[·・.．]" if c == "·" else re.escape(c)) for c in name]
        parts.append("[ \u3000]?".join(chars) if len(name) == 2 else "".join(chars))
    titles = frozenset(_split_post(post)[1] for leader in leaders for post in leader.posts)
    return re.compile("|".join(parts)), by_name, titles


def _leaders(options: Options) -> tuple[Leader, ...]:
    leaders = options.extra.get("leaders") or ()
    return tuple(leader for leader in leaders if isinstance(leader, Leader))


def _occurrences(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), re.sub(r"[ \u3000]", "", re.sub("[・.．]", "·", m.group(0))))
            for m in pattern.finditer(text)]


def check_leader_posts(speech: Speech, options: Options) -> Iterator[Finding]:
    """`leader-post`: a listed leader named with a post that is not theirs."""
    leaders = _leaders(options)
    if not leaders:
        return
    pattern, by_name, titles = _compile(leaders)
    for line in speech.lines:
        for start, end, name in _occurrences(line.text, pattern):
            leader = by_name.get(name)
            if leader is None:
                continue
            for offset, organ, title in _posts_next_to(line.text, start, end):
                if _holds(leader, organ, title):
                    continue
                if (title not in titles and _base(title) not in _STANDING
                        and not any(_base(title) == _base(_split_post(p)[1]) for p in leader.posts)):
                    continue  # a task force's title the profile does not know (指挥长, 组长)
                holder = next((other.name for other in leaders if other is not leader
                               and _holds(other, organ, title)), None)
                also = f"，“{title}”是{holder}的职务" if holder else ""
                yield Finding("leader-post",
                              f"领导名录中“{name}”的职务是“{leader.post}”，此处写作“{organ}{title}”{also}，请核对",
                              line.part, line.paragraph, offset, "error")


def _posts_next_to(text: str, start: int, end: int) -> Iterator[tuple[int, str, str]]:
    """Yield (offset, organ, title) of the post right before and right after a name."""
    before = _POST_BEFORE.search(text, max(0, start - 24), start)
    if before is not None:
        yield before.start(), before.group(1) or "", before.group(2)
    gap = _GAP_SPACE.match(text, end)
    after = _POST.match(text, gap.end() if gap else end)
    if after is not None:
        yield after.start(), after.group(1) or "", after.group(2)


def check_leader_order(speech: Speech, options: Options) -> Iterator[Finding]:
    """`leader-order`: a list of two or more listed leaders out of their rank order."""
    leaders = _leaders(options)
    if len(leaders) < 2:
        return
    pattern, by_name, _titles = _compile(leaders)
    post = f"(?:{_ORGAN})?{_TITLE}"
    strict = re.compile(rf"^(?:同志)?[ \t\u3000]*(?:{post})?(?:同志)?[ \t\u3000]*{_JOIN_WORDS}"
                        rf"[ \t\u3000]*(?:[^、，,]{{0,16}}?{post}[ \t\u3000]*)?$")
    loose = re.compile(rf"^(?:同志)?[ \t\u3000]*(?:{post})?(?:同志)?[ \t\u3000]*{_JOIN_LOOSE}"
                       rf"[ \t\u3000]*(?:[^、，,]{{0,16}}?{post}[ \t\u3000]*)?$")
    for line in speech.lines:
        found = [(s, e, by_name[n]) for s, e, n in _occurrences(line.text, pattern) if n in by_name]
        if len(found) < 2:
            continue
        joiner = loose if _ATTENDANCE.search(line.text) else strict
        for run in _runs(line.text, found, joiner):
            yield from _order_finding(line, run)


def _runs(text: str, found: Sequence[tuple[int, int, Leader]],
          joiner: re.Pattern[str]) -> Iterator[list[tuple[int, int, Leader]]]:
    run = [found[0]]
    for previous, current in itertools.pairwise(found):
        if joiner.match(text[previous[1]: current[0]]) and current[2] is not previous[2]:
            run.append(current)
            continue
        if len(run) >= 2:
            yield run
        run = [current]
    if len(run) >= 2:
        yield run


def _order_finding(line: Line, run: list[tuple[int, int, Leader]]) -> Iterator[Finding]:
    ranks = [leader.rank for _, _, leader in run]
    if all(a <= b for a, b in itertools.pairwise(ranks)):
        return
    wanted = "、".join(leader.name for leader in sorted((r[2] for r in run), key=lambda x: x.rank))
    written = "、".join(leader.name for _, _, leader in run)
    yield Finding("leader-order", f"领导排序与名录不符：此处为“{written}”，按名录应为“{wanted}”",
                  line.part, line.paragraph, run[0][0], "error")
