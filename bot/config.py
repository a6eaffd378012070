"""kefu's settings: every ``KEFU_`` environment variable (or a ``.env`` line), validated.

Settings are built inside the command that needs them (never at import) and passed down.
A wrong value becomes one line naming the variable, never a traceback, and never echoes
a secret back.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AnyHttpUrl,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url

from bot.config_values import address, normalise_database_url, parse_duration
from dialogs.languages import LOCALES

Locale = Literal["en", "zh-Hans", "zh-Hant"]
ENV_PREFIX = "KEFU_"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/kefu.db"
# @BotFather's tokens: the bot's numeric id, a colon, 35 characters (123456789:AAH...).
_TOKEN_RE = re.compile(r"[0-9]+:[A-Za-z0-9_-]{35}")
_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable."""


class Settings(BaseSettings):
    """All of kefu's configuration. See the README for each variable."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    bot_token: SecretStr | None = None
    telegram_api_url: AnyHttpUrl = AnyHttpUrl("https://api.telegram.org")
    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    agent_chat_id: int | None = None
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    default_locale: Locale = "en"
    timezone: str = "UTC"
    content_dir: Path | None = None
    # A YAML file of the numbers a deployment may change (bot.app.tuning.Tuning).
    tuning: Path | None = None
    webhook_url: AnyHttpUrl | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1:8080"
    runtime: Literal["aiogram", "ptb"] = "aiogram"
    poll_timeout: int = Field(default=30, ge=0, le=50)
    # Logs: "text" (one plain line an event) or "json" (one JSON object a line, for shippers).
    log_format: Literal["text", "json"] = "text"
    # The desk's clock: unclaimed this long, the agents on duty are reminded; a ticket
    # waiting for its user is reminded to them, then resolved; a resolved ticket reopens
    # when its user writes within reopen_hours, and is closed after.
    sla_first_response: timedelta = timedelta(minutes=15)
    remind_user_after: timedelta = timedelta(hours=24)
    auto_resolve_after: timedelta = timedelta(hours=72)
    reopen_hours: int = Field(default=72, ge=0, le=24 * 365)
    # A first contact (not spam) presses a button before kefu hands anything to the desk.
    first_contact_check: bool = False
    # Orders: the embedded demo shop, a shop's HTTP API (orders_config: its YAML), or none.
    orders: Literal["demo", "http", "none"] = "demo"
    orders_config: Path | None = Field(default=None, validate_default=True)
    # A lookup's answer waits this long at most; a user starts at most order_lookups in
    # any order_lookup_window, and answers the ownership check wrongly at most
    # order_tries times in any order_cooldown; a channel with more than
    # order_delayed_share of its orders late reads as degraded.
    order_timeout: float = Field(default=3.0, gt=0, le=30)
    order_lookups: int = Field(default=8, ge=1, le=1000)
    order_lookup_window: timedelta = timedelta(minutes=10)
    order_tries: int = Field(default=3, ge=1, le=20)
    order_cooldown: timedelta = timedelta(minutes=30)
    order_delayed_share: float = Field(default=0.05, gt=0, lt=1)
    # The knowledge base answers a question whose best article scores kb_min_score or more
    # (BM25, see dialogs.kb.search), offering kb_shown articles at most.
    kb_min_score: float = Field(default=2.5, ge=0)
    kb_shown: int = Field(default=3, ge=1, le=8)
    # Broadcasts, in messages a second: Telegram takes about 30 a second in all (the rest
    # is left for answers); with allow_paid_broadcast (0.1 Star a message) up to 1000.
    broadcast_rate: float = Field(default=25.0, gt=0, le=30)
    broadcast_paid_rate: float = Field(default=1000.0, gt=0, le=1000)
    # The ops endpoint (/healthz, /metrics), served beside the bot when set (host:port).
    # Each health check has health_timeout seconds; the Bot API's answer (getMe) is reused
    # for health_bot_api_cache seconds, so a scraper asking every second does not ask
    # Telegram every second.
    http_listen: str | None = None
    health_timeout: float = Field(default=3.0, gt=0, le=60)
    health_bot_api_cache: float = Field(default=10.0, ge=0, le=3600)

    @field_validator(
        "sla_first_response",
        "remind_user_after",
        "auto_resolve_after",
        "order_lookup_window",
        "order_cooldown",
        mode="before",
    )
    @classmethod
    def _duration(cls, v: object) -> object:
        if isinstance(v, str):
            return parse_duration(v)
        return v

    @field_validator("auto_resolve_after")
    @classmethod
    def _after_the_reminder(cls, v: timedelta, info: ValidationInfo) -> timedelta:
        reminder = info.data.get("remind_user_after")
        if isinstance(reminder, timedelta) and v <= reminder:
            raise ValueError(
                "must be longer than KEFU_REMIND_USER_AFTER (the user is reminded before "
                "their ticket is resolved)"
            )
        return v

    @field_validator("orders_config")
    @classmethod
    def _orders_config(cls, v: Path | None, info: ValidationInfo) -> Path | None:
        if v is None and info.data.get("orders") == "http":
            raise ValueError("is not set: KEFU_ORDERS=http reads the shop's API from this YAML")
        if v is not None and not v.is_file():
            raise ValueError(f"names no file ({v})")
        return v

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, v: SecretStr | None) -> SecretStr | None:
        if v is not None and not _TOKEN_RE.fullmatch(v.get_secret_value()):
            raise ValueError(
                "is not a bot token: @BotFather's tokens are the bot's numeric id, a colon, "
                "and 35 characters of letters, digits, _ or - (like 123456789:AAH...)"
            )
        return v

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, v: str) -> str:
        return normalise_database_url(v).render_as_string(hide_password=False)

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, v: str | None) -> str | None:
        if v in (None, ""):
            return None
        if not re.match(r"^(redis|rediss|unix)://", v):
            raise ValueError("is not a Redis URL (expected redis://host:port/db)")
        return v

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _admin_ids(cls, v: object) -> object:
        if isinstance(v, str):
            parts = [p.strip() for p in v.replace(";", ",").split(",") if p.strip()]
            for p in parts:
                if not p.lstrip("-").isdigit():
                    raise ValueError("must be Telegram user ids separated by commas")
            return [int(p) for p in parts]
        return v

    @field_validator("default_locale", mode="before")
    @classmethod
    def _locale(cls, v: object) -> object:
        if isinstance(v, str):
            for known in LOCALES:
                if v.replace("_", "-").lower() == known.lower():
                    return known
        return v

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("is not a time zone (expected a name like Asia/Shanghai)") from None
        return v

    @field_validator("log_format", mode="before")
    @classmethod
    def _log_format(cls, v: object) -> object:
        if isinstance(v, str) and v.strip().lower() in ("text", "json"):
            return v.strip().lower()
        raise ValueError("must be text or json (json: one JSON object a line, for log shippers)")

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, v: SecretStr | None) -> SecretStr | None:
        if v is not None and not _SECRET_RE.fullmatch(v.get_secret_value()):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return v

    @field_validator("webhook_listen", "http_listen")
    @classmethod
    def _listen(cls, v: str | None, info: ValidationInfo) -> str | None:
        if info.field_name == "http_listen" and v in (None, ""):
            return None  # off
        host, _, port = (v or "").rpartition(":")
        if not host or not port.isdigit() or not 0 <= int(port) <= 65535:
            raise ValueError("must be host:port, like 0.0.0.0:8080")
        return v

    @property
    def listen_address(self) -> tuple[str, int]:
        return address(self.webhook_listen)

    @property
    def http_address(self) -> tuple[str, int] | None:
        """Where the ops endpoint listens; None when it is off."""
        return address(self.http_listen) if self.http_listen is not None else None

    @property
    def bot_id(self) -> str:
        """The bot's number (the token's part before the colon; "0" without a token): what
        keeps two bots' keys apart in one Redis."""
        token = self.bot_token.get_secret_value() if self.bot_token is not None else ""
        return token.partition(":")[0] or "0"

    def webhook(self) -> tuple[str, str]:
        """The webhook URL and secret, or a ConfigError naming what is missing."""
        if self.webhook_url is None:
            raise ConfigError(f"{ENV_PREFIX}WEBHOOK_URL is not set: webhook mode needs it")
        if self.webhook_secret is None:
            raise ConfigError(
                f"{ENV_PREFIX}WEBHOOK_SECRET is not set: webhook mode refuses to start without "
                "a secret (any 1-256 characters of A-Z a-z 0-9 _ -)"
            )
        return str(self.webhook_url), self.webhook_secret.get_secret_value()

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_sqlite(self) -> bool:
        return make_url(self.database_url).get_backend_name() == "sqlite"

    def token(self) -> str:
        """The bot token, or a ConfigError saying how to get one."""
        if self.bot_token is None:
            raise ConfigError(
                f"{ENV_PREFIX}BOT_TOKEN is not set: get a token from @BotFather "
                "(or try kefu without one: `kefu try`)"
            )
        return self.bot_token.get_secret_value()


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning any validation problem into one ConfigError line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise ConfigError(describe_errors(exc)) from None


def describe_errors(exc: ValidationError) -> str:
    """One line per problem, naming the variable; input values are never echoed."""
    lines = []
    for err in exc.errors(include_input=False, include_url=False):
        field = str(err["loc"][0]) if err["loc"] else "?"
        message = err["msg"].removeprefix("Value error, ")
        lines.append(f"{ENV_PREFIX}{field.upper()} {_phrase(message)}")
    return "; ".join(lines)


def _phrase(message: str) -> str:
    if message.startswith(("is ", "must ", "names ")):
        return message
    return f"is invalid: {message[:1].lower()}{message[1:]}"
