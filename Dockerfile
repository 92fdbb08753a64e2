# nlp-extract serve in a container: the package with its serve extra, run as a non-root user.
#
#   docker build -t nlp-extract .
#   docker run --rm -p 8000:8000 -v "$PWD/token:/run/secrets/nlp-extract-token:ro" nlp-extract
#
# Listening on 0.0.0.0 inside the container needs a bearer token (the file mounted above);
# to run without one, replace the command: ... nlp-extract --insecure-no-auth
# Workers default to the CPUs the container may use (docker run --cpus N).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1

WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY models ./models
COPY nlp_extract ./nlp_extract
RUN pip install --no-compile '.[serve]' && rm -rf /src \
    && useradd --system --no-create-home --uid 10001 nlp

USER nlp
WORKDIR /tmp
EXPOSE 8000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"

ENTRYPOINT ["nlp-extract", "serve", "--host", "0.0.0.0", "--port", "8000"]
CMD ["--token-file", "/run/secrets/nlp-extract-token"]
