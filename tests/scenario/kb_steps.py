"""Steps the knowledge base's scenarios share: a question asked at the menu, a button
pressed and the bot's answer to it, the report forms filled to their summary, and a
content folder whose kb.yaml a test changes (for /kb_reload)."""

from __future__ import annotations

import html
import re
from pathlib import Path

from bot.telegram.double import PrivateUser
from bot.telegram.double.inbox import MessageView
from dialogs.content import load_content
from dialogs.kb.loader import load_kb
from dialogs.kb.model import Article
from tests.scenario.desk_harness import TICKET_ID, operator_content

WAIT = 10  # seconds, for each answer of the bot


def shipped_articles() -> tuple[Article, ...]:
    """The articles of the shipped kb.yaml (what the user is offered by default)."""
    categories = [c.id for c in load_content(None).categories]
    return load_kb(None, categories).articles


def article(article_id: str) -> Article:
    found = next((a for a in shipped_articles() if a.id == article_id), None)
    assert found is not None, article_id
    return found


def first_line(article: Article, locale: str) -> str:
    """The first line of the article's answer as the user reads it (tags gone)."""
    plain = html.unescape(re.sub(r"<[^>]+>", "", article.answer.get(locale)))
    return plain.splitlines()[0]


def labels(message: MessageView) -> list[str]:
    """Every button's text, row after row."""
    return [label for row in message.buttons for label in row]


async def said(user: PrivateUser, words: str) -> MessageView:
    """The first unread message of the bot containing ``words`` (skipping the others)."""
    return await user.wait_for(lambda m: words in m.text, WAIT, what=repr(words), new_only=True)


async def press(user: PrivateUser, label: str, then: str) -> MessageView:
    """Press ``label`` (on the newest message showing it): the press is answered, and the
    bot's next message containing ``then`` arrives."""
    await (await user.press(label, timeout=WAIT)).answer(timeout=WAIT)
    return await said(user, then)


async def type_(user: PrivateUser, text: str, then: str) -> MessageView:
    """Send ``text``; the bot's next message containing ``then``."""
    await user.send_text(text)
    return await said(user, then)


async def menu(user: PrivateUser) -> MessageView:
    """/start: the greeting with the menu."""
    await user.send_command("start")
    return await user.next_message(timeout=WAIT)


async def fill_top_up(user: PrivateUser, order: str = "P20241123-0001") -> MessageView:
    """A top-up report (its first question on screen) answered to its summary; the
    summary."""
    await type_(user, order, "Step 2 of 5")
    await press(user, "Alipay", "Step 3 of 5")
    await type_(user, "50", "Step 4 of 5")
    await type_(user, "10 minutes ago", "Step 5 of 5")
    return await press(user, "I don't have one", "Your report: Top-up not received")


async def fill_payment_failed(
    user: PrivateUser, error: str = "transaction declined by risk control"
) -> MessageView:
    """From the menu, a "Payment failed" report answered to its summary, the error shown
    being ``error``; the summary."""
    await press(user, "Payment failed", "Step 1 of 5")
    await press(user, "Alipay", "Step 2 of 5")
    await type_(user, "100", "Step 3 of 5")
    await type_(user, error, "Step 4 of 5")
    await type_(user, "10 minutes ago", "Step 5 of 5")
    return await type_(user, "Tried again twice, the same message", "Your report: Payment failed")


async def submit(user: PrivateUser) -> str:
    """Submit at the summary: the filed ticket's id."""
    filed = await press(user, "Submit", "Your ticket")
    (public_id,) = TICKET_ID.findall(filed.text)
    return public_id


VIP_ARTICLE = """
  - id: vip_levels
    category: other
    tags: [vip]
    title:
      en: How VIP levels work
      zh-Hans: VIP 等级说明
      zh-Hant: VIP 等級說明
    questions:
      en:
        - how do VIP levels work
        - what are the VIP tiers
      zh-Hans:
        - VIP等级怎么升级
      zh-Hant:
        - VIP等級怎麼升級
    answer:
      en: <b>VIP levels</b> rise with the total you top up in a month.
      zh-Hans: <b>VIP 等级</b>随当月累计充值提升。
      zh-Hant: <b>VIP 等級</b>隨當月累計儲值提升。
"""


def content_copy(folder: Path) -> Path:
    """The shipped content (categories, fields, desk and kb.yaml) copied to ``folder``."""
    copied = operator_content(folder)
    for name in ("categories.yaml", "fields.yaml", "desk.yaml", "kb.yaml"):
        assert (copied / name).is_file(), name
    return copied
