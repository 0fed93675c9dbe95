"""Throttling: sign-in lockout per (username, IP) with django-axes, and the apply form's limits.

Sign-in: 5 wrong passwords lock that username from that address for 15 minutes, even with the right
password; the same person signs in from anywhere else, so an attacker cannot lock a recruiter out.
20 wrong passwords from one address, whatever the user names, lock that address (password spraying).
Apply: 10 POSTs a minute per IP (SCREENING["APPLY_RATE"]) and 3 applications a day per email address
(SCREENING["APPLY_EMAIL_RATE"]); over either limit the candidate gets a 429 page in plain words and
nothing is stored. Behind a reverse proxy the client's address comes from X-Forwarded-For, trusted only
for the number of proxies configured (TRUSTED_PROXY_COUNT).
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from screening.models import Application, AuditEvent, Candidate, Resume
from tests.factories import JobFactory
from tests.filegen import make_txt, sample_resume
from tests.security.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db

IP_A, IP_B = "203.0.113.10", "198.51.100.20"


def sign_in(username: str, password: str, ip: str, *, url: str | None = None, client: Client | None = None):
    client = client or Client()
    response = client.post(url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)
    return client, response


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail(username: str, ip: str, times: int, **kwargs):
    for _ in range(times):
        _, response = sign_in(username, "wrong password", ip, **kwargs)
    return response


# --- Sign-in ------------------------------------------------------------------------------------------


def test_the_limit_is_five_wrong_passwords_per_username_and_address(world: World):
    assert settings.SIGN_IN_FAILURES_PER_USER_AND_ADDRESS == 5
    assert ["username", "ip_address"] in settings.AXES_LOCKOUT_PARAMETERS
    response = fail("rita", IP_A, 4)
    assert response.status_code == 200 and "Please enter a correct username and password" in response.content.decode()
    fifth = fail("rita", IP_A, 1)
    assert fifth.status_code == 429
    assert "Too many sign-in attempts" in fifth.content.decode()


def test_password_spraying_from_one_address_locks_that_address_across_user_names(world: World):
    """One common password tried against many accounts: never five on any one name, yet the address
    locks at 20 failures, even for a name it has not tried and the right password."""
    assert settings.SIGN_IN_FAILURES_PER_ADDRESS == 20
    assert "ip_address" in settings.AXES_LOCKOUT_PARAMETERS
    for i in range(19):
        response = fail(f"user{i}", IP_A, 1)
        assert response.status_code == 200
    assert fail("user19", IP_A, 1).status_code == 429
    client, response = sign_in("rita", PASSWORD, IP_A)
    assert response.status_code == 429 and not signed_in(client)
    # Elsewhere, everyone still signs in.
    client, response = sign_in("rita", PASSWORD, IP_B)
    assert response.status_code == 302 and signed_in(client)


def test_colleagues_behind_one_address_mistyping_do_not_lock_each_other_out(world: World):
    fail("rita", IP_A, 4)
    fail("hana", IP_A, 4)
    fail("someone", IP_A, 4)
    client, response = sign_in("hana", PASSWORD, IP_A)
    assert response.status_code == 302 and signed_in(client)


def test_a_locked_pair_refuses_even_the_right_password_while_the_real_user_signs_in_elsewhere(world: World):
    fail("rita", IP_A, 5)
    client, response = sign_in("rita", PASSWORD, IP_A)
    assert response.status_code == 429 and not signed_in(client)
    # The same recruiter from their own address: in.
    client, response = sign_in("rita", PASSWORD, IP_B)
    assert response.status_code == 302 and response["Location"] == reverse("recruiter:home") and signed_in(client)
    # Another account from the attacker's address: in too (the lock is on the pair, not the address).
    client, response = sign_in("hana", PASSWORD, IP_A)
    assert response.status_code == 302 and signed_in(client)


def test_credential_stuffing_from_many_addresses_does_not_lock_out_the_real_user(world: World):
    for i in range(20):
        fail("rita", f"192.0.2.{i + 1}", 5)
    assert AccessAttempt.objects.filter(username="rita").count() == 20
    client, response = sign_in("rita", PASSWORD, IP_B)
    assert response.status_code == 302 and signed_in(client)


def test_the_lock_lifts_after_the_cool_off(world: World):
    assert settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=15)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        fail("rita", IP_A, 5)
        traveller.shift(datetime.timedelta(minutes=15, seconds=1))
        client, response = sign_in("rita", PASSWORD, IP_A)
        assert response.status_code == 302 and signed_in(client)


def test_trying_again_while_locked_restarts_the_cool_off(world: World):
    """Whoever keeps guessing from the locked address keeps it locked (django-axes'
    AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT); the real user elsewhere is unaffected."""
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        fail("rita", IP_A, 5)
        traveller.shift(datetime.timedelta(minutes=14))
        client, response = sign_in("rita", PASSWORD, IP_A)
        assert response.status_code == 429 and not signed_in(client)
        traveller.shift(datetime.timedelta(minutes=14))  # 28 minutes after the lock, 14 after the last try
        assert sign_in("rita", PASSWORD, IP_A)[1].status_code == 429
        traveller.shift(datetime.timedelta(minutes=15, seconds=1))
        client, response = sign_in("rita", PASSWORD, IP_A)
        assert response.status_code == 302 and signed_in(client)


def test_wrong_passwords_are_not_stored(world: World):
    """Failed attempts are logged for the admins, without the passwords typed (often near the real one)."""
    from axes.models import AccessFailureLog

    fail("rita", IP_A, 2)
    stored_text = [a.post_data for a in AccessAttempt.objects.all()] + [
        str(vars(f)) for f in AccessFailureLog.objects.all()
    ]
    assert stored_text and not any("wrong password" in text for text in stored_text)


def test_a_successful_sign_in_resets_the_count(world: World):
    fail("rita", IP_A, 4)
    assert sign_in("rita", PASSWORD, IP_A)[1].status_code == 302
    assert fail("rita", IP_A, 4).status_code == 200  # four more wrong ones are not a lock


def test_django_admin_sign_in_is_throttled_the_same_way(world: World):
    staff = world.users["hiring_admin"]
    staff.is_staff = True
    staff.save()
    admin_login = reverse("admin:login")
    response = fail("hana", IP_A, 5, url=admin_login)
    assert response.status_code == 429
    client, response = sign_in("hana", PASSWORD, IP_A, url=admin_login)
    assert response.status_code == 429 and not signed_in(client)
    client, response = sign_in("hana", PASSWORD, IP_B, url=admin_login)
    assert response.status_code == 302 and signed_in(client)


def test_behind_a_proxy_the_lock_follows_the_forwarded_client_address(world: World, settings):
    """With one trusted proxy every request arrives from the proxy's address: without reading
    X-Forwarded-For all candidates and recruiters would share one IP, and a lock would hit everyone."""
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"

    def via_proxy(username, password, forwarded):
        client = Client()
        response = client.post(
            reverse("login"), {"username": username, "password": password},
            REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=forwarded,
        )
        return client, response

    for _ in range(5):
        via_proxy("rita", "wrong password", IP_A)
    assert via_proxy("rita", PASSWORD, IP_A)[1].status_code == 429
    client, response = via_proxy("rita", PASSWORD, IP_B)
    assert response.status_code == 302 and signed_in(client)
    # The attacker cannot pick an address: a value they send is left of what the proxy appends.
    assert via_proxy("rita", PASSWORD, f"{IP_B}, {IP_A}")[1].status_code == 429


def test_without_a_trusted_proxy_a_forwarded_header_is_ignored(world: World, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for i in range(5):
        Client().post(
            reverse("login"), {"username": "rita", "password": "wrong"},
            REMOTE_ADDR=IP_A, HTTP_X_FORWARDED_FOR=f"192.0.2.{i}",
        )
    assert sign_in("rita", PASSWORD, IP_A)[1].status_code == 429


# --- The apply form -------------------------------------------------------------------------------------


def application_form(name: str, email: str) -> dict:
    resume = SimpleUploadedFile("cv.txt", make_txt(sample_resume(name, email=email)), content_type="text/plain")
    return {"name": name, "email": email, "phone": "", "consent": "on", "resume": resume}


def stored() -> tuple[int, int, int]:
    return Candidate.objects.count(), Application.objects.count(), Resume.objects.count()


def apply(client: Client, job, name: str, email: str, ip: str):
    return client.post(reverse("careers:apply", args=[job.slug]), application_form(name, email), REMOTE_ADDR=ip)


def test_the_eleventh_application_in_a_minute_from_one_address_gets_429_and_stores_nothing(world: World):
    assert settings.SCREENING["APPLY_RATE"] == "10/m"
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for i in range(10):
            response = apply(client, world.job, f"Person Number{i}", f"p{i}@example.com", IP_A)
            assert response.status_code == 302, (i, response.status_code)
        before, events = stored(), AuditEvent.objects.count()
        eleventh = apply(client, world.job, "Person Eleven", "p11@example.com", IP_A)
        assert eleventh.status_code == 429
        page = eleventh.content.decode()
        assert "Please wait a moment" in page and "try again in a minute" in page
        assert stored() == before and AuditEvent.objects.count() == events
        assert not Candidate.objects.filter(email="p11@example.com").exists()
        # Someone else, from another address, is not affected.
        assert apply(Client(), world.job, "Other Person", "other@example.com", IP_B).status_code == 302
        # A minute later the first address may apply again.
        traveller.shift(datetime.timedelta(seconds=61))
        assert apply(client, world.job, "Person Eleven", "p11@example.com", IP_A).status_code == 302


def test_refused_posts_count_towards_the_address_limit_too(world: World):
    """The limit is on requests, not on successes: a bot sending junk is throttled the same way."""
    client = Client()
    url = reverse("careers:apply", args=[world.job.slug])
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(10):
            assert client.post(url, {}, REMOTE_ADDR=IP_A).status_code == 400
        assert client.post(url, {}, REMOTE_ADDR=IP_A).status_code == 429


def test_an_email_address_applies_at_most_three_times_a_day_from_one_client(world: World):
    assert settings.SCREENING["APPLY_EMAIL_RATE"] == "3/d"
    jobs = [world.job, world.other_job, JobFactory(profile=world.profile), JobFactory(profile=world.profile)]
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for i, job in enumerate(jobs[:3]):
            response = apply(Client(), job, "Edsger Dijkstra", "ewd@example.com", "192.0.2.1")
            assert response.status_code == 302, i
        before = stored()
        fourth = apply(Client(), jobs[3], "Edsger Dijkstra", "EWD@Example.com ", "192.0.2.1")
        assert fourth.status_code == 429
        page = fourth.content.decode()
        assert "this email address" in page and "tomorrow" in page
        assert stored() == before
        # Other people are not affected.
        assert apply(Client(), jobs[3], "Barbara Liskov", "liskov@example.com", "192.0.2.1").status_code == 302
        traveller.shift(datetime.timedelta(days=1, seconds=1))
        assert apply(Client(), jobs[3], "Edsger Dijkstra", "ewd@example.com", "192.0.2.1").status_code == 302


def test_strangers_tries_never_use_up_the_owners_quota(world: World):
    """The quota is per address and client: someone typing the owner's address from elsewhere spends
    only their own (their submissions are held anyway), and the owner can still apply."""
    jobs = [world.job, world.other_job, JobFactory(profile=world.profile)]
    with time_machine.travel(timezone.now(), tick=False):
        for i, job in enumerate(jobs):
            assert apply(Client(), job, "Intruder", "ewd@example.com", "203.0.113.9").status_code == 302, i
        assert apply(Client(), world.job, "Intruder", "ewd@example.com", "203.0.113.9").status_code == 429
        assert apply(Client(), world.job, "Edsger Dijkstra", "ewd@example.com", "192.0.2.7").status_code == 302


def test_refused_applications_do_not_use_up_the_email_quota(world: World):
    """A candidate whose file was refused (or who forgot consent) can still apply three times."""
    url = reverse("careers:apply", args=[world.job.slug])
    with time_machine.travel(timezone.now(), tick=False):
        for i in range(4):
            bad = {**application_form("Edsger Dijkstra", "ewd@example.com"), "consent": ""}
            assert Client().post(url, bad, REMOTE_ADDR=f"192.0.2.{i + 1}").status_code == 400
        for i, job in enumerate([world.job, world.other_job, JobFactory(profile=world.profile)]):
            assert apply(Client(), job, "Edsger Dijkstra", "ewd@example.com", f"192.0.2.{i + 10}").status_code == 302


def test_behind_a_proxy_the_apply_limit_is_per_candidate_not_per_proxy(world: World, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("careers:apply", args=[world.job.slug])
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(11):
            Client().post(url, {}, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=IP_A)
        assert Client().post(url, {}, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=IP_A).status_code == 429
        assert Client().post(url, {}, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=IP_B).status_code == 400
