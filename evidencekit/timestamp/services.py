"""The short list of public RFC 3161 time-stamping services offered to the person (any other can be typed).

Chosen because they are free to use without an account, answer plain RFC 3161 over HTTP(S), and (apart
from FreeTSA) chain to certificate authorities that common trust stores hold, so an officer's system
can check them. A reply is signed, so plain HTTP does not weaken it; it only shows the request (one
hash) to the network on the way.
"""

from __future__ import annotations

from typing import NamedTuple

from evidencekit.i18n import N_


class Service(NamedTuple):
    key: str
    name: str
    url: str
    note: str


SERVICES = (
    Service("digicert", "DigiCert", "http://timestamp.digicert.com",
            N_("a commercial certificate authority; its root is in most systems' trust stores")),
    Service("sectigo", "Sectigo", "https://timestamp.sectigo.com",
            N_("a commercial certificate authority; its root is in most systems' trust stores")),
    Service("globalsign", "GlobalSign", "http://timestamp.globalsign.com/tsa/r6advanced1",
            N_("a commercial certificate authority; its root is in most systems' trust stores")),
    Service("freetsa", "FreeTSA", "https://freetsa.org/tsr",
            N_("a free community service; its root is not in common trust stores, so an officer must add it")),
)


def service_url(choice: str) -> tuple[str, str]:
    """(name, URL) for a listed service's key or name, or for a typed http(s) URL."""
    from evidencekit.timestamp.network import check_service_url

    for service in SERVICES:
        if choice.strip().lower() in (service.key, service.name.lower()):
            return service.name, service.url
    url = check_service_url(choice)
    return url, url
