"""Spam words: the shipped phrases catch disguised spam in the three languages, and leave
ordinary support messages alone."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogs.content import load_content
from dialogs.desk.spam import SpamWords, squeeze

SHIPPED = load_content().desk.spam_words

SPAM = {
    "加微信": "加微信",
    "加 微 信，私聊": "加微信",
    "加 V 信": "加v信",
    "加V信领福利": "加v信",
    "加。v。信": "加v信",
    "可以加我微信吗": "加我微信",
    "USDT 高价回收": "usdt高价回收",
    "ＵＳＤＴ高價回收，秒結": "usdt高價回收",
    "高价回收 usdt !!!": "高价回收usdt",
    "Telegram Premium cheap, DM me": "telegram premium cheap",
    "TELEGRAM premium cheeeeap": "telegram premium cheap",
    "telegran premium cheap": "telegram premium cheap",  # a typo
    "t.e.l.e.g.r.a.m p-r-e-m-i-u-m c h e a p": "telegram premium cheap",
    "Join the CRYPTO-AIRDROP now 🚀": "crypto airdrop",
    "free crypto airdorp here": "crypto airdrop",  # letters swapped
    "电报会员低价 找我": "电报会员低价",
    "低價飛機會員": "低價飛機會員",
}

ORDINARY = [
    "我充值了没到账",
    "我充值了100元，已经过了两个小时还没有到账",
    "my alipay payment failed",
    "My top-up via USDT has not arrived, order P20240521-004817",
    "訂單一直顯示處理中",
    "我用微信支付的，显示支付成功",
    "我想改用微信付款",
    "telegram premium is not working on my account",
    "I bought Telegram Premium for a month but only got 7 days",
    "提现申请了三天还没到账，USDT 地址没错",
    "請問儲值要多久才會到帳？",
    "How do I reset my password? I cannot log in.",
    "人工客服",
    "",
    "   ",
    "ok",
]


@pytest.mark.parametrize("text", list(SPAM))
def test_shipped_phrases_catch_disguised_spam(text: str) -> None:
    assert SHIPPED.match(text) == SPAM[text]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_support_messages_are_not_spam(text: str) -> None:
    assert SHIPPED.match(text) is None


def test_squeezing_drops_spacing_punctuation_width_case_and_repeats() -> None:
    assert squeeze("T.e.l.l  ME!!") == "telme"
    assert squeeze("ＵＳＤＴ 高价 回收") == "usdt高价回收"
    assert squeeze("加 加 微 微信") == "加微信"


def test_the_threshold_decides_how_many_typos_count() -> None:
    lax = SpamWords(["crypto airdrop"], threshold=70)
    strict = SpamWords(["crypto airdrop"], threshold=100)
    assert lax.match("crypt0 airdr0p") == "crypto airdrop"  # two letters changed
    assert strict.match("crypt0 airdr0p") is None
    assert strict.match("CRYPTO  AIRDROP") == "crypto airdrop"
    with pytest.raises(ValueError, match="threshold"):
        SpamWords(["x"], threshold=0)


def test_short_phrases_must_appear_whole() -> None:
    words = SpamWords(["加微信"])
    assert words.match("加微信") == "加微信"
    assert words.match("加微") is None and words.match("我加了微信群") is None
    assert words.score("加微信", "加微") < 85


def test_the_best_match_is_named_and_no_words_match_nothing() -> None:
    words = SpamWords(["crypto airdrop", "airdrop"])
    assert words.match("crypto airdrop") == "crypto airdrop"
    assert words.match("an airdrop") == "airdrop"
    assert SpamWords([]).match("crypto airdrop") is None and not SpamWords([])


def test_a_long_message_still_finds_a_phrase_anywhere() -> None:
    filler = "我充值了没到账，请帮我查一下。" * 150
    assert SHIPPED.match(filler + "加 V 信" + filler) == "加v信"
    assert SHIPPED.match(filler) is None


@given(st.text(max_size=200))
def test_any_text_is_answered(text: str) -> None:
    found = SHIPPED.match(text)
    assert found is None or isinstance(found, str)
