"""kb.yaml: the shipped articles, and every problem an operator can make named at its line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dialogs.content import ContentError, load_content, shipped_dir
from dialogs.kb.loader import load_kb
from dialogs.kb.telegram_html import html_problems

CATEGORIES = [c.id for c in load_content().categories]
ARTICLE = """\
  - id: {id}
    category: {category}
    tags: [vip]
    title: {{en: VIP levels, zh-Hans: VIP 等级, zh-Hant: VIP 等級}}
    questions:
      en: [how do vip levels work]
      zh-Hans: [VIP 等级怎么升]
      zh-Hant: [VIP 等級怎麼升]
    answer:
      en: "{answer}"
      zh-Hans: 按累计充值升级。
      zh-Hant: 按累計儲值升級。
"""


def folder(tmp_path: Path, articles: str, synonyms: str = "") -> Path:
    for name in ("categories.yaml", "fields.yaml", "desk.yaml"):
        shutil.copyfile(shipped_dir() / name, tmp_path / name)
    (tmp_path / "kb.yaml").write_text(f"{synonyms}articles:\n{articles}", encoding="utf-8")
    return tmp_path


def problems(tmp_path: Path, articles: str, synonyms: str = "") -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_kb(folder(tmp_path, articles, synonyms), CATEGORIES)
    return caught.value.problems


def test_the_shipped_articles_cover_the_domain_in_three_languages() -> None:
    kb = load_kb(None, CATEGORIES)
    assert len(kb.articles) >= 25
    by_category = {c: [a.id for a in kb.articles if a.category == c] for c in CATEGORIES}
    assert all(by_category[c] for c in CATEGORIES), by_category  # every category has some
    ids = {a.id for a in kb.articles}
    for topic in ("topup_delay_alipay", "topup_delay_usdt", "topup_delay_bank",
                  "withdraw_upgrade_hold", "redeem_invalid", "login_password_reset",
                  "security_stolen", "refund_policy", "maintenance"):  # fmt: skip
        assert topic in ids
    for article in kb.articles:
        assert article.reportable or article.buttons  # a way on from every answer
        asked = article.questions
        assert min(len(asked.en), len(asked.zh_hans), len(asked.zh_hant)) >= 3


def test_a_folder_without_kb_yaml_gets_the_shipped_one_less_unknown_categories(
    tmp_path: Path,
) -> None:
    (folder(tmp_path, "") / "kb.yaml").unlink()
    kb = load_kb(tmp_path, ["recharge", "other"])
    assert kb.articles and {a.category for a in kb.articles} == {"recharge", "other"}


def test_a_good_article_loads(tmp_path: Path) -> None:
    kb = load_kb(folder(tmp_path, ARTICLE.format(id="vip", category="other", answer="<b>Yes</b>")),
                 CATEGORIES)  # fmt: skip
    assert [a.id for a in kb.articles] == ["vip"]


def test_each_problem_is_named_at_its_line(tmp_path: Path) -> None:
    articles = (
        ARTICLE.format(id="vip", category="vip_club", answer="<p>Levels</p>")
        + ARTICLE.format(id="vip", category="other", answer="a < b & c")
        + "  - id: links\n    category: other\n    title: {en: a, zh-Hans: b, zh-Hant: c}\n"
        "    questions: {en: [a], zh-Hans: [b], zh-Hant: [c]}\n"
        "    answer: {en: a, zh-Hans: b, zh-Hant: c}\n"
        "    buttons:\n      - url: ftp://example.com\n"
        "        title: {en: a, zh-Hans: b, zh-Hant: c}\n"
        "      - report: true\n        url: https://example.com\n"
    )
    found = "\n".join(problems(tmp_path, articles, "synonyms:\n  - [alone]\n"))
    assert "kb.yaml:2: synonyms.0: a synonym group needs two words or more" in found
    assert "kb.yaml:13: articles.0.answer.en: not valid Telegram HTML: <p> is not a tag" in found
    assert (
        "articles.1.answer.en: not valid Telegram HTML: a bare < or > (write &lt; or &gt;)" in found
    )
    assert "a bare & (write &amp;)" in found
    assert "articles.2.buttons.0.url: must start with https://, http:// or tg://" in found
    assert (
        "articles.2.buttons.1: a button is a link (url, title) or report: true, not both" in found
    )


def test_an_article_id_given_twice_is_named_at_the_second(tmp_path: Path) -> None:
    twice = ARTICLE.format(id="vip", category="other", answer="ok") * 2
    (found,) = problems(tmp_path, twice)
    assert found.endswith("kb.yaml:14: articles.1.id: article id 'vip' appears twice")


def test_an_unknown_category_is_named_with_its_line(tmp_path: Path) -> None:
    found = problems(tmp_path, ARTICLE.format(id="vip", category="vip_club", answer="ok"))
    assert len(found) == 1
    assert found[0].endswith("kb.yaml:3: articles.0.category: 'vip_club' is not a category of "
                             "categories.yaml")  # fmt: skip


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ('<b>bold</b> <i>and</i> <a href="https://x.example">link</a> &amp; &lt;3', None),
        ("<blockquote expandable>long</blockquote><tg-spoiler>s</tg-spoiler>", None),
        ("<b>never closed", "<b> is never closed"),
        ("<i><b>crossed</i></b>", "</i> found where </b> was expected"),
        ("&nbsp;", "&nbsp; is not an entity Telegram knows"),
        ('<span class="big">x</span>', '<span> needs class="tg-spoiler"'),
        ('<a href="javascript:x">x</a>', "is not a link Telegram opens"),
        ("<br/>", "<br/> is not allowed"),
        ("a</>b", "</> is not a tag"),
        ("<!DOCTYPE html>", "is not allowed"),
        ("<tg-emoji>x</tg-emoji>", "<tg-emoji> needs an emoji-id"),
        ("x" * 11, "11 characters; at most 10"),
    ],
)
def test_telegram_html_rules(html: str, problem: str | None) -> None:
    found = html_problems(html, 10 if problem and "characters" in problem else 4096)
    if problem is None:
        assert found == []
    else:
        assert any(problem in p for p in found), found
