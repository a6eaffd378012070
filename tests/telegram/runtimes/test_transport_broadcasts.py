"""What a broadcast asks of Telegram, through both runtimes' real transports against the
double: ``allow_paid_broadcast`` only when paid, videos alone and in albums, and a paid
broadcast through the outbox that never waits for the bot's 30 a second."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest
import telegram
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.support.clock import ManualClock
from bot.support.redaction import Redactor
from bot.telegram.calls import BotApiTransport
from bot.telegram.double import BotApiDouble, Limits
from bot.telegram.ops import MediaItem, SendMediaGroup, SendText, SendVideo
from bot.telegram.outbox import Outbox, Priority
from bot.telegram.runtimes.aiogram3.transport import AiogramTransport
from bot.telegram.runtimes.ptb22.request import TelegramRequest
from bot.telegram.runtimes.ptb22.transport import PtbTransport


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def double(clock: ManualClock) -> AsyncIterator[BotApiDouble]:
    """A double keeping Telegram's flood limits on a clock that only the test moves."""
    async with BotApiDouble(clock=clock, limits=Limits()) as running:
        yield running
        assert not running.internal_errors, running.internal_errors


@pytest.fixture(params=["aiogram", "ptb"])
async def transport(
    request: pytest.FixtureRequest, double: BotApiDouble
) -> AsyncIterator[BotApiTransport]:
    if request.param == "aiogram":
        api = TelegramAPIServer.from_base(double.base_url)
        aiogram_bot = Bot(double.token, session=AiohttpSession(api=api))
        yield AiogramTransport(aiogram_bot, Redactor())
        await aiogram_bot.session.close()
        return
    ptb_bot = telegram.Bot(
        double.token,
        base_url=f"{double.base_url}/bot",
        base_file_url=f"{double.base_url}/file/bot",
        request=TelegramRequest(),
    )
    async with ptb_bot:
        yield PtbTransport(ptb_bot, Redactor())


async def test_allow_paid_broadcast_is_sent_only_when_paid(
    double: BotApiDouble, transport: BotApiTransport
) -> None:
    user = double.driver.private_user(1, "Ann")
    await transport.execute(SendText(user.id, "free"))
    await transport.execute(SendText(user.id, "paid", paid_broadcast=True))
    free, paid = double.log.calls("sendMessage", chat_id=1)
    assert "allow_paid_broadcast" not in free.params
    assert paid.params["allow_paid_broadcast"] in (True, "true", "True")
    assert (double.paid_messages, double.stars_spent) == (1, 0.1)
    assert [m.text for m in user.messages] == ["free", "paid"]


async def test_a_video_alone_and_in_an_album(
    double: BotApiDouble, transport: BotApiTransport
) -> None:
    user = double.driver.private_user(2, "Bo")
    video = (await user.send_video(caption="a clip")).raw["video"]["file_id"]
    photo = (await user.send_photo()).raw["photo"][-1]["file_id"]
    alone = await transport.execute(SendVideo(2, video, caption="<b>new</b>", paid_broadcast=True))
    items = (MediaItem("photo", photo, "both"), MediaItem("video", video))
    album = await transport.execute(SendMediaGroup(2, items, paid_broadcast=True))
    assert len(alone.message_ids) == 1 and len(album.message_ids) == 2
    sent = double.log.calls("sendVideo", chat_id=2)[0].params
    assert sent["video"] == video and sent["caption"] == "<b>new</b>"
    media = double.log.calls("sendMediaGroup", chat_id=2)[0].params["media"]
    assert [(m["type"], m["media"]) for m in media] == [("photo", photo), ("video", video)]
    # Nothing said of a file Telegram already has (PTB would copy a Video's size in).
    assert not {"width", "height", "duration"} & set(media[1])
    kinds = [(m.raw.get("video") or {}).get("file_id") for m in user.messages]
    assert kinds == [video, None, video]
    assert user.messages[0].raw["caption"] == "new"
    assert double.paid_messages == 3  # the video, and the album's two items


async def until(condition: Callable[[], bool], timeout: float = 10.0) -> None:  # noqa: ASYNC109
    """Wait (real time, with a deadline) for a condition the outbox reaches on its own."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "condition not reached"
        await asyncio.sleep(0.01)


@pytest.mark.parametrize("paid", [True, False])
async def test_a_paid_broadcast_is_not_held_to_thirty_a_second(
    double: BotApiDouble, transport: BotApiTransport, clock: ManualClock, paid: bool
) -> None:
    users = [double.driver.private_user(100 + n, "U") for n in range(60)]
    outbox = Outbox(transport, clock)  # the default limits: 30 a second, a burst of 5
    await outbox.start()
    sent = [
        outbox.submit(SendText(u.id, "news", paid_broadcast=paid), Priority.BROADCAST)
        for u in users
    ]
    try:
        # The clock stands still: only what needs no overall budget can go.
        if paid:
            await asyncio.wait_for(asyncio.gather(*sent), timeout=10)
            assert (double.paid_messages, double.stars_spent) == (60, 6.0)
        else:  # the burst of 5 less the 2 kept for answers, then it waits on the clock
            await until(lambda: sum(f.done() for f in sent) == 3 and clock.sleepers > 0)
            assert double.log.count("sendMessage") == 3
            assert double.paid_messages == 0
        assert double.log.count("sendMessage", status=429) == 0
    finally:
        await outbox.close(timeout=0)  # what is left fails with OutboxClosed, as it should
        left = [f.exception() for f in sent if not f.cancelled()]
        assert all(e is None or type(e).__name__ == "OutboxClosed" for e in left)
