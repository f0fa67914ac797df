# Two commands set everything up from a bare python3 (3.10+):
#   make run    create .venv, install actlab into it, start the app
#   make test   the same with the test extras, then run the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench clean

run: $(VENV)/.installed
	$(BIN)/actlab $(ARGS)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed-test
	$(BIN)/python bench/core_bench.py
	$(BIN)/python bench/backward_bench.py
	$(BIN)/python bench/data_bench.py
	$(BIN)/python bench/keystroke_bench.py
	$(BIN)/python bench/startup_bench.py
	$(BIN)/python bench/train_bench.py
	$(BIN)/python bench/train_screen_bench.py
	$(BIN)/python bench/image_train_bench.py

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
	  { echo "actlab needs Python 3.10 or newer; $(PYTHON) is $$($(PYTHON) --version)"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "python3 -m venv failed: on Debian or Ubuntu, install it with 'apt-get install python3-venv'"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install when the dependencies change; the project itself is editable.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
