"""A change made in one process is seen at once by another: a real web server
(granian, as in production) on the test database, with the default configuration
(the generation in a file) and with Redis."""

import datetime
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.utils import timezone

from bench.servers import free_port, redis_server
from pages.models import Page, SiteSettings
from tests.contact.conftest import database_url

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wait_for(url, process, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        assert process.poll() is None, "the server stopped"
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            assert time.monotonic() < deadline, f"{url} did not answer"
            time.sleep(0.1)


def start_server(log, **environ):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CONN_MAX_AGE": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        # Plain static storage (no collectstatic manifest), as in this process.
        "DJANGO_DEBUG": "1",
        **environ,
    }
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "granian"),
            "--interface",
            "wsgi",
            "--workers",
            "2",
            "--blocking-threads",
            "1",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "iecmh_site.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(log, "ab"),  # noqa: SIM115
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/healthz", process)
    except BaseException:
        process.kill()
        raise
    return process, base


@pytest.fixture(scope="session")
def redis_url():
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    with redis_server() as url:
        yield f"{url}/0"


@pytest.fixture(scope="module", params=["file", "redis"])
def server(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """A second process serving the site (granian, two workers)."""
    directory = tmp_path_factory.mktemp("server")
    if request.param == "file":
        generation = str(directory / "pages.generation")
        environ = {"PAGES_GENERATION_FILE": generation}
        here = {"PAGES_GENERATION_FILE": generation}
    else:
        url = request.getfixturevalue("redis_url")
        environ = {"CACHE_URL": url}
        backend = "django.core.cache.backends.redis.RedisCache"
        here = {"CACHES": {"default": {"BACKEND": backend, "LOCATION": url}}}
    with django_db_blocker.unblock():
        process, base = start_server(directory / "server.log", **environ)
    yield base, here
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def site(server, settings):
    """The server's address; this process shares its generation."""
    base, here = server
    for name, value in here.items():
        setattr(settings, name, value)
    return base


def cached_twice(url):
    """Asked twice, so every worker of the server has probably kept it."""
    first = get(url)
    assert get(url) == first
    return first


def test_a_publish_in_one_process_is_seen_by_another_at_once(site):
    page = Page.objects.create(title="Sleep", slug="sleep", body="<p>Old words.</p>")
    page.publish()
    assert "Old words." in cached_twice(site + "/sleep/")[1]

    page.body = "<p>New words.</p>"
    page.publish()

    for _ in range(4):  # whichever worker answers
        status, body = get(site + "/sleep/")
        assert status == 200
        assert "New words." in body


def test_an_unpublish_is_seen_by_another_process_at_once(site):
    page = Page.objects.create(title="Sleep", slug="sleep", body="<p>Words.</p>")
    page.publish()
    assert cached_twice(site + "/sleep/")[0] == 200

    page.unpublish()

    assert {get(site + "/sleep/")[0] for _ in range(4)} == {404}


def test_an_address_change_is_seen_by_another_process_at_once(site):
    page = Page.objects.create(title="Sleep", slug="sleep", body="<p>Words.</p>")
    page.publish()
    assert cached_twice(site + "/sleep/")[0] == 200

    page.slug = "rest"
    page.save()

    opener = urllib.request.build_opener(NoRedirect)
    for _ in range(4):
        with pytest.raises(urllib.error.HTTPError) as moved:
            opener.open(site + "/sleep/", timeout=10)
        assert moved.value.code == 301
        assert moved.value.headers["Location"] == "/rest/"


def test_a_schedule_change_is_seen_by_another_process_at_once(site):
    page = Page.objects.create(title="Sleep", slug="sleep", body="<p>Words.</p>")
    page.publish()
    assert cached_twice(site + "/sleep/")[0] == 200

    page.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    page.save()

    assert {get(site + "/sleep/")[0] for _ in range(4)} == {404}


def test_a_settings_change_is_seen_by_another_process_at_once(site):
    page = Page.objects.create(title="Sleep", slug="sleep", body="<p>Words.</p>")
    page.publish()
    assert "555 0142" not in cached_twice(site + "/sleep/")[1]
    assert "555 0142" not in get(site + "/contact/")[1]

    settings = SiteSettings.load()
    settings.phone = "555 0142"
    settings.save()

    for _ in range(4):
        assert "555 0142" in get(site + "/sleep/")[1]
        assert "555 0142" in get(site + "/contact/")[1]
