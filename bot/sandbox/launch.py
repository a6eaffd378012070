"""The sandbox's world, shared by `kefu try` and `kefu sandbox`: the Bot API double on
loopback with kefu's desk in it (a forum supergroup), and kefu running against it with its
own SQLite file and the demo order system.

Both front ends are clients of the same thing: the terminal types into it, the web page
clicks into it, and kefu answers through the real runtime over HTTP either way.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

from pydantic import AnyHttpUrl, SecretStr

from bot.app.demo_backend import DemoOrderBackend
from bot.app.tuning import Tuning
from bot.composition import Kefu, assembled
from bot.config import Settings
from bot.telegram.double import BotApiDouble, Group
from bot.telegram.outbox import OutboxLimits

# Its own file, so trying kefu never touches a real deployment's data.
TRY_DATABASE_URL = "sqlite+aiosqlite:///./data/kefu-try.db"
# `kefu sandbox`'s, apart from `kefu try`'s: both may run at once, and kefu's in-memory read
# caches assume it is a database's only writer.
SANDBOX_DATABASE_URL = "sqlite+aiosqlite:///./data/kefu-sandbox.db"
# The agents' desk: a forum supergroup the bot administers, made in the double each run.
DESK_CHAT_ID = -1001000000001
DESK_TITLE = "Support desk (kefu try)"
TRY_ACCOUNT = "lin.wei"  # the demo account the sandbox's first user owns
# Seconds between kefu's looks at the maintenance windows. A deployment looks each minute;
# in the sandbox a person ends a window and watches for "service restored" right away.
WATCH_EVERY = 2.0


@dataclass
class Sandbox:
    """The double, the desk in it, and kefu assembled against them (not yet serving)."""

    double: BotApiDouble
    desk: Group
    kefu: Kefu

    @property
    def shop(self) -> DemoOrderBackend | None:
        """The demo order system, when kefu runs with it (the operator's own system)."""
        backend = self.kefu.app.shop.backend
        return backend if isinstance(backend, DemoOrderBackend) else None

    def fresh_ids(self, chat_id: int) -> None:
        """Start a chat's message ids at random (see :func:`sandbox`)."""
        chat = self.double.world.chats[chat_id]
        chat.next_message_id = random.randint(1_000_000, 2**31 - 1_000_000)


@contextlib.asynccontextmanager
async def sandbox(
    settings: Settings,
    *,
    desk_title: str = DESK_TITLE,
    database_url: str = TRY_DATABASE_URL,
    admin_ids: Sequence[int] = (),
) -> AsyncIterator[Sandbox]:
    """The double with the desk, and kefu against it; the caller starts kefu's runtime."""
    # The sandbox's database outlives the double: a new double numbering updates from the
    # same start would meet ids kefu recorded as handled last time. Telegram, too, picks a
    # random next id when a bot has been quiet for a week.
    first = random.randint(100_000_001, 2**31 - 1_000_000)
    async with BotApiDouble(first_update_id=first) as double:
        desk = double.driver.forum_group(DESK_CHAT_ID, desk_title)
        update = {
            "bot_token": SecretStr(double.token),
            "telegram_api_url": AnyHttpUrl(double.base_url),
            "database_url": database_url,
            "webhook_url": None,
            "redis_url": None,
            "agent_chat_id": desk.id,
        }
        if admin_ids:
            update["admin_ids"] = sorted({*settings.admin_ids, *admin_ids})
        settings = settings.model_copy(update=update)
        # kefu keeps a group to one message per 3 s, as Telegram answers a group's bursts
        # with long 429s; the double's group bucket holds a burst, so the sandbox lets kefu
        # use half of it: the desk keeps up with a person typing, and leaving finds nothing
        # still queued (the next run's double would not have this run's topics).
        outbox = OutboxLimits(group_burst=int(double.limits.group_burst) // 2)
        tuning = Tuning(outbox=outbox, window_watch_every=WATCH_EVERY)
        async with assembled(settings, tuning=tuning) as kefu:
            made = Sandbox(double, desk, kefu)
            # Likewise message ids: last run's topics and relayed copies are in that
            # database by chat and id, and a new double counting from 1 again would hand a
            # new topic an old ticket's thread id. Telegram never reuses them; a random
            # start rarely meets one.
            made.fresh_ids(desk.id)
            yield made
