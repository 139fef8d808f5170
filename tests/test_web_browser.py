"""The web app in a real browser: Debian's Chromium, driven by Selenium through Debian's
chromedriver, opens the app served on 127.0.0.1 by a real server thread, searches in Arabic,
opens an article, and checks what a reader sees: right-to-left text, the script-carrying
headline as text, a raw page whose script never ran, a chart drawn, and a console without
errors. Screenshots go to $ARABNEWS_TEST_ARTIFACTS, else test-artifacts/ (ignored by git).
Skipped when Chromium, its driver or Selenium is missing (.ci/run installs them when apt can)."""
from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("flask")
webdriver = pytest.importorskip("selenium.webdriver")

from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from arabnews_archive.archive import Archive  # noqa: E402
from arabnews_archive.web import archive_of, create_app  # noqa: E402
from tests.web_archive import HOSTILE_TITLE, HOSTILE_URL, fill  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
ARTIFACTS = Path(os.environ.get("ARABNEWS_TEST_ARTIFACTS") or Path(__file__).resolve().parent.parent / "test-artifacts")


@pytest.fixture
def served(tmp_path) -> Iterator[tuple[str, dict[str, int]]]:
    """The test archive served by a real threaded server on a free port of 127.0.0.1."""
    db = str(tmp_path / "archive.db")
    with Archive(db) as archive:
        ids = fill(archive)
    app = create_app(db)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", ids
    server.shutdown()
    thread.join()
    archive_of(app).close()


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
        pytest.skip("no Chromium here: apt-get install chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1100,1400",
                     "--lang=ar", "--no-first-run", "--disable-extensions"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:  # the driver's path given: Selenium must not look for (download) one of its own
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    except WebDriverException as exc:
        pytest.skip(f"Chromium does not start here: {exc.msg}")
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def shoot(driver: webdriver.Chrome, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def errors(driver: webdriver.Chrome) -> list[str]:
    """The console's errors since the last call (a CSP violation, a failed load, a script error)."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def direction(driver: webdriver.Chrome, selector: str) -> str:
    return driver.execute_script("return getComputedStyle(document.querySelector(arguments[0])).direction", selector)


def test_a_reader_searches_in_arabic_opens_an_article_and_sees_a_chart(
        served: tuple[str, dict[str, int]], browser: webdriver.Chrome) -> None:
    base, ids = served
    wait = WebDriverWait(browser, 15)
    browser.get(base + "/")
    assert direction(browser, "html") == "rtl" and direction(browser, "main") == "rtl"
    box = browser.find_element(By.NAME, "q")
    box.send_keys("مدرسه")  # ه for ة: found all the same
    box.submit()
    # The home page lists headlines too: wait for the search page itself, then its results.
    wait.until(expected_conditions.url_contains("/search?q="))
    wait.until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "ol.results h2 a")))
    assert "/search?q=" in browser.current_url
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, ".passage mark")]
    assert "مدرسة" in marks
    titles = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "ol.results h2 a")]
    assert HOSTILE_TITLE in titles  # the headline's markup shown as the text it is
    shoot(browser, "search")
    assert errors(browser) == []

    link = browser.find_element(By.CSS_SELECTOR, f'ol.results h2 a[href="/article/{ids[HOSTILE_URL]}"]')
    link.click()
    wait.until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "article.story h1")))
    assert browser.find_element(By.CSS_SELECTOR, "article.story h1").text == HOSTILE_TITLE
    assert direction(browser, "article.story .body") == "rtl"
    assert browser.execute_script("return document.querySelectorAll('article.story script, article.story img').length") == 0
    frame = browser.find_element(By.CSS_SELECTOR, "section.raw iframe")
    browser.execute_script("arguments[0].scrollIntoView()", frame)
    browser.switch_to.frame(frame)  # the stored page, as received: shown, its script never run
    wait.until(lambda d: "عاجل" in d.find_element(By.TAG_NAME, "h1").text)
    assert browser.title != "ran" and browser.execute_script("return document.title") != "ran"
    browser.switch_to.default_content()
    assert browser.execute_script("return document.body.dataset.ran") is None
    shoot(browser, "article")
    assert errors(browser) == []

    browser.get(base + "/attention?q=مدرسة&q=المنتخب&by=month")
    image = browser.find_element(By.CSS_SELECTOR, "figure.chart img")
    wait.until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image) > 0)
    assert image.size["width"] > 300 and image.size["height"] > 100
    assert direction(browser, "table.numbers") == "rtl"
    shoot(browser, "attention")
    assert errors(browser) == []

    browser.set_window_size(390, 844)  # a phone: one column, nothing wider than the screen
    browser.get(base + "/article/" + str(ids[HOSTILE_URL]))
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    shoot(browser, "article-phone")
