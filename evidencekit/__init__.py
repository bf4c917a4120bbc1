"""evidencekit: preserve sextortion evidence the way the police ask, and bundle it for them."""

__version__ = "0.1.0"
APP_NAME = "evidencekit"

__all__ = ["APP_NAME", "__version__"]
