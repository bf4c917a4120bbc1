"""The one piece of evidencekit that opens a network connection: sending a time-stamp request, when asked.

Only `evidencekit timestamp get` (and the window's "Get a trusted time stamp" after the person confirmed
what leaves) call `send_request`; tests/core/test_only_timestamp_uses_network.py checks that no other
module imports a networking module and that no other command connects anywhere. It posts the DER
request as `application/timestamp-query` (RFC 3161 section 3.4) and reads at most MAX_REPLY_BYTES back.
No cookie, no proxy credentials, no user agent beyond the library's, no redirect to another scheme.
"""

from __future__ import annotations

from evidencekit.i18n import _
from evidencekit.timestamp.token import MAX_REPLY_BYTES, TimestampError

TIMEOUT_SECONDS = 30


def check_service_url(url: str) -> str:
    """The URL if it is an http(s) address; TimestampError otherwise (no file:, ftp:, data: ...)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TimestampError(_("A time-stamping service's address starts with http:// or https:// (for example "
                               "http://timestamp.digicert.com); {url!r} does not.").format(url=url))
    return url.strip()


def send_request(url: str, request: bytes, *, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """POST `request` to `url` and return the reply's bytes; TimestampError in one sentence on failure."""
    import urllib.error
    import urllib.request

    url = check_service_url(url)
    message = urllib.request.Request(url, data=request, method="POST",  # noqa: S310 (scheme checked above)
                                     headers={"Content-Type": "application/timestamp-query",
                                              "Accept": "application/timestamp-reply"})
    opener = urllib.request.build_opener(urllib.request.HTTPRedirectHandler())
    try:
        with opener.open(message, timeout=timeout) as answer:
            body: bytes = answer.read(MAX_REPLY_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise TimestampError(_("The time-stamping service answered with an error ({code} {reason}); no time stamp "
                               "was stored.").format(code=exc.code, reason=exc.reason)) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise TimestampError(_("The time-stamping service could not be reached ({reason}); no time stamp was stored. "
                               "Without a connection, write the request to a file with 'evidencekit timestamp "
                               "request' and send it from another computer.").format(reason=reason)) from None
    if len(body) > MAX_REPLY_BYTES:
        raise TimestampError(_("The service's answer is too large to be a time-stamp reply; no time stamp was stored."))
    return body
