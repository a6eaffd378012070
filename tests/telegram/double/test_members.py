"""getChatMember's real statuses and the group's anonymous-admin identity, in both libraries."""

from __future__ import annotations

import aiogram
import pytest
import telegram
from aiogram import types as aio
from aiogram.exceptions import TelegramBadRequest
from telegram.error import BadRequest

from bot.telegram.double import BotApiDouble
from bot.telegram.double.group import ANONYMOUS_ADMIN
from tests.telegram.double.conftest import RawCall


def _people(double: BotApiDouble) -> dict[str, int]:
    """A forum with one person of every standing; returns their ids by status."""
    desk = double.driver.forum_group(-100, "Desk")
    desk.member(1, "Member")
    desk.admin(2, "Agent", title="Support", rights={"can_promote_members": True})
    desk.admin(3, "Owner", owner=True, title="Boss")
    desk.remove_member(desk.member(4, "Gone"))
    desk.ban_member(desk.member(5, "Spammer"))
    desk.restrict_member(desk.member(6, "Muted"), can_send_messages=True)
    double.driver.user(7, "Stranger")  # known to Telegram, never joined
    return {"member": 1, "administrator": 2, "creator": 3, "left": 4, "kicked": 5}


async def test_statuses_through_aiogram(double: BotApiDouble, aio_bot: aiogram.Bot) -> None:
    _people(double)
    expected = {
        1: aio.ChatMemberMember,
        2: aio.ChatMemberAdministrator,
        3: aio.ChatMemberOwner,
        4: aio.ChatMemberLeft,
        5: aio.ChatMemberBanned,
        6: aio.ChatMemberRestricted,
        7: aio.ChatMemberLeft,
    }
    got = {uid: await aio_bot.get_chat_member(-100, uid) for uid in expected}
    assert {uid: type(m) for uid, m in got.items()} == expected
    admin, owner, banned, muted = got[2], got[3], got[5], got[6]
    assert isinstance(admin, aio.ChatMemberAdministrator)
    assert admin.custom_title == "Support" and admin.can_promote_members is True
    assert admin.can_manage_topics is True and admin.can_delete_messages is True
    assert isinstance(owner, aio.ChatMemberOwner) and owner.custom_title == "Boss"
    assert isinstance(banned, aio.ChatMemberBanned) and banned.until_date.timestamp() == 0
    assert isinstance(muted, aio.ChatMemberRestricted)
    assert (muted.can_send_messages, muted.can_send_photos, muted.is_member) == (True, False, True)
    with pytest.raises(TelegramBadRequest, match="user not found"):
        await aio_bot.get_chat_member(-100, 424242)


async def test_statuses_through_ptb(double: BotApiDouble, ptb_bot: telegram.Bot) -> None:
    statuses = _people(double)
    for status, uid in statuses.items():
        assert (await ptb_bot.get_chat_member(-100, uid)).status == status
    muted = await ptb_bot.get_chat_member(-100, 6)
    assert isinstance(muted, telegram.ChatMemberRestricted) and muted.can_send_messages
    admin = await ptb_bot.get_chat_member(-100, 2)
    assert isinstance(admin, telegram.ChatMemberAdministrator) and admin.custom_title == "Support"
    assert (await ptb_bot.get_chat_member(-100, 7)).status == "left"
    with pytest.raises(BadRequest, match="User not found"):
        await ptb_bot.get_chat_member(-100, 424242)


async def test_a_removed_member_can_still_post(api: RawCall, double: BotApiDouble) -> None:
    desk = double.driver.forum_group(-100, "Desk")
    stranger = desk.member(9, "Stranger")
    desk.ban_member(stranger)
    assert desk.status(stranger) == "kicked"
    await stranger.send_text("let me in")
    _, body = await api("getUpdates")
    assert body["result"][-1]["message"]["text"] == "let me in"
    desk.member(9)  # asking again changes nothing
    _, body = await api("getChatMember", chat_id=-100, user_id=9)
    assert body["result"] == {
        "status": "kicked",
        "user": {"id": 9, "is_bot": False, "first_name": "Stranger"},
        "until_date": 0,
    }


async def test_the_anonymous_admin_speaks_for_the_group(
    double: BotApiDouble, aio_bot: aiogram.Bot, ptb_bot: telegram.Bot
) -> None:
    desk = double.driver.forum_group(-100, "Desk")
    topic = await desk.create_topic("Ticket")
    signed = desk.anonymous_admin("Night shift")
    sent = await signed.send_text("we are on it", thread_id=topic.thread_id)
    await signed.edit(sent, "we are on it now")
    await desk.anonymous_admin().send_photo("unsigned")
    aio_updates = await aio_bot.get_updates()
    message, edited, photo = (u.message or u.edited_message for u in aio_updates[1:])
    assert message is not None and message.from_user is not None
    assert (message.from_user.id, message.from_user.username) == (1087968824, "GroupAnonymousBot")
    assert message.sender_chat is not None and message.sender_chat.id == -100
    assert message.sender_chat.title == "Desk" and message.author_signature == "Night shift"
    assert edited is not None and edited.text == "we are on it now"
    assert edited.sender_chat is not None and edited.message_thread_id == topic.thread_id
    assert photo is not None and photo.author_signature is None and photo.sender_chat is not None
    ptb_updates = await ptb_bot.get_updates()
    first = ptb_updates[1].message
    assert first is not None and first.sender_chat is not None
    assert first.sender_chat.type == "supergroup" and first.author_signature == "Night shift"
    assert first.from_user is not None and first.from_user.id == ANONYMOUS_ADMIN.id
    member = await aio_bot.get_chat_member(-100, ANONYMOUS_ADMIN.id)
    assert member.status == "member"  # the double's choice: see docs/bot_api_double.md
