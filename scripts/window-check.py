#!/usr/bin/env python3
"""Checks an installed Disclose window through WebDriver, as a clerk would see it.

    window-check.py PORT BINARY EXPECT_VERSION SCREENSHOT [USER PASSWORD REFERENCE]

PORT is a WebKitWebDriver already listening (started by scripts/package-test inside the clean
install, under Xvfb, with TAURI_WEBVIEW_AUTOMATION=true); BINARY is the window's program as
that machine sees it. The window must show its sign-in screen with "Disclose EXPECT_VERSION"
in its About line; with USER and PASSWORD it signs in and waits for REFERENCE on the requests
dashboard. A screenshot of the last screen is written to SCREENSHOT. Standard library only: the
clean machine has no Rust or Node, and this runs from outside it.
"""

import base64
import json
import sys
import time
import urllib.error
import urllib.request


def call(port, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=data,
        method=method,
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=90) as r:
            return json.load(r)["value"]
    except urllib.error.HTTPError as e:
        raise SystemExit(f"window-check: WebDriver {method} {path}: {e.code} {e.read()[:300]!r}")


def main():
    port, binary, version, screenshot = sys.argv[1:5]
    sign_in = sys.argv[5:8]
    caps = {"capabilities": {"alwaysMatch": {"webkitgtk:browserOptions": {"binary": binary, "args": []}}}}
    session = call(port, "POST", "/session", caps)["sessionId"]
    s = f"/session/{session}"

    def text(css):
        try:
            el = call(port, "POST", f"{s}/element", {"using": "css selector", "value": css})
        except SystemExit:
            return None
        eid = next(iter(el.values()))
        return call(port, "GET", f"{s}/element/{eid}/property/textContent")

    def wait_for(css, want, what, limit=60):
        deadline = time.time() + limit
        seen = None
        while time.time() < deadline:
            seen = text(css)
            if seen is not None and want in seen:
                return seen
            time.sleep(0.3)
        shot()
        raise SystemExit(f"window-check: no {what} within {limit} s (last {css}: {seen!r})")

    def shot():
        png = base64.b64decode(call(port, "GET", f"{s}/screenshot"))
        with open(screenshot, "wb") as f:
            f.write(png)

    def type_into(css, value):
        el = call(port, "POST", f"{s}/element", {"using": "css selector", "value": css})
        eid = next(iter(el.values()))
        call(port, "POST", f"{s}/element/{eid}/clear", {})
        call(port, "POST", f"{s}/element/{eid}/value", {"text": value})

    try:
        title = wait_for("h1", "Sign in", "sign-in screen")
        about = wait_for("#about-line", f"Disclose {version}", "About line with the version")
        print(f"window-check: the window shows {title!r} and {about.strip()!r}")
        if sign_in:
            user, password, reference = sign_in
            type_into("#signin-name", user)
            type_into("#signin-password", password)
            el = call(port, "POST", f"{s}/element", {"using": "css selector", "value": "#signin-submit"})
            call(port, "POST", f"{s}/element/{next(iter(el.values()))}/click", {})
            wait_for("main", reference, f"request {reference} on the dashboard")
            print(f"window-check: signed in as {user}; the dashboard lists {reference}")
        shot()
        print(f"window-check: screenshot {screenshot}")
    finally:
        try:
            call(port, "DELETE", s)
        except SystemExit:
            pass


if __name__ == "__main__":
    main()
