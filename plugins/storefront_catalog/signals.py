"""Signals the storefront plugins and the `storefront` command talk through (blinker)."""

from blinker import signal

#: sent by the products generator after the catalog is loaded and validated;
#: kwargs: catalog (Catalog), context (the Pelican context dict)
catalog_ready = signal("storefront_catalog_ready")
#: sent while photos are processed; kwargs: done (int), total (int)
image_progress = signal("storefront_image_progress")
#: sent when the generator has written every page; kwargs: stats (BuildStats)
build_finished = signal("storefront_build_finished")
