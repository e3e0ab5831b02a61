"""Addresses that stay the same for a process's life, worked out once each: a static file's URL and
a named page's address. The layout asks for nine files and up to four fixed pages on every page it
draws. Rendered in process, nine `{% static %}` tags took 82 µs and nine `{% url %}` tags 108 µs; the
same nine `{% asset %}` take 19 µs and nine `{% address %}` 50 µs (docs/performance.md, "Sixteenth
round"). The production storage's `static()` does more than the tests' for each file."""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse


@functools.lru_cache(maxsize=256)
def static_address(path: str) -> str:
    """A static file's URL: under the production storage, its hashed name from the manifest."""
    return static(path)


def page_address(name: str) -> str | None:
    """A named page's address, or None where this build has no such page. `reverse` reads the
    URLs and the script prefix, so each pair of them keeps its own."""
    return _reversed(name, get_urlconf(), get_script_prefix())


@functools.lru_cache(maxsize=512)
def _reversed(name: str, urlconf, prefix: str) -> str | None:
    try:
        return reverse(name, urlconf=urlconf)
    except NoReverseMatch:
        return None


@receiver(setting_changed)
def _forgotten(*, setting: str, **kwargs) -> None:
    """A test that changes where files are served from, or the project's URLs, gets fresh ones."""
    if setting in {"STATIC_URL", "STATIC_ROOT", "STORAGES", "DEBUG"}:
        static_address.cache_clear()
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()
