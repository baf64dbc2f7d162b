"""Safety net, read from the files alone (issue 5, parts 2, 4, 6 and 7).

- Every exercise notebook opens with a "keep your work" note and ends with
  ``progress()`` then ``submit()``.
- No solution leaks: exercise notebooks hold none of the solutions' marked lines
  and no answer in plain form; the package students import holds no solution
  code and no answer literal; the key files are not plain JSON of the answers.
- Randomness in the package is seeded.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

from cartel_lab.answer_types import Choice, IdSet, Number
from cartel_lab.checking import Exercise, Question
from cartel_lab.submission import submitter
from tests.exercise_modules import exercise_modules
from tests.notebook_runs import notebook_id
from tools.make_exercises import exercise_number, exercise_path
from tools.notebooks import REPO_ROOT, notebook_paths

PACKAGE = REPO_ROOT / "cartel_lab"
EXERCISES = {module.EXERCISE.number: module for module in exercise_modules()}
EXERCISE_NOTEBOOKS = notebook_paths("exercises")
SOLUTION_NOTEBOOKS = notebook_paths("solutions")


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _code_cells(notebook: nbformat.NotebookNode) -> list[str]:
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def _calls(source: str) -> set[str]:
    """Names of the functions a cell calls (``submit()`` -> {"submit"})."""
    return {
        node.func.id
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }


def test_there_are_exercise_notebooks_to_check() -> None:
    assert EXERCISE_NOTEBOOKS, "no exercise notebooks found"
    assert {exercise_number(p) for p in EXERCISE_NOTEBOOKS} <= set(EXERCISES)


# ------------------------------------------------- 4. keep your work (Binder) ---


@pytest.mark.parametrize("path", EXERCISE_NOTEBOOKS, ids=notebook_id)
def test_exercise_opens_with_a_keep_your_work_note(path: Path) -> None:
    first = _read(path).cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# "), "open with an H1"
    note = first.source.lower()
    assert "keep your work" in note, "the first cell should say how to keep your work"
    assert "binder" in note, "say that the Binder session is temporary"
    assert "download" in note, "say how to save a copy before leaving"
    assert "upload" in note, "say how to resume (upload the downloaded notebook)"


# ------------------------------------------------ 2, 3. progress and submit ---


@pytest.mark.parametrize("path", EXERCISE_NOTEBOOKS + SOLUTION_NOTEBOOKS, ids=notebook_id)
def test_notebook_ends_with_progress_then_submit(path: Path) -> None:
    notebook = _read(path)
    code = _code_cells(notebook)
    assert len(code) >= 2
    assert "progress" in _calls(code[-2]), "the second-to-last code cell should call progress()"
    assert "submit" in _calls(code[-1]), "the last code cell should call submit()"
    imported = {
        alias.asname or alias.name
        for source in code
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert {"progress", "submit"} <= imported, "import progress and submit from the exercise"
    last_code = max(i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code")
    explained = notebook.cells[last_code - 1]
    assert explained.cell_type == "markdown", "explain how to submit just before submit()"
    words = explained.source.lower()
    assert all(word in words for word in ("save", "download", "upload")), explained.source


@pytest.mark.parametrize("module", exercise_modules(), ids=lambda m: m.__name__)
def test_every_exercise_module_exports_check_progress_and_submit(module: Any) -> None:
    for name in ("check", "progress", "submit"):
        assert callable(getattr(module, name, None)), f"{module.__name__} should export {name}"
    assert module.submit == submitter(module.EXERCISE), "export submit = submitter(EXERCISE)"


# ------------------------------------------------------ 7. no solution leaks ---

_BEGIN = re.compile(r"^#\s*BEGIN SOLUTION\b")
_END = re.compile(r"^#\s*END SOLUTION\b")
_ONE_LINE = re.compile(r"^(?P<code>.*?)\s*#\s*SOLUTION(\s+NO PROMPT)?\s*$")
_MD_BLOCK = re.compile(r"<!--\s*BEGIN SOLUTION\s*-->(?P<body>.*?)<!--\s*END SOLUTION\s*-->", re.S)


def _squash(text: str) -> str:
    """Compare code and prose ignoring spacing and quote style."""
    return re.sub(r"\s+", "", text).replace("'", '"')


def _substantive(line: str) -> bool:
    """A line worth looking for: not a bracket, a marker, a blank or an opening ``x = {``."""
    squashed = _squash(line)
    if re.fullmatch(r"[\w.\[\]\"]*=?[\[{(]", squashed):
        return False
    return len(squashed) >= 8 and bool(re.search(r"[A-Za-z0-9]", line))


def solution_fragments(solution: nbformat.NotebookNode, right_hand_sides: bool = True) -> list[str]:
    """The marked solution lines of a notebook, without markers (read independently of the generator).

    For a marked assignment, its right-hand side is a fragment of its own.
    """
    fragments: list[str] = []
    for cell in solution.cells:
        if cell.cell_type == "markdown":
            for block in _MD_BLOCK.finditer(cell.source):
                fragments += block["body"].splitlines()
            continue
        if cell.cell_type != "code":
            continue
        in_block = False
        for line in cell.source.splitlines():
            stripped = line.strip()
            if _BEGIN.match(stripped) or _END.match(stripped):
                in_block = bool(_BEGIN.match(stripped))
                continue
            marked = _ONE_LINE.match(stripped)
            if in_block:
                fragments.append(stripped)
            elif marked and not stripped.startswith("#"):
                code = marked["code"]
                fragments.append(code)
                _, equals, value = code.partition("=")
                if right_hand_sides and equals and not value.startswith("="):
                    fragments.append(value)
    return [fragment.strip() for fragment in fragments if _substantive(fragment)]


def solution_lines(solution: nbformat.NotebookNode) -> list[str]:
    """The whole marked lines (an assignment with its target), not their right-hand sides."""
    return solution_fragments(solution, right_hand_sides=False)


def _notebook_text(notebook: nbformat.NotebookNode) -> str:
    parts = []
    for cell in notebook.cells:
        parts.append(cell.source)
        for output in cell.get("outputs", []):
            parts.append(json.dumps(output, ensure_ascii=False))
    return "\n".join(parts)


def _package_sources() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in sorted(PACKAGE.rglob("*.py"))}


def _keys(exercise: Exercise) -> list[tuple[Question, Any]]:
    """Each question with its decoded answer key."""
    return [(question, exercise.key(question)) for question in exercise.questions]


def _literals(source: str) -> Iterator[tuple[str | None, Any]]:
    """Every literal value in Python source, with the name it is assigned to (if any)."""
    tree = ast.parse(source)
    assigned = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    assigned[id(node.value)] = target.id
    for node in ast.walk(tree):
        if isinstance(node, ast.List | ast.Tuple | ast.Set | ast.Dict | ast.Constant):
            try:
                value = ast.literal_eval(node)
            except (ValueError, SyntaxError, TypeError):
                continue
            yield assigned.get(id(node)), value


def _python_cells(notebook: nbformat.NotebookNode) -> Iterator[str]:
    for source in _code_cells(notebook):
        try:
            ast.parse(source)
        except SyntaxError:  # e.g. IPython magics: nothing to look for in them
            continue
        yield source


def answer_leaks(source: str, exercise: Exercise) -> list[str]:
    """Literals in ``source`` that are a right answer to one of the exercise's questions.

    A bare string is a leak only when assigned to the answer's name: the options
    of a multiple-choice question must be shown to be chosen from.
    """
    found = []
    for question in exercise.questions:
        for name, value in _literals(source):
            if isinstance(value, str) and name != question.answer_name:
                continue
            if isinstance(value, bool | int) and not isinstance(question.answer_type, Number):
                continue
            # Small whole numbers (offsets, sizes) and calendar years (the 2020 network) fill
            # chart and model code; such a number is an answer only when assigned to its name.
            common = abs(value) < 100 or 1900 <= value <= 2100 if type(value) is int else False
            if common and name != question.answer_name:
                continue
            if exercise.accepts(question, value):
                found.append(f"{question.id}: {value!r}")
    return found


def prose_leaks(text: str, exercise: Exercise) -> list[str]:
    """Answers written out in prose: a share as a number, every id of a list of ids,
    or the right option named in a paragraph that does not list all the options."""
    found = []
    for question, key in _keys(exercise):
        kind = question.answer_type
        if isinstance(kind, Number):
            for match in re.finditer(r"-?\d+\.\d{2,}", text):
                number = float(match.group())
                if exercise.accepts(question, number) or exercise.accepts(question, number / 100):
                    found.append(f"{question.id}: {match.group()}")
        if isinstance(kind, IdSet) and len(key) >= 3:
            mentioned = {item.upper() for item in re.findall(r"\b[A-Za-z]\d{2}\b", text)}
            if key <= mentioned:
                found.append(f"{question.id}: all of {sorted(key)}")
        if isinstance(kind, Choice):
            for paragraph in re.split(r"\n\s*\n", text.lower()):
                if key in paragraph and not all(option in paragraph for option in kind.options):
                    found.append(f"{question.id}: {key!r} singled out in {paragraph[:60]!r}")
    return found


@pytest.mark.parametrize("path", SOLUTION_NOTEBOOKS, ids=notebook_id)
def test_exercise_holds_none_of_its_solution_lines(path: Path) -> None:
    fragments = solution_fragments(_read(path))
    assert fragments, f"{path.name} marks no solution: nothing would be hidden from students"
    exercise = exercise_path(path)
    text = _squash(_notebook_text(_read(exercise)))
    leaked = [fragment for fragment in fragments if _squash(fragment) in text]
    assert not leaked, f"{exercise.name} shows solution lines: {leaked}"


@pytest.mark.parametrize("path", EXERCISE_NOTEBOOKS, ids=notebook_id)
def test_exercise_holds_no_answer_in_plain_form(path: Path) -> None:
    exercise = EXERCISES[exercise_number(path)].EXERCISE
    notebook = _read(path)
    leaks = [leak for source in _python_cells(notebook) for leak in answer_leaks(source, exercise)]
    leaks += prose_leaks(_notebook_text(notebook), exercise)
    assert not leaks, f"{path.name} gives away answers: {leaks}"


def test_the_package_holds_no_solution_code() -> None:
    sources = {path: _squash(text) for path, text in _package_sources().items()}
    for solution in SOLUTION_NOTEBOOKS:
        # Whole lines: the package may well use a pandas idiom that is also half an answer.
        for fragment in solution_lines(_read(solution)):
            holders = [path.name for path, text in sources.items() if _squash(fragment) in text]
            assert not holders, f"{holders} contain solution code from {solution.name}: {fragment}"


def test_the_package_holds_no_answer_literal() -> None:
    for module in exercise_modules():
        for path, text in _package_sources().items():
            leaks = answer_leaks(text, module.EXERCISE)
            assert not leaks, (
                f"{path.relative_to(REPO_ROOT)} holds answers to {module.__name__}: {leaks}"
            )


@pytest.mark.parametrize("module", exercise_modules(), ids=lambda m: m.__name__)
def test_key_files_are_not_plain_json_of_the_answers(module: Any) -> None:
    exercise = module.EXERCISE
    raw = exercise.key_path().read_text(encoding="utf-8")
    stored = json.loads(raw)
    for question, key in _keys(exercise):
        packed = stored[question.id]
        assert isinstance(packed, str)
        try:
            plain = json.loads(packed)
        except ValueError:
            plain = None
        assert plain is None, f"{question.id} is stored as plain JSON"
        # No word of an answer (an id, a label, an option) is readable in the file.
        words = _strings_in(question.answer_type.encode(key))
        if isinstance(question.answer_type, Choice):
            words.add(key)
        readable = sorted(word for word in words if len(word) >= 3 and word in raw)
        assert not readable, f"{exercise.key_path().name} shows {readable} in plain text"


def _strings_in(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return {s for k, v in value.items() for s in _strings_in(k) | _strings_in(v)}
    if isinstance(value, list | tuple | set | frozenset):
        return {s for item in value for s in _strings_in(item)}
    return set()


def test_the_leak_detectors_can_find_a_leak() -> None:
    """Plant each kind of leak the tests above look for, and make sure it is found."""
    module = exercise_modules()[0]
    exercise = module.EXERCISE
    keys = _keys(exercise)
    for question, key in keys:
        plain = question.answer_type.encode(key)
        source = f"{question.answer_name} = {plain!r}\n"
        assert answer_leaks(source, exercise), f"a planted answer to {question.id} went unseen"
    solution = _read(SOLUTION_NOTEBOOKS[0])
    fragment = solution_fragments(solution)[0]
    assert _squash(fragment) in _squash(f"x = 1\n   {fragment}  \n")
    for question, key in keys:
        if isinstance(question.answer_type, Number):
            assert prose_leaks(f"The share is {key:.4f}.", exercise)
        if isinstance(question.answer_type, IdSet) and len(key) >= 3:
            assert prose_leaks("Claims " + ", ".join(sorted(key)) + ".", exercise)
        if isinstance(question.answer_type, Choice):
            assert prose_leaks(f"Is there a counterpart to {key}?", exercise)
            listed = "The options: " + ", ".join(question.answer_type.options) + "."
            assert not prose_leaks(listed, exercise), "listing every option is not a leak"


# ------------------------------------------------------ 6. seeded randomness ---

# A literal seed, or a function's required ``seed`` argument (the caller then chooses it, as
# lesson 03's permutation test does with seeds 0 to 999).
_UNSEEDED_NP = re.compile(
    r"\bnp\.random\.(?!default_rng\(\s*(\d|seed\))|Generator|SeedSequence|RandomState\(\s*\d)\w+"
)
_UNSEEDED_STD = re.compile(
    r"\brandom\.(random|randint|choice|choices|shuffle|sample|uniform|gauss)\("
)


def test_package_randomness_is_seeded() -> None:
    for path, text in _package_sources().items():
        code = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
        assert not _UNSEEDED_NP.search(code), f"{path.name}: use np.random.default_rng(<seed>)"
        assert not _UNSEEDED_STD.search(code), f"{path.name}: use random.Random(<seed>)"
        assert "default_rng()" not in code, f"{path.name}: default_rng() needs a seed"


def test_the_randomness_scan_can_fail() -> None:
    assert _UNSEEDED_NP.search("x = np.random.normal(size=3)")
    assert _UNSEEDED_NP.search("rng = np.random.default_rng(None)")
    assert not _UNSEEDED_NP.search("rng = np.random.default_rng(20250729)")
    assert not _UNSEEDED_NP.search("rng = np.random.default_rng(seed)")
    assert _UNSEEDED_NP.search("rng = np.random.default_rng(seed or None)")
    assert _UNSEEDED_STD.search("random.shuffle(items)")
