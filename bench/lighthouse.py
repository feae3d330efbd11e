"""Lighthouse 12 (mobile settings) on the families' pages in both languages (/,
/contact/, /es/, /es/contact/, the privacy notice, and a content page in English
and at /es/ where it has no Spanish text yet), served by
gunicorn with production settings on PostgreSQL. Prints each category's score,
the median of 3 runs. Needs `npm install --prefix bench` (Lighthouse 12.x) once.
Usage: .venv/bin/python bench/lighthouse.py [--runs 3]
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.servers import (  # noqa: E402
    CONTENT_PAGE,
    DB_PREFIX,
    FICTIONAL_PRACTICE,
    fresh_database,
    gunicorn,
    migrated_env,
    uptime,
)

LIGHTHOUSE = Path(__file__).with_name("node_modules") / ".bin" / "lighthouse"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PATHS = ["/", "/contact/", "/es/", "/es/contact/", "/privacy/", "/about/", "/es/about/"]


def lighthouse_report(url, categories, attempts=3):
    """One report; a run Lighthouse aborts (NO_NAVSTART under heavy load) is retried."""
    for attempt in range(attempts):
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            finished = subprocess.run(
                [
                    str(LIGHTHOUSE),
                    url,
                    "--quiet",
                    "--output=json",
                    f"--output-path={out.name}",
                    f"--chrome-flags={CHROME_FLAGS}",
                    "--only-categories=" + ",".join(categories),
                ],
                env={"CHROME_PATH": "/usr/bin/chromium", "PATH": "/usr/bin:/bin"},
            )
            if finished.returncode == 0:
                return json.loads(Path(out.name).read_text())
        print(f"{url}: Lighthouse failed (attempt {attempt + 1} of {attempts})")
    raise SystemExit(f"Lighthouse failed {attempts} times on {url}")


def lighthouse(url):
    """Each category's score, and the weighted audits not fully passed."""
    report = lighthouse_report(url, CATEGORIES)
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    flagged = {
        ref["id"]
        for c in CATEGORIES
        for ref in report["categories"][c]["auditRefs"]
        if ref["weight"] and (report["audits"][ref["id"]]["score"] or 0) < 1
    }
    return scores, flagged


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(LIGHTHOUSE.parents[2]),
                "--no-audit",
                "--no-fund",
            ],
            check=True,
        )

    env = migrated_env(
        fresh_database(DB_PREFIX + "_lighthouse"), CONTENT_PAGE, **FICTIONAL_PRACTICE
    )
    with gunicorn(env) as site:
        print(uptime())
        print(f"Lighthouse 12, mobile, median of {args.runs} runs")
        print(f"{'':12}" + "".join(f"{c:>16}" for c in CATEGORIES))
        for path in PATHS:
            runs = [lighthouse(site + path) for _ in range(args.runs)]
            medians = {c: statistics.median(r[c] for r, _ in runs) for c in CATEGORIES}
            print(f"{path:12}" + "".join(f"{medians[c]:>16.0f}" for c in CATEGORIES))
            flagged = sorted(set().union(*(f for _, f in runs)))
            if flagged:
                print(f"{'':12}audits not fully passed: {', '.join(flagged)}")


if __name__ == "__main__":
    main()
