"""Small built-in content the catalogue renders its one-line samples from (our own text)."""

from __future__ import annotations

from ..nodes import Text
from .content import ItemContent, PartContent, PointContent


def _t(text: str) -> tuple[Text, ...]:
    return (Text(text),)


def _part(*points: tuple[str, str, str]) -> PartContent:
    return PartContent("example", tuple(
        PointContent(str(n), _t(key), _t(heading), (_t(body),) if body else ())
        for n, (key, heading, body) in enumerate(points)))


#: The default sample: three points, the first with two items.
SAMPLE_PART = PartContent("example", (
    PointContent("a", _t("压实责任"), _t("把责任链条拧紧"), (_t("责任不落实，制度就是空文。"),),
                 (ItemContent(_t("属地责任"), _t("乡镇守土尽责。")),
                  ItemContent(_t("部门责任"), _t("部门依法履职。")))),
    PointContent("b", _t("排查隐患"), _t("把风险隐患查清"), (_t("隐患不除，事故难免。"),)),
    PointContent("c", _t("严格执法"), _t("把执法利剑亮出"), (_t("执法不严，规矩立不起来。"),)),
))

#: Samples for forms that read best with key phrases of a particular shape.
SAMPLES = {
    "slogan": _part(("责任到位", "领导责任要到位", ""), ("措施到位", "防范措施要到位", ""),
                    ("保障到位", "要素保障要到位", "")),
    "escalation": _part(("约谈", "问题突出的先约谈", ""), ("处罚", "拒不整改的依法处罚", ""),
                        ("移送", "涉嫌犯罪的移送司法", "")),
    "contrast": _part(("优化服务", "对守规者少打扰", ""), ("严格监管", "对违规者零容忍", "")),
}
