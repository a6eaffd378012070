"""Text into search terms: the same for an article's questions and for what a user types.

Chinese is folded to Simplified with OpenCC's Taiwan-phrase table (``tw2sp``: 儲值→储值,
登入→登录, 簡訊→短信), so a question in either script meets an article in the other, and is
segmented into words by jieba. Words too common to mean anything (stopwords-iso's lists)
are left out. Latin words are lower-cased and stemmed by Snowball's English stemmer
(PyStemmer, its C build: "withdrawals" and "withdrawal" are one term). The knowledge base's
synonym groups map each of their words onto one term, and its tags and synonyms join
jieba's dictionary, so "卡密" stays one word instead of being cut into characters.

jieba's full dictionary costs about 60 MB of memory and 1.6 s to load; kefu gives it the
part of that dictionary with frequency of at least ``MIN_FREQUENCY``: 12,400 words in 2 MiB
(at 20, 80,000 in 14.6 MiB). Search needs words only to meet the articles' words, which the
same dictionary cuts, and the knowledge base's own tags and synonyms join it; jieba's HMM
still segments the words it does not know. On the labelled set (tests/dialogs/kb/
test_quality.py) 500 against 20 lost one zh-Hans question of 99 from the top three and one
from first place, and nothing in English or zh-Hant.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import tempfile
import threading
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import opencc
import Stemmer

from dialogs.kb.jieba_loader import jieba

MIN_FREQUENCY = 500
_HAN_CHARS = "\u3400-\u9fff\uf900-\ufaff"
_HAN = re.compile(f"[{_HAN_CHARS}]")
# A run of Chinese, or of other letters and digits ("usdt充了" is two runs); anything else
# (punctuation, emoji, spaces) separates.
_TERM = re.compile(f"[{_HAN_CHARS}]+|[^\\W{_HAN_CHARS}]+")
_lock = threading.Lock()
STOPWORDS_FILE = Path(__file__).parent / "stopwords.txt"  # stopwords-iso's en and zh lists
_STEMS_KEPT = 50_000  # words whose stem a Words keeps (the cache starts over beyond)

jieba.setLogLevel(logging.WARNING)  # not a line per start about building its prefix dict


@functools.cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("tw2sp")


@functools.cache
def _stopwords() -> frozenset[str]:
    """Words too common to tell one question from another ("the", "my", 怎么, 的): the
    stopwords-iso lists (stopwords.txt), Chinese folded like the questions are."""
    lines = STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(fold(w) for w in lines if w and not w.startswith("#"))


def fold(text: str) -> str:
    """``text`` as search compares it: width and case folded, Chinese in Simplified."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _converter().convert(folded) if _HAN.search(folded) else folded


def _trimmed_dictionary() -> Path:
    """jieba's dictionary without its rare words, written once per jieba version."""
    source = Path(jieba.__file__).parent / "dict.txt"
    # Per user: a file another user of the machine wrote is not trusted.
    name = f"kefu-{os.getuid()}-jieba-{jieba.__version__}-{MIN_FREQUENCY}.txt"
    target = Path(tempfile.gettempdir()) / name
    if target.is_file():
        return target
    kept = [
        line
        for line in source.read_text(encoding="utf-8").splitlines()
        if len(parts := line.split(" ")) >= 2 and parts[1].isdigit()
        if int(parts[1]) >= MIN_FREQUENCY
    ]
    partial = target.with_suffix(f".{os.getpid()}.part")  # another process may write too
    partial.write_text("\n".join(kept) + "\n", encoding="utf-8")
    partial.replace(target)
    return target


@functools.lru_cache(maxsize=4)
def _tokenizer(words: frozenset[str]) -> jieba.Tokenizer:
    """A jieba tokenizer knowing ``words`` (cached: a reload with the same words, and every
    kefu of a test run, shares one)."""
    with _lock:  # jieba's own initialisation is not safe from two threads at once
        tokenizer = jieba.Tokenizer(dictionary=str(_trimmed_dictionary()))
        tokenizer.initialize()
    for word in sorted(words):
        if _HAN.search(word):
            tokenizer.add_word(word, freq=None)
    return tokenizer


class Words:
    """Turns text into terms, knowing the knowledge base's own words and synonyms."""

    def __init__(self, domain: Iterable[str] = (), synonyms: Iterable[Iterable[str]] = ()):
        """``domain``: words to keep whole (tags); ``synonyms``: groups of words that are
        one term (the group's first word)."""
        # Its own stemmer: a stemmer is not safe to share between threads, and a reload
        # indexes in a thread while the event loop's questions are stemmed.
        self._stemmer = Stemmer.Stemmer("english")
        # Stemming is most of the cost of a question's terms, and users' words repeat.
        self._stems: dict[str, str] = {}
        self._same: dict[str, str] = {}
        words = set()
        for group in synonyms:
            folded = [fold(w).strip() for w in group if w.strip()]
            for word in folded:
                self._same.setdefault(self._stem_phrase(word), self._stem_phrase(folded[0]))
            words.update(folded)
        words.update(fold(w).strip() for w in domain)
        self._tokenizer = _tokenizer(frozenset(w for w in words if w))
        phrases = [p for p in self._same if " " in p]  # "top up": one term, beside its words
        self._phrases = [(re.compile(rf"\b{re.escape(p)}\b"), p) for p in phrases]

    def terms(self, text: str) -> list[str]:
        """The search terms of ``text``, in order (repeats kept: BM25 counts them)."""
        folded = fold(text)
        stemmed = " ".join(self._stem(t) for t in _TERM.findall(folded) if not _HAN.search(t))
        for pattern, phrase in self._phrases:  # multi-word synonyms become one term
            if pattern.search(stemmed):
                folded = f"{folded} {phrase.replace(' ', '_')}"
        found: list[str] = []
        stop = _stopwords()
        for run in _TERM.findall(folded):
            if _HAN.search(run):
                found.extend(w for w in self._tokenizer.lcut_for_search(run) if w not in stop)
            elif run not in stop:
                found.append(self._stem(run))
        return [self._same.get(t.replace("_", " "), t) for t in found]

    def _stem_phrase(self, phrase: str) -> str:
        if _HAN.search(phrase):
            return phrase
        return " ".join(self._stem(w) for w in _TERM.findall(phrase))

    def _stem(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stemmer.stemWord(word) if word.isascii() and word.isalpha() else word
            if len(self._stems) >= _STEMS_KEPT:
                self._stems.clear()
            self._stems[word] = stem
        return stem
