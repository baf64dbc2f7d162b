"""One module per exercise notebook, each defining its questions and checks.

In an exercise notebook: ``from cartel_lab.exercises.ex01 import check, progress, submit``.
A module exports ``check = EXERCISE.check``, ``progress = EXERCISE.progress`` and
``submit = submitter(EXERCISE)`` (from ``cartel_lab.submission``).
"""
