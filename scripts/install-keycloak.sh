#!/usr/bin/env bash
# Installs Keycloak (the Quarkus distribution from Maven Central, org.keycloak:keycloak-quarkus-dist) into
# .cache/keycloak-<version>/ for the end-to-end tests. Idempotent: a complete install is left alone, a
# downloaded zip is reused. Needs Maven (scripts/install-system.sh) and a Java 17+ runtime to run it.
#   scripts/install-keycloak.sh                 # KEYCLOAK_VERSION defaults to the newest 26.x checked here
#   KEYCLOAK_VERSION=26.5.6 scripts/install-keycloak.sh
set -euo pipefail

VERSION="${KEYCLOAK_VERSION:-26.7.3}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache"
DEST="$CACHE/keycloak-$VERSION"
ZIP="$CACHE/keycloak-quarkus-dist-$VERSION.zip"
MARKER="$DEST/.installed"

if [[ -f "$MARKER" && -x "$DEST/bin/kc.sh" ]]; then
  echo "Keycloak $VERSION already installed in $DEST"
  exit 0
fi

mkdir -p "$CACHE"
if [[ ! -s "$ZIP" ]]; then
  command -v mvn >/dev/null || { echo "mvn not found: run scripts/install-system.sh" >&2; exit 1; }
  echo "Downloading org.keycloak:keycloak-quarkus-dist:$VERSION:zip with Maven ..."
  # Maven's own client and settings (mirrors, proxies) fetch the artifact and check its checksum.
  mvn -q -B -Dmaven.repo.local="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}" \
    dependency:copy \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$VERSION:zip" \
    -DoutputDirectory="$CACHE" \
    -Dmdep.overWriteReleases=true
fi
[[ -s "$ZIP" ]] || { echo "download failed: $ZIP is missing" >&2; exit 1; }

# Unpack beside the target and move into place, so an interrupted run never leaves a half install behind.
STAGING="$(mktemp -d "$CACHE/keycloak-unpack.XXXXXX")"
trap 'rm -rf "$STAGING"' EXIT
unzip -q "$ZIP" -d "$STAGING"
[[ -x "$STAGING/keycloak-$VERSION/bin/kc.sh" ]] || { echo "unexpected zip layout in $ZIP" >&2; exit 1; }
rm -rf "$DEST"
mv "$STAGING/keycloak-$VERSION" "$DEST"
echo "$VERSION" >"$MARKER"
echo "Keycloak $VERSION installed in $DEST"
