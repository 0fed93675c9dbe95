"""Visitors get the product's 404 and 500 pages and a favicon, with static files served by whitenoise.

The last test starts `bin/serve` itself (what `make run` runs) on a free port with no DEBUG in the
environment, and checks that a missing page is the product's 404, not Django's debug page.
"""
import http.client
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import path

ROOT = Path(__file__).resolve().parents[2]


def _boom(request):
    raise RuntimeError("a view that fails")


urlpatterns = [path("boom/", _boom)]


def test_a_missing_page_gets_the_product_404_page(client, settings):
    assert settings.DEBUG is False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert 'id="error-404"' in body and "We could not find that page" in body
    assert "Using the URLconf" not in body  # Django's debug 404


@override_settings(ROOT_URLCONF="tests.web.test_error_pages")
def test_an_unexpected_error_gets_the_product_500_page(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert 'id="error-500"' in body and "Something went wrong on our side" in body
    assert "Traceback" not in body and "a view that fails" not in body


@pytest.mark.django_db
def test_the_favicon_is_served_by_whitenoise(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert icon["Content-Type"] == "image/svg+xml"
    assert type(icon).__module__.startswith("whitenoise")  # served by the middleware, not a view
    assert b"<svg" in b"".join(icon.streaming_content)
    page = client.get("/careers/")
    assert b'rel="icon"' in page.content


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str):
    """GET from the local server (http.client: a fixed host and scheme), following one redirect."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=90)  # a busy machine boots workers slowly
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        status, headers, body = response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()
    if status in (301, 302) and headers["Location"].startswith("/"):
        return _get(port, headers["Location"])
    return status, headers, body


@pytest.mark.slow
def test_bin_serve_shows_visitors_the_404_page_not_a_debug_page(tmp_path):
    port = _free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "SECRET_KEY"}
    }
    env["VAR_DIR"] = str(tmp_path)  # its own secret key, database file and collected static files
    server = subprocess.Popen(
        ["bin/serve", str(port)], cwd=ROOT, env=env, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 180  # collectstatic compresses every file first
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "bin/serve did not start listening"
                time.sleep(0.2)
        status, _, body = _get(port, "/no-such-page/")
        assert status == 404
        assert 'id="error-404"' in body
        assert "DEBUG = True" not in body and "Using the URLconf" not in body
        # Static files were collected under VAR_DIR and come from whitenoise (its CORS header on static files).
        assert (tmp_path / "static" / "css" / "app.css").exists()
        status, headers, _ = _get(port, "/static/css/app.css")
        assert status == 200 and headers.get("Access-Control-Allow-Origin") == "*"
        status, headers, body = _get(port, "/favicon.ico")  # follows the redirect
        assert status == 200 and headers["Content-Type"] == "image/svg+xml" and "<svg" in body
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(5)
