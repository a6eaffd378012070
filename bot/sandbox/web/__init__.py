"""`kefu sandbox`: the whole product in a browser, with no Telegram.

The page is a client of the Bot API double's driver: what someone does on it (a user
writes, an agent presses Claim, the admin starts a broadcast) is done by a driven person
in the double, and kefu answers through its real runtime over HTTP, as on Telegram.
:mod:`.stage` holds the people and does their actions, :mod:`.view` turns the double's
chats into what the page draws, :mod:`.server` serves the page, its live stream and files.
"""
