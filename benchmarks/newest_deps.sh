#!/usr/bin/env bash
# Scheduled-style job: install the NEWEST versions pyproject.toml allows (no lock file) in a
# throw-away venv, run the tests, and report which packages differ from the lock and what
# breaks.  A failure here means: pin an upper bound, or fix comity, then run scripts/lock.sh.
set -uo pipefail
cd "$(dirname "$0")/.."
venv=$(mktemp -d /tmp/comity-newest.XXXXXX)
python3 -m venv "$venv"
. "$venv/bin/activate"
python -m pip install --quiet --upgrade pip
python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[test,spark,train]' || {
  echo "newest_deps: install failed"; exit 1; }
echo "== packages newer than requirements-test.lock"
python - <<'PY'
import re
from importlib.metadata import distributions
locked = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", open("requirements-test.lock").read(), re.M))
norm = lambda n: re.sub(r"[-_.]+", "-", n).lower()
locked = {norm(k): v for k, v in locked.items()}
for d in sorted(distributions(), key=lambda d: norm(d.metadata["Name"])):
    name = norm(d.metadata["Name"])
    if name in locked and locked[name] != d.version:
        print(f"  {name}: locked {locked[name]}, newest {d.version}")
PY
echo "== tests with the newest versions"
python -m pytest -q -p no:randomly "$@"
status=$?
deactivate
rm -rf "$venv"
echo "newest_deps: pytest exit status $status"
exit $status
