"""`kefu broadcast` as an operator and a script meet it: a broadcast made with its audience
read from the users and their tickets, the id alone on the last line, one-line refusals
that write nothing, how broadcasts stand (text and JSON), and pause, resume and cancel.

In-process (typer's CliRunner) on a migrated SQLite file, copied from one made per module;
one test on PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import insert, select, update
from typer.testing import CliRunner, Result

from bot.cli import app
from bot.storage import migrate
from bot.storage.broadcasts import BroadcastStore, NewBroadcast, Outcome
from bot.storage.database import make_engine, make_sessionmaker
from bot.storage.models import BroadcastRow, ChannelWatchRow, RecipientRow, Ticket, User
from bot.support.clock import SystemClock
from dialogs.notices.broadcast import Content, Message, RecipientState

TZ = ZoneInfo("Asia/Shanghai")
D = timedelta(days=1)
# Users 1-3 plain, one per language; 4 blocked the bot; 5 turned notices off (and has an
# open ticket); 6 reported a recharge by Alipay two days ago (open); 7 by WeChat Pay 40 days
# ago (resolved); 8 asked to be told when WeChat Pay is back.
USERS = [(1, "en"), (2, "zh-Hans"), (3, "zh-Hant"), (4, "en"), (5, "zh-Hans"), (6, "en"),
         (7, "zh-Hans"), (8, "zh-Hant")]  # fmt: skip
EVERYONE = [1, 2, 3, 6, 7, 8]
# Whose, status, how long ago, paid by: each a recharge.
TICKETS = [(5, "open", D, "alipay"), (6, "claimed", 2 * D, "alipay"),
           (7, "resolved", 40 * D, "wechat")]  # fmt: skip


@pytest.fixture(autouse=True)
def operator_shell(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """kefu as started from an empty folder (no .env) with no KEFU_ variable set."""
    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith("KEFU_")]:
        monkeypatch.delenv(name)


async def seed(url: str) -> None:
    """Migrate the database at ``url`` and add the users and tickets above."""
    now = datetime.now(UTC)
    engine = make_engine(url)
    try:
        await migrate.upgrade(engine)
        async with make_sessionmaker(engine).begin() as s:
            await s.execute(
                insert(User),
                [
                    {
                        "id": uid,
                        "language": loc,
                        "first_seen": now,
                        "last_seen": now,
                        "blocked": uid == 4,
                        "notices_off": uid == 5,
                        "unheard": [],
                    }
                    for uid, loc in USERS
                ],
            )
            for n, (uid, status, ago, channel) in enumerate(TICKETS, 1):
                at = now - ago
                s.add(
                    Ticket(
                        public_id=f"K-{n:05d}",
                        user_id=uid,
                        category="recharge",
                        fields={"payment_channel": channel},
                        status=status,
                        created_at=at,
                        updated_at=at,
                        status_at=at,
                    )
                )
            s.add(ChannelWatchRow(channel="wechat", user_id=8, since=now))
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated, seeded SQLite file per module (migrating takes most of a second)."""
    path = tmp_path_factory.mktemp("seeded") / "kefu.db"
    asyncio.run(seed(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture
def url(seeded: Path, tmp_path: Path) -> str:
    path = tmp_path / "kefu.db"
    shutil.copyfile(seeded, path)
    return f"sqlite+aiosqlite:///{path}"


def kefu(url: str, *args: str) -> Result:
    env = {"KEFU_DATABASE_URL": url, "KEFU_TIMEZONE": "Asia/Shanghai"}
    return CliRunner().invoke(app, ["broadcast", *args], env=env, prog_name="kefu")


def read(url: str, work: Any) -> Any:
    async def go() -> Any:
        engine = make_engine(url)
        try:
            async with make_sessionmaker(engine)() as s:
                return await work(s)
        finally:
            await engine.dispose()

    return asyncio.run(go())


def broadcasts(url: str) -> list[BroadcastRow]:
    async def work(s: Any) -> list[BroadcastRow]:
        return list(await s.scalars(select(BroadcastRow).order_by(BroadcastRow.id)))

    return read(url, work)


def recipients(url: str, broadcast_id: int) -> list[tuple[int, str]]:
    async def work(s: Any) -> list[tuple[int, str]]:
        rows = await s.execute(
            select(RecipientRow.user_id, RecipientRow.locale)
            .where(RecipientRow.broadcast_id == broadcast_id)
            .order_by(RecipientRow.user_id)
        )
        return [tuple(r) for r in rows]

    return read(url, work)


def sent_id(result: Result) -> int:
    """The id a script reads: the last line of stdout, alone."""
    assert result.exit_code == 0, result.output
    return int(result.stdout.splitlines()[-1])


def test_send_to_everyone_now_prints_the_id_last(url: str) -> None:
    before = datetime.now(UTC)
    result = kefu(url, "send", "--text", "<b>Maintenance</b> tonight at 02:00")
    broadcast_id = sent_id(result)
    assert "6 recipients, audience all, from now" in result.stdout
    (row,) = broadcasts(url)
    assert (row.id, row.state, row.audience, row.total) == (broadcast_id, "scheduled", "all", 6)
    assert before <= row.at <= datetime.now(UTC)  # due at once: kefu run takes it
    assert (row.created_by, row.paid, row.purpose) == (None, False, None)
    assert row.content == Content(Message("<b>Maintenance</b> tonight at 02:00")).to_json()
    # The blocked user (4) and the one who turned notices off (5) are left out.
    locales = dict(USERS)
    assert recipients(url, broadcast_id) == [(u, locales[u]) for u in EVERYONE]


@pytest.mark.parametrize(
    ("audience", "essential", "expected"),
    [
        ("all", True, [1, 2, 3, 5, 6, 7, 8]),  # essential: notices off too, never blocked
        ("locale:zh-Hans", False, [2, 7]),
        ("locale:zh-Hans", True, [2, 5, 7]),
        ("open-tickets", False, [6]),
        ("open-tickets", True, [5, 6]),
        ("category:recharge", False, [6]),  # 30 days by default
        ("category:recharge:60", False, [6, 7]),
        ("channel:alipay", True, [5, 6]),
        ("channel:wechat", False, []),
        ("channel:wechat:45", False, [7]),
        ("asked:channel:wechat", False, [8]),
    ],
)
def test_the_audience_is_read_from_users_and_tickets(
    url: str, audience: str, essential: bool, expected: list[int]
) -> None:
    flags = ["--essential"] if essential else []
    result = kefu(url, "send", "--text", "Hello", "--audience", audience, *flags)
    broadcast_id = sent_id(result)
    assert [u for u, _ in recipients(url, broadcast_id)] == expected
    assert f"{len(expected)} recipients" in result.stdout
    assert ("nobody is in the audience" in result.stdout) == (not expected)
    (row,) = broadcasts(url)
    assert row.content["essential"] is essential and row.total == len(expected)


def test_variants_paid_and_a_time_in_the_timezone(url: str) -> None:
    result = kefu(
        url,
        "send",
        "--text",
        "Back at 09:00",
        "--at",
        "2099-03-01T08:30",
        "--variant",
        "zh-Hans=<i>九点</i>恢复",
        "--variant",
        "zh-hant=九點恢復",
        "--paid",
    )
    broadcast_id = sent_id(result)
    assert "from 2099-03-01 08:30, paid" in result.stdout
    (row,) = broadcasts(url)
    assert row.at == datetime(2099, 3, 1, 0, 30, tzinfo=UTC)  # 08:30 in Shanghai
    assert row.paid is True and row.id == broadcast_id
    content = Content.from_json(row.content)
    assert content.default.text == "Back at 09:00"
    assert content.for_locale("zh-Hans").text == "<i>九点</i>恢复"
    assert content.for_locale("zh-Hant").text == "九點恢復"
    assert content.for_locale("en").text == "Back at 09:00"


@pytest.mark.parametrize(
    ("at", "days_ahead"),
    [("in 2 hours", 0.09), ("tomorrow 9:00", 2), ("23:59", 1), ("00:00", 1)],
)
def test_at_in_words_or_as_a_clock_time_is_the_next_one(
    url: str, at: str, days_ahead: float
) -> None:
    before = datetime.now(UTC)
    sent_id(kefu(url, "send", "--text", "Hi", "--at", at))
    (row,) = broadcasts(url)
    assert before < row.at <= before + timedelta(days=days_ahead)
    if ":" in at:
        assert row.at.astimezone(TZ).strftime("%H:%M") == at.split()[-1].zfill(5)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--audience", "everyone"], "--audience 'everyone' is not an audience: use all, "),
        (["--audience", "locale:fr"], "the locale must be one of en, zh-Hans, zh-Hant"),
        (["--audience", "category:recharge:0"], "DAYS must be a whole number from 1 to 365"),
        (["--audience", "category:topup"], "'topup' is not a category of the content"),
        (["--audience", "channel:paypal"], "'paypal' is not a channel of the content"),
        (["--variant", "fr=Bonjour"], "--variant 'fr': the locale must be one of"),
        (["--variant", "en"], "--variant 'en': write LOCALE=TEXT"),
        (["--variant", "en=a", "--variant", "EN=b"], "--variant en is given twice"),
        (["--variant", "zh-Hans=<i>维护"], "--variant zh-Hans is not Telegram HTML: <i> is"),
        (["--variant", "en= "], "--variant en is empty"),
        (["--text", "  "], "--text is empty"),
        (["--text", "x" * 4097], "--text is 4097 characters long; Telegram takes at most 4096"),
        (["--text", "<b>Hi"], "--text is not Telegram HTML: <b> is never closed"),
        (["--text", "<p>Hi</p>"], "--text is not Telegram HTML: <p> is not a tag Telegram"),
        (["--text", "a < b"], "--text is not Telegram HTML: a bare < or >"),
        (["--at", "2020-01-01T10:00"], "--at '2020-01-01T10:00' is 2020-01-01 10:00, in the past"),
        (["--at", "yesterday 10:00"], "in the past"),
        (["--at", "when pigs fly"], "--at 'when pigs fly' is not a time: give HH:MM"),
        (["--at", "25:00"], "--at '25:00' is not a time"),
        (["--at", "0001-01-01"], "--at '0001-01-01' is not a time"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    url: str, args: list[str], says: str
) -> None:
    given = args if "--text" in args else ["--text", "Hi", *args]
    result = kefu(url, "send", *given)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("kefu: ") and says in line, line
    assert broadcasts(url) == []


def make_running(url: str) -> tuple[int, int]:
    """A broadcast started ten minutes ago to users 1-8 (recipients as given, not read from
    an audience): 1-3 sent, 4 blocked, 5-6 failed, all within the last minute; 7-8 pending.
    And a second one, done."""

    async def go() -> tuple[int, int]:
        engine = make_engine(url)
        try:
            sessions = make_sessionmaker(engine)
            store = BroadcastStore(sessions, SystemClock())
            content = Content(Message("Hello <b>all</b>"), {"zh-Hans": Message("大家好")})
            first = await store.create(
                NewBroadcast(content, "all", datetime.now(UTC), paid=True), USERS
            )
            done = await store.create(
                NewBroadcast(Content(Message("Bye")), "locale:en", datetime.now(UTC)), [(1, "en")]
            )
            started = datetime.now(UTC) - timedelta(minutes=10)
            async with sessions.begin() as s:
                await s.execute(
                    update(BroadcastRow)
                    .where(BroadcastRow.id == first)
                    .values(state="running", started_at=started)
                )
            sent, blocked, failed = (
                RecipientState.SENT,
                RecipientState.BLOCKED,
                RecipientState.FAILED,
            )
            await store.record(
                first,
                [
                    *(Outcome(u, sent) for u in (1, 2, 3)),
                    Outcome(4, blocked, "Forbidden: bot was blocked by the user"),
                    Outcome(5, failed, "Bad Request: chat not found"),
                    Outcome(6, failed, "Bad Request: chat not found"),
                ],
            )
            await store.record(done, [Outcome(1, sent)])
            async with sessions.begin() as s:
                await s.execute(
                    update(BroadcastRow)
                    .where(BroadcastRow.id == done)
                    .values(
                        state="done",
                        started_at=started,
                        finished_at=started + timedelta(seconds=30),
                    )
                )
            return first, done
        finally:
            await engine.dispose()

    return asyncio.run(go())


def test_status_shows_progress_rate_eta_and_failures(url: str) -> None:
    first, _ = make_running(url)
    result = kefu(url, "status", str(first), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data)[:16] == [
        "id",
        "state",
        "audience",
        "at",
        "created_at",
        "started_at",
        "finished_at",
        "total",
        "sent",
        "blocked",
        "failed",
        "pending",
        "rate",
        "eta_seconds",
        "paid",
        "purpose",
    ]
    assert (data["id"], data["state"], data["audience"], data["paid"]) == (
        first,
        "running",
        "all",
        True,
    )
    counts = [data[k] for k in ("total", "sent", "blocked", "failed", "pending")]
    assert counts == [8, 3, 1, 2, 2]
    # 6 settled within the last minute of a broadcast running for ten: 6/60 a second, so
    # the 2 pending need 20 s.
    assert (data["rate"], data["eta_seconds"]) == (0.1, 20)
    assert data["failures"] == [{"reason": "Bad Request: chat not found", "count": 2}]
    assert data["finished_at"] is None and datetime.fromisoformat(data["started_at"])

    text = kefu(url, "status", str(first))
    assert text.exit_code == 0, text.output
    lines = text.stdout.splitlines()
    assert lines[0] == f"broadcast {first}: running (paid)"
    assert "text       Hello <b>all</b>" in lines and "  zh-Hans  大家好" in lines
    assert any(line.startswith("progress") and "75%  6 of 8" in line for line in lines)
    assert "           sent 3, blocked 1, failed 2, pending 2" in lines
    assert "rate       0.1/s over the last minute" in lines
    assert "left       2 pending, about 20s" in lines
    assert "failures   2 × Bad Request: chat not found" in lines


def test_a_finished_broadcast_says_how_long_it_took(url: str) -> None:
    _, done = make_running(url)
    data = json.loads(kefu(url, "status", str(done), "--json").stdout)
    assert (data["state"], data["pending"], data["eta_seconds"]) == ("done", 0, 0)
    lines = kefu(url, "status", str(done)).stdout.splitlines()
    assert "took       30s (0.033/s on average)" in lines  # one message in 30 s
    assert "left       nothing" in lines


def test_list_shows_the_latest_first(url: str) -> None:
    first, done = make_running(url)
    result = kefu(url, "list")
    assert result.exit_code == 0, result.output
    newest, older = result.stdout.splitlines()
    assert newest.split()[:3] == [str(done), "done", "locale:en"]
    assert "1/0/0/0" in newest and "100%" in newest
    assert older.split()[:3] == [str(first), "running", "all"]
    assert "3/1/2/2" in older and "75%" in older and older.endswith("0.1/s")
    data = json.loads(kefu(url, "list", "--json").stdout)
    assert [(b["id"], b["state"], b["pending"]) for b in data] == [
        (done, "done", 0),
        (first, "running", 2),
    ]
    assert "failures" not in data[0] and data[1]["rate"] == 0.1


def test_an_empty_list_and_an_unknown_id(url: str) -> None:
    assert kefu(url, "list").stdout == "No broadcast yet.\n"
    assert json.loads(kefu(url, "list", "--json").stdout) == []
    for args in (["status", "9"], ["pause", "9"], ["resume", "9"], ["cancel", "9"]):
        result = kefu(url, *args)
        assert result.exit_code == 1 and result.stderr == "kefu: no broadcast 9\n", args


def test_pause_resume_cancel_and_refused_moves(url: str) -> None:
    broadcast_id = sent_id(kefu(url, "send", "--text", "Hi", "--at", "2099-01-01T00:00"))
    b = str(broadcast_id)

    def state() -> str:
        return broadcasts(url)[0].state

    assert kefu(url, "pause", b).stdout == f"broadcast {b}: paused\n" and state() == "paused"
    refused = kefu(url, "pause", b)
    assert refused.exit_code == 1
    assert refused.stderr == f"kefu: broadcast {b} is paused: it cannot be paused\n"
    # Paused before its time, it waits for that time again.
    assert kefu(url, "resume", b).stdout == f"broadcast {b}: scheduled\n" and state() == "scheduled"
    assert kefu(url, "cancel", b).stdout == f"broadcast {b}: cancelled\n"
    (row,) = broadcasts(url)
    assert row.state == "cancelled" and row.finished_at is not None
    for action, past in (("pause", "paused"), ("resume", "resumed"), ("cancel", "cancelled")):
        refused = kefu(url, action, b)
        assert refused.exit_code == 1 and refused.stdout == ""
        assert refused.stderr == f"kefu: broadcast {b} is cancelled: it cannot be {past}\n"


def test_a_done_broadcast_cannot_be_paused(url: str) -> None:
    _, done = make_running(url)
    refused = kefu(url, "pause", str(done))
    assert refused.exit_code == 1
    assert refused.stderr == f"kefu: broadcast {done} is done: it cannot be paused\n"


def test_help_says_paid_costs_stars(url: str) -> None:
    result = kefu(url, "send", "--help")
    assert result.exit_code == 0
    assert "1000 messages/s" in result.stdout and "Telegram Stars" in result.stdout


@pytest.fixture
def postgres(postgres_url: str) -> str:
    asyncio.run(seed(postgres_url))
    return postgres_url


def test_send_and_status_on_postgres(postgres: str) -> None:
    broadcast_id = sent_id(
        kefu(postgres, "send", "--text", "Hi", "--audience", "category:recharge:60", "--essential")
    )
    assert [u for u, _ in recipients(postgres, broadcast_id)] == [5, 6, 7]
    data = json.loads(kefu(postgres, "status", str(broadcast_id), "--json").stdout)
    assert (data["state"], data["total"], data["pending"], data["rate"]) == (
        "scheduled",
        3,
        3,
        None,
    )
    assert kefu(postgres, "cancel", str(broadcast_id)).exit_code == 0
