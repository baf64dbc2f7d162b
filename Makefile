# Two commands do all set-up on a fresh machine (see README.md):
#   make lab    set up, then open the module in JupyterLab at the first notebook
#   make test   set up, then run the whole test suite (what CI runs)
# Everything installs into ./.venv from the pinned requirements files.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FIRST_NOTEBOOK := notebooks/00-start-here.ipynb

.PHONY: lab test setup browser js site exercises footers lesson-timing rubric student-edition binder-link class-summary lint bench mutation mutation-again clean

# JupyterLab refuses to run as root unless told; containers often run as root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: setup
	$(BIN)/jupyter lab $(ROOT_FLAG) $(FIRST_NOTEBOOK)

test: setup browser js
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

# axe-core, pinned in package-lock.json, for the rendered edition's accessibility test
# (tests/browser/test_site.py). Development only; without npm that test skips (fails under CI=true).
js: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm is not installed: the site's accessibility test will skip (apt-get install npm)."; fi

# The rendered edition (README, "A readable edition"): every lesson and exercise run once and
# built by Sphinx + MyST-NB into build/site/html/. SITE_REPO=owner/name sets the launch links
# (default: the README's Binder badge, if it names a repository).
site: setup
	$(BIN)/python tools/site.py $(if $(SITE_REPO),--repo $(SITE_REPO),)

# Regenerate exercises/ and the answer keys from solutions/.
exercises: setup
	$(BIN)/python tools/make_exercises.py

# The licence footer as the last cell of every lesson and solution, the student's name cell and
# hand-in note in every solution, then the exercises from them. Safe to rerun (after a merge).
footers: setup
	$(BIN)/python tools/notebook_footer.py
	$(BIN)/python tools/solution_handin.py
	$(BIN)/python tools/make_exercises.py

# Recompute each lesson's teaching minutes (instructors/README.md, "Timing") and write them into
# the lesson headers, the README's lessons table and the instructor guide parts.
lesson-timing: setup
	$(BIN)/python tools/lesson_timing.py --write

# instructors/rubric.md, collected from every guide part's rubric (for a course site).
rubric: setup
	$(BIN)/python tools/build_rubric.py

# The students' edition: a copy without solutions/, tests/ and the instructor guide, with a
# README and Makefile for students, to push as the repository students open (README, For
# instructors). STUDENT_REPO=owner/name gives its own Binder link.
student-edition: setup
	@test -n "$(DEST)" || { echo 'Say where: make student-edition DEST=../cartel-lab-students'; exit 2; }
	$(BIN)/python tools/student_edition.py "$(DEST)" $(if $(STUDENT_REPO),--repo "$(STUDENT_REPO)",)

# Once published: write the Binder badge and link into README.md (and CITATION.cff's address).
# REF=v1.0.0 pins the link to a release. Standard library only: no set-up needed.
binder-link:
	@test -n "$(REPO)" || { echo 'Say which repository: make binder-link REPO=owner/name'; exit 2; }
	$(PYTHON) tools/binder_link.py "$(REPO)" --ref "$(or $(REF),main)"

# The students' submit() zips, downloaded into one folder, as class-summary.html and .csv.
# ANONYMISE=1 shows "Student 1..n" instead of names.
class-summary: setup
	@test -n "$(SUBMISSIONS)" || { echo 'Say where the zips are: make class-summary SUBMISSIONS=folder'; exit 2; }
	$(BIN)/python -m cartel_lab.classroom summarize "$(SUBMISSIONS)" $(if $(ANONYMISE),--anonymise,)

# Benchmarks (not tests): notebook run time and kernel memory, then the same in
# a real browser with the control-to-chart latency, then the class summary on 200
# generated submissions. Tables go to stdout.
bench: setup browser
	$(BIN)/python tools/benchmark_notebooks.py
	$(BIN)/python tools/benchmark_browser.py
	$(BIN)/python tools/benchmark_classroom.py

# Mutation testing (not part of `make test`; over an hour on 2 cores for all modules, see README
# "Tests that notice what students see"): break the package one small change at a time, run the
# fast tests against each, list the changes no test noticed. `make mutation MODULE=cartel_lab/
# violence_charts.py` scores one module with its own tests only (minutes); an exercise module
# (MODULE=cartel_lab/exercises/ex05.py) is mutated by tools/data_mutation.py. Config: [tool.mutmut]
# and [tool.cartel_lab.mutation_tests] in pyproject.toml. `nice` keeps the machine usable
# meanwhile; results stay in mutants/ (each run starts afresh).
mutation: setup
	rm -rf mutants
	nice -n 10 $(BIN)/python tools/mutation_score.py run $(MODULE)

# After adding tests: run again only the mutants of MODULE the last run did not see killed.
mutation-again: setup
	nice -n 10 $(BIN)/python tools/mutation_score.py again $(MODULE)

lint: setup
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache mutants build/site node_modules
