# Production image: gunicorn serves the app, WhiteNoise the static files.
# Run it with DATABASE_URL (required), SECRET_KEY, ALLOWED_HOSTS and an EMAIL_BACKEND, e.g.
#   docker run -e DATABASE_URL=postgres://... -e SECRET_KEY=... -e ALLOWED_HOSTS=jams.example.org -p 8000:8000 jamsessions
# Run the background worker from the same image:  docker run ... jamsessions python manage.py worker
# (one or more; it takes up the tasks of a worker that died and sends what was left waiting,
# so no cron job is needed).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=8000

# WeasyPrint needs Pango and HarfBuzz. Fonts: DejaVu for Latin, Greek and Cyrillic; Noto for
# Arabic and other scripts; Noto CJK for Chinese, Japanese and Korean names in PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 \
        libjpeg62-turbo libopenjp2-7 \
        fonts-dejavu-core fonts-noto-core fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 jam
WORKDIR /app

# Only the runtime lock: exact versions, every file checked against its hash. The development
# extras (the embedded PostgreSQL, test and lint tools) are not installed here.
COPY requirements/main.txt requirements/main.txt
RUN pip install --require-hashes -r requirements/main.txt

COPY . .
# collectstatic touches no database; a placeholder URL keeps settings happy. The compiled
# translations (.mo) are in the repository.
RUN DATABASE_URL=postgres://build@localhost/unused SECRET_KEY=build-only DEBUG=0 \
        python manage.py collectstatic --noinput \
    && chown -R jam:jam /app

USER jam
EXPOSE 8000
# Forwarded headers (the client's address, https) are believed only from the proxies named
# in FORWARDED_ALLOW_IPS (gunicorn and the app's sign-in and email limits read it; by default
# only 127.0.0.1). The access log masks every personal token (jamsessions.logmask).

CMD ["sh", "-c", ": \"${DATABASE_URL:?Set DATABASE_URL to your PostgreSQL server}\" && python manage.py migrate --noinput && exec gunicorn jamsessions.wsgi:application --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-3} --no-control-socket --access-logfile - --logger-class jamsessions.logmask.GunicornLogger"]
