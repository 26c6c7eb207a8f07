#!/usr/bin/env bash
# End-to-end test of the desktop window: builds the UI and the app (embedding ui/dist), then
# runs src-tauri/tests/e2e/ under a virtual X display. The test starts WebKitWebDriver
# itself (on a free port, with TAURI_WEBVIEW_AUTOMATION=true) and stops it at the end.
#
# Needs: node/npm, libwebkit2gtk-4.1-dev, xvfb, xauth, webkit2gtk-driver (see DESKTOP.md).
# Screenshots of every main screen: target/screenshots/*.png (docs/screenshots/ holds copies
# referenced from the README). Lines "e2e: FIGURE …" are the figures of BENCHMARKS.md.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ ! -d ui/node_modules ]]; then
    npm --prefix ui ci
fi
npm --prefix ui run build

# The same package set and features as scripts/test-all's `cargo test --workspace`, so that
# nothing is compiled twice, and the binary the test launches (CARGO_BIN_EXE_disclose-desktop)
# is the custom-protocol build that embeds ui/dist.
cargo build --workspace --features disclose-desktop/custom-protocol

xvfb-run -a -s "-screen 0 1366x768x24" \
    timeout 900 \
    cargo test --workspace --features disclose-desktop/custom-protocol --test e2e -- --ignored --nocapture --test-threads=1
