#!/usr/bin/env bash
# The one test command (README): lint + format check, type-check, unit + integration tests, production build,
# e2e in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "lint and format check (Biome)"
npm run --silent lint

step "type-check"
npx tsc --noEmit

step "production build"
npx next build

# The HTTP-level security tests run `next start` on this same build (test/security), so build first.
step "unit and integration tests (vitest)"
BINARYGATE_DIST_DIR=.next npx vitest run

step "e2e (Playwright, Debian Chromium)"
chromium_bin="${PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium_bin" ]; then
  echo "Chromium not found at $chromium_bin: install Debian's chromium (apt-get install -y chromium) or set PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH." >&2
  exit 1
fi
npx playwright test
