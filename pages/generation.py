"""The shared generation of public pages, menus and site settings: any change
replaces it, and every process compares it with what it kept on each request.
On one machine a file carries it; with Redis, Redis carries it to the others too."""

import hashlib
import logging
import os
import secrets
import tempfile
import threading

from django.conf import settings
from django.core.cache import caches
from django.db import connections

KEY = "pages:generation"
REDIS_BACKEND = "django.core.cache.backends.redis.RedisCache"
logger = logging.getLogger(__name__)


class FileGeneration:
    """One machine: a file every process reads (a few µs) and a change replaces
    atomically. Processes must share its directory (PAGES_GENERATION_FILE)."""

    def __init__(self, path):
        self.path = path

    def current(self):
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return b""
        try:
            return os.read(fd, 64)
        finally:
            os.close(fd)

    def bump(self):
        token = secrets.token_hex(16)
        written = f"{self.path}.{token}"
        with open(written, "w") as file:
            file.write(token)
        os.replace(written, self.path)


class RedisGeneration:
    """Several machines: the generation is kept in Redis and published on a
    channel that a thread in each process listens to, so a request only reads
    a variable. Until the thread is subscribed (or after Redis was lost), each
    request asks Redis, or, if Redis does not answer, uses nothing cached."""

    PING_SECONDS = 5
    RETRY_SECONDS = 1

    def __init__(self, url, key):
        import redis

        self.redis = redis
        # As the cache's (settings.py): an unreachable Redis costs a second.
        self.client = redis.Redis.from_url(
            url, socket_connect_timeout=1, socket_timeout=1
        )
        self.key = key
        self.value = None
        self.pid = None
        self.lock = threading.Lock()
        self.lost = False  # since the last subscription, Redis was lost
        self.log_extra = {"generation_key": key}  # which listener logged

    def current(self):
        if self.pid != os.getpid():
            self._start()
        value = self.value
        if value is None:
            try:
                value = self.client.get(self.key) or b""
            except self.redis.RedisError:
                value = secrets.token_bytes(16)  # unknown: keep nothing
        return value

    def bump(self):
        token = secrets.token_hex(16)
        self.client.set(self.key, token)
        self.client.publish(self.key, token)

    def _start(self):
        with self.lock:
            if self.pid == os.getpid():
                return
            self.pid = os.getpid()
            self.value = None
            threading.Thread(
                target=self._listen, name="pages-generation", daemon=True
            ).start()

    def _listen(self):
        while True:
            pubsub = self.client.pubsub()
            try:
                self._follow(pubsub)
            except self.redis.RedisError:
                # Once per outage: the retries below are not news.
                if not self.lost:
                    self.lost = True
                    logger.warning(
                        "Lost Redis; pages are checked per request until back",
                        extra=self.log_extra,
                    )
                else:
                    logger.debug("Redis is still unreachable", extra=self.log_extra)
            finally:
                self.value = None
                pubsub.close()
            threading.Event().wait(self.RETRY_SECONDS)

    def _follow(self, pubsub):
        pubsub.subscribe(self.key)
        confirmed = pubsub.get_message(timeout=self.PING_SECONDS)
        if not confirmed or confirmed["type"] != "subscribe":
            raise self.redis.ConnectionError("no subscription")
        # Subscribed first, then read: no change can fall in between.
        self.value = self.client.get(self.key) or b""
        if self.lost:
            self.lost = False
            logger.info(
                "Redis is back; pages follow its changes again", extra=self.log_extra
            )
        waiting_for_pong = False
        while True:
            message = pubsub.get_message(timeout=self.PING_SECONDS)
            if message is None:
                if waiting_for_pong:  # a silent connection: start again
                    raise self.redis.ConnectionError("no answer to ping")
                pubsub.ping()
                waiting_for_pong = True
                continue
            waiting_for_pong = False
            if message["type"] == "message":
                self.value = message["data"]


_sources = {}


def _default_path():
    # One file per database, so test runs and sites on one machine stay apart.
    db = connections["default"].settings_dict
    name = str(db["NAME"])
    if not name or name == ":memory:" or "mode=memory" in name:
        name = f"{name}-{os.getpid()}"  # an in-memory database is per process
    identity = "|".join(str(db.get(part)) for part in ("ENGINE", "HOST", "PORT"))
    digest = hashlib.sha256(f"{identity}|{name}".encode()).hexdigest()[:16]
    return os.path.join(tempfile.gettempdir(), f"iecmh-pages-{digest}.generation")


class MachineAndRedisGeneration:
    """With Redis: the file makes a change seen at once by every process on this
    machine (a request reads it, a few µs); Redis's channel carries it to the
    other machines as soon as their listening thread hears it."""

    def __init__(self, file, redis):
        self.file, self.redis = file, redis

    def current(self):
        return self.file.current() + b"|" + self.redis.current()

    def bump(self):
        self.file.bump()
        self.redis.bump()


def _file_source():
    db = connections["default"].settings_dict
    identity = (settings.PAGES_GENERATION_FILE, db["NAME"], db.get("HOST"))
    found = _sources.get(identity)
    if found is None:
        path = settings.PAGES_GENERATION_FILE or _default_path()
        found = _sources[identity] = FileGeneration(path)
    return found


def source():
    config = settings.CACHES["default"]
    if config["BACKEND"] != REDIS_BACKEND:
        return _file_source()
    location = config["LOCATION"]
    location = location if isinstance(location, str) else location[0]
    key = caches["default"].make_key(KEY)
    found = _sources.get((location, key))
    if found is None:
        found = _sources[(location, key)] = RedisGeneration(location, key)
    return MachineAndRedisGeneration(_file_source(), found)
