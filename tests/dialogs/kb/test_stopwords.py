"""Search's stopwords (dialogs/kb/stopwords.txt) are stopwords-iso's English and Chinese
lists, kept in kefu so that a running kefu does not load the package's 58 languages."""

from __future__ import annotations

import stopwordsiso

from dialogs.kb.words import STOPWORDS_FILE, Words


def test_the_file_holds_exactly_the_packages_english_and_chinese_lists() -> None:
    lines = STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
    kept = [w for w in lines if not w.startswith("#")]
    assert set(kept) == stopwordsiso.stopwords(["en", "zh"])
    assert len(kept) == len(set(kept)), "a word is listed twice"


def test_stopwords_are_left_out_of_a_questions_terms_in_both_languages() -> None:
    words = Words()
    assert words.terms("where is my withdrawal") == ["withdraw"]
    assert "的" not in words.terms("我的提现")
    assert "提现" in words.terms("我的提现")
