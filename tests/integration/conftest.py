"""Fixtures for the integration tests: a real broker and real worker processes."""
from tests.integration.workers import broker_url, use_broker, worker  # noqa: F401
