"""Measure the class summary on generated submissions: time and peak memory (a benchmark, not a test).

Usage: ``.venv/bin/python tools/benchmark_classroom.py [--students 200]``.

It writes N submission zips into a temporary folder, each like one ``submit()``
writes for exercise 02: the exercise notebook with two open answers filled in,
an HTML copy of the notebook (nbconvert's, made once and reused) and a
``results.json`` with varied statuses. A tenth of the students hand in twice
and a tenth carry a course site's file name. Then it runs
``python -m cartel_lab.classroom summarize`` on the folder in a fresh process
and reports the wall time and that process's peak resident memory.
Targets (issue 20): under 10 s and under 500 MB for 200 submissions.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cartel_lab.open_answers import PROMPT
from cartel_lab.submission import export_html
from tools.notebooks import REPO_ROOT

STATUSES = ("passed", "passed", "passed", "wrong_value", "common_mistake", "not_attempted")


def generate(folder: Path, students: int, seed: int = 20) -> int:
    """Write the zips; return how many files were written."""
    rng = random.Random(seed)
    notebook_path = next((REPO_ROOT / "exercises").glob("02-*.ipynb"))
    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    page = export_html(notebook_path).encode("utf-8")
    questions = [f"2.{n}" for n in range(1, 9)]
    written = 0
    for number in range(students):
        name = f"Student Name {number:03d}"
        copies = 2 if number % 10 == 0 else 1
        for copy in range(copies):
            answers = [f"Answer {k} of {name}, copy {copy}. " * rng.randint(3, 30) for k in (1, 2)]
            cells = json.loads(json.dumps(notebook))
            given = iter(answers)
            for cell in cells["cells"]:
                text = "".join(cell["source"])
                while PROMPT in text:
                    text = text.replace(PROMPT, next(given), 1)
                cell["source"] = text.splitlines(keepends=True)
            results = {
                "format": "cartel-lab-submission/1",
                "created": f"2026-03-0{1 + copy}T10:{number % 60:02d}:00+00:00",
                "notebook": notebook_path.name,
                "exercise": "02",
                "title": "The violence in numbers",
                "student": "" if number % 10 == 5 else name,
                "results": [
                    {
                        "question": q,
                        "status": rng.choice(STATUSES),
                        "message": f"`answer`: message for {q}",
                        "hint": f"hint for {q}",
                    }
                    for q in questions
                ],
                "open_answers": [
                    {"id": f"02.open{k}", "question": f"Question {k}", "answer": answers[k - 1]}
                    for k in (1, 2)
                ],
            }
            stem = notebook_path.stem
            file_name = (
                f"{name}_{number}_assignsubmission_file_{stem}-submission.zip"
                if number % 10 == 5
                else f"{stem}-submission-{name.replace(' ', '-')}{f' ({copy})' if copy else ''}.zip"
            )
            with zipfile.ZipFile(folder / file_name, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(notebook_path.name, json.dumps(cells, indent=1))
                archive.writestr(f"{stem}.html", page)
                archive.writestr("results.json", json.dumps(results, indent=1))
            written += 1
    return written


def main(argv: list[str] | None = None) -> int:
    """Generate, summarise in a fresh process, print the measurements."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        files = generate(Path(folder), args.students)
        size = sum(path.stat().st_size for path in Path(folder).iterdir()) / 1e6
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "cartel_lab.classroom", "summarize", folder],
            check=True,
            capture_output=True,
        )
        seconds = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        html_mb = (Path(folder) / "class-summary.html").stat().st_size / 1e6
    print("| students | zips (MB) | summarize, wall time | peak memory | class-summary.html |")
    print("|---|---|---|---|---|")
    print(
        f"| {args.students} ({files} zips, {files - args.students} duplicates) | {size:.0f} | "
        f"{seconds:.1f} s | {peak_mb:.0f} MB | {html_mb:.1f} MB |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
