"""The order-backend contract: what kefu may ask a shop's order system, and the models at
its edge. integrations/ implements it (the embedded demo; an HTTP backend later); the
dialogs read orders and payment channels only through it.

Pydantic models rather than dataclasses: a backend's answers come from outside (another
system's JSON), so they are validated where they cross into kefu.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field


class OrderBackendError(Exception):
    """The backend could not answer: slow, down, or a reply kefu could not read.

    "No such order" is an answer (None), not this error. Its message names what failed
    and never carries a credential or a field the backend was told to keep from kefu.
    """


class OrderStatus(enum.StrEnum):
    """The five statuses every backend's own statuses map to."""

    AWAITING_PAYMENT = "awaiting_payment"  # made, not paid (or payment not confirmed)
    PAID_DELIVERING = "paid_delivering"  # paid; the goods are not delivered yet
    DELIVERED = "delivered"  # paid and delivered: done
    FAILED = "failed"  # cancelled, expired, frozen, or delivery failed for good
    REFUNDED = "refunded"  # the money went back (wholly or in part)


class ChannelState(enum.StrEnum):
    """How a payment channel is doing."""

    OK = "ok"
    DEGRADED = "degraded"  # payments arrive, late
    DOWN = "down"  # payments do not arrive until it recovers


class ChallengeFact(enum.StrEnum):
    """A fact an order's owner knows and a stranger should not: asked when the user's
    Telegram account is not linked to the order's platform account."""

    PHONE_LAST4 = "phone_last4"  # last 4 digits of the payer's phone
    AMOUNT = "amount"  # the amount paid
    EMAIL = "email"  # the e-mail given with the order


class Capability(enum.StrEnum):
    """The optional parts of `OrderBackend` a backend has."""

    REDELIVER = "redeliver"
    LINKED_ACCOUNT = "linked_account"
    CHALLENGE = "challenge"  # both `challenge` and `check`


class Order(BaseModel):
    """One order as the backend knows it, at ``fetched_at``. It carries no delivered
    secret (card codes, keys): those never reach kefu."""

    model_config = ConfigDict(frozen=True)

    number: str  # the order number the user sees
    account: str  # the platform account that placed it: the owner
    status: OrderStatus
    channel: str  # payment channel, e.g. alipay, wechat, bank_card, usdt_trc20
    amount: Decimal  # Decimal, not float: money keeps its decimals exactly
    currency: str  # ISO 4217 code, or a token's ticker such as USDT
    product: str  # what was bought, as the shop names it
    kind: str  # game_topup | point_card | redeem_code (or the backend's own word)
    created_at: datetime
    paid_at: datetime | None = None
    delivered_at: datetime | None = None
    fetched_at: datetime  # when kefu got this answer: shown, so a stale status reads as such


class ChannelHealth(BaseModel):
    """A payment channel's health at ``fetched_at``."""

    model_config = ConfigDict(frozen=True)

    channel: str
    state: ChannelState
    average_arrival_seconds: int = Field(ge=0)  # payment to arrival, on average
    queue_length: int = Field(ge=0)  # paid orders waiting for their payment to arrive
    share_delayed: float = Field(ge=0, le=1)  # of recent orders, the part arriving late
    expected_recovery: datetime | None = None  # when not ok: when it should be again
    fetched_at: datetime


class OrderBackend(Protocol):
    """A shop's order system, as kefu reads it.

    ``capabilities`` names the optional methods the backend has; calling one it lacks is
    the caller's mistake (it may raise NotImplementedError). Ownership is the caller's
    check: `find` answers whoever asks, and nothing of the order may reach a user before
    `linked_account` or `check` says it is theirs.
    """

    capabilities: frozenset[Capability]

    async def find(self, number: str, telegram_user_id: int) -> Order | None:
        """The order numbered ``number``, or None when there is none. ``telegram_user_id``
        is who asks (a backend may scope or record lookups by it); the order is returned
        whoever owns it."""
        ...

    async def recent(self, telegram_user_id: int, limit: int) -> list[Order]:
        """The newest orders (at most ``limit``, newest first) of the account linked to
        the user; empty when no account is linked or the backend cannot tell."""
        ...

    async def channels(self) -> list[ChannelHealth]:
        """Every payment channel's health."""
        ...

    async def redeliver(self, number: str) -> bool:
        """(Capability.REDELIVER) Ask the shop to deliver a paid, undelivered order again:
        True when it was (re)delivered, False when there was nothing to do (not paid,
        delivered already, unknown)."""
        ...

    async def linked_account(self, telegram_user_id: int) -> str | None:
        """(Capability.LINKED_ACCOUNT) The platform account linked to this Telegram user,
        or None: an order is the user's when its ``account`` is this one."""
        ...

    async def challenge(self, number: str) -> list[ChallengeFact]:
        """(Capability.CHALLENGE) The facts the owner can be asked to prove the order is
        theirs; empty when the order is unknown or has none on record."""
        ...

    async def check(self, number: str, answers: Mapping[ChallengeFact, str]) -> bool:
        """(Capability.CHALLENGE) True only when every fact `challenge` names is answered,
        and rightly; an unknown order is False, like a wrong answer."""
        ...
