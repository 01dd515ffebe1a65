"""The vocabulary of the material bank (素材库): forms, topics and the fact slots it knows."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MaterialForm:
    """A form a material takes (排比, 四字格 …), aligned with the pattern catalogue.

    `pattern` names the catalogue pattern of the same shape (see docs/patterns.md) when
    there is one; `kinds` is what `applies_to` the optional `kind` field of an entry
    refers to (开头 → the opening patterns situation/direct/review, and so on).
    """

    id: str
    label: str
    description: str
    pattern: str | None = None
    kinds: str | None = None


#: Every form, in the order pickers list them.
FORMS: tuple[MaterialForm, ...] = (
    MaterialForm("parallel", "排比", "三四个结构相同的分句连用", "parallel"),
    MaterialForm("four-char", "四字格", "节奏整齐的四字短语连用"),
    MaterialForm("metaphor", "比喻", "用形象说明道理"),
    MaterialForm("contrast", "对比", "两种情形、两种做法对照着说", "contrast"),
    MaterialForm("escalation", "递进", "层层推进、步步加重", "escalation"),
    MaterialForm("question", "设问", "先问后答"),
    MaterialForm("quotation", "引用", "引述上级部署或古语"),
    MaterialForm("slogan", "数字概括", "数字加关键词概括几项工作", "slogan"),
    MaterialForm("transition", "过渡", "承上启下的句子"),
    MaterialForm("opening", "开头", "讲话开头的段落", kinds="opening"),
    MaterialForm("closing", "结尾", "讲话结尾的段落", kinds="closing"),
    MaterialForm("headings", "标题组", "三四个对仗的一级标题", kinds="headings"),
)

_BY_KEY = {key: form for form in FORMS for key in (form.id, form.label)}

#: The topics pickers offer, in order; entries may name others (an office's own).
TOPICS: tuple[str, ...] = ("安全生产", "防汛", "党建", "作风", "经济发展", "乡村振兴",
                           "生态环保", "营商环境", "民生", "通用")

#: Words in a template's title or occasion that tell its topic (for ranking).
TOPIC_KEYWORDS: dict[str, tuple[str, ...]] = {
    "安全生产": ("安全生产", "安委会", "安全", "隐患", "应急"),
    "防汛": ("防汛", "汛期", "抗旱", "防台", "洪涝", "度汛"),
    "党建": ("党建", "党委", "党支部", "党员", "组织工作", "主题教育"),
    "作风": ("作风", "党风廉政", "廉政", "纪律", "纪检", "监察"),
    "经济发展": ("经济", "项目建设", "投资", "招商", "产业", "高质量发展"),
    "乡村振兴": ("乡村振兴", "三农", "农村", "农业", "和美乡村"),
    "生态环保": ("生态", "环保", "环境保护", "污染", "河长", "林长"),
    "营商环境": ("营商环境", "放管服", "政务服务", "优化营商"),
    "民生": ("民生", "就业", "养老", "医疗", "教育", "社会保障"),
}

#: Fact slots every material may use, with the label shown while unfilled. The ids are
#: those the shipped templates use, so a slot fills from any draft that has the fact.
SLOTS: dict[str, str] = {
    "place": "地名",
    "year": "年份",
    "date": "会议日期",
    "season": "当前重点时段",
    "upper_meeting": "传达的上级会议",
    "meeting": "会议名称",
    "campaign": "行动名称",
    "industries": "重点行业领域",
    "focus_work": "今年中心工作",
    "speaker": "讲话人",
}

#: Longest topic name, in characters.
MAX_TOPIC_CHARS = 10


def get_form(key: str) -> MaterialForm:
    """Return the form whose id or Chinese name is `key`; raises KeyError naming them all."""
    try:
        return _BY_KEY[key.strip()]
    except KeyError:
        raise KeyError(f"未知句式“{key}”，应为 {form_names()}") from None


def form_names() -> str:
    """Return the Chinese names of the forms, joined with 、 (for messages)."""
    return "、".join(form.label for form in FORMS)


def iter_forms() -> Iterator[MaterialForm]:
    """Yield the forms in picker order."""
    yield from FORMS


def infer_topics(*texts: str, known: Iterable[str] = TOPICS) -> tuple[str, ...]:
    """Return the topics whose keywords (or names) occur in `texts`, e.g. a template's
    title and occasion: 安委会全体会议 → 安全生产. Empty when none does."""
    joined = "".join(texts)
    found = []
    for topic in known:
        words = (topic, *TOPIC_KEYWORDS.get(topic, ()))
        if topic != "通用" and any(word in joined for word in words):
            found.append(topic)
    return tuple(found)
