"""Small helpers for views."""

import functools
import ipaddress

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def site_url(path: str) -> str:
    """A full link to a path of this site, for emails and calendar files made without a request."""
    return f"{settings.SITE_URL}{path}"


def safe_next(request, default: str) -> str:
    """The `next` address from the request when it is a path on this site, else the default.

    Only a path ("/jams/…") is followed: any other word ("-1", "2026-02-30") would be
    taken for the name of a page by ``redirect`` and fail, and a line break or another
    control character cannot be in the Location header.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and target.isprintable()
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return default


@functools.lru_cache(maxsize=8)
def _proxies(allowed: tuple[str, ...]) -> tuple[bool, tuple]:
    """``FORWARDED_ALLOW_IPS`` read as gunicorn reads it: ``*``, addresses and networks."""
    networks = []
    for item in allowed:
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            continue
    return "*" in allowed, tuple(networks)


def _address(text: str):
    try:
        address = ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def client_place(request) -> str | None:
    """Where a request comes from, as the limits on signing in and on account emails count it.

    The connecting address, unless it is a proxy named in ``FORWARDED_ALLOW_IPS`` (the
    setting gunicorn believes forwarded headers from, read here the same way): then the
    nearest address in ``X-Forwarded-For`` that is not one, so nobody can pick their own
    place by sending the header. With ``*``, the address the nearest proxy saw. An IPv6
    address stands for its /64 network, which one home or phone has all to itself.
    """
    trust_all, proxies = _proxies(tuple(settings.FORWARDED_ALLOW_IPS))
    peer = _address(request.META.get("REMOTE_ADDR") or "")
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    # A Unix socket (no address) is a proxy on the same machine, as gunicorn takes it.
    if peer is None or trust_all or any(peer in network for network in proxies):
        for hop in reversed(hops):
            address = _address(hop)
            if address is None:
                break
            peer = address
            if trust_all or not any(address in network for network in proxies):
                break
    if peer is None:
        return None
    if peer.version == 6:
        return str(ipaddress.ip_network(f"{peer}/64", strict=False).network_address)
    return str(peer)
