"""The `storefront` command-line tool: build, preview, check, scaffold and benchmark a store."""

from .build import BuildFailed, build_site

__all__ = ["BuildFailed", "build_site"]
