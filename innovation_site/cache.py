"""The shared cache's backend: Django's Redis cache, whose failures degrade to misses.

Django's ``RedisCache`` raises when Redis cannot be reached (refused, timed out, restarting),
so that a cache outage would become an outage of every page. Here a failed read is a miss, a
failed write is skipped, ``add`` says it added nothing and ``incr`` that the key is missing:
pages are rendered from the database, as on a cold cache. A failure is logged (a warning with
the error), and for ``QUIET_SECONDS`` after it the process does not try Redis again, so that a
Redis that times out costs one timeout, not one per cache call of every request. ``/health/``
still reports the cache as unavailable (its probe reads nothing back).
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# After a failure, Redis is left alone for this long (then the next call tries it again).
QUIET_SECONDS = 5.0


class _Missing(Exception):
    """What a call answers while Redis is down, when its answer cannot be a value."""


def _fail_safe(fallback: Any) -> Callable:
    """Run a cache method; while Redis fails, answer ``fallback`` (called with the method's
    arguments when it is a function) instead."""

    def decorator(method: Callable) -> Callable:
        @functools.wraps(method)
        def wrapped(self: FailSafeRedisCache, *args: Any, **kwargs: Any) -> Any:
            if time.monotonic() >= self.down_until:
                try:
                    return method(self, *args, **kwargs)
                except (RedisError, OSError) as error:
                    self.down_until = time.monotonic() + QUIET_SECONDS
                    logger.warning(
                        "Cache unavailable (%s): pages are served without it for %.0f s",
                        error,
                        QUIET_SECONDS,
                    )
            if callable(fallback):
                return fallback(*args, **kwargs)
            return fallback

        return wrapped

    return decorator


def _default(key: Any, default: Any = None, version: int | None = None) -> Any:
    return default


def _key_missing(key: Any, *args: Any, **kwargs: Any) -> Any:
    # What Django's backends raise for a missing key (django-ratelimit reads it so).
    raise ValueError(f"Key {key!r} not found (the cache is unavailable)")


class FailSafeRedisCache(RedisCache):
    """``RedisCache`` that takes an unreachable Redis for an empty cache (module docstring)."""

    down_until = 0.0

    @_fail_safe(_default)
    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return super().get(key, default, version)

    @_fail_safe({})
    def get_many(self, keys: Any, version: int | None = None) -> dict:
        return super().get_many(keys, version)

    @_fail_safe(False)
    def has_key(self, key: Any, version: int | None = None) -> bool:
        return super().has_key(key, version)

    @_fail_safe(False)
    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        return super().add(key, value, timeout, version)

    @_fail_safe(None)
    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        super().set(key, value, timeout, version)

    @_fail_safe([])
    def set_many(
        self, data: dict, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list:
        return super().set_many(data, timeout, version)

    @_fail_safe(False)
    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return super().touch(key, timeout, version)

    @_fail_safe(False)
    def delete(self, key: Any, version: int | None = None) -> bool:
        return super().delete(key, version)

    @_fail_safe(None)
    def delete_many(self, keys: Any, version: int | None = None) -> None:
        super().delete_many(keys, version)

    @_fail_safe(_key_missing)
    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return super().incr(key, delta, version)

    @_fail_safe(None)
    def clear(self) -> None:
        super().clear()
