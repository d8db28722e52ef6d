#!/bin/sh
# The browser tests drive the system Chromium (test tools cannot download browsers here).
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Chromium not found: installing the Debian package 'chromium'..."
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null && [ -x "$CHROMIUM" ] && exit 0
fi
echo "Chromium is needed for the browser tests (tests/e2e) and was not found at $CHROMIUM." >&2
echo "Install it with: sudo apt-get install chromium   (or set CHROMIUM=/path/to/chromium)" >&2
exit 2
