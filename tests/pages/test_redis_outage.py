"""A process's listener for page changes (pages/generation.py) through a Redis
outage: one warning when Redis is lost, one line when it is back, nothing but
debug lines per retry in between, and Redis's value held again afterwards."""

import logging
import shutil
import threading
import urllib.parse

import pytest

from bench.servers import redis_server
from pages.generation import RedisGeneration

pytestmark = pytest.mark.skipif(
    not shutil.which("redis-server"), reason="redis-server is not installed"
)


KEY = "pages:generation:outage-test"


class Recorder(logging.Handler):
    """Keeps this test's listener's log records (not those of listeners other
    tests left running) and wakes a test waiting for one."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []
        self.changed = threading.Condition()

    def emit(self, record):
        if getattr(record, "generation_key", None) != KEY:
            return
        with self.changed:
            self.records.append(record)
            self.changed.notify_all()

    def wait_for(self, predicate, timeout=20):
        with self.changed:
            assert self.changed.wait_for(lambda: predicate(self.lines()), timeout)

    def lines(self):
        return [(r.levelname, r.getMessage()) for r in self.records]


@pytest.fixture
def recorder():
    logger = logging.getLogger("pages.generation")
    handler, level = Recorder(), logger.level
    logger.setLevel(logging.DEBUG)  # setLevel also clears the loggers' level cache
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


LOST = ("WARNING", "Lost Redis; pages are checked per request until back")
STILL = ("DEBUG", "Redis is still unreachable")
BACK = ("INFO", "Redis is back; pages follow its changes again")


def test_an_outage_is_logged_once_and_its_end_once(recorder, monkeypatch):
    monkeypatch.setattr(RedisGeneration, "RETRY_SECONDS", 0.05)
    with redis_server() as url:
        port = urllib.parse.urlsplit(url).port
        generation = RedisGeneration(url, KEY)
        generation.current()  # starts this process's listener
        generation.bump()
    # Redis has stopped: the listener retries every RETRY_SECONDS.
    recorder.wait_for(lambda lines: lines.count(STILL) >= 3)
    assert recorder.lines().count(LOST) == 1

    with redis_server(port):
        recorder.wait_for(lambda lines: BACK in lines)
        # Subscribed again, it holds Redis's value (None: ask per request).
        assert generation.value == (generation.client.get(generation.key) or b"")
    recorder.wait_for(lambda lines: lines.count(LOST) == 2)
    assert [line for line in recorder.lines() if line != STILL] == [LOST, BACK, LOST]
