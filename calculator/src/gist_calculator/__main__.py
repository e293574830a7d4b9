"""``python -m gist_calculator`` runs the same command line as ``gist-calc``."""

import sys

from .cli import main

sys.exit(main())
