FROM python:3.11-slim

WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md alembic.ini ./
COPY engine ./engine
COPY mock_registries ./mock_registries
COPY migrations ./migrations
COPY rules ./rules
COPY life_events ./life_events
RUN pip install --no-cache-dir -e .

EXPOSE 8000
CMD ["proactive", "demo", "--host", "0.0.0.0", "--allow-remote"]
