"""Real browser: Playwright driving Debian's chromium against the running app.

Chromium comes from `apt-get install chromium`; no browser is ever downloaded. The flags
keep it off the network it cannot reach anyway (background services, component updates).
Screenshots go to test-artifacts/ (docs/screenshot.png is a copy of answer.png).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from retrieval.render import EXAMPLE_QUESTIONS
from retrieval.settings import REPO_ROOT

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO_ROOT / "test-artifacts"
ANSWER_TIMEOUT_MS = 120_000


@pytest.fixture(scope="session")
def browser():
    assert CHROMIUM.exists(), "Debian's chromium is missing: apt-get update && apt-get install -y chromium"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, app_server):
    context = browser.new_context(viewport={"width": 1100, "height": 1400})
    page = context.new_page()
    page.dialogs = []  # every alert/confirm/prompt that fires
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(app_server.url)
    yield page
    context.close()


def ask(page: Page, question: str):
    """Type a question, press Enter, return the new bot message once its disclaimer shows."""
    count = page.locator('[data-testid="bot"]').count()
    box = page.get_by_role("textbox")
    box.fill(question)
    box.press("Enter")
    return wait_for_reply(page, count)


def wait_for_reply(page: Page, previous_count: int):
    messages = page.locator('[data-testid="bot"]')
    expect(messages).to_have_count(previous_count + 1, timeout=ANSWER_TIMEOUT_MS)
    reply = messages.last
    expect(reply).to_contain_text("not medical advice", timeout=ANSWER_TIMEOUT_MS)
    return reply


def test_question_shows_passages_attribution_and_disclaimer(page):
    reply = ask(page, "What causes sciatica?")
    text = reply.inner_text()
    assert "In short:" in text and "Source 1" in text and "Both articles make this point." in text
    assert "John Staughton" in text and "Organic Facts" in text and "LEAFtv" in text and "Relieves Back Pain" in text
    expect(reply.locator('a[href="https://www.organicfacts.net/butt-massage.html"]').first).to_be_visible()
    expect(reply.locator("strong").first).to_be_visible()  # the answering sentence is bold
    page.screenshot(path=str(ARTIFACTS / "answer.png"), full_page=True)


def test_clicking_an_example_asks_it(page):
    count = page.locator('[data-testid="bot"]').count()
    page.locator(f'button[aria-label="Select example 1: {EXAMPLE_QUESTIONS[0]}"]').click()
    reply = wait_for_reply(page, count)
    assert "Source 1" in reply.inner_text()
    expect(page.locator('[data-testid="user"]').last).to_have_text(EXAMPLE_QUESTIONS[0])


def test_html_and_markdown_in_a_message_show_literally(page):
    attack = "<img src=x onerror=alert(1)> ![pixel](https://example.com/p.png) [click](javascript:alert(2))"
    reply = ask(page, attack)
    expect(page.locator('[data-testid="user"]').last).to_have_text(attack)
    time.sleep(0.5)  # let any onerror handler run if one had been rendered
    assert page.dialogs == []
    assert page.locator('[data-testid="user"] img, [data-testid="bot"] img').count() == 0
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert "not medical advice" in reply.inner_text()


def test_phone_width(page):
    page.set_viewport_size({"width": 375, "height": 812})
    reply = ask(page, "Why would tight glutes cause knee pain?")
    expect(reply).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling
    page.screenshot(path=str(ARTIFACTS / "phone.png"))


def test_thumbs_up_is_logged(page, app_server):
    question = "does a glute massage release endorphins?"
    ask(page, question)
    before = app_server.feedback_log.read_text(encoding="utf-8") if app_server.feedback_log.exists() else ""
    page.locator('button[aria-label="Like"]').last.click()  # a fresh page: the only reply is the last one
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        text = app_server.feedback_log.read_text(encoding="utf-8") if app_server.feedback_log.exists() else ""
        new = [json.loads(line) for line in text[len(before) :].splitlines()]
        if new:
            assert new[-1]["rating"] == "up" and new[-1]["question"] == question
            assert "endorphins" in new[-1]["answer"]
            return
        time.sleep(0.2)
    pytest.fail("no feedback line was written after clicking thumbs up")
