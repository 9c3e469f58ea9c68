#!/usr/bin/env python3
"""Checks `allot place --report`: the HTML page of a plan.

Usage: check_html_report.py MODE ALLOT SOURCE_DIR WORK_DIR

  static   two runs give the same bytes; nothing external (no http(s) src/href, no <link>,
           no @import, no script); names escaped; a generated 10,000-node fleet's page stays
           under 5 MB
  browser  headless Chromium loads the page with no console message, its DOM holds every
           cluster by name and every node, and a screenshot is written to
           WORK_DIR/html-report.png (exit 77, skipped, without Chromium)
"""
import html.parser
import os
import re
import shutil
import subprocess
import sys
import time

MODE, ALLOT, SOURCE, WORK = sys.argv[1:5]
FIXTURE = os.path.join(SOURCE, "tests/cli/fixtures/report")
# The fixture's clusters and their node counts, as the inventory has them.
CLUSTERS = {"lab": 4, 'r&d <"west">': 1}


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def report(path, policy=None, inventory=None, jobs=None):
    """Runs allot place --report PATH on the fixture (or the given inputs); the page's bytes."""
    cmd = [ALLOT, "place", "-p", policy or os.path.join(FIXTURE, "report.allot"),
           "-i", inventory or os.path.join(FIXTURE, "inventory.yaml"),
           jobs or os.path.join(FIXTURE, "jobs"), "--report", path, "-o", path + ".txt"]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if run.returncode not in (0, 1):
        fail(f"{' '.join(cmd)}: exit {run.returncode}\n{run.stderr}")
    with open(path, "rb") as f:
        return f.read()


def check_self_contained(page, what):
    text = page.decode("utf-8")
    for pattern in [r"(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", r"<link\b", r"@import", r"<script\b",
                    r"url\s*\(", r"<iframe\b", r"<img\b"]:
        if re.search(pattern, text, re.IGNORECASE):
            fail(f"{what}: external resource or script: /{pattern}/")


def fleet():
    """The page of a fleet: 10,000 nodes in 100 clusters, 5,000 jobs of 1 to 8 GPUs."""
    inv = os.path.join(WORK, "fleet.yaml")
    with open(inv, "w") as f:
        f.write("apiVersion: allot/v1\nkind: Inventory\nclusters:\n")
        for c in range(100):
            f.write(f"  - name: cluster-{c:03}\n    nodes:\n")
            for n in range(100):
                f.write(f"      - name: cluster-{c:03}-node-{n:03}\n"
                        f"        capacity: {{gpu: 8, vcpu: 96, memory: 1TiB}}\n")
    jobs = os.path.join(WORK, "fleet-jobs")
    os.makedirs(jobs, exist_ok=True)
    with open(os.path.join(jobs, "jobs.yaml"), "w") as f:
        for j in range(5000):
            f.write(f"---\napiVersion: allot/v1\nkind: Job\nmetadata: {{name: job-{j:05}, user: u{j % 500}}}\n"
                    f"spec:\n  resources: {{gpu: {1 + j % 8}, vcpu: 8, memory: 64GiB}}\n")
    policy = os.path.join(WORK, "fleet.allot")
    with open(policy, "w") as f:
        f.write("policy fleet\nresource gpu count\nresource vcpu count\nresource memory bytes\n"
                "tier base { per user { gpu <= 40 } }\ndefault tier base\n")
    return report(os.path.join(WORK, "fleet.html"), policy, inv, jobs)


def static():
    os.makedirs(WORK, exist_ok=True)
    first = report(os.path.join(WORK, "a.html"))
    second = report(os.path.join(WORK, "b.html"))
    if first != second:
        fail("two runs on the same input differ")
    check_self_contained(first, "fixture")
    text = first.decode("utf-8")
    want = '<h2>r&amp;d &lt;&quot;west&quot;&gt;</h2>'
    if want not in text:
        fail(f"no escaped cluster heading {want}")
    if 'r&d <' in text or "rd-a'1" in text:
        fail("a name is not escaped")
    page = fleet()
    check_self_contained(page, "fleet")
    nodes = page.count(b'<rect class="node ')
    if nodes != 10000:
        fail(f"fleet: {nodes} node rects, expected 10000")
    if len(page) >= 5_000_000:
        fail(f"fleet: the page is {len(page)} bytes, over 5 MB")
    print(f"fleet of 10000 nodes: {len(page)} bytes")


class Dom(html.parser.HTMLParser):
    """Clusters (data-cluster and heading) and node rects per cluster, from the dumped DOM."""

    def __init__(self):
        super().__init__()
        self.clusters, self.nodes, self.headings = [], {}, []
        self.current, self.in_h2 = None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and "cluster" in (a.get("class") or "").split():
            self.current = a.get("data-cluster")
            self.clusters.append(self.current)
            self.nodes[self.current] = 0
        elif tag == "rect" and "node" in (a.get("class") or "").split() and self.current is not None:
            self.nodes[self.current] += 1
        elif tag == "h2" and self.current is not None:
            self.in_h2, self.headings = True, self.headings + [""]

    def handle_endtag(self, tag):
        if tag == "h2":
            self.in_h2 = False
        elif tag == "section":
            self.current = None

    def handle_data(self, data):
        if self.in_h2:
            self.headings[-1] += data


def chromium(url, *extra):
    """Runs headless Chromium on `url`: (stdout, console lines of its log)."""
    profile = os.path.join(WORK, "chromium-profile")
    shutil.rmtree(profile, ignore_errors=True)
    cmd = [BROWSER, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--hide-scrollbars",
           f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *extra, url]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        fail(f"{' '.join(cmd)}: exit {run.returncode}\n{run.stderr}")
    # Chromium logs each console message (errors, uncaught exceptions, failed loads) as CONSOLE.
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    return run.stdout, console


def browser():
    global BROWSER
    BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
    if not BROWSER:
        print("skipped: chromium not installed")
        sys.exit(77)
    os.makedirs(WORK, exist_ok=True)
    # The console check must be able to fail: a page with a script error is caught.
    bad = os.path.join(WORK, "bad.html")
    with open(bad, "w") as f:
        f.write("<!DOCTYPE html><title>bad</title><script>no_such_function();</script>\n")
    _, console = chromium("file://" + bad, "--dump-dom")
    if not any("no_such_function" in line for line in console):
        fail("the console check missed the script error of a broken page")

    page = os.path.join(WORK, "plan.html")
    report(page)
    dom, console = chromium("file://" + page, "--dump-dom")
    if console:
        fail("console messages:\n" + "\n".join(console))
    parsed = Dom()
    parsed.feed(dom)
    got = dict(zip(parsed.clusters, (parsed.nodes[c] for c in parsed.clusters)))
    if parsed.clusters != list(CLUSTERS) or got != CLUSTERS:
        fail(f"clusters and node counts in the DOM: {got}, expected {CLUSTERS}")
    if parsed.headings[:len(CLUSTERS)] != list(CLUSTERS):
        fail(f"cluster headings {parsed.headings}, expected {list(CLUSTERS)}")
    if dom.count('<tr data-code="P301">') != 2:
        fail("expected 2 rows of unplaced jobs in the DOM")

    shot = os.path.join(WORK, "html-report.png")
    if os.path.exists(shot):
        os.remove(shot)
    _, console = chromium("file://" + page, f"--screenshot={shot}", "--window-size=1200,1400")
    if console:
        fail("console messages:\n" + "\n".join(console))
    with open(shot, "rb") as f:
        if f.read(8) != b"\x89PNG\r\n\x1a\n":
            fail(f"{shot} is not a PNG")
    print(f"screenshot: {shot}")

    # A fleet's page opens, whole, within the run's timeout.
    fleet()
    start = time.monotonic()
    dom, console = chromium("file://" + os.path.join(WORK, "fleet.html"), "--dump-dom")
    if console:
        fail("fleet: console messages:\n" + "\n".join(console[:5]))
    parsed = Dom()
    parsed.feed(dom)
    if len(parsed.clusters) != 100 or sum(parsed.nodes.values()) != 10000:
        fail(f"fleet: {len(parsed.clusters)} clusters and {sum(parsed.nodes.values())} nodes in the DOM")
    print(f"fleet of 10000 nodes loaded in {time.monotonic() - start:.1f} s")


{"static": static, "browser": browser}[MODE]()
