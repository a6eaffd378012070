"""What the desk's clock says: to the agents (an unclaimed ticket), to a user (the agents
wait for their answer), and when a ticket is resolved for want of one."""

from __future__ import annotations

from datetime import datetime

from dialogs.desk.queue import local_time
from dialogs.desk.rating import resolved_view
from dialogs.views import Label, Literal, Mention, Text, View

__all__ = [
    "View",
    "after_hours_alert",
    "auto_resolved",
    "auto_resolved_desk",
    "desk_digest",
    "desk_reminder",
    "user_reminder",
]


def desk_reminder(public_id: str, minutes: int, on_duty: list[tuple[int, str]]) -> Label:
    """The topic's reminder of a ticket nobody took, naming the agents on duty."""
    if not on_duty:
        return Text.of("desk-sla-reminder-nobody", id=public_id, minutes=minutes)
    return Text.of("desk-sla-reminder", id=public_id, minutes=minutes, agents=mentions(on_duty))


def after_hours_alert(public_id: str, on_duty: list[tuple[int, str]]) -> Label:
    """Outside working hours: an urgent ticket, or missing money, for the agents on duty."""
    agents: Label = mentions(on_duty) if on_duty else Text.of("desk-duty-nobody")
    return Text.of("desk-after-hours-alert", id=public_id, agents=agents)


DIGEST_SHOWN = 20  # ticket ids a digest names; the rest are counted


def desk_digest(waiting: list[tuple[str, int]], on_duty: list[tuple[int, str]]) -> Label:
    """Many tickets past the SLA at once: (public id, minutes waited) of each, oldest first."""
    shown = ", ".join(public_id for public_id, _ in waiting[:DIGEST_SHOWN])
    if len(waiting) > DIGEST_SHOWN:
        shown += f" (+{len(waiting) - DIGEST_SHOWN})"
    longest = max(minutes for _, minutes in waiting)
    agents: Label = mentions(on_duty) if on_duty else Text.of("desk-duty-nobody")
    return Text.of(
        "desk-sla-digest", count=len(waiting), minutes=longest, tickets=shown, agents=agents
    )


def mentions(agents: list[tuple[int, str]]) -> Label:
    """Agents named so that Telegram notifies each, as one label."""
    if len(agents) == 1:
        return Mention(*agents[0])
    parts: dict[str, Label] = {f"a{i}": Mention(*a) for i, a in enumerate(agents)}
    # Text arguments render one by one; a comma-joined list needs one Text per join.
    joined: Label = parts["a0"]
    for i in range(1, len(agents)):
        joined = Text.of("desk-list-join", first=joined, rest=parts[f"a{i}"])
    return joined


def user_reminder(public_id: str, resolve_by: datetime) -> View:
    """The user is reminded that the agents wait for their answer, and until when."""
    return View(parts=(Text.of("wait-user-reminder", id=public_id, by=local_time(resolve_by)),))


def auto_resolved(public_id: str) -> View:
    """The user's ticket resolved for want of an answer, with the rating asked."""
    return resolved_view(Text.of("ticket-auto-resolved", id=public_id), public_id)


def auto_resolved_desk(public_id: str) -> Label:
    return Text.of("desk-auto-resolved", id=public_id)


def low_rating(public_id: str, score: int, comment: str | None) -> tuple[Label, ...]:
    """A rating the agents should look at, in the topic."""
    said: tuple[Label, ...] = (Literal(comment),) if comment else ()
    return (Text.of("desk-rating-low", id=public_id, score=score), *said)
