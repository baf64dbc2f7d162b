# Two commands do all set-up on a fresh machine (see README.md):
#   make lab    set up, then open the module in JupyterLab at the first notebook
#   make test   set up, then run the whole test suite (what CI runs)
# Everything installs into ./.venv from the pinned requirements files.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FIRST_NOTEBOOK := notebooks/00-start-here.ipynb

.PHONY: lab test setup browser exercises student-edition lint bench mutation clean

# JupyterLab refuses to run as root unless told; containers often run as root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: setup
	$(BIN)/jupyter lab $(ROOT_FLAG) $(FIRST_NOTEBOOK)

test: setup browser
	$(BIN)/python -m pytest

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=python3.11)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	touch $(STAMP)

# The browser tests drive Debian's Chromium. Install it when missing and we
# may (root, apt-get present); otherwise those tests skip with a message.
browser:
	@bash tools/install-chromium.sh

# Regenerate exercises/ and the answer keys from solutions/.
exercises: setup
	$(BIN)/python tools/make_exercises.py

# The students' edition: a copy without solutions/, tests/ and the instructor guide,
# to push as the repository students open (see README, For instructors).
student-edition: setup
	@test -n "$(DEST)" || { echo 'Say where: make student-edition DEST=../cartel-lab-students'; exit 2; }
	$(BIN)/python tools/student_edition.py "$(DEST)"

# Benchmarks (not tests): notebook run time and kernel memory, then the same in
# a real browser with the control-to-chart latency. Tables go to stdout.
bench: setup browser
	$(BIN)/python tools/benchmark_notebooks.py
	$(BIN)/python tools/benchmark_browser.py

# Mutation testing (not part of `make test`; over an hour on 2 cores for all modules, see README
# "Tests that notice what students see"): break the package one small change at a time, run the
# fast tests against each, list the changes no test noticed. `make mutation MODULE=cartel_lab/
# violence_charts.py` scores one module with its own tests only (minutes). Config: [tool.mutmut]
# and [tool.cartel_lab.mutation_tests] in pyproject.toml. `nice` keeps the machine usable
# meanwhile; results stay in mutants/ (each run starts afresh).
mutation: setup
	rm -rf mutants
	nice -n 10 $(BIN)/python tools/mutation_score.py run $(MODULE)

lint: setup
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache mutants
