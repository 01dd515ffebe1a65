"""Word segmentation (jieba) and pinyin initials (pypinyin), loaded quietly on first use.

jieba's dictionary costs about half a second and some 90 MB the first time; nothing here
imports it before a search needs it, so the dashboard's first preview never pays for it.
jieba logs to stderr while it loads; its logger is silenced first. Its dictionary cache
goes to the writer's own cache folder, never to a world-writable one (another user could
plant a cache file there, which jieba would load).
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: Environment variable naming the folder of jieba's dictionary cache.
CACHE_ENV = "WORKBENCH_CACHE"

_LOCK = threading.Lock()
#: The loaded segmenter and the initials cache; filled on first use, then read only.
_STATE: dict[str, Any] = {}


def cache_dir() -> Path:
    """Return the writer's cache folder: `WORKBENCH_CACHE`, else $XDG_CACHE_HOME (or
    ~/.cache)/speech-workbench."""
    env = os.environ.get(CACHE_ENV, "").strip()
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "speech-workbench"


def is_loaded() -> bool:
    """True once the segmenter's dictionary has been loaded in this process."""
    return "jieba" in _STATE


def segmenter() -> Any:
    """Return jieba's default tokenizer, its dictionary loaded (once, quietly)."""
    tokenizer = _STATE.get("jieba")
    if tokenizer is not None:
        return tokenizer
    with _LOCK:
        if "jieba" not in _STATE:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.dt
            if not tokenizer.initialized and tokenizer.tmp_dir is None:
                tokenizer.tmp_dir = str(_private_cache_dir())
            tokenizer.initialize()
            _STATE["jieba"] = tokenizer
    return _STATE["jieba"]


def _private_cache_dir() -> Path:
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if os.access(folder, os.W_OK):
            return folder
    except OSError:
        pass
    # No cache folder of our own: a fresh private one (the dictionary is built again).
    return Path(tempfile.mkdtemp(prefix="workbench-jieba-"))


def forget_initials() -> None:
    """Forget the initials worked out per character so far (for benchmarks: a cold build)."""
    _STATE.pop("initials", None)


def cut(text: str) -> Iterator[str]:
    """Yield the words of `text` (jieba's precise mode, new words found by its HMM)."""
    return segmenter().cut(text, HMM=True)


def cut_for_search(text: str) -> list[str]:
    """Return the words of `text` and the shorter dictionary words inside long ones."""
    return list(segmenter().cut_for_search(text, HMM=True))


def _pinyin() -> tuple[Any, Any, Any, Any]:
    loaded = _STATE.get("pinyin")
    if loaded is None:
        with _LOCK:
            if "pinyin" not in _STATE:
                from pypinyin import Style, lazy_pinyin
                from pypinyin.phrases_dict import phrases_dict
                from pypinyin.pinyin_dict import pinyin_dict

                _STATE["pinyin"] = (lazy_pinyin, Style.FIRST_LETTER, pinyin_dict, phrases_dict)
        loaded = _STATE["pinyin"]
    return loaded


def initials(word: str) -> str:
    """Return the pinyin initials of the Chinese characters of `word` (安全生产 → aqsc),
    reading heteronyms in context (银行 → yh, 行动 → xd); other characters are dropped."""
    chars = _STATE.get("initials")
    if chars is None:
        _pinyin()
        chars = _STATE.setdefault("initials", {})
    out = []
    for char in word:
        initial = chars.get(char)
        if initial is None:
            initial = chars[char] = _char_initial(char)
        if initial == "?":
            return _word_initials(word)
        out.append(initial)
    return "".join(out)


def _char_initial(char: str) -> str:
    """Return the initial of `char`, "" for no Chinese character, "?" when its readings
    start with different letters (行: xíng, háng), so the word decides."""
    table = _STATE["pinyin"][2]
    readings = table.get(ord(char))
    if readings is None:
        return ""
    letters = {unicodedata.normalize("NFD", r)[0].lower() for r in readings.split(",") if r}
    return letters.pop() if len(letters) == 1 else "?"


def _word_initials(word: str) -> str:
    # pypinyin's phrase dictionary knows the reading this word has (银行: yín háng).
    lazy_pinyin, first_letter, _, phrases = _pinyin()
    readings = phrases.get(word)
    if readings and len(readings) == len(word) and all(readings):
        return "".join(unicodedata.normalize("NFD", r[0])[0] for r in readings).lower()
    return "".join(p[0] for p in lazy_pinyin(word, style=first_letter, errors="ignore")
                   if p and p[0].isalpha()).lower()
