"""Shared code for the teaching module on the op-ed's cartels-as-ISIS analogy.

Every notebook imports from here instead of copying cells around:

- ``cartel_lab.data``: ``load("<table>")`` and ``sources("<table>")`` for the
  documented tables in ``data/``;
- ``cartel_lab.charts``: chart recipes with titles, units, sources and a
  colour-blind-safe palette, rendered offline;
- ``cartel_lab.widgets``: the interactive explorers used in the lessons;
- ``cartel_lab.exercises``: the self-checks behind ``check("1.2")``.
"""

__version__ = "0.1.0"
