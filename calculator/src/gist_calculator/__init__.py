"""gist_calculator: recurrence risk, stage and guideline treatment options for GIST.

Standard library only, so the same code runs on the command line, at site-build time and in
the reader's browser through Pyodide.
"""

from .version import CONTENT_DATE, __version__

__all__ = ["CONTENT_DATE", "__version__"]
