"""What several storefront plugins need, beneath all of them (not a Pelican plugin).

- ``errors``: ``Problem`` (file, field, message, line, severity) and ``StorefrontError``;
- ``yamlio``: the YAML reader that never changes a value's type behind the user's back;
- ``forkpool``: the fork pool that photos, cards and feeds are made in;
- ``files``: publishing cached files and the one atomic write;
- ``slug``: URL slugs;
- ``fonts``, ``breaks``, ``bidi`` and ``text``: the text-layout engine (fonts per script, line
  breaking, bidi order, shaping and fitting) that share cards and campaign hero images draw with.

Nothing here imports a plugin: the plugins import it.
"""
