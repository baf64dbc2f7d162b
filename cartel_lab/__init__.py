"""Shared code for the teaching module on the op-ed's cartels-as-ISIS analogy.

Every notebook imports from here instead of copying cells around:

- ``cartel_lab.data``: ``load("<table>")`` and ``sources("<table>")`` for the
  documented tables in ``data/``;
- ``cartel_lab.charts``: chart recipes with titles, units, sources and a
  colour-blind-safe palette, rendered offline;
- ``cartel_lab.widgets``: the interactive explorers used in the lessons;
- ``cartel_lab.exercises``: the self-checks behind ``check("1.2")``.
"""

import sys

__version__ = "1.0.0"

# Altair imports jsonschema, which builds a grammar for IRI formats at import time when
# the optional rfc3987_syntax package is present (Jupyter's own server pulls it in): about
# 1.7 s of a lesson's Run All on the 2-core machine. Altair never checks IRI formats, so a
# kernel that imports this package goes without it. Done here, not in the modules that
# import Altair, because the package runs first whichever module a notebook imports (an
# `import altair` sorted above `from cartel_lab...` would otherwise come too early).
# Skipped when jsonschema is already loaded: it has then made its choice.
if "jsonschema" not in sys.modules:
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
