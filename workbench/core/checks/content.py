"""Content checks: unfilled slots, stale place names and years, overused phrases."""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator

from ..places import COMMON_KINDS, PLACE_SUFFIXES, place_kind
from .finding import Finding, Options
from .speech import Line, Speech

# -- unfilled-slot ----------------------------------------------------------------------------

#: Leftovers of a template or an old draft: 【…】 slots, ×××, XX, ○○, □□, 某某, blanks.
_LEFTOVER = re.compile(
    r"【[^【】\n]{0,30}】|[×Ｘ]{2,}|(?<![A-Za-z])[Xx]{2,}(?![A-Za-z])|ｘ{2,}|[○〇□■△]{2,}"
    r"|某某|_{3,}|＿{2,}|[?？]{3,}|待(?:补充|填写|填充|完善)")


def check_slots(speech: Speech, options: Options) -> Iterator[Finding]:
    """`unfilled-slot`: facts not yet filled (【地名】) and placeholders left in the text."""
    for line in speech.lines:
        for match in _LEFTOVER.finditer(line.text):
            found = match.group(0)
            label = found[1:-1] if found.startswith("【") else None
            if label is not None and label in speech.slot_labels:
                message = f"要素“{label}”尚未填写"
            else:
                message = f"留有未填写的占位符“{found}”"
            yield Finding("unfilled-slot", message, line.part, line.paragraph, match.start(), "error")


# -- stale-fact -------------------------------------------------------------------------------

_PLACE = re.compile(rf"([\u4e00-\u9fff]{{2}})([{PLACE_SUFFIXES}])")
#: Characters before the suffix that make it a common word, not a name (全县, 该市, 驻县).
_DETERMINERS = set("全本各该此这那每某我外邻驻赴到在回进出离返来去上下一二两三四五六七八九十几多个省市县区乡镇村州级域"
                   "报交呈送派调归经由汇暨并或即给")
#: Characters that end a word rather than start or end a name (会议和县…, 要以县…, 特别是县…,
#: 五是县委…).
_FUNCTION = set("的之与和及在到为对把被从向于以由等各全本该此这那每某我你他其外邻驻赴回返离出进来去是、")
#: Common words ending in a suffix character (山区, 城市, 乡镇, 农村…).
_GENERIC = set("""
山区 城区 社区 库区 景区 园区 辖区 矿区 林区 灾区 牧区 老区 新区 郊区 片区 小区 营区 湖区 校区
厂区 港区 禁区 误区 盲区 雷区 红区 警区 湾区 街区 商区 学区 疫区 风区 分区 专区 地区 市区 县区 城市
超市 上市 门市 都市 股市 楼市 车市 菜市 夜市 集市 开市 闹市 城镇 乡镇 村镇 集镇 重镇 古镇 小镇 名镇
城乡 下乡 家乡 故乡 老乡 返乡 回乡 本乡 异乡 他乡 农村 乡村 山村 渔村 新村 强县 大县 点县 范县
""".split())
#: Longer common words (开发区, 行政村, 自治县…), checked on the three characters.
_GENERIC3 = set("""
开发区 示范区 功能区 危险区 保护区 先行区 试验区 风景区 工业区 经济区 商业区 生活区 居住区 核心区
缓冲区 滞洪区 行洪区 泄洪区 易涝区 市辖区 自治区 高新区 保税区 中心区 规划区 建成区 服务区 安置区
行政村 自然村 贫困村 示范村 重点村 空心村 城中村 中心村 县级市 地级市 直辖市 省辖市 中心镇 特色镇
重点镇 自治县 贫困县 示范县 先进县 试点县 重点县 民族乡 易发区 多发区 高发区 频发区 重灾区 受灾区
影响区 汇水区 淹没区 警戒区
""".split())
#: Common words that stand before 县/市/区 in official prose without being a name
#: (召开县委常委会, 统筹县乡力量, 周边县市): a candidate whose two characters are one of
#: these is not reported.
_WORDS = set("""
召开 实行 统筹 建立 加快 代表 周边 全面 推动 推进 落实 组织 成立 印发 报送 报告 上报 报请 提请 经过
通过 依托 结合 按照 根据 会同 联合 配合 协调 部署 召集 请示 汇报 提交 纳入 列入 作为 成为 参加 出席
邀请 组建 设立 牵头 负责 指导 督促 要求 支持 争取 实施 开展 启动 完成 确定 明确 形成 构建 健全 完善
强化 加强 提升 提高 全省 全国 各个 我们 他们 大家 同志 领导 部门 单位 企业 社会 群众 人员 干部 工作
会议 情况 问题 任务 目标 措施 以上 以下 由此 因此 同时 此外 建设 发展 服务 管理 治理 监管 保障 安全
经济 全体 所有 整个 相关 有关 其他 其余 周围 附近 临近 相邻 毗邻 兄弟 先进 落后 试点 示范 重点 平原
沿海 沿江 沿河 边境 农业 工业 旅游 生态 文明 卫生 园林 宜居 平安 法治 美丽 和谐 智慧 数字 创建 争创
打造 建成 迈向 走向 来到 回到 前往 深入 走进 走遍 覆盖 辐射 带动 连接 贯通 对接 联通 包括 涉及 分布
位于 地处 属于 隶属 下辖 管辖 辖内 境内 全年 今年 去年 明年 当年 每年 多年 近年 上年 各级 各类 各项
一个 这个 那个 整体 基层 上级 下级 本级 同级 国家 中央 地方 政府 党委 机关 主要 分管 常务 书记 主任
所在 当地 本地 外地 异地 各地 两地 多地 报经 经由 交由 移交 转交 派驻 选派 下派 抽调 深化 坚持 注重
突出 聚焦 围绕 紧扣 立足 面向 服从 服务 保证 确保 力争 努力 全力 积极 主动 及时 切实 认真 严格 扎实
持续 不断 进一步 新型 现代 特色 一流 百强 先行 领先 强化 优化 深入 进行 实现 推行 开展 引导 鼓励
贯彻 压实 发挥 涣散 学习 传达 带领 动员 号召 加大 情况 一些 部分 个别 少数 多数 广大 整顿 软弱
""".split())
#: A suffix followed by these is another word (市场, 区域).
_FOLLOWING = ("市场", "市民", "区域", "区间", "区分", "区别", "区块", "乡愁", "村民委员会", "乡镇", "乡村",
              "村组", "村级", "村居", "村社", "镇村", "县乡", "县市", "县区", "市县", "区县", "县级", "市级",
              "区级", "乡级", "镇级")

_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?=\s*年)")
_YEAR_BEFORE = ("自", "从", "至", "到", "截至", "截止", "—", "－", "-", "～", "~", "、", "于", "在")
_YEAR_AFTER = ("以来", "以前", "之前", "前", "起", "至", "到", "—", "－", "-", "～", "~", "、", "底前",
               "以后", "之后")


def iter_places(text: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, name) for each place name ending in 县/市/区/镇/乡/村 in `text`."""
    for match in _PLACE.finditer(text):
        name, suffix = match.group(1), match.group(2)
        start = match.start()
        if name[-1] in _DETERMINERS or name[-1] in _FUNCTION or name[-1] + suffix in _GENERIC:
            continue
        if name + suffix in _GENERIC3 or text.startswith(_FOLLOWING, match.end() - 1):
            continue
        if name[0] in _FUNCTION or name in _WORDS or text[max(start - 1, 0): start + 1] in _WORDS:
            continue
        yield start, name + suffix


def _years(text: str) -> set[int]:
    return {int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)}


def _reference_place(speech: Speech, options: Options) -> str | None:
    place = options.place or speech.facts.get("place")
    if place:
        return place.strip()
    for text in (speech.title, speech.speaker):
        names = [name for _, name in iter_places(text)]
        if names:
            return "".join(names)
    counts = Counter(name for line in speech.body for _, name in iter_places(line.text))
    if counts:
        name, count = counts.most_common(1)[0]
        if count >= 2:
            return name
    return None


def _own_years(speech: Speech, options: Options) -> tuple[int, set[int]]:
    """Return the speech's year and every year that belongs to it (facts, --year)."""
    allowed = set(options.years)
    for value in speech.facts.values():
        allowed |= _years(value)
    current = max(options.years) if options.years else None
    for source in (speech.facts.get("date", ""), speech.speaker):
        if current is None and _years(source):
            current = max(_years(source))
    if not speech.from_draft:
        # A plain file's title names its occasion (2025年度总结表彰大会): its years are its own.
        allowed |= _years(speech.title)
        if current is None and _years(speech.title):
            current = max(_years(speech.title))
    if current is None:
        dated = {y for fid, v in speech.facts.items() if "date" in fid for y in _years(v)}
        current = max(dated) if dated else _dt.date.today().year
    allowed.add(current)
    return current, allowed


def _quoted(text: str, offset: int) -> bool:
    before = text[:offset]
    return (before.count("“") > before.count("”")) or (before.count("《") > before.count("》"))


def check_stale(speech: Speech, options: Options) -> Iterator[Finding]:
    """`stale-fact`: a place name or a year that is not this speech's own.

    The reference place is the draft's place fact (or --place, or the title's place); a
    name of the same level (县 for a county…) that is neither part of it nor a fact value
    is reported. A year earlier than the speech's year (its date fact, --year, or the
    date under the title) that no fact gives is reported, unless it marks a period
    (2021年以来, 2021—2025年), dates an event (2025年7月), or sits in quotes or a document
    title. A plain file's title years count as its own (2025年度总结表彰大会).
    """
    yield from _stale_places(speech, options)
    yield from _stale_years(speech, options)


def _stale_places(speech: Speech, options: Options) -> Iterator[Finding]:
    reference = _reference_place(speech, options)
    if not reference:
        return
    suffixes = place_kind(reference) or COMMON_KINDS
    # A fact that is itself a place (the upper city, a town) names it on purpose; a place
    # inside a longer fact (the speaker's post: 云岭县委副书记) is checked like the text.
    facts = " ".join(v for v in speech.facts.values() if _is_place_name(v))
    lines = speech.lines if speech.from_draft else _checked_lines(speech)
    for line in lines:
        for offset, name in iter_places(line.text):
            if name[-1] not in suffixes or name in reference or name in facts:
                continue
            yield Finding("stale-fact", f"出现地名“{name}”，与本稿地名“{reference}”不符，请核对是否为旧稿残留",
                          line.part, line.paragraph, offset, "warning", name)


def _is_place_name(value: str) -> bool:
    """Return True when `value` is one place name or a list of them (青山县, 石桥镇、河口乡)."""
    names = [name for _, name in iter_places(value)]
    return bool(names) and len("".join(names)) >= len(value.replace("、", "").replace("，", "").strip())


def _stale_years(speech: Speech, options: Options) -> Iterator[Finding]:
    current, allowed = _own_years(speech, options)
    for line in _checked_lines(speech):
        text = line.text
        for match in _YEAR.finditer(text):
            year = int(match.group(1))
            if year in allowed or year > current:
                continue
            after = text[match.end():].lstrip()[1:]
            if re.match(r"\s*\d{1,2}\s*月", after):
                continue  # a dated event (2025年7月22日), not the speech's year
            if (text[: match.start()].endswith(_YEAR_BEFORE) or after.startswith(_YEAR_AFTER)
                    or _quoted(text, match.start())):
                continue
            yield Finding("stale-fact", f"出现年份“{year}年”，本稿是 {current} 年的讲话，请核对是否为旧稿残留",
                          line.part, line.paragraph, match.start(), "warning")


def _checked_lines(speech: Speech) -> Iterable[Line]:
    return [line for line in speech.lines if line.kind != "speaker"]


# -- repeated-phrase --------------------------------------------------------------------------

#: How many times a phrase may appear before it reads as overused (GENRE.md: three is a flaw).
MAX_REPEATS = 2

_SEGMENT = re.compile(r"[\u3400-\u9fff]+")
_QUOTED = re.compile(r"“([^“”]{2,10})”")
#: Four-character connectives that are not phrases a listener hears as repeated.
_CONNECTIVES = set("""
与此同时 另一方面 总的来看 总体来看 具体来说 具体而言 概括起来 综上所述 首要的是 由此可见 实践证明
事实证明 也就是说 换句话说 一句话说 在此基础上 同时要求 谢谢大家 更进一步 比如说
""".split())


def check_repeats(speech: Speech, options: Options) -> Iterator[Finding]:
    """`repeated-phrase`: a four-character phrase, or a quoted slogan, used more than twice.

    Only whole phrases count: a run of exactly four Chinese characters between
    punctuation marks (守土有责、守土尽责), or a phrase in quotes, so a four-character
    stretch inside a longer clause is never counted.
    """
    seen: dict[str, list[tuple[Line, int]]] = {}
    for line in speech.body:
        for match in _SEGMENT.finditer(line.text):
            phrase = match.group(0)
            if len(phrase) == 4 and phrase not in _CONNECTIVES:
                seen.setdefault(phrase, []).append((line, match.start()))
        for match in _QUOTED.finditer(line.text):
            phrase = match.group(1)
            if not (len(phrase) == 4 and _SEGMENT.fullmatch(phrase)):
                seen.setdefault(phrase, []).append((line, match.start(1)))
    for phrase, places in seen.items():
        if len(places) > MAX_REPEATS:
            line, offset = places[MAX_REPEATS]
            yield Finding("repeated-phrase",
                          f"“{phrase}”全文用了 {len(places)} 次，同一短语用三次以上显得重复，可换个说法",
                          line.part, line.paragraph, offset)
