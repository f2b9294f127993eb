"""The docs page in a real browser: Debian's headless Chromium, driven by Selenium.

The browser reaches 127.0.0.1 and nothing else, so the page proves it works
offline: Swagger UI's assets come from the flask-swagger-ui wheel, the spec
from the app. The page is served under a strict Content-Security-Policy (no
inline script), which a page needing one would break. Screenshots of the page
and of the expanded operations go to ``test-artifacts/docs/``;
``docs/_static/docs-page.png`` is a copy of the first, shown in the custom codes guide.
"""

from __future__ import annotations

import json
import typing as t
from collections.abc import Iterator
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from contractkit.specfile.locations import iter_operations
from contractkit.state import app_state
from example_app import create_app

from ..tools import artifact_dir, require

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
INSTALL = "apt-get install chromium chromium-driver (.ci/run does)"
#: Seconds to wait for Swagger UI to render; it takes well under one here.
TIMEOUT = 20

#: Headless, no first-run work, no background traffic, and a network cut off
#: except for 127.0.0.1: every other host name fails to resolve, no proxy.
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-proxy-server",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--window-size=1280,1600",
)

#: The example app's custom codes: operation, code, reason phrase, fallback.
CUSTOM_CODES = [
    ("GET", "/custom", "299", "Completed With Warnings", "200"),
    ("GET", "/search", "460", "Tier Limit Exceeded", "429"),
    ("GET", "/jobs/{job_id}", "499", "Client Closed Request", "400"),
]


#: What an app with a strict policy sends: scripts from its own origin only, none inline.
CSP = (
    "default-src 'self'; script-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'"
)


@pytest.fixture
def app() -> Flask:
    """The example app, its every response under a strict Content-Security-Policy."""
    app = create_app({"TESTING": True})

    @app.after_request
    def strict_policy(response: t.Any) -> t.Any:
        response.headers["Content-Security-Policy"] = CSP
        return response

    return app


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    """Headless Chromium with a new, empty profile, that can reach 127.0.0.1 only."""
    options = webdriver.ChromeOptions()
    options.binary_location = require(
        CHROMIUM if Path(CHROMIUM).exists() else None, "Chromium", INSTALL
    )
    for flag in (*FLAGS, f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    # The performance log lists every request the page makes.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    # With the driver's path given, Selenium Manager (which would download one) never runs.
    driver_path = require(
        CHROMEDRIVER if Path(CHROMEDRIVER).exists() else None, "chromedriver", INSTALL
    )
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    try:
        yield driver
    finally:
        driver.quit()


def _operation(browser: WebDriver, method: str, path: str) -> WebElement:
    for block in browser.find_elements(By.CSS_SELECTOR, ".opblock"):
        summary_path = block.find_element(By.CSS_SELECTOR, ".opblock-summary-path")
        summary_method = block.find_element(By.CSS_SELECTOR, ".opblock-summary-method")
        if summary_path.get_attribute("data-path") == path and summary_method.text == method:
            return block
    raise AssertionError(f"the docs page shows no operation {method} {path}")


def _requested_hosts(browser: WebDriver) -> set[str]:
    hosts = set()
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = urlsplit(message["params"]["request"]["url"])
            # chrome://, data: and blob: URLs are the browser's own, not network traffic.
            if url.scheme in ("http", "https", "ws", "wss"):
                hosts.add(url.hostname or "")
    return hosts


def test_docs_page_shows_the_custom_codes_and_their_phrases(
    browser: WebDriver, app: Flask, live_url: str
) -> None:
    operations = sum(1 for _ in iter_operations(app_state(app).documents().spec))
    browser.get(f"{live_url}/docs/")
    wait = WebDriverWait(browser, TIMEOUT)
    # Rendered once every operation of the spec is on the page.
    wait.until(lambda _: len(browser.find_elements(By.CSS_SELECTOR, ".opblock")) == operations)
    artifacts = artifact_dir("docs")
    browser.save_screenshot(str(artifacts / "docs-page.png"))

    # The custom codes head the page, in a table Swagger UI could not draw.
    table = browser.find_element(By.ID, "status-codes")
    assert table.location["y"] < browser.find_element(By.CSS_SELECTOR, ".opblock").location["y"]
    rows = [
        [cell.text for cell in row.find_elements(By.CSS_SELECTOR, "th, td")]
        for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")
    ]
    assert [row[:3] for row in rows] == [
        [code, phrase, f"{fallback} {HTTPStatus(int(fallback)).phrase}"]
        for _, _, code, phrase, fallback in sorted(CUSTOM_CODES, key=lambda c: c[2])
    ]
    assert all(row[3] for row in rows), "every custom code has its description"

    for method, path, code, phrase, fallback in CUSTOM_CODES:
        block = _operation(browser, method, path)
        block.find_element(By.CSS_SELECTOR, ".opblock-summary").click()
        selector = f'tr.response[data-code="{code}"]'
        row = wait.until(lambda _, block=block, selector=selector: _shown(block, selector))
        description = row.find_element(By.CSS_SELECTOR, ".response-col_description").text
        assert description.startswith(f"{phrase}: "), description
        assert f"x-fallback: {fallback}" in description
        # The fallback a client may ask for is listed too, with what it stands for.
        standing_in = block.find_element(By.CSS_SELECTOR, f'tr.response[data-code="{fallback}"]')
        assert f"in place of {code}" in standing_in.text
        # What a person sees who scrolls to the custom code.
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", row)
        name = path.strip("/").replace("/", "-").replace("{", "").replace("}", "")
        browser.save_screenshot(str(artifacts / f"docs-{name}-{code}.png"))

    problems = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not problems, problems
    assert _requested_hosts(browser) == {"127.0.0.1"}


def _shown(block: WebElement, selector: str) -> WebElement | t.Literal[False]:
    rows = block.find_elements(By.CSS_SELECTOR, selector)
    return rows[0] if rows and rows[0].is_displayed() else False


def test_the_browser_reaches_nothing_but_127_0_0_1(browser: WebDriver) -> None:
    with pytest.raises(WebDriverException, match="ERR_NAME_NOT_RESOLVED"):
        browser.get("http://example.com/")
