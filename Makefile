# The README's two commands: `make run` and `make test`. Everything they need is installed here.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
TORCH := $(shell grep -m1 '^torch==' requirements.txt)
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: run test install install-dev lint bench clean

$(PY):
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# torch first, pinned: otherwise sentence-transformers pulls a multi-GB CUDA build.
$(VENV)/.installed: requirements.txt | $(PY)
	$(PIP) install --quiet "$(TORCH)"
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(PY) -m streamlit run app.py

# Two workers: on a 2-core CI machine the suite is half waiting (servers, browser, I/O). One
# torch thread per worker: two workers with two threads each on two cores made the model
# passes several times slower (threads spinning against each other). Work stealing keeps the
# slow model and browser tests from leaving one worker alone at the end.
PYTEST_WORKERS ?= 2

test: install-dev
	OMP_NUM_THREADS=1 $(PY) -m pytest -n $(PYTEST_WORKERS) --dist worksteal --durations=25

lint: install-dev
	$(PY) -m ruff check assess tests benchmarks app.py
	$(PY) -m ruff format --check assess tests benchmarks app.py

bench: install-dev
	OMP_NUM_THREADS=1 $(PY) benchmarks/properties.py
	OMP_NUM_THREADS=1 $(PY) benchmarks/accuracy_mohler.py
	$(PY) benchmarks/speed.py
	$(PY) benchmarks/console_speed.py
	$(PY) benchmarks/role_fit.py

clean:
	rm -rf $(VENV) .pytest_cache
