"""Punctuation normalisation (GB/T 15834): half-width marks in Chinese text to full width."""

from __future__ import annotations

import re

_HAN = r"[\u3400-\u9fff\uf900-\ufaff“”‘’（）《》【】、，。：；！？]"
_PAIRS = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
_HALF_MARK = re.compile(rf"(?<={_HAN})\s*([,:;!?])\s*|\s*([,:;!?])\s*(?={_HAN})")
_PERIOD = re.compile(rf"(?<={_HAN})\.(?!\d)")
_PARENS = re.compile(r"\(([^()]*)\)")
_DQUOTE = re.compile(r'"([^"]*)"')
_SQUOTE = re.compile(r"'([^']*)'")
_ELLIPSIS = re.compile(r"(?:\.{3,}|。{3,}|(?<!…)…(?!…))")
_DASH = re.compile(r"(?<!-)--(?!-)|(?<=[\u4e00-\u9fff])—(?!—)")
_SPACE_BETWEEN_HAN = re.compile(r"(?<=[\u4e00-\u9fff])[ \t]+(?=[\u4e00-\u9fff])")
_HAN_ONLY = re.compile(r"[\u3400-\u9fff]")


def normalize_punctuation(text: str) -> str:
    """Return `text` with half-width punctuation in Chinese text made full-width.

    Commas, colons, semicolons, marks and parentheses next to Chinese become full-width;
    straight quotes become “” and ‘’; ... and a lone … become ……; -- becomes ——.
    Digits and Latin text keep their own punctuation (3.5, 1,260, e.g.).
    """
    text = _ELLIPSIS.sub("……", text)
    text = _HALF_MARK.sub(lambda m: _PAIRS[m.group(1) or m.group(2)], text)
    text = _PERIOD.sub("。", text)
    text = _PARENS.sub(lambda m: f"（{m.group(1)}）" if _HAN_ONLY.search(m.group(1)) else m.group(0),
                       text)
    text = _DQUOTE.sub(lambda m: f"“{m.group(1)}”" if _HAN_ONLY.search(m.group(1)) else m.group(0),
                       text)
    text = _SQUOTE.sub(lambda m: f"‘{m.group(1)}’" if _HAN_ONLY.search(m.group(1)) else m.group(0),
                       text)
    text = _DASH.sub("——", text)
    return _SPACE_BETWEEN_HAN.sub("", text)
