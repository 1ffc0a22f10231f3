# The README's quick start: `make run` and `make test`. Both call tools/dev.py, which also works on
# Windows without make (`py tools\dev.py run`, `py tools\dev.py test`).
PYTHON ?= python3

.PHONY: run test test-slow demo translations lock bench frozen frozen-smoke
run:
	$(PYTHON) tools/dev.py run

test:
	$(PYTHON) tools/dev.py test $(PYTEST_ARGS)

# The long soak runs (1,000 crash trials …): not part of `make test`.
test-slow:
	$(PYTHON) tools/dev.py test -m slow

demo:
	$(PYTHON) tools/dev.py demo

# The one-folder frozen build in dist/xueji (installer/xueji.spec, docs/design/frozen-build.md).
frozen:
	$(PYTHON) tools/dev.py freeze

# Runs the frozen programs: --version, about, demo, check, the GUI offscreen (installer/smoke_test.py).
frozen-smoke:
	.venv/bin/python installer/smoke_test.py dist/xueji

translations:
	.venv/bin/python -m xueji_desktop.ui.i18n

bench:
	.venv/bin/python benchmarks/open_archive.py

lock:
	.venv/bin/pip freeze --exclude-editable | grep -v -i '^xueji' > requirements.lock.new
	@echo "review requirements.lock.new, then move it over requirements.lock (keep the header)"
