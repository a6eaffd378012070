"""Shared pieces of the HTTP backend's tests: the secrets (as an injected environment),
fast settings, a clock moved by hand, a generic shop's config, and a backend builder."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from integrations.http import HttpOrderBackend, config_from
from integrations.http.loading import merge

# Secrets with characters a URL encodes: their encoded forms must be blanked too.
SECRETS = {
    "EPAY_KEY": "epay-SECRET-k3y+/=",
    "WC_CONSUMER_KEY": "ck_live_SECRET0123",
    "WC_CONSUMER_SECRET": "cs_live_SECRET4567",
    "DUJIAO_GUEST_EMAIL": "guest@example.com",
    "DUJIAO_ORDER_PASSWORD": "pw SECRET&42",
    "SHOP_TOKEN": "tok-SECRET-99",
}
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
# Fast enough that a whole failure path takes well under a second; no cache unless a
# test turns it on.
FAST: dict[str, Any] = {
    "timeout_seconds": 0.2,
    "retry": {"attempts": 3, "backoff_seconds": 0.01},
    "cache": {"ttl_seconds": 0},
}


class Monotonic:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def backend(
    base_url: str,
    data: Mapping[str, Any],
    *,
    env: Mapping[str, str] = SECRETS,
    monotonic: Callable[[], float] = time.monotonic,
    **kwargs: Any,
) -> HttpOrderBackend:
    """A backend for ``data`` (over FAST) reaching ``base_url``."""
    config = config_from(merge(merge(FAST, data), {"base_url": base_url}))
    return HttpOrderBackend(config, env=env, monotonic=monotonic, now=lambda: NOW, **kwargs)


SHOP: dict[str, Any] = {
    "name": "shop",
    "auth": {"type": "bearer", "env": "SHOP_TOKEN"},
    "endpoints": {
        "find": {"path": "/orders/{number}", "payload": "order"},
        "recent": {
            "path": "/accounts/{account}/orders",
            "query": {"limit": "{limit}"},
            "payload": "orders",
        },
        "channels": {"path": "/channels", "payload": "channels"},
        "redeliver": {
            "method": "POST",
            "path": "/orders/{number}/redeliver",
            "body": {"reason": "asked in kefu"},
            "result": {"field": "redelivered", "equals": True},
        },
        "linked_account": {"path": "/telegram/{telegram_user_id}", "payload": "account"},
    },
    "mapping": {
        "number": "number",
        "account": "account",
        "status": {
            "path": "status",
            "map": {"unpaid": "awaiting_payment", "paid": "paid_delivering", "done": "delivered"},
        },
        "channel": "channel",
        "amount": "amount",
        "currency": "currency",
        "product": "product",
        "kind": "kind",
        "created_at": "created_at",
        "paid_at": "paid_at",
    },
    "challenge": {"phone_last4": "phone", "amount": "amount", "email": "email"},
}


def shop_order(number: str, status: str = "paid", **fields: Any) -> dict[str, Any]:
    """An order as the generic shop sends it."""
    return {
        "number": number,
        "account": "alice",
        "status": status,
        "channel": "alipay",
        "amount": "30.00",
        "currency": "CNY",
        "product": "Game credit 300",
        "kind": "game_topup",
        "created_at": "2026-12-07T10:00:00Z",
        "paid_at": "2026-12-07T10:01:00Z",
        "phone": "138-0013-8000",
        "email": "Alice@Example.com",
        "card_secret": "CARD-SECRET-0001",
        **fields,
    }
