#!/usr/bin/env bash
# Refreshes the README's pictures and browser figures: runs the browser tests with
# their screenshots written to docs/screenshots/ (a test run writes them under
# target/screenshots/), then measures page load and frame times in headless
# Chromium into docs/screenshots/timings.json (scripts/page-timings.mjs),
# screenshots of the demo week's bulletin (scripts/bulletin-shots.mjs) and of the
# page loading 10M problems (scripts/scale-shots.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export CIVICMAP_SHOTS=docs/screenshots
node --test --test-concurrency=1 tests/e2e/
node scripts/page-timings.mjs
# The weekly bulletin of the demo week, printed at A4 width (civicmap bulletin).
node scripts/bulletin-shots.mjs
# Ten million problems: the point tree built, then the heatmap prepared, between frames.
node scripts/scale-shots.mjs
git status --short docs/screenshots
