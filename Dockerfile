# The figures dashboard, served on port 8501 by a non-root user.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    FIGURES_DATA_DIR=/data \
    FIGURES_HOST=0.0.0.0 \
    FIGURES_PORT=8501

WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
COPY extract/ extract/
COPY warehouse/ warehouse/
COPY dashboard/ dashboard/
COPY figures/ figures/
COPY corpus/ corpus/
RUN pip install -c constraints.txt . \
    && useradd --create-home --uid 10001 figures \
    && mkdir -p /data && chown figures:figures /data \
    && chmod -R a-w /app

USER figures
VOLUME ["/data"]
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health')"
CMD ["figures", "dashboard"]
