"""`python -m evidencekit` runs the same entry point as the installed command."""

import sys

from evidencekit.cli import main

sys.exit(main())
