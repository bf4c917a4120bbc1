"""`evidencekit timestamp request|attach|get|list|services`: trusted time for everything recorded so far.

Offline first: `request` writes the RFC 3161 request to a file for someone to send from another
computer, `attach` stores the reply. `get` is the one command that opens a network connection, and only
after showing exactly what leaves the computer (and being told yes).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from evidencekit.cli.common import add_case_argument, add_unlock_options, open_case_from_args, print_json
from evidencekit.errors import EvidenceKitError, UsageError
from evidencekit.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    stamp = sub.add_parser("timestamp", help=_("get a trusted time stamp (RFC 3161) for everything recorded so far"))
    actions = stamp.add_subparsers(dest="timestamp_command", metavar="ACTION", required=True,
                                   parser_class=type(stamp))

    request = actions.add_parser("request", help=_("write a time-stamp request to a file, to send from another "
                                                   "computer (no network used)"))
    add_case_argument(request)
    request.add_argument("out", metavar="OUT.tsq", help=_("the request file to write (a new file)"))
    request.add_argument("--force", action="store_true", help=_("replace OUT.tsq if it exists"))
    request.add_argument("--json", action="store_true", help=_("print machine-readable JSON"))
    add_unlock_options(request)
    request.set_defaults(handler=_request)

    attach = actions.add_parser("attach", help=_("store a time-stamp reply (.tsr) in the case's custody journal"))
    add_case_argument(attach)
    attach.add_argument("reply", metavar="IN.tsr", help=_("the reply the service sent back"))
    attach.add_argument("--chain", metavar="CERTS.pem",
                        help=_("the service's certificates, when its reply does not carry them all"))
    attach.add_argument("--json", action="store_true", help=_("print machine-readable JSON"))
    add_unlock_options(attach)
    attach.set_defaults(handler=_attach)

    get = actions.add_parser("get", help=_("send the request to a time-stamping service now and store its reply "
                                           "(the only command that uses the network)"))
    add_case_argument(get)
    get.add_argument("--service", default="", metavar="NAME|URL",
                     help=_("a service from 'evidencekit timestamp services', or its address"))
    get.add_argument("--yes", action="store_true", help=_("send without asking (after showing what leaves)"))
    get.add_argument("--json", action="store_true", help=_("print machine-readable JSON"))
    add_unlock_options(get)
    get.set_defaults(handler=_get)

    listing = actions.add_parser("list", help=_("list the case's time stamps and check each one"))
    add_case_argument(listing)
    listing.add_argument("--tsa-roots", metavar="ROOTS.pem",
                         help=_("also trust these certificate authorities for time stamps"))
    listing.add_argument("--json", action="store_true", help=_("print machine-readable JSON"))
    add_unlock_options(listing)
    listing.set_defaults(handler=_list)

    services = actions.add_parser("services", help=_("list the time-stamping services offered"))
    services.add_argument("--json", action="store_true", help=_("print machine-readable JSON"))
    services.set_defaults(handler=_services)


def _writable(store: Any) -> None:
    if store.read_only:
        raise EvidenceKitError(_("The case folder {path} cannot be written, and a time stamp is recorded in its "
                                 "custody journal; nothing was done.").format(path=store.path))


def _request(args: argparse.Namespace) -> int:
    from evidencekit.fsio import atomic_write
    from evidencekit.timestamp.case_stamps import prepare_request, record_request

    out = Path(args.out)
    if out.exists() and not args.force:
        raise UsageError(_("{path} already exists. Choose another name, or add --force to replace it. Nothing was "
                           "written.").format(path=out))
    if not out.parent.is_dir():
        raise UsageError(_("The folder {folder} does not exist.").format(folder=out.parent))
    with open_case_from_args(args) as store:
        _writable(store)
        prepared = prepare_request(store)
        record_request(store, prepared, service="", via="file")
        atomic_write(out, prepared.der, overwrite=True)
    result = {"file": str(out), "covers": {"seq": prepared.seq, "hash": prepared.head},
              "nonce": str(prepared.nonce), "size": len(prepared.der)}
    if args.json:
        print_json(result)
        return 0
    print(prepared.what_leaves(_("whoever you give the file to")))
    print()
    print(_("Request written: {path}").format(path=out))
    print(_("Send it to a time-stamping service, for example with:"))
    print(f"  curl -H 'Content-Type: application/timestamp-query' --data-binary @{out.name} "  # i18n: not shown
          "http://timestamp.digicert.com -o reply.tsr")
    print(_("then store the reply with: evidencekit timestamp attach CASE reply.tsr"))
    return 0


def _read_small(path: str, what: str, limit: int) -> bytes:
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise UsageError(_("{what} {path} cannot be read ({reason}).").format(what=what, path=path,
                                                                             reason=exc.strerror)) from exc
    if len(data) > limit:
        raise UsageError(_("{what} {path} is too large to be one.").format(what=what, path=path))
    return data


def read_roots(path: str | None) -> list[bytes]:
    if not path:
        return []
    from evidencekit.timestamp.checks import load_roots

    _read_small(path, _("The certificate file"), 1 << 20)
    try:
        return load_roots(Path(path))
    except (ValueError, OSError) as exc:
        raise UsageError(_("The certificate file {path} is not PEM or DER certificates.").format(path=path)) from exc


def _attached_result(record: Any, check: Any) -> dict[str, Any]:
    data = record.data
    return {"record": record.seq, "covers": data["covers"], "time": data["time"], "tsa": data["tsa"],
            "serial": data["serial"], "trusted_here": check.trusted, "notes": list(check.notes)}


def _print_attached(result: dict[str, Any]) -> None:
    print(_("Time stamp stored in the custody journal (record {record}).").format(record=result["record"]))
    print(_("  The service {tsa} says that record {seq} and everything before it existed at {time} UTC.").format(
        tsa=result["tsa"], seq=result["covers"]["seq"], time=result["time"].replace("T", " ").removesuffix("Z")))
    for note in result["notes"]:
        print(_("  Note: {note}.").format(note=note))


def _attach(args: argparse.Namespace) -> int:
    from evidencekit.timestamp.case_stamps import attach_reply
    from evidencekit.timestamp.token import MAX_REPLY_BYTES

    reply = _read_small(args.reply, _("The time-stamp reply"), MAX_REPLY_BYTES)
    chain = read_roots(args.chain)
    with open_case_from_args(args) as store:
        _writable(store)
        record, check = attach_reply(store, reply, via="file", extra_certificates=chain)
    result = _attached_result(record, check)
    if args.json:
        print_json(result)
    else:
        _print_attached(result)
    return 0


def _confirmed(args: argparse.Namespace) -> bool:
    if args.yes:
        return True
    if not sys.stdin.isatty():
        raise UsageError(_("Nothing was sent: add --yes to send without being asked (after reading what leaves)."))
    answer = input(_("Send it now? Type yes to send: "))
    return answer.strip().lower() in ("yes", "y", _("yes"))


def _get(args: argparse.Namespace) -> int:
    from evidencekit.timestamp.case_stamps import attach_reply, prepare_request, record_request
    from evidencekit.timestamp.network import send_request
    from evidencekit.timestamp.services import SERVICES, service_url

    if not args.service:
        raise UsageError(_("Choose a service with --service: {names}, or type its address.").format(
            names=", ".join(service.key for service in SERVICES)))
    name, url = service_url(args.service)
    with open_case_from_args(args) as store:
        _writable(store)
        prepared = prepare_request(store)
        print(prepared.what_leaves(f"{name} ({url})" if name != url else url), file=sys.stderr)
        if not _confirmed(args):
            print(_("Nothing was sent."), file=sys.stderr)
            return 1
        record_request(store, prepared, service=url, via="service")
        reply = send_request(url, prepared.der)
        record, check = attach_reply(store, reply, service=url, via="service")
    result = _attached_result(record, check)
    if args.json:
        print_json(result)
    else:
        _print_attached(result)
    return 0


def _list(args: argparse.Namespace) -> int:
    from evidencekit.timestamp.chain_check import check_chain_tokens
    from evidencekit.timestamp.checks import system_roots

    roots = system_roots() + read_roots(args.tsa_roots)
    with open_case_from_args(args) as store:
        lines = [event.as_dict() for event in store.events()]
    results = check_chain_tokens(lines, roots)
    rows = [{"record": item.stored.record, "covers": item.stored.covers_seq,
             "time": item.check.facts.time_text if item.check.facts else None,
             "tsa": item.check.facts.tsa_name if item.check.facts else None,
             "intact": item.ok, "trusted_here": item.check.trusted,
             "problems": item.check.problems, "notes": item.check.notes} for item in results]
    if args.json:
        print_json(rows)
        return 0 if all(item.ok for item in results) else 1
    if not results:
        print(_("This case has no trusted time stamp yet. Get one with 'evidencekit timestamp get' (online) or "
                "'evidencekit timestamp request' (offline)."))
    for item in results:
        print(item.describe())
        verdict = _("intact") if item.ok else _("FAILED")
        print(_("  {verdict}; trusted by this computer: {trusted}").format(
            verdict=verdict, trusted=_("yes") if item.check.trusted else _("no")))
        for problem in item.check.problems:
            print(_("  problem: {text}").format(text=problem))
        for note in item.check.notes:
            print(_("  note: {text}").format(text=note))
    return 0 if all(item.ok for item in results) else 1


def _services(args: argparse.Namespace) -> int:
    from evidencekit.timestamp.services import SERVICES

    if args.json:
        print_json([{"key": s.key, "name": s.name, "url": s.url, "note": _(s.note)} for s in SERVICES])
        return 0
    for service in SERVICES:
        print(f"{service.key:11} {service.name:11} {service.url}")  # i18n: not shown
        print(f"{'':11} {_(service.note)}")
    return 0
