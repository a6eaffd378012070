"""Watching kefu from outside: its logs, and the ops HTTP endpoint (``KEFU_HTTP_LISTEN``)
with /healthz and /metrics (Prometheus) and the counters the app's hooks move.

- ``logs.py``: one line per event, plain or JSON (``KEFU_LOG_FORMAT``), secrets redacted;
- ``metrics.py``: the counters and histograms, in one registry per app;
- ``transport.py``: Telegram's 429s and 403s, counted as the app's calls come back;
- ``scrape.py``: what is read at each scrape (the outbox's queues, tickets, the desk's
  figures, broadcasts in progress);
- ``health.py``: the database, Redis and the Bot API asked, each within a timeout;
- ``http.py``: the aiohttp server, and its place in the composition root.
"""
