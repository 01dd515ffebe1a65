"""Small built-in content the catalogue renders its one-line samples from (our own text)."""

from __future__ import annotations

from ..nodes import Text
from .content import ItemContent, PartContent, PointContent, Wording


def _t(text: str) -> tuple[Text, ...]:
    return (Text(text),)


def _part(*points: tuple[str, str, str], wording: Wording | None = None) -> PartContent:
    return PartContent("example", tuple(
        PointContent(str(n), _t(key), _t(heading), (_t(body),) if body else ())
        for n, (key, heading, body) in enumerate(points)), wording)


def _phrases(*texts: str) -> dict[str, tuple[Text, ...]]:
    return {str(n): _t(text) for n, text in enumerate(texts)}


#: The default sample: three points, the first with two items.
SAMPLE_PART = PartContent("example", (
    PointContent("a", _t("压实责任"), _t("把责任链条拧紧"), (_t("责任不落实，制度就是空文。"),),
                 (ItemContent(_t("属地责任"), _t("乡镇守土尽责。")),
                  ItemContent(_t("部门责任"), _t("部门依法履职。")))),
    PointContent("b", _t("排查隐患"), _t("把风险隐患查清"), (_t("隐患不除，事故难免。"),)),
    PointContent("c", _t("严格执法"), _t("把执法利剑亮出"), (_t("执法不严，规矩立不起来。"),)),
))

_THREE = (("压实责任", "把责任链条拧紧", ""), ("排查隐患", "把风险隐患查清", ""),
          ("严格执法", "把执法利剑亮出", ""))

#: Samples for the written forms, with the wording a template would give them.
SAMPLES = {
    "parallel": _part(*_THREE, wording=Wording(
        _phrases("人人守规矩", "事事有标准", "处处有监督"), lead=_t("抓安全，就是要"))),
    "slogan": _part(("责任到位", "领导责任要到位", ""), ("措施到位", "防范措施要到位", ""),
                    ("保障到位", "要素保障要到位", ""),
                    wording=Wording(_phrases("责任到位", "措施到位", "保障到位"), keyword="到位")),
    "escalation": _part(("约谈", "问题突出的先约谈", ""), ("处罚", "拒不整改的依法处罚", ""),
                        ("移送", "涉嫌犯罪的移送司法", ""),
                        wording=Wording(_phrases("该约谈的约谈", "该处罚的处罚", "该移送的移送"),
                                        end=_t("，决不姑息。"))),
    "contrast": _part(("优化服务", "对守规者少打扰", ""), ("严格监管", "对违规者零容忍", ""),
                      wording=Wording(sides=((_t("对守规者无事不扰"), ("0",)),
                                             (_t("对违规者露头就打"), ("1",))))),
}
