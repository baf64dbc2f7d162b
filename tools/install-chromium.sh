#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests, where that is possible.
# It never fails the build: without Chromium the browser tests skip (or fail
# under CI=true) with a message that says how to install it.
set -u
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    || echo "Could not install chromium; the browser tests will skip."
else
  echo "Chromium is not installed; the browser tests will skip."
  echo "To run them: sudo apt-get install chromium  (Debian/Ubuntu)"
fi
exit 0
