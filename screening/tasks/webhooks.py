"""Tasks that send webhook deliveries."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from screening.services import webhooks


@shared_task(
    bind=True,
    name="screening.tasks.webhook_deliver",
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    max_retries=5,
)
def webhook_deliver(self, delivery_id: int) -> str:
    attempt = webhooks.webhook_delivery_attempt(delivery_id=delivery_id)
    if attempt.retry_in is not None and not self.request.is_eager:
        # Exponential backoff held by the broker; the delivery row says when, so the sweep can stand in
        # for a lost message (and does the waiting when tasks run in-process).
        self.apply_async((delivery_id,), countdown=attempt.retry_in)
    return attempt.status


@shared_task(name="screening.tasks.webhook_deliveries_sweep")
def webhook_deliveries_sweep() -> int:
    return webhooks.webhook_deliveries_sweep()
