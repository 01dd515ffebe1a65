"""Breaking a long title into balanced lines (梯形或菱形), never inside a word.

Without a word segmenter, break points come from what titles are made of: punctuation,
the conjunction 暨, the closing "…上的讲话", and words that end a noun phrase (委员会, 会议,
工作, a county or city name). Of all the ways to break at those points, the one whose lines
are closest to equal length wins; a break between two arbitrary characters is the last
resort, used only when a stretch of title has no better point.
"""

from __future__ import annotations

import re

#: Titles longer than this are left to the word processor's own wrapping.
MAX_BALANCED_CHARS = 160

_OPEN = "（《“‘【〔「『(["
_CLOSE = "）》”’】〕」』)]"
_PAUSE = "，、；：！？。,;:!?"
_NO_LINE_START = _CLOSE + _PAUSE + "…—·％%"

#: Word ends after which a title breaks well, and the cost of each kind of break.
_WORD_ENDS = ("委员会", "会议", "大会", "推进会", "部署会", "座谈会", "动员会", "表彰会",
              "工作", "建设", "发展", "治理", "改革", "领域", "行动", "活动", "机制", "体系",
              "精神", "专题", "全会", "生产", "管理", "整治", "攻坚", "防控", "服务", "环境",
              "经济", "党建", "作风")
_TAIL = re.compile(r"(?:上|中|时)?的(?:讲话|发言|表态发言|致辞|报告|总结讲话|动员讲话|主持词)$")
_PLACE_END = re.compile(r"[省市县区州旗镇乡](?![委长政级直域内属里])")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

_COST_PAUSE = 0.0
_COST_SUBTITLE = 0.0
_COST_CONJUNCTION = 1.0
_COST_TAIL = 2.0
_COST_WORD = 2.0
_COST_PLACE = 3.0
_COST_BRACKET = 6.0
_COST_ANY = 30.0


def char_width(char: str) -> float:
    """Return the width of `char` in title characters: half for ASCII, else one."""
    return 0.5 if char < "\u0080" else 1.0


def text_width(text: str) -> float:
    """Return the width of `text` in title characters."""
    return sum(char_width(c) for c in text)


def break_costs(text: str) -> dict[int, float]:
    """Return the allowed break positions of `text` (index of a line's first character)
    with the cost of breaking there."""
    costs: dict[int, float] = {}
    depth = 0
    tail = _TAIL.search(text)
    for i in range(1, len(text)):
        before, after = text[i - 1], text[i]
        depth += (before in _OPEN) - (before in _CLOSE)
        depth = max(depth, 0)
        if text.startswith("——", i) and before != "—":
            costs[i] = _COST_SUBTITLE
            continue
        if after in _NO_LINE_START or before in _OPEN:
            continue
        if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
            continue
        if depth > 0:
            continue
        cost = _COST_ANY if _HAN.match(before) and _HAN.match(after) else None
        if before in _PAUSE:
            cost = _COST_PAUSE
        elif before in _CLOSE or after in _OPEN:
            cost = _COST_BRACKET
        elif after == "暨" or before == "暨":
            cost = _COST_CONJUNCTION if after == "暨" else None
        elif tail is not None and i == tail.start():
            cost = _COST_TAIL
        elif any(text.endswith(word, 0, i) for word in _WORD_ENDS):
            cost = _COST_WORD
        elif _PLACE_END.match(text, i - 1) and i > 2:
            cost = _COST_PLACE
        elif before == "年" and text[i - 2: i - 1].isdigit():
            cost = _COST_WORD
        if cost is not None:
            costs[i] = cost
    return costs


def break_title(text: str, max_width: float) -> list[str]:
    """Return `text` as lines no wider than `max_width` characters, as balanced as the
    allowed break points make them; a title that fits stays one line."""
    total = text_width(text)
    if total <= max_width or len(text) > MAX_BALANCED_CHARS or max_width < 2:
        return [text]
    subtitle = text.find("——", 1)
    if subtitle > 0:
        # A subtitle (——在…上的讲话) always starts its own line.
        return break_title(text[:subtitle], max_width) + break_title(text[subtitle:], max_width)
    costs = break_costs(text)
    positions = [0, *sorted(costs), len(text)]
    widths = [0.0]
    for char in text:
        widths.append(widths[-1] + char_width(char))
    minimum = int(-(-total // max_width))
    for lines in range(minimum, minimum + 3):
        best = _best_breaks(positions, widths, costs, lines, max_width, total / lines)
        if best is not None:
            return [text[a:b] for a, b in zip([0, *best], [*best, len(text)], strict=True)]
    return [text]


def _best_breaks(positions: list[int], widths: list[float], costs: dict[int, float],
                 lines: int, max_width: float, target: float) -> list[int] | None:
    """Return the break positions giving `lines` lines of least cost, or None."""
    # best[k][p]: (cost, breaks) of the first k lines ending just before position p.
    best: list[dict[int, tuple[float, list[int]]]] = [{0: (0.0, [])}]
    for k in range(1, lines + 1):
        row: dict[int, tuple[float, list[int]]] = {}
        ends = positions[1:] if k < lines else positions[-1:]
        for end in ends:
            if k < lines and end == positions[-1]:
                continue
            for start, (cost, breaks) in best[k - 1].items():
                width = widths[end] - widths[start]
                if start >= end or width > max_width:
                    continue
                total = cost + (width - target) ** 2 + (costs.get(end, 0.0) if k < lines else 0.0)
                if end not in row or total < row[end][0]:
                    row[end] = (total, [*breaks, end] if k < lines else breaks)
        best.append(row)
    final = best[lines].get(positions[-1])
    return final[1] if final else None
