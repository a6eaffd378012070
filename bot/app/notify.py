"""Whom a message's final failure is told: the outbox row's ``notify``."""

from __future__ import annotations


class Notify:
    """Whom a message's final failure is told (the row's ``notify``)."""

    USER = "user"  # the user it was for: "a reply could not be delivered"
    ADMINS = "admins"  # a desk message is never dropped silently
    NOBODY = "nobody"  # an apology or an alert itself
    DESK = "desk"  # a copy across the desk (either way): the ticket's topic hears why not
