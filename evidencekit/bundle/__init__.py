"""The evidence bundle: the signed PDF the police receive, and its verifier (Qt-free)."""

from evidencekit.bundle.builder import build_bundle
from evidencekit.bundle.export import export_case, record_redactions
from evidencekit.bundle.model import BundleOptions, BundleResult
from evidencekit.bundle.verify import VerifyResult, format_result, verify_bundle

__all__ = [
    "BundleOptions",
    "BundleResult",
    "VerifyResult",
    "build_bundle",
    "export_case",
    "format_result",
    "record_redactions",
    "verify_bundle",
]
