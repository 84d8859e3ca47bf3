#!/usr/bin/env bash
# Renews the panel's screenshots in docs/screenshots/ (the README shows them): runs the
# PanelScreenshotTests suite, which opens the panel in headless Chromium through the test
# driver (DevTools Page.captureScreenshot) in each state. Build first (swift build --build-tests).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p docs/screenshots
WELLCLIENT_SCREENSHOTS="$PWD/docs/screenshots" scripts/run-tests.sh --filter PanelScreenshotTests
ls -l docs/screenshots/panel-*.png
