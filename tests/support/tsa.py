"""A real RFC 3161 time-stamping authority for tests: OpenSSL's own `openssl ts -reply`, with a test CA.

`TestTsa(folder)` makes a root CA and a TSA certificate (extended key usage timeStamping, critical)
with `cryptography`, writes the `openssl ts` configuration, and answers a DER TimeStampReq with the
DER TimeStampResp that OpenSSL signs (`reply`). `TsaServer(tsa)` puts it behind a tiny HTTP server on
127.0.0.1 (POST application/timestamp-query, as RFC 3161 section 3.4 describes), in a thread of the
test process. Nothing here is a mock: the bytes are OpenSSL's.

`expired=True` gives a TSA certificate whose validity ended in 2021 (OpenSSL still signs with it);
`other_root=True` a second, unrelated root (for "signed by a TSA this computer does not trust").
"""

from __future__ import annotations

import datetime as dt
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

_CONFIG = """\
[ tsa ]
default_tsa = tsa_config

[ tsa_config ]
dir = {folder}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
certs = $dir/chain.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1.1
other_policies = 1.3.6.1.4.1.99999.1.2
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "evidencekit tests")])


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


class TestTsa:
    """A test CA and a TSA certificate in `folder`, and `openssl ts -reply` configured to sign with them."""

    __test__ = False  # not a test class, despite its name

    def __init__(self, folder: Path, *, expired: bool = False, name: str = "Test TSA") -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        now = dt.datetime.now(dt.UTC)
        root_key = ec.generate_private_key(ec.SECP256R1())
        self.root = (x509.CertificateBuilder().subject_name(_name(f"{name} Root")).issuer_name(_name(f"{name} Root"))
                     .public_key(root_key.public_key()).serial_number(x509.random_serial_number())
                     .not_valid_before(now - dt.timedelta(days=3650)).not_valid_after(now + dt.timedelta(days=3650))
                     .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                     .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                                  key_encipherment=False, data_encipherment=False, key_agreement=False,
                                                  key_cert_sign=True, crl_sign=True, encipher_only=False,
                                                  decipher_only=False), critical=True)
                     .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
                     .sign(root_key, hashes.SHA256()))
        tsa_key = ec.generate_private_key(ec.SECP256R1())
        start, end = ((dt.datetime(2020, 1, 1, tzinfo=dt.UTC), dt.datetime(2021, 1, 1, tzinfo=dt.UTC)) if expired
                      else (now - dt.timedelta(days=30), now + dt.timedelta(days=365)))
        self.certificate = (
            x509.CertificateBuilder().subject_name(_name(name)).issuer_name(self.root.subject)
            .public_key(tsa_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
            .sign(root_key, hashes.SHA256()))
        (folder / "tsa.key").write_bytes(tsa_key.private_bytes(serialization.Encoding.PEM,
                                                               serialization.PrivateFormat.PKCS8,
                                                               serialization.NoEncryption()))
        (folder / "tsa.pem").write_bytes(_pem(self.certificate))
        (folder / "chain.pem").write_bytes(_pem(self.root))
        (folder / "root.pem").write_bytes(_pem(self.root))
        (folder / "serial").write_text("01\n")
        self.config = folder / "openssl-ts.cnf"
        self.config.write_text(_CONFIG.format(folder=folder))
        self.root_pem = folder / "root.pem"
        self.requests: list[bytes] = []
        self._lock = threading.Lock()

    def reply(self, query: bytes) -> bytes:
        """OpenSSL's DER TimeStampResp to the DER TimeStampReq `query`."""
        with self._lock:
            self.requests.append(query)
            number = len(self.requests)
            query_file = self.folder / f"query-{number}.tsq"
            reply_file = self.folder / f"reply-{number}.tsr"
            query_file.write_bytes(query)
            subprocess.run(["openssl", "ts", "-reply", "-config", str(self.config), "-queryfile", str(query_file),
                            "-out", str(reply_file)], check=True, capture_output=True, timeout=60)
            return reply_file.read_bytes()

    def openssl_verify(self, reply_or_token: Path, digest_hex: str, *,
                       token: bool = False) -> subprocess.CompletedProcess[str]:
        """`openssl ts -verify -digest HEX -in FILE -CAfile root.pem` (exit 0 and 'Verification: OK' when it holds)."""
        command = ["openssl", "ts", "-verify", "-digest", digest_hex, "-in", str(reply_or_token),
                   "-CAfile", str(self.root_pem), "-untrusted", str(self.folder / "tsa.pem")]
        if token:
            command.insert(3, "-token_in")
        return subprocess.run(command, capture_output=True, text=True, timeout=60)


class _Handler(BaseHTTPRequestHandler):
    tsa: TestTsa

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        query = self.rfile.read(length)
        if self.headers.get("Content-Type") != "application/timestamp-query":
            self.send_error(415, "expected application/timestamp-query")
            return
        body = self.server.tsa.reply(query)  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


class TsaServer:
    """`TestTsa` over HTTP on 127.0.0.1 (a free port), in a thread; use as a context manager."""

    def __init__(self, tsa: TestTsa) -> None:
        self.tsa = tsa
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.tsa = tsa  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/tsr"

    def __enter__(self) -> TsaServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(10)
