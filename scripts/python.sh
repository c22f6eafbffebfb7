#!/usr/bin/env bash
# The Python package's tests: builds and installs `pip install ./python`
# into a fresh virtual environment, with the test requirements, then runs
# pytest (the package's tests and the Spark example's, in local mode).
# Spark needs Java 17 or later: installed from Debian's packages when
# missing. Expects `target/debug/pitchlint` (built by `cargo test`), whose
# `batch` output the package's results must equal.
set -euo pipefail
cd "$(dirname "$0")/.."

java_ok() {
  command -v java >/dev/null 2>&1 &&
    java -version 2>&1 | grep -qE 'version "(1[7-9]|[2-9][0-9])'
}
if ! java_ok; then
  echo "installing Java for Spark (openjdk-17-jre-headless)" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi

venv=target/python-venv
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --upgrade pip
"$venv/bin/pip" install --quiet -r python/requirements-test.txt
"$venv/bin/pip" install --quiet ./python
cargo build --quiet
# From outside the source tree, so `import pitchlint` is the installed one.
(cd "$venv" && bin/python -m pytest -q -p no:cacheprovider "$OLDPWD/python/tests")
