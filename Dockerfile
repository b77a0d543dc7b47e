FROM python:3.11-slim AS base

WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md alembic.ini ./
COPY engine ./engine
COPY mock_registries ./mock_registries
COPY migrations ./migrations
COPY rules ./rules
COPY life_events ./life_events
RUN pip install --no-cache-dir -e .

# Only the mock registries, for integrators testing their own clients against them:
# docker build --target registries -t proactive-registries .
FROM base AS registries
ENV PROACTIVE_MODE=demo PROACTIVE_DATA_DIR=/data
VOLUME /data
EXPOSE 8100
# faults are switched by the integrators' own test containers, hence --allow-remote
ENTRYPOINT ["proactive", "registries", "--host", "0.0.0.0", "--port", "8100", "--allow-remote"]

# The whole demo (the default target)
FROM base AS demo
EXPOSE 8000
CMD ["proactive", "demo", "--host", "0.0.0.0", "--allow-remote"]
