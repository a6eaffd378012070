"""Spam words: phrases that mark a message as advertising or a scam, found even disguised.

Spammers dodge exact lists with spacing ("加 微 信"), punctuation ("crypto.airdrop"),
repeated letters ("cheeeap"), full-width letters ("ＵＳＤＴ") and small typos
("telegran premium"). So both the phrase and the message are first squeezed: NFKC, case
folded, only letters and digits kept (Chinese has no spaces to lose), runs of one character
made one. Then the phrase is looked for in the message allowing a few edits: the score is
100 minus the share of the phrase's characters that must change (replaced, missing, extra,
or two swapped) to find it in the message; the ``threshold`` is the least score that
counts.

At the default 85 a phrase of 7 or more characters forgives one edit, of 14 or more two;
a short phrase (most Chinese ones) must appear whole. That keeps ordinary messages that
share a word with a phrase ("我用微信支付的" and "加微信") apart.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz

DEFAULT_THRESHOLD = 85
# rapidfuzz's partial ratio (insertions and deletions only, on a window of the phrase's
# length) is the fast first look; it scores a real match at least this much under ours.
_PREFILTER_SLACK = 15


def squeeze(text: str) -> str:
    """``text`` as phrases are compared: letters and digits only, case and width folded,
    each run of one character made one ("T.e.l.l  ME" -> "telme")."""
    kept = [c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum()]
    return "".join(c for i, c in enumerate(kept) if i == 0 or c != kept[i - 1])


class SpamWords:
    """Phrases (any locale's) to find in users' messages; see the module's docstring."""

    def __init__(self, words: Iterable[str], threshold: int = DEFAULT_THRESHOLD) -> None:
        if not 0 < threshold <= 100:
            raise ValueError("the threshold is a score from 1 to 100")
        self.threshold = threshold
        # The phrase as listed (shown to agents) beside its squeezed form (matched).
        self._words = [(w, squeeze(w)) for w in dict.fromkeys(words) if squeeze(w)]

    def __bool__(self) -> bool:
        return bool(self._words)

    def match(self, text: str) -> str | None:
        """The listed phrase ``text`` holds, best match first; None if it holds none."""
        said = squeeze(text)
        best: tuple[float, str] | None = None
        for word, squeezed in self._words:
            score = self.score(squeezed, said)
            if score >= self.threshold and (best is None or score > best[0]):
                best = (score, word)
        return best[1] if best else None

    def score(self, word: str, text: str) -> float:
        """How well squeezed ``word`` is found in squeezed ``text``: 100 for whole."""
        if not word or not text:
            return 0.0
        n = len(word)
        region = text
        if len(text) > 3 * n:
            # Long messages: rapidfuzz finds where the phrase could be, and only that
            # neighbourhood gets the exact (slower, pure Python) measure.
            cutoff = max(0.0, self.threshold - _PREFILTER_SLACK)
            found = fuzz.partial_ratio_alignment(word, text, score_cutoff=cutoff)
            if found is None:
                return 0.0
            region = text[max(0, found.dest_start - n) : found.dest_end + n]
        return max(0.0, 100.0 * (1 - _edits_within(word, region) / n))


def _edits_within(word: str, text: str) -> int:
    """The fewest edits (replace, insert or delete a character, swap two neighbours) that
    turn ``word`` into some part of ``text``: Sellers' algorithm (a match may start
    anywhere, so row 0 is free) with the optimal-string-alignment swap."""
    before: list[int] = []
    previous = [0] * (len(text) + 1)
    for i, w in enumerate(word, 1):
        current = [i]
        for j, t in enumerate(text, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (w != t))
            if i > 1 and j > 1 and w == text[j - 2] and word[i - 2] == t:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, previous = previous, current
    return min(previous)
