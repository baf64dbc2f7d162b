#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests (tests/browser), where that is possible.
# It never fails the build: without Chromium the browser tests skip with a message that
# says how to install it, and under CI=true they fail instead (see tests/browser/conftest.py).
# CHROMIUM_PATH, when set, names the browser to use instead and nothing is installed.
set -u

have_chromium() {
  if [ -n "${CHROMIUM_PATH:-}" ]; then
    [ -x "$CHROMIUM_PATH" ]
    return
  fi
  [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1 \
    || command -v chromium-browser >/dev/null 2>&1
}

if have_chromium; then
  exit 0
fi
if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable; the browser tests will not run."
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests (apt-get)..."
  if apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; then
    echo "Installed: $(chromium --version 2>/dev/null || echo chromium)"
  else
    echo "Could not install chromium; the browser tests will skip (or fail under CI=true)."
  fi
else
  echo "Chromium is not installed; the browser tests will skip (or fail under CI=true)."
  echo "To run them: sudo apt-get update && sudo apt-get install -y chromium  (Debian/Ubuntu)"
fi
exit 0
