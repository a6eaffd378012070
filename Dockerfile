# kefu as a container: the same install as the README's, run as a non-root user.
FROM python:3.11-slim

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY dialogs ./dialogs
COPY integrations ./integrations
COPY locales ./locales
RUN pip install --no-cache-dir . \
    && useradd --create-home --uid 10001 kefu \
    && mkdir -p /app/data && chown kefu:kefu /app/data

USER kefu
# The default SQLite database lives here; mount a volume to keep it.
VOLUME ["/app/data"]
# The ops endpoint (/healthz, /metrics) is on in the image, and logs are JSON lines for log
# shippers (KEFU_LOG_FORMAT=text for people).
ENV KEFU_DATABASE_URL=sqlite+aiosqlite:////app/data/kefu.db \
    KEFU_WEBHOOK_LISTEN=0.0.0.0:8080 \
    KEFU_HTTP_LISTEN=0.0.0.0:9100 \
    KEFU_LOG_FORMAT=json
# 8080: the webhook, used only by `kefu run --webhook` (polling needs no port).
# 9100: the ops endpoint, for the health check and Prometheus.
EXPOSE 8080 9100
# The slim image has no curl: Python asks /healthz on the port of KEFU_HTTP_LISTEN, and a
# 503 (the database, Redis or the Bot API not answering) or no answer fails the check.
# docker-compose.yml repeats this command; tests/ops checks that both stay the same.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; port = os.environ.get('KEFU_HTTP_LISTEN', '').rpartition(':')[2]; urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=4)"]
CMD ["kefu", "run"]
