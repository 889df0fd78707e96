#!/usr/bin/env bash
# Installs what civicmap needs on a fresh Debian machine with rustup, Node 20 and
# npm, then builds the wasm module into www/pkg/. Safe to run again: every step is
# skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }

log "rust target wasm32-unknown-unknown"
rustup target add wasm32-unknown-unknown >/dev/null

# The CLI must match the wasm-bindgen crate in Cargo.lock exactly.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  log "wasm-bindgen-cli $want (was: ${have:-none}); about 2-3 minutes"
  # No --locked: the registry here can lag the CLI's own lock file.
  cargo install wasm-bindgen-cli --version "$want"
fi

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
# A CJK font, so page screenshots show the Chinese text instead of boxes.
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || need_apt+=(fonts-wqy-microhei)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ -f package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# esda and libpysal for the Gi* comparison (tests/it/hotspots.rs), SedonaDB and DuckDB
# with its spatial extension for the joins over the GeoParquet export
# (tests/py/sql_joins.py), in a venv under target/ so that nothing outside the
# build folder changes.
if ! target/py/bin/python -c 'import esda, libpysal, duckdb, duckdb_extension_spatial, sedonadb, pyarrow' 2>/dev/null; then
  log "Python venv target/py: esda, libpysal, duckdb, duckdb-extension-spatial, sedonadb, pyarrow (tests/py/requirements.txt)"
  [ -x target/py/bin/python ] || python3 -m venv target/py
  target/py/bin/pip install --quiet --disable-pip-version-check -r tests/py/requirements.txt
fi

bash scripts/build-wasm.sh
