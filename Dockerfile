FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 vafa
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY scheduler ./scheduler
# bot/i18n.py reads <package>/../locales: the editable install keeps bot/ in /app, so the
# texts must stay at /app/locales (a non-editable install would not ship them).
COPY locales ./locales
RUN pip install -e . && mkdir -p /app/data && chown -R vafa:vafa /app/data

USER vafa
VOLUME ["/app/data"]
# Exec form: Python runs as PID 1 and gets SIGTERM itself, so it stops cleanly.
CMD ["python", "-m", "bot", "run"]
