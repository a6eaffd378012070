"""Who goes first when several messages are ready to leave."""

from __future__ import annotations

from enum import IntEnum


class Priority(IntEnum):
    """Lower value leaves first.

    A user waiting on the screen for the answer to their own tap or message matters most;
    agents working the desk next; notices (reminders, status changes) after that; broadcasts
    only take the budget nobody else wants.
    """

    ANSWER = 0
    DESK = 1
    NOTICE = 2
    BROADCAST = 3
