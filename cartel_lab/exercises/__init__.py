"""One module per exercise notebook, each defining its questions and checks.

In an exercise notebook: ``from cartel_lab.exercises.ex01 import check, progress``.
"""
