"""Signals the storefront plugins and the `storefront` command talk through (blinker)."""

from blinker import signal

#: sent by the products generator after the catalog is loaded and validated;
#: kwargs: catalog (Catalog), context (the Pelican context dict)
catalog_ready = signal("storefront_catalog_ready")
#: sent while photos are processed; kwargs: done (int), total (int)
image_progress = signal("storefront_image_progress")
#: sent when the generator has written every page; kwargs: stats (BuildStats)
build_finished = signal("storefront_build_finished")
#: sent once per market when its template globals are made; kwargs: market (Market),
#: globals (dict: receivers add their own template helpers), site (SiteInfo), catalog (the
#: market's Catalog)
market_globals = signal("storefront_market_globals")
#: sent by load_store (the build and `storefront check`) once every market's view is made;
#: receivers may replace ``store.views[code]`` (e.g. with sale prices) and add to
#: ``store.problems``. kwargs: store (Store), settings (dict), content_dir (Path), root (Path)
store_loaded = signal("storefront_store_loaded")
#: sent when every page is in the output folder, before the build summary; site-wide files
#: (sitemaps, feeds, robots.txt) are written here. kwargs: output (Path), markets (MarketSet),
#: views (market code -> MarketCatalog), jobs (list of PageJob), urls (UrlMap), media
site_written = signal("storefront_site_written")
