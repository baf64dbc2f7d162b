"""Submission zips as ``submit()`` writes them, built for the class-summary and reader tests."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

FORMAT = "cartel-lab-submission/1"
STEM = "02-violence-in-numbers-exercise"


def results(
    student: str,
    statuses: dict[str, str],
    created: str = "2026-03-02T10:00:00+00:00",
    exercise: str = "02",
    answers: list[dict[str, Any]] | None = None,
    hints: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A results.json as submit() writes it."""
    return {
        "format": FORMAT,
        "created": created,
        "notebook": f"{STEM}.ipynb",
        "exercise": exercise,
        "title": "The violence in numbers",
        "student": student,
        "results": [
            {
                "question": question,
                "status": status,
                "message": f"`answer`: about {question}",
                "hint": (hints or {}).get(question, ""),
            }
            for question, status in statuses.items()
        ],
        "open_answers": answers
        if answers is not None
        else [{"id": "02.open1", "question": "Argue A05.", "answer": f"{student} thinks so."}],
    }


def write_zip(folder: Path, name: str, members: dict[str, bytes]) -> Path:
    path = folder / name
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return path


def submission(folder: Path, name: str, payload: dict[str, Any]) -> Path:
    return write_zip(
        folder,
        name,
        {
            f"{STEM}.ipynb": b'{"cells": []}',
            "results.json": json.dumps(payload).encode("utf-8"),
        },
    )
