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
ENV KEFU_DATABASE_URL=sqlite+aiosqlite:////app/data/kefu.db \
    KEFU_WEBHOOK_LISTEN=0.0.0.0:8080
# Only used by `kefu run --webhook`; polling needs no port.
EXPOSE 8080
CMD ["kefu", "run"]
