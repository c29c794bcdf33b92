"""Real-browser tests of the built site (Playwright + headless Chromium)."""
