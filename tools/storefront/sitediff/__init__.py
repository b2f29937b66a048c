"""`storefront diff`: what a change does to the published store, read from two built sites.

``snapshot`` reads a built site as a crawler does (pages, JSON-LD offers, feeds, sitemaps),
``compare`` turns two snapshots into typed changes, ``render`` prints them as text, Markdown
or JSON, and ``gitref`` builds a Git commit into a temporary folder to compare against.
The package imports nothing itself, so registering the command costs the CLI nothing.
"""
