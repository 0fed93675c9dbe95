# One image for the web process (gunicorn) and the Celery workers.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=hiring.settings.production

RUN useradd --create-home --uid 1000 app
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY --chown=app:app . .
# collectstatic needs settings to import; these placeholder values are never used at run time.
RUN SECRET_KEY=collectstatic-only-placeholder-value-0123456789abcdefghijklmnopqrstuvwxyz \
    ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput
USER app
EXPOSE 8000
CMD ["gunicorn", "hiring.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
