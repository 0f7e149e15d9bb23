"""A new user's walk through the dashboard in a real (headless) Chromium: `comity demo`
builds the store, `comity serve` serves it, and the trend leads to its sentences.

Skipped when Playwright or the Chromium from shared/tools/chromium.sh is unavailable.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import shared_path

sync_api = pytest.importorskip("playwright.sync_api")

REPO = Path(__file__).resolve().parents[1]
IMG = REPO / "docs" / "img"
CLI = "import sys; from comity.cli import main; sys.argv[0] = 'comity'; main()"


def _chromium() -> str:
    script = shared_path("tools", "chromium.sh")
    try:
        out = subprocess.run(["bash", str(script)], capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired):
        pytest.skip("Chromium unavailable")
    path = out.stdout.strip()
    if out.returncode or not path or not os.path.exists(path):
        pytest.skip("Chromium unavailable")
    return path


def _comity(*args, **kw):
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    return subprocess.Popen([sys.executable, "-c", CLI, *args], env=env, **kw)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    chromium = _chromium()
    out = tmp_path_factory.mktemp("demo")
    demo = _comity("demo", "--out", str(out), "--model", "none",
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, err = demo.communicate(timeout=900)
    assert demo.returncode == 0, err
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = _comity("serve", "--db", str(out / "comity.duckdb"), "--port", str(port),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/", timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("comity serve did not start")
    yield url, chromium
    proc.terminate()
    proc.wait(timeout=10)


def test_from_trend_to_sentences(server, tmp_path):
    url, chromium = server
    IMG.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--headless=new"])
        page = browser.new_page(viewport={"width": 1200, "height": 900}, accept_downloads=True)
        blocked = []
        page.on("request", lambda r: None if r.url.startswith(url) else blocked.append(r.url))
        page.goto(url + "/")
        page.fill("input[name=a]", "Pakistan")
        page.fill("input[name=b]", "RUS")
        page.click("button[type=submit]")
        page.wait_for_selector("svg.chart")
        assert "Pakistan" in page.inner_text("h1") and "Russia" in page.inner_text("h1")
        assert page.locator(".timeline li").count() > 0  # meetings timeline
        assert page.locator("svg .mark").count() > 0
        page.screenshot(path=str(IMG / "dashboard-dyad.png"), full_page=False)

        # click the busiest period of the trend
        busiest = page.evaluate("""() => {
            let best = null, most = -1;
            for (const a of document.querySelectorAll('a.period')) {
                const n = parseInt(a.querySelector('title').textContent.split(': ')[1]);
                if (n > most) { most = n; best = a.dataset.period; }
            }
            return best; }""")
        page.click(f'a.period[data-period="{busiest}"] rect.hit', force=True)
        page.wait_for_selector("table.events")
        assert page.url.startswith(url + "/events")
        evidence = page.locator("td.evidence q").first.inner_text()
        assert len(evidence) > 20
        page.screenshot(path=str(IMG / "dashboard-events.png"), full_page=False)

        # filter by domain and export what is shown
        page.goto(url + "/")
        page.fill("input[name=a]", "PAK")
        page.fill("input[name=b]", "RUS")
        page.fill("input[name=domain]", "security")
        page.click("button[type=submit]")
        page.wait_for_selector("svg.chart")
        page.click("nav >> text=Events")
        page.wait_for_selector("table.events")
        total = int(page.inner_text("#total"))
        assert "domain=security" in page.url and total > 0
        with page.expect_download() as dl:
            page.click("#export-csv")
        saved = tmp_path / "events.csv"
        dl.value.save_as(saved)
        lines = saved.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("date,") and len(lines) >= total + 1
        assert all("security" in d for d in page.locator("tbody td:nth-child(8)").all_inner_texts())

        # open the document behind an event
        page.locator("a.doc").first.click()
        page.wait_for_selector("article.doctext")
        assert page.locator("mark.ext").count() > 0
        page.locator("mark.ext").first.hover()
        page.screenshot(path=str(IMG / "dashboard-document.png"), full_page=False)
        browser.close()
    assert blocked == []  # nothing fetched from anywhere but the dashboard
