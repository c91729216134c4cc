"""Admin sign-in limits per address: spraying many user names from one address is stopped.

django-axes counts failures per (user name, address), so trying each of 12 names 4 times
(under the 5 a pair may fail) locked nothing. An address now has a limit of its own, higher
than a pair's, over every name tried from it.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

SPRAYER = "198.51.100.7"
NEIGHBOUR = "198.51.100.8"


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    # Every attempt hashes a password, even for a name that does not exist.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "desk-editor", password="correct-horse-9", is_staff=True
    )


def attempt(client, username, password, address, **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def spray(client, address, names=12, passwords=4, **headers):
    """Each of `names` user names tried with `passwords` wrong passwords, from `address`."""
    codes = set()
    for n in range(names):
        for p in range(passwords):
            codes.add(attempt(client, f"sprayed-{n}", f"guess-{p}", address, **headers).status_code)
    return codes


def test_spraying_user_names_locks_the_address(client, editor, settings):
    assert 4 < settings.AXES_FAILURE_LIMIT  # no single name reaches its own limit
    spray(client, SPRAYER)
    # Even the right password of a name never tried from there is refused.
    locked = attempt(client, "desk-editor", "correct-horse-9", SPRAYER)
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_another_address_is_not_locked(client, editor):
    spray(client, SPRAYER)
    assert attempt(client, "desk-editor", "correct-horse-9", NEIGHBOUR).status_code == 302


def test_an_offices_few_mistakes_lock_no_one(client, editor, settings):
    # Below the address's limit: a newsroom behind one address, each mistyping now and then.
    names = (settings.LOGIN_ADDRESS_FAILURE_LIMIT - 1) // 4
    assert spray(client, SPRAYER, names=names) == {200}
    assert attempt(client, "desk-editor", "correct-horse-9", SPRAYER).status_code == 302


def test_a_success_does_not_clear_the_other_names_failures(client, editor, settings):
    """One valid account must not let a sprayer wipe the address's count between rounds."""
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    spray(client, SPRAYER, names=3)
    assert attempt(client, "desk-editor", "correct-horse-9", SPRAYER).status_code == 302
    client.logout()
    spray(client, SPRAYER, names=(limit - 12 + 3) // 4)
    assert attempt(client, "desk-editor", "correct-horse-9", SPRAYER).status_code == 429


def test_the_address_limit_is_higher_than_a_names(settings):
    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT > settings.AXES_FAILURE_LIMIT


# --- behind the TLS proxy ------------------------------------------------------------------

PROXY = "10.0.0.2"


def via_proxy(address, client_says=None):
    """Headers of a request the proxy forwards for `address`, after what the client sent."""
    forwarded = f"{client_says}, {address}" if client_says else address
    return {"HTTP_X_FORWARDED_FOR": forwarded}


def assert_only_the_sprayer_is_locked(client):
    """Behind the proxy, the sprayer's address is refused and its neighbour's signs in."""
    sprayer = attempt(client, "desk-editor", "correct-horse-9", PROXY, **via_proxy(SPRAYER))
    assert sprayer.status_code == 429
    neighbour = attempt(client, "desk-editor", "correct-horse-9", PROXY, **via_proxy(NEIGHBOUR))
    assert neighbour.status_code == 302


def test_behind_the_proxy_a_locked_client_locks_no_other(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "desk-editor", "wrong", PROXY, **via_proxy(SPRAYER))
    assert_only_the_sprayer_is_locked(client)


def test_behind_the_proxy_a_sprayer_is_locked_whatever_it_claims(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    codes = set()
    for n in range(12):
        for p in range(4):
            claim = f"203.0.113.{4 * n + p}"
            response = attempt(client, f"sprayed-{n}", "guess", PROXY, **via_proxy(SPRAYER, claim))
            codes.add(response.status_code)
    assert 429 in codes
    assert_only_the_sprayer_is_locked(client)


def test_served_directly_a_forwarded_for_header_is_ignored(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(12):
        for p in range(4):
            claim = {"HTTP_X_FORWARDED_FOR": f"203.0.113.{4 * n + p}"}
            attempt(client, f"sprayed-{n}", "guess", SPRAYER, **claim)
    neighbour = {"HTTP_X_FORWARDED_FOR": NEIGHBOUR}
    assert (
        attempt(client, "desk-editor", "correct-horse-9", SPRAYER, **neighbour).status_code == 429
    )
