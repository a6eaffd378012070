"""kefu's logs: one JSON object a line with KEFU_LOG_FORMAT=json, the ticket and chat in
hand on each line, and no secret in any (tokens in a request error's URL, the shop's API
keys, card numbers)."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import signal
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import aiohttp
import pytest

from bot.composition import redactor_for
from bot.config import ConfigError, load_settings
from bot.observe.logs import (
    KefuLogHandler,
    current_log_context,
    formatter_for,
    install_filters,
    log_context,
    note_in_logs,
)
from bot.support.redaction import MASK, Redactor
from bot.telegram.double import BotApiDouble
from bot.telegram.double.driver import Group
from tests.log_audit import AUDIT
from tests.scenario import desk_harness
from tests.scenario.desk_harness import DESK, TICKET_ID, topic_of
from tests.scenario.test_process import kefu_env

double, desk = desk_harness.double, desk_harness.desk


async def test_kefu_run_logs_one_json_object_a_line_naming_the_ticket(
    double: BotApiDouble, desk: Group, tmp_path: Path
) -> None:
    env = kefu_env(double, "aiogram", KEFU_LOG_FORMAT="json", KEFU_AGENT_CHAT_ID=str(DESK))
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        user = double.driver.private_user(611, "Wei", language_code="en")
        await user.send_command("human")
        (public_id,) = TICKET_ID.findall((await user.next_message(timeout=60)).text)
        await topic_of(desk, public_id, timeout=30)  # the desk's event: its topic made
        proc.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(proc.communicate(), 60)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0, err.decode()
    lines = [line for line in err.decode().splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # each line one object, nothing else
    assert len(entries) >= 3 and not out.strip()
    for entry in entries:
        assert {"time", "level", "logger", "message"} <= entry.keys()
        assert entry["time"].endswith("Z") and datetime.fromisoformat(entry["time"])
    about = [e for e in entries if e.get("ticket") == public_id]
    assert about, f"no line names {public_id}: {entries}"
    assert any(e["message"].startswith("status new -> open") for e in about)
    assert all(e["chat"] == 611 for e in about), "handled in the user's chat"
    assert double.token not in err.decode()


@pytest.fixture
def kefu_log() -> Iterator[io.StringIO]:
    """A handler as `kefu run` sets it up with KEFU_LOG_FORMAT=json, on the root logger."""
    stream = io.StringIO()
    handler = KefuLogHandler(stream)
    handler.setFormatter(formatter_for("json"))
    install_filters(handler, Redactor())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


async def test_a_request_errors_url_is_logged_with_its_token_masked(
    double: BotApiDouble, kefu_log: io.StringIO
) -> None:
    masked_before = AUDIT.masked["bot token"]
    double.faults.add("getMe", status=500)
    url = f"{double.base_url}/bot{double.token}/getMe"
    log = logging.getLogger("bot.test_logs")
    async with aiohttp.ClientSession() as session, session.get(url) as reply:
        with pytest.raises(aiohttp.ClientResponseError) as caught:
            reply.raise_for_status()
    assert double.token in str(caught.value), "the library's error holds the URL, token and all"
    with log_context(chat=1001):
        log.error("getMe failed: %s", caught.value, exc_info=caught.value)
    (line,) = kefu_log.getvalue().splitlines()
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "bot.test_logs"
    assert entry["chat"] == 1001 and "ticket" not in entry
    assert double.token not in line
    assert f"/bot{MASK}/getMe" in entry["message"]
    assert "ClientResponseError" in entry["exc"] and f"/bot{MASK}/getMe" in entry["exc"]
    # The suite's audit saw the token in the record and masked in kefu's line.
    assert AUDIT.masked["bot token"] > masked_before


def test_the_text_line_names_the_ticket_and_chat_in_hand() -> None:
    stream = io.StringIO()
    handler = KefuLogHandler(stream)
    handler.setFormatter(formatter_for("text"))
    install_filters(handler)
    log = logging.getLogger("bot.test_logs.text")
    log.addHandler(handler)
    log.propagate = False
    try:
        with log_context(chat=1001):
            note_in_logs(ticket="K-7F3Q2")
            log.warning("relayed")
        log.warning("no ticket now")
    finally:
        log.removeHandler(handler)
        log.propagate = True
    first, second = stream.getvalue().splitlines()
    assert first.endswith("WARNING bot.test_logs.text: [ticket K-7F3Q2 chat 1001] relayed")
    assert second.endswith("WARNING bot.test_logs.text: no ticket now")


async def test_a_ticket_noted_inside_a_context_ends_with_it() -> None:
    note_in_logs(ticket="K-AAAAA")  # outside any context: nothing would end it, so ignored
    assert current_log_context() == {}
    async with log_context(chat=5):
        note_in_logs(ticket="K-BBBBB")
        assert current_log_context() == {"chat": 5, "ticket": "K-BBBBB"}
        with log_context(ticket="K-CCCCC"):
            assert current_log_context() == {"chat": 5, "ticket": "K-CCCCC"}
        assert current_log_context()["ticket"] == "K-BBBBB"
    assert current_log_context() == {}


def test_log_format_is_text_or_json() -> None:
    assert load_settings(_env_file=None).log_format == "text"
    assert load_settings(log_format=" JSON ", _env_file=None).log_format == "json"
    with pytest.raises(ConfigError) as caught:
        load_settings(log_format="xml", _env_file=None)
    assert str(caught.value) == (
        "KEFU_LOG_FORMAT must be text or json (json: one JSON object a line, for log shippers)"
    )


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("paid with 4111 1111 1111 1111 today", False),
        ("card=4111-1111-1111-1111", False),
        ("pan 5500005555555559", False),
        ("order 4111111111111112 (not a card: Luhn fails)", True),
        ("chat -1001000000555 and at 1733572800000 ms", True),
        ("order P20241123-0001", True),
    ],
)
def test_card_numbers_are_masked(text: str, kept: bool) -> None:
    assert (Redactor()(text) == text) is kept


def test_card_secret_fields_are_masked() -> None:
    text = 'reply {"cvv": "123", "card_secret": "GIFT-7F3K", "status": "paid"} cvc2=999'
    out = Redactor()(text)
    assert "123" not in out and "GIFT-7F3K" not in out and "999" not in out
    assert '"status": "paid"' in out and out.count(MASK) == 3


def test_the_shops_api_keys_are_known_to_kefus_redactor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key, secret = "ck_live_LOGS0123", "cs_live_LOGS+/4567"
    monkeypatch.setenv("WC_CONSUMER_KEY", key)
    monkeypatch.setenv("WC_CONSUMER_SECRET", secret)
    config = tmp_path / "orders.yaml"
    config.write_text("preset: woocommerce_v3\nbase_url: https://shop.example\n")
    settings = load_settings(orders="http", orders_config=config, _env_file=None)
    redact = redactor_for(settings)
    text = f"GET https://shop.example/?consumer_secret=cs_live_LOGS%2B%2F4567 {key} {secret}"
    out = redact(text)
    assert key not in out and "LOGS" not in out and out.count(MASK) == 3
