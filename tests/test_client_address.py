"""The client's address: the connection's, or behind the proxy the entry the proxy added."""

import pytest
from django.test import RequestFactory

from newsroom.client_address import client_address

PROXY = "10.0.0.2"


def address(forwarded=None, remote=PROXY):
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


@pytest.mark.parametrize("forwarded", [None, "203.0.113.9", "203.0.113.9, 198.51.100.4"])
def test_served_directly_the_header_is_ignored(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 0
    assert address(forwarded, remote="192.0.2.50") == "192.0.2.50"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("198.51.100.4", "198.51.100.4"),
        # The left-most entries are what the client sent; the proxy appended the right-most.
        ("203.0.113.9, 198.51.100.4", "198.51.100.4"),
        ("1.1.1.1,2.2.2.2 , 198.51.100.4 ", "198.51.100.4"),
        ("2001:DB8:0:0::7", "2001:db8::7"),
        ("198.51.100.4:5133", "198.51.100.4"),
        ("[2001:db8::7]:5133", "2001:db8::7"),
        # Not an address (a misconfigured proxy): counted by the connection, the proxy's.
        ("203.0.113.9, unknown", PROXY),
        ("203.0.113.9, ", PROXY),
        ("", PROXY),
        (None, PROXY),
    ],
)
def test_behind_one_proxy_the_right_most_entry_is_the_client(settings, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = 1
    assert address(forwarded) == expected


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        # client's own entry, the client (added by the CDN), the CDN (added by the balancer)
        ("203.0.113.9, 198.51.100.4, 192.0.2.77", "198.51.100.4"),
        ("198.51.100.4, 192.0.2.77", "198.51.100.4"),
        # Came to the balancer without the CDN: the one entry is the balancer's.
        ("198.51.100.4", "198.51.100.4"),
    ],
)
def test_behind_two_proxies_the_entry_the_outer_one_added(settings, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = 2
    assert address(forwarded) == expected
