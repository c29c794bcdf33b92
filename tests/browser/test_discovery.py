"""Browser discovery: a missing Chromium skips locally and fails under CI=true."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

import browser.chromium as browser_conftest
import browser.serving as serving


class NoPlaywrightBrowser:
    @property
    def executable_path(self) -> str:
        raise RuntimeError("Executable doesn't exist")  # what Playwright raises


def test_no_chromium_anywhere_is_none(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "missing"))
    monkeypatch.setattr(browser_conftest, "SYSTEM_CHROMIUM", str(tmp_path / "also-missing"))
    assert browser_conftest.find_chromium(NoPlaywrightBrowser()) is None


def test_chromium_env_var_comes_first(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("CHROMIUM", str(fake))
    assert browser_conftest.find_chromium(NoPlaywrightBrowser()) == str(fake)


def test_missing_browser_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        browser_conftest.no_browser("no Chromium found")


def test_missing_browser_skips_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        browser_conftest.no_browser("no Chromium found")


@pytest.mark.parametrize(
    ("error", "reported"),
    [(BrokenPipeError(), False), (ConnectionResetError(), False), (ValueError("bug"), True)],
)
def test_server_reports_errors_but_not_a_closed_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], error: Exception, reported: bool
) -> None:
    server, _, _ = serving.serve(tmp_path)
    with socket.socket() as request:
        try:
            raise error
        except Exception:
            server.handle_error(request, ("127.0.0.1", 0))
        finally:
            server.shutdown()
            server.server_close()
    assert (type(error).__name__ in capsys.readouterr().err) is reported
