#!/usr/bin/env bash
# Re-lock the dependencies after changing pyproject.toml: requirements.lock (what
# `pip install .` needs) and requirements-test.lock (plus the test, spark and train extras).
# The README's set-up commands and .ci/run install from these files, so a fresh machine
# gets the versions that were tested.  Needs pip-tools (pip install pip-tools).
set -euo pipefail
cd "$(dirname "$0")/.."
opts=(--quiet --strip-extras --no-emit-index-url --no-emit-find-links --allow-unsafe)
pip-compile "${opts[@]}" -o requirements.lock pyproject.toml
pip-compile "${opts[@]}" --extra test --extra spark --extra train -o requirements-test.lock pyproject.toml
echo "locked: requirements.lock ($(grep -c '==' requirements.lock) pins)," \
     "requirements-test.lock ($(grep -c '==' requirements-test.lock) pins)"
