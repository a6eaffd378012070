"""An order as a ticket keeps it for its agents: what the shop said and when, or that the
lookup failed; and whether the user has shown the order is theirs. JSON on the ticket,
rendered on the card (dialogs.desk.card), renewed by the card's Refresh button."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dialogs.ports.orders import Order, OrderStatus

# How the user showed the order is theirs (None: they have not; agents see it all).
LINKED = "linked"
ANSWERED = "answered"


def snapshot_of(order: Order, owner: str | None) -> dict[str, Any]:
    return {
        "number": order.number,
        "status": order.status.value,
        "amount": str(order.amount),
        "currency": order.currency,
        "channel": order.channel,
        "account": order.account,
        "product": order.product,
        "paid_at": order.paid_at.isoformat() if order.paid_at else None,
        "fetched_at": order.fetched_at.isoformat(),
        "owner": owner,
    }


def failed_snapshot(number: str, at: datetime) -> dict[str, Any]:
    return {"number": number, "failed": True, "fetched_at": at.isoformat()}


def unknown_snapshot(number: str, at: datetime) -> dict[str, Any]:
    return {"number": number, "unknown": True, "fetched_at": at.isoformat()}


@dataclass(frozen=True)
class Snapshot:
    """A snapshot read back: ``failed`` (the shop did not answer), ``unknown`` (no such
    order), else the order's facts."""

    number: str
    fetched_at: datetime
    failed: bool = False
    unknown: bool = False
    status: OrderStatus | None = None
    amount: str = ""
    currency: str = ""
    channel: str = ""
    account: str = ""
    product: str = ""
    paid_at: datetime | None = None
    owner: str | None = None

    @classmethod
    def read(cls, data: object) -> Snapshot | None:
        if not isinstance(data, dict) or "number" not in data:
            return None
        try:
            fetched = datetime.fromisoformat(data["fetched_at"])
            paid = data.get("paid_at")
            return cls(
                number=str(data["number"]),
                fetched_at=fetched,
                failed=bool(data.get("failed")),
                unknown=bool(data.get("unknown")),
                status=OrderStatus(data["status"]) if data.get("status") else None,
                amount=str(data.get("amount", "")),
                currency=str(data.get("currency", "")),
                channel=str(data.get("channel", "")),
                account=str(data.get("account", "")),
                product=str(data.get("product", "")),
                paid_at=datetime.fromisoformat(paid) if paid else None,
                owner=data.get("owner"),
            )
        except (KeyError, TypeError, ValueError):
            return None
