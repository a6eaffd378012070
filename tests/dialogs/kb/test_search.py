"""Search as users type: either Chinese script, typos, slang, mixed scripts, three
characters; and the words it is made of (folding, segmentation, synonyms, stemming)."""

from __future__ import annotations

import pytest

from dialogs.kb.model import KbFile
from dialogs.kb.search import KbIndex
from dialogs.kb.words import Words, fold
from tests.dialogs.kb.kb_fixtures import shipped_index, shipped_kb


def top(question: str, n: int = 3) -> list[str]:
    return [h.article.id for h in shipped_index().search(question, limit=n)]


def test_traditional_and_simplified_fold_together_with_taiwan_words() -> None:
    assert fold("儲值沒到帳") == fold("储值没到帐")
    assert fold("帳號登入") == "帐号登录"  # Taiwan's 登入 is the mainland's 登录
    assert fold("ＵＳＤＴ Top-Up") == "usdt top-up"


def test_chinese_is_cut_into_words_and_domain_words_stay_whole() -> None:
    words = Words(domain=["卡密"], synonyms=[["充值", "儲值", "冲值", "top up"]])
    assert "卡密" in words.terms("卡密用不了")
    # Synonyms (a common misspelling too) are one term; so is a two-word English one.
    assert words.terms("儲值")[0] == words.terms("冲值")[0] == "充值"
    assert "充值" in words.terms("I topped up")
    # Stemmed, and common words left out.
    assert words.terms("the withdrawals") == ["withdraw"]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("充值没到账怎么办", "recharge"),  # the issue's own example
        ("儲值沒入帳", "recharge"),  # Traditional, Taiwan wording
        ("冲值了还没到", "recharge"),  # the common misspelling
        ("usdt充了没到", "recharge"),  # mixed scripts
        ("没到账", "recharge"),  # three characters
        ("提现审核中", "withdrawal"),
        ("withdrawl pending for 2 days", "withdrawal"),  # a typo
        ("忘記密碼", "account_login"),
        ("卡密用不了", "redeem_code"),  # slang
        ("号被盗了", "account_security"),
    ],
)
def test_questions_as_users_type_them_find_their_category(question: str, expected: str) -> None:
    hits = shipped_kb().search(question)
    assert hits, f"{question!r} found nothing"
    assert hits[0].article.category == expected, [(h.article.id, h.score) for h in hits]


def test_the_finance_system_upgrade_hold_is_found_in_every_language() -> None:
    for question in (
        "财务系统升级提现不到账",
        "財務系統升級，提領卡住了",
        "finance system upgrade withdrawal",
    ):
        assert "withdraw_upgrade_hold" in top(question), question


def test_a_category_limits_the_answers() -> None:
    hits = shipped_index().search("没到账", category="withdrawal")
    assert hits and {h.article.category for h in hits} == {"withdrawal"}


@pytest.mark.parametrize("question", ["你好", "hi", "谢谢", "🙂", "12345", "   ", "the of and"])
def test_greetings_and_nothing_get_no_answer(question: str) -> None:
    assert shipped_kb().search(question) == []


def test_an_empty_knowledge_base_answers_nothing() -> None:
    assert KbIndex(KbFile()).search("充值没到账") == []
