# The README's two commands: `make html` builds the site, `make test` runs every test.
# Both create .venv and install what they need on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PACKAGE_BIN := .venv-package/bin
# Any warning fails the build; --keep-going reports them all first. One file, which the tests'
# and benchmarks' build helper (tools/building.py) reads too.
SPHINXOPTS := $(shell cat tools/sphinx-options)
BUILDDIR := _build

.PHONY: html test test-package test-site preview benchmark clean

html: $(BIN)/.installed node_modules/.package-lock.json
	$(BIN)/sphinx-build $(SPHINXOPTS) -b html -d $(BUILDDIR)/doctrees . $(BUILDDIR)/html
	@echo "The site is in $(BUILDDIR)/html: open $(BUILDDIR)/html/index.html in a browser."

test: $(BIN)/.installed node_modules/.package-lock.json
	$(BIN)/python -m pytest

# The two halves of `make test`: the package alone (seconds, no Sphinx), and the site.
# The package's half has its own small venv with numpy and pytest only, at requirements.txt's
# versions; the tests import backprop from src/ (pyproject's pytest pythonpath), uninstalled.
test-package: $(PACKAGE_BIN)/.installed
	$(PACKAGE_BIN)/python -m pytest src tests/backprop

test-site: $(BIN)/.installed node_modules/.package-lock.json
	$(BIN)/python -m pytest tests/ext tests/site

# Live preview: rebuilds on save and reloads the browser (http://127.0.0.1:8000).
preview: $(BIN)/.installed node_modules/.package-lock.json
	$(BIN)/sphinx-autobuild $(SPHINXOPTS) --ignore "$(BUILDDIR)/*" --ignore "*/jupyter_execute/*" --ignore "*/reference.md" \
		--watch src -b html -d $(BUILDDIR)/doctrees . $(BUILDDIR)/html

benchmark: $(BIN)/.installed node_modules/.package-lock.json
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m benchmarks.bench_training
	$(BIN)/python -m benchmarks.bench_attention
	$(BIN)/python -m benchmarks.bench_build
	$(BIN)/python -m benchmarks.bench_page_weight --all

clean:
	rm -rf $(BUILDDIR)

$(BIN)/.installed: requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python >= 3.11 is needed (set PYTHON=python3.11 or newer)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(PACKAGE_BIN)/.installed: pyproject.toml requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python >= 3.11 is needed (set PYTHON=python3.11 or newer)"; exit 1; }
	@# No pip inside: the calling Python's pip installs into the venv (pip >= 22.3: --python), which
	@# saves copying pip in; without such a pip, the venv gets its own. --no-compile: byte-compiling
	@# all of numpy up front costs seconds; imports compile what they use.
	$(PYTHON) -m venv --without-pip .venv-package
	$(PYTHON) -m pip --python $(PACKAGE_BIN)/python install --quiet --no-compile $$(grep -E '^(numpy|pytest)==' requirements.txt) || \
		{ $(PACKAGE_BIN)/python -m ensurepip --default-pip && \
		  $(PACKAGE_BIN)/python -m pip install --quiet --no-compile $$(grep -E '^(numpy|pytest)==' requirements.txt); }
	touch $@

# KaTeX for build-time math. Without npm the site still builds, with math rendered in the browser.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund; \
	else echo "npm not found: math will be rendered in the browser (install Node.js for build-time KaTeX)"; fi
