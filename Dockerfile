FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 vafa
# A regular (non-editable) install: the texts in locales/ ship inside the package as
# bot/locales (pyproject.toml), so nothing is read from the build folder at run time.
COPY pyproject.toml README.md /src/
COPY bot /src/bot
COPY scheduler /src/scheduler
COPY locales /src/locales
RUN pip install /src && rm -rf /src && mkdir -p /app/data && chown -R vafa:vafa /app/data

WORKDIR /app
USER vafa
VOLUME ["/app/data"]
# Healthy while the database answers and every messenger polled within POLL_TIMEOUT + 60 s
# (the pollers write data/health.json; HEALTH_FILE moves it).
HEALTHCHECK --interval=30s --timeout=15s --start-period=60s --retries=3 \
    CMD ["python", "-m", "bot", "health"]
# Exec form: Python runs as PID 1 and gets SIGTERM itself, so it stops cleanly.
# --wait-on-config-error: a bad setting (a missing token, a mistyped ADMIN_IDS) is logged once
# and the container waits, unhealthy, instead of restarting in a loop under `unless-stopped`;
# fix .env and run `docker compose up -d` again. An unreachable database (exit status 1) is
# still retried by the restart policy.
CMD ["python", "-m", "bot", "run", "--wait-on-config-error"]
