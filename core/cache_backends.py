"""A local-memory cache bounded in bytes as well as in entries.

Django's `LocMemCache` keeps at most MAX_ENTRIES entries, whatever their size: 300
pages of 2 MB each would be 600 MB in every worker. `BoundedMemoryCache` also keeps
the bytes it holds (each entry's pickled value plus its key) at or under
`OPTIONS["MAX_BYTES"]`, dropping the least recently used entries first; an entry
larger than the bound on its own is not kept. The "pages" cache (CACHES in the
settings) is one.
"""

from dataclasses import dataclass, field

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

DEFAULT_MAX_BYTES = 32 * 1024 * 1024


@dataclass
class _Usage:
    """The bytes counted per key, and their sum, for one named cache."""

    sizes: dict[str, int] = field(default_factory=dict)
    total: int = 0


# Like LocMemCache's own stores: one per LOCATION, shared by the threads' instances
# and guarded by that LOCATION's lock.
_usages: dict[str, _Usage] = {}


class BoundedMemoryCache(LocMemCache):
    """`LocMemCache` with OPTIONS["MAX_BYTES"] (default 32 MiB) besides MAX_ENTRIES."""

    def __init__(self, name, params):
        super().__init__(name, params)
        self.max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", DEFAULT_MAX_BYTES))
        self._usage = _usages.setdefault(name, _Usage())

    @property
    def bytes_held(self) -> int:
        """The bytes counted now: the pickled values and the keys of every entry."""
        with self._lock:
            return self._usage.total

    # LocMemCache calls these three with its lock held.

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        if len(value) + len(key) > self.max_bytes:
            self._delete(key)
            return
        super()._set(key, value, timeout)
        self._count(key)
        # The most recently used entry is first: drop from the end.
        while self._usage.total > self.max_bytes:
            oldest, _value = self._cache.popitem()
            self._expire_info.pop(oldest, None)
            self._count(oldest)

    def _delete(self, key):
        deleted = super()._delete(key)
        self._count(key)
        return deleted

    def _cull(self):
        super()._cull()
        for key in [key for key in self._usage.sizes if key not in self._cache]:
            self._count(key)

    def _count(self, key):
        """Count `key`'s entry as it is now (nothing once it is gone)."""
        value = self._cache.get(key)
        size = 0 if value is None else len(value) + len(key)
        self._usage.total += size - self._usage.sizes.pop(key, 0)
        if size:
            self._usage.sizes[key] = size

    def incr(self, key, delta=1, version=None):
        value = super().incr(key, delta, version)
        with self._lock:
            self._count(self.make_key(key, version=version))
        return value

    def clear(self):
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()
            self._usage.sizes.clear()
            self._usage.total = 0
