"""Static files storage for production."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    return tuple(
        (extension, tuple(p for p in rules if "sourceMappingURL" not in (p[0] if isinstance(p, tuple) else p)))
        for extension, rules in patterns
    )


class StaticStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's hashed, compressed storage, leaving source-map comments alone.

    GOV.UK Frontend's release files end with a `sourceMappingURL` comment naming a `.map` file it
    does not ship. Django's manifest storage would rewrite that reference and, finding no file,
    fail `collectstatic` outright. Browsers only fetch source maps when developer tools are open,
    so the comment can stay as it is; every `url()` and `@import` is still rewritten to its hash.
    """

    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
