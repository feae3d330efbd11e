import datetime

import pytest
from django.utils import timezone

from pages.models import Page, SiteSettings


@pytest.fixture
def page(db):
    page = Page.objects.create(
        title="Sleep", slug="sleep", body="<p>Draft words about sleep.</p>"
    )
    page.publish()
    return page


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def settings_row(db):
    """The site settings row exists, as after the site's first request; cache cold."""
    from pages import cache as page_cache

    SiteSettings.load()
    page_cache.invalidate()


@pytest.fixture
def clock(monkeypatch):
    """Moves the clock that schedules and the page cache read."""

    class Clock:
        offset = datetime.timedelta()

        def advance(self, **kwargs):
            self.offset += datetime.timedelta(**kwargs)

    clock = Clock()
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + clock.offset)
    return clock
