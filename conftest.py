"""Suite-wide pytest policy.

With ``CI=true`` nothing may be skipped: a skipped test fails the run, so a missing
browser or database cannot pass unnoticed. Locally, skips are listed plainly.
"""

import os

import pytest


def pytest_configure(config: pytest.Config) -> None:
    # Playwright's sync API runs an event loop in the test thread; the ORM calls made
    # by fixtures there are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if reporter is None:
        return
    if skipped and os.environ.get("CI") == "true":
        reporter.write_line(
            f"FAILED: {skipped} test(s) skipped, and CI may skip nothing.", red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    elif skipped:
        reporter.write_line(f"NOTE: {skipped} test(s) skipped; see the reasons above.", yellow=True)
