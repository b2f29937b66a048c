"""Signals the storefront plugins and the `storefront` command talk through (blinker).

A build sends them in this order: ``store_loaded`` (while the store is read), then with the
build context (``BuildContext``, storefront_catalog.context) as the sender: ``catalog_ready``,
``image_progress`` (while photos are processed), ``market_globals`` (once per market, while
pages are planned), ``site_written``, ``build_finished``, and from `storefront build`,
``site_staged``. Receivers take the context as their
first argument and read what they need from it (settings, URL map, markets, plans...); they
fill their own slot of it (``media``, ``cards``) and never read or set attributes on Pelican's
objects. Keyword arguments are listed with each signal; receivers accept ``**_`` for more.
"""

from blinker import signal

#: Sent by ``load_store`` (the build and `storefront check`, which has no build context: the
#: sender is the Store) once every market's view is made; receivers may replace
#: ``store.views[code]`` (e.g. with sale prices) and add to ``store.problems``.
#: kwargs: store (Store), settings (dict), content_dir (Path), root (Path)
store_loaded = signal("storefront_store_loaded")

#: Sent once the catalog is read and validated and the build context is made, before any
#: page is planned; plugins fill their slot of the context here (``context.media``: the
#: images plugin; ``context.cards``: the share cards). Sender: the BuildContext; no kwargs.
catalog_ready = signal("storefront_catalog_ready")

#: Sent while photos are processed. Sender: the BuildContext; kwargs: done (int), total (int)
image_progress = signal("storefront_image_progress")

#: Sent once per market when its template globals are made (before its pages are planned);
#: receivers add their own template helpers to ``globals``. Sender: the BuildContext;
#: kwargs: market (Market), globals (dict), site (SiteInfo), catalog (the market's Catalog)
market_globals = signal("storefront_market_globals")

#: Sent once the pages are planned, while the render workers render them (or after, when
#: this process renders them): site-wide files (sitemaps, feeds, robots.txt, cards) are
#: written here from ``context.plans``, never from rendered pages, which may not be in the
#: output folder yet. Sender: the BuildContext; kwargs: output (Path, the folder written)
site_written = signal("storefront_site_written")

#: Sent last, when the generator has written every page and site file.
#: Sender: the BuildContext; kwargs: stats (BuildStats)
build_finished = signal("storefront_build_finished")

#: Sent by `storefront build` once the staged site passed its audit (``ok`` True), just
#: before it replaces the output, or when the build failed (``ok`` False): receivers finish
#: what they started in the background while the site was audited (the search indexes),
#: or stop it. Raising StorefrontError stops the build; nothing is published.
#: Sender: the BuildContext; kwargs: output (Path, the staged site), ok (bool)
site_staged = signal("storefront_site_staged")

#: The setting `storefront build` sets to say it sends ``site_staged`` itself, after the audit;
#: without it (Pelican run on its own) the generator sends it once the pages are written.
COMMAND_STAGES = "STOREFRONT_COMMAND_SENDS_SITE_STAGED"
