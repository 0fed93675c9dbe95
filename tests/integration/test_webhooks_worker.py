"""Webhooks on the real stack: a Celery worker process sends each delivery, retries after failures with
the backoff held by Redis, and after success never sends the event again."""
import pytest
from django.test import override_settings

from screening import services
from screening.models import Job, WebhookDelivery
from screening.services.setup import defaults_load
from screening.tasks import webhook_deliver
from tests.api.test_webhooks import WEBHOOKS, Receiver, endpoint_for, verify
from tests.factories import ApplicationFactory
from tests.integration.workers import WorkerProcess, wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

WORKER_ENV = {
    "SCREENING_WEBHOOKS_ALLOW_PRIVATE": "1",  # the receiver listens on loopback
    "SCREENING_WEBHOOKS_BACKOFF": "1",  # 1 s, then 2 s: the test waits seconds, not minutes
    "SCREENING_WEBHOOKS_MAX_ATTEMPTS": "4",
}


def test_a_worker_delivers_signed_events_retrying_until_success_and_only_once(use_broker):
    receiver = Receiver(codes=[500, 502])  # two failures, then 200
    worker = WorkerProcess(use_broker, extra_env=WORKER_ENV).start()
    try:
        with override_settings(WEBHOOKS=WEBHOOKS):
            defaults_load()
            endpoint = endpoint_for(receiver.url, "application.stage_changed")
            application = ApplicationFactory(job=Job.objects.get())
            services.application_move(application=application, to_stage="screening", actor=None)

        def delivered():
            return WebhookDelivery.objects.filter(status=WebhookDelivery.Status.SUCCEEDED).exists()

        wait_until(delivered, timeout=90, message="the delivery to succeed")
        delivery = WebhookDelivery.objects.get()
        assert delivery.attempts == 3 and delivery.response_code == 200
        assert len(receiver.received) == 3
        assert len({body for _, body in receiver.received}) == 1  # the same event each time
        for headers, body in receiver.received:
            assert verify(endpoint.secret, headers["X-Screening-Signature"], body)
        # A duplicate message for the delivered event (a redelivery, a stray retry) sends nothing.
        webhook_deliver.delay(delivery.pk)
        wait_until(lambda: "'skipped'" in worker.log(), timeout=60, message="the duplicate to be skipped")
        assert len(receiver.received) == 3
        assert "webhook_deliver" in worker.log()
    finally:
        worker.stop()
        receiver.close()
