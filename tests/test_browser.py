"""Real browser: Playwright driving Debian's chromium against the running app.

Chromium comes from `apt-get install chromium`; no browser is ever downloaded. The flags
keep it off the network it cannot reach anyway (background services, component updates).
Screenshots go to test-artifacts/ (docs/screenshot.png is a copy of answer.png).
"""

from __future__ import annotations

import json
import re
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
    context = browser.new_context(viewport={"width": 1280, "height": 900})
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
    expect(reply).to_contain_text(re.compile("not medical advice", re.IGNORECASE), timeout=ANSWER_TIMEOUT_MS)
    return reply


def test_question_shows_passages_attribution_and_disclaimer(page):
    reply = ask(page, "What causes sciatica?")
    text = reply.inner_text()
    assert "In short:" in text and "Source 1" in text and "Both articles make this point." in text
    assert "John Staughton" in text and "Organic Facts" in text and "LEAFtv" in text and "Relieves Back Pain" in text
    # the source links open the article at the quoted sentence (a URL text fragment)
    link = reply.locator('a[href^="https://www.organicfacts.net/butt-massage.html#:~:text="]').first
    expect(link).to_be_visible()
    expect(reply.locator("strong").first).to_be_visible()  # the answering sentence is bold
    assert "Not medical advice" in text and "qualified health professional" not in text  # one short line
    expect(page.locator("#sources")).to_contain_text("qualified health professional")  # the full text: footer
    page.screenshot(path=str(ARTIFACTS / "answer.png"), full_page=True)


def test_clicking_an_example_asks_it(page):
    count = page.locator('[data-testid="bot"]').count()
    page.locator(f'button[aria-label="Select example 1: {EXAMPLE_QUESTIONS[0]}"]').click()
    reply = wait_for_reply(page, count)
    assert "Source 1" in reply.inner_text()
    expect(page.locator('[data-testid="user"]').last).to_have_text(EXAMPLE_QUESTIONS[0])


def test_questions_a_reply_suggests_are_buttons_that_ask_them(page):
    ask(page, "Write me a poem about cats")
    count = page.locator('[data-testid="bot"]').count()
    page.get_by_role("button", name=EXAMPLE_QUESTIONS[1], exact=True).last.click()
    reply = wait_for_reply(page, count)
    assert "Source 1" in reply.inner_text()
    expect(page.locator('[data-testid="user"]').last).to_have_text(EXAMPLE_QUESTIONS[1])


def test_html_and_markdown_in_a_message_show_literally(page):
    attack = "<img src=x onerror=alert(1)> ![pixel](https://example.com/p.png) [click](javascript:alert(2))"
    reply = ask(page, attack)
    expect(page.locator('[data-testid="user"]').last).to_have_text(attack)
    time.sleep(0.5)  # let any onerror handler run if one had been rendered
    assert page.dialogs == []
    assert page.locator('[data-testid="user"] img, [data-testid="bot"] img').count() == 0
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert "not medical advice" in reply.inner_text().lower()


def boxes_overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


@pytest.mark.parametrize("width, height", [(375, 812), (1280, 900)])
def test_each_reply_shows_from_its_first_line_and_no_control_covers_it(page, width, height):
    page.set_viewport_size({"width": width, "height": height})
    ask(page, "What causes sciatica?")
    reply = ask(page, "Why would tight glutes cause knee pain?")
    time.sleep(1.0)  # the smooth scroll to the reply's start
    lead = reply.locator("strong").first  # "In short:" opens every answer
    box = lead.bounding_box()
    assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= height, box
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
    assert page.locator('button[aria-label="Share"], button[aria-label="Copy all messages"]').count() == 0
    text_box = reply.bounding_box()
    for button in page.locator('button[aria-label="Like"], button[aria-label="Dislike"]').all():
        if button.is_visible():
            assert not boxes_overlap(button.bounding_box(), lead.bounding_box())
    assert text_box is not None
    page.screenshot(path=str(ARTIFACTS / ("phone.png" if width < 500 else "desktop.png")))


def test_the_inspect_view_shows_signals_and_decisions(page):
    page.get_by_text("Inspect retrieval (for testing)").click()
    box = page.locator("#inspect-question textarea, #inspect-question input").first
    box.fill("Which massage gun should I buy?")
    page.get_by_role("button", name="Inspect", exact=True).click()
    details = page.locator("#inspect-details")
    expect(details).to_contain_text("margin", timeout=ANSWER_TIMEOUT_MS)
    expect(details).to_contain_text("not_covered")
    expect(details.locator("table")).to_be_visible()
    page.get_by_text("Evaluation report").click()
    expect(page.get_by_text("red flags caught").first).to_be_visible()


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
