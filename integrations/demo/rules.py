"""The demo shop's rules: its own order statuses mapped to kefu's five, who owns an
order, what a challenge asks and how answers are judged, and a channel's figures in
each state (the CLI sets a state; the numbers follow, so kefu's own reading of them
agrees with the state an operator chose)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from dialogs.ports.orders import ChallengeFact, ChannelState, OrderStatus

# The shop's raw statuses, as a real one has them: several words to each of the five.
RAW_STATUSES: Mapping[str, OrderStatus] = {
    "unpaid": OrderStatus.AWAITING_PAYMENT,
    "pending": OrderStatus.AWAITING_PAYMENT,
    "paid": OrderStatus.PAID_DELIVERING,
    "delivering": OrderStatus.PAID_DELIVERING,
    "completed": OrderStatus.DELIVERED,
    "failed": OrderStatus.FAILED,
    "cancelled": OrderStatus.FAILED,
    "expired": OrderStatus.FAILED,
    "delivery_failed": OrderStatus.FAILED,
    # Frozen by risk control: nothing the user can wait for, and an agent must look.
    "frozen": OrderStatus.FAILED,
    "refunded": OrderStatus.REFUNDED,
    "partially_refunded": OrderStatus.REFUNDED,
}

# What the demo asks an order's owner, in order: two facts on any receipt (the e-mail it
# keeps too, and checks when given, but asking three would try honest users' patience).
CHALLENGE_FACTS = (ChallengeFact.PHONE_LAST4, ChallengeFact.AMOUNT)


def status_of(raw: str) -> OrderStatus:
    """kefu's status for a raw demo status; an unknown word is an error in the seed."""
    try:
        return RAW_STATUSES[raw]
    except KeyError:
        raise ValueError(f"unknown demo order status {raw!r}") from None


def redeliverable(raw: str) -> bool:
    """Paid and not delivered yet: the only orders a re-delivery can help."""
    return status_of(raw) is OrderStatus.PAID_DELIVERING


def owns(order_account: str, linked_account: str | None) -> bool:
    """The order is the user's when their Telegram account is linked to its account."""
    return linked_account is not None and linked_account == order_account


@dataclass(frozen=True)
class OwnerFacts:
    phone_last4: str
    amount: Decimal
    email: str


def _amount(text: str) -> Decimal | None:
    # People write "30", "30.00", "¥30" or "30 元": the digits are what count.
    cleaned = "".join(ch for ch in text if ch.isdigit() or ch == ".")
    try:
        return Decimal(cleaned) if cleaned else None
    except InvalidOperation:
        return None


def _right(fact: ChallengeFact, facts: OwnerFacts, answer: str) -> bool:
    answer = answer.strip()
    if fact is ChallengeFact.PHONE_LAST4:
        return answer.isdigit() and len(answer) == 4 and answer == facts.phone_last4
    if fact is ChallengeFact.AMOUNT:
        return _amount(answer) == facts.amount
    return answer.casefold() == facts.email.casefold()


def answers_match(facts: OwnerFacts, answers: Mapping[ChallengeFact, str]) -> bool:
    """True when every fact of the challenge is answered and each answer given is right
    (an e-mail, asked or not, must match when given)."""
    asked = all(f in answers for f in CHALLENGE_FACTS)
    return asked and all(_right(f, facts, answer) for f, answer in answers.items())


@dataclass(frozen=True)
class ChannelFigures:
    average_arrival_seconds: int
    queue_length: int
    share_delayed: float


# A channel's usual arrival time when it is well.
USUAL_ARRIVAL = {"alipay": 90, "wechat": 120, "bank_card": 300, "usdt_trc20": 180}


def figures_for(channel: str, state: ChannelState) -> ChannelFigures:
    """Plausible figures for a channel in a state. Degraded is well past the 5% share of
    delayed orders at which operators alert (and kefu's own reading says degraded); down
    delays everything."""
    usual = USUAL_ARRIVAL[channel]
    if state is ChannelState.OK:
        return ChannelFigures(usual, 4, 0.01)
    if state is ChannelState.DEGRADED:
        return ChannelFigures(usual * 8, 28, 0.12)
    return ChannelFigures(usual * 40, 120, 1.0)
