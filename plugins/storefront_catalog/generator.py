"""The products generator: Pelican wiring of one build (read, plan, render, write).

Reading, planning and the template helpers live in their own modules (``store``, ``plans``,
``templating``); this class makes the build context, sends the storefront signals in build
order and writes the rendered pages.
"""

from __future__ import annotations

import contextlib
import gettext
import hashlib
import logging
import os
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup
from pelican.generators import Generator

from storefront_core.digests import DigestIndex
from storefront_core.errors import Problem, StorefrontError
from storefront_core.files import link_or_copy, write_atomic
from storefront_core.forkpool import WorkerFailed, run_chunks, split, workers_available

from . import signals
from .caches import DIGESTS_FILE, code_digest, load_cache, project_root, save_cache
from .context import BuildContext
from .facet_files import write_collections
from .facets import CardParts
from .fastjinja import use_fast_output
from .i18n import install_translations, market_translations
from .markets import MarketSet
from .model import Product
from .plans import (
    MarketInputs,
    PagePlan,
    link_alternates,
    navigation_digest,
    page_context,
    plan_market,
    with_cards,
)
from .settings import SETTINGS, apply_defaults, check_settings
from .stats import BuildStats
from .store import Store, load_store
from .templating import (
    CardCache,
    CardDigests,
    StaticFiles,
    foreign_lang,
    market_globals,
    site_info,
    warm_babel,
)
from .urls import Market, UrlMap

logger = logging.getLogger(__name__)


class StorefrontGenerator(Generator):
    """Reads content/products and content/pages once; renders home, product, category pages."""

    #: missing product cards from which a build renders them all up front, on every core
    card_prerender_min = 128

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Pelican's environment does not escape; product text is untrusted marketer input
        self.env.autoescape = True
        self.env.auto_reload = False  # templates do not change during a build: no stat per include
        use_fast_output(self.env)
        self.env.add_extension("jinja2.ext.i18n")
        #: UI translations of the market being rendered (issue: markets installs real catalogs)
        self.translations = gettext.NullTranslations()
        self.env.install_gettext_translations(  # type: ignore[attr-defined]
            self.translations, newstyle=True
        )
        install_translations(self.env, self.translations)
        self.build: BuildContext | None = None  # made once the catalog is read
        self._cards: dict[str, CardCache] = {}  # rendered product cards by market code
        self._market_globals: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
        self._bases: dict[str, dict[str, Any]] = {}  # every page's variables, by market code
        self._active = ""  # code of the market whose globals are installed
        self._code_digest: str | None = None
        self._digest_index: DigestIndex | None = None

    # -- reading ------------------------------------------------------------------------
    def generate_context(self) -> None:
        started = time.perf_counter()
        settings = self.settings
        apply_defaults(settings, SETTINGS)
        problems = check_settings(settings, SETTINGS)
        if problems:
            raise StorefrontError(problems)
        root = project_root(settings)
        cache_dir = root / settings.get("STORE_CACHE_DIR", ".cache/storefront")
        # compiled templates kept between builds (keyed by each template's source)
        (cache_dir / "templates").mkdir(parents=True, exist_ok=True)
        self.env.bytecode_cache = FileSystemBytecodeCache(str(cache_dir / "templates"))
        stats = BuildStats()
        store = self._read_store(root, cache_dir)
        markets = store.markets
        ui, found = market_translations(root / settings["STORE_I18N_DIR"], markets.markets,
                                        cache_dir)
        problems = store.problems + found
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            raise StorefrontError(errors)
        stats.warnings += report_warnings([p for p in problems if p.severity == "warning"])
        urls = UrlMap(settings["SITEURL"])
        static = StaticFiles(Path(self.theme), root, urls,
                             settings.get("THEME_STATIC_DIR", "theme"))
        self.build = context = BuildContext(
            settings=settings, root=root, content_dir=Path(self.path), theme=Path(self.theme),
            cache_dir=cache_dir, output=Path(self.output_path), urls=urls, markets=markets,
            views=store.views, catalog=store.catalog, ui=ui,
            sites={m.code: site_info(settings, m, markets.default.lang, static.url)
                   for m in markets.markets},
            code_digest=self._digest_code(), stats=stats, digests=self._digests(cache_dir))
        self._static_url = static.url
        stats.products = len(store.catalog.products)
        stats.markets = len(markets.markets)
        self.context["catalog"] = store.catalog
        self.context["storefront_markets"] = markets
        self.context["storefront_views"] = store.views
        stats.timings["read"] = time.perf_counter() - started

        started = time.perf_counter()
        signals.catalog_ready.send(context)
        if context.media is None:
            raise StorefrontError([Problem(
                "pelicanconf.py", "PLUGINS",
                'the storefront_images plugin is not enabled; add "storefront_images" '
                "to PLUGINS (product photos need it)")])
        stats.timings["images"] = time.perf_counter() - started

        started = time.perf_counter()
        context.plans = self._plan(context)
        stats.timings["plan"] = time.perf_counter() - started

    def _read_store(self, root: Path, cache_dir: Path) -> Store:
        """Every product, page and market, read (with the catalog cache) and validated."""
        cache = load_cache(cache_dir, "catalog")
        stamps = {key: value[0] for key, value in cache.items()}
        store = load_store(self.settings, Path(self.path), root, cache, self._warm_up,
                           self._digests(cache_dir))
        if isinstance(store, list):
            raise StorefrontError(store)
        if stamps != {key: value[0] for key, value in cache.items()}:
            save_cache(cache_dir, "catalog", cache)
        return store

    def _digests(self, cache_dir: Path) -> DigestIndex:
        """The build's index of file digests, made once; kept with the photo cache (it
        says which source photos the cached renditions were made from), saved at the end."""
        if self._digest_index is None:
            self._digest_index = DigestIndex(cache_dir / DIGESTS_FILE)
        return self._digest_index

    def _warm_up(self, markets: MarketSet) -> None:
        """While workers read a cold build: compile the theme and load Babel's data here, once,
        instead of in every render worker."""
        templates = Path(self.theme) / "templates"
        for path in sorted(templates.rglob("*.html")):
            self.env.get_template(path.relative_to(templates).as_posix())
        self._digest_code()
        warm_babel(markets)

    def _digest_code(self) -> str:
        """The code digest of this build (templates, static files, enabled plugins), once."""
        if self._code_digest is None:
            self._code_digest = code_digest(Path(self.theme), self.settings)
        return self._code_digest

    # -- planning -----------------------------------------------------------------------
    def _plan(self, context: BuildContext) -> list[PagePlan]:
        """Every page of every market, linked to its alternates, with its share card."""
        self._cards, self._market_globals, self._bases, self._active = {}, {}, {}, ""
        digests = CardDigests(load_cache(context.cache_dir, "cards"), context.code_digest,
                              self.card_prerender_min)
        navs: dict[str, str] = {}
        missing: list[tuple[str, Product, int]] = []  # (market code, product, heading level)
        for market in context.markets.markets:
            self._activate(market)
            view = context.views[market.code]
            navs[market.code] = navigation_digest(
                market, context.markets, context.ui[market.code][1], view.catalog,
                context.settings, context.sites[market.code].year, view.extras)
            missing += [(market.code, product, level)
                        for product, level in digests.missing(view.catalog, navs[market.code])]
        def plan_share_cards() -> None:
            if context.cards is not None:
                context.cards.plan(context)

        if len(missing) >= digests.prerender_min:
            # cold: every market's product cards rendered on every core, at once, while this
            # process plans the share cards; their HTML is kept for the render workers
            chunks = split(missing, workers_available())
            by_code = {m.code: m for m in context.markets.markets}
            done = run_chunks(partial(self._render_cards, by_code), chunks,
                              meanwhile=plan_share_cards)
            for chunk, htmls in zip(chunks, done, strict=True):
                for (code, product, level), html in zip(chunk, htmls, strict=True):
                    self._cards[code][(product.slug, level)] = Markup(html)
                    digests.remember(navs[code], product, level, html)
        else:
            plan_share_cards()
        plans: list[PagePlan] = []
        for market in context.markets.markets:
            self._activate(market)
            view = context.views[market.code]
            card_digest = digests.for_market(view.catalog, navs[market.code],
                                             self.env.globals["product_card"])
            inputs = MarketInputs(
                market=market, markets=context.markets, catalog=view.catalog,
                site=context.sites[market.code], urls=context.urls, settings=context.settings,
                root=context.root, nav_digest=navs[market.code], card_digest=card_digest,
                gettext=context.translations(market).gettext, search=context.search is not None)
            plans += plan_market(inputs)
            if context.festivals is not None:
                plans += context.festivals.plan(inputs)
        plans = link_alternates(plans, context.markets, context.urls)
        if context.cards is not None:
            plans = with_cards(plans, context.cards)
        changed = digests.changed()
        if changed is not None:  # new cards, or cards of products that are gone
            save_cache(context.cache_dir, "cards", changed)
        return plans

    def _render_cards(self, markets: dict[str, Market], items: list[tuple[str, Product, int]]
                      ) -> list[str]:
        """In a worker: the HTML of these product cards, each with its market's globals."""
        html = []
        for code, product, level in items:
            self._activate(markets[code])
            html.append(str(self.env.globals["product_card"](product, level)))
        return html

    def _activate(self, market: Market) -> None:
        """Render with ``market``'s language, currency, URLs and caches from now on."""
        if self._active == market.code:
            return
        made = self._market_globals.get(market.code)
        if made is None:
            made = self._market_globals[market.code] = self._globals_for(market)
        self.env.globals.update(made[0])
        self.env.filters.update(made[1])
        assert self.build is not None
        self.translations = self.build.translations(market)
        self._active = market.code

    def _globals_for(self, market: Market) -> tuple[dict[str, Any], dict[str, Any]]:
        """Template globals and filters of one market; plugins add theirs (market_globals)."""
        context = self.build
        assert context is not None
        view = context.views[market.code]
        site = context.sites[market.code]
        made = market_globals(
            self.env, market, site=site, catalog=view.catalog, markets=context.markets,
            urls=context.urls, translations=context.translations(market), extras=view.extras,
            static=self._static_url, cards=self._cards.setdefault(market.code, {}))
        signals.market_globals.send(context, market=market, globals=made[0], site=site,
                                    catalog=view.catalog)
        return made

    def _base(self, market: Market) -> dict[str, Any]:
        """The variables every page of ``market`` has."""
        base = self._bases.get(market.code)
        if base is None:
            assert self.build is not None
            site = self.build.sites[market.code]
            base = self._bases[market.code] = {
                "site": site,
                "market": market,
                "markets": self.build.markets,
                "catalog": self.build.views[market.code].catalog,
                "SITENAME": site.name,
                "SITEURL": site.url,
            }
        return base

    # -- writing ------------------------------------------------------------------------
    def generate_output(self, writer: Any) -> None:
        context = self.build
        assert context is not None
        stats = context.stats
        started = time.perf_counter()
        out_root = Path(self.output_path)
        if context.media is not None:
            stats.renditions = context.media.publish(out_root)
        stats.timings["publish"] = time.perf_counter() - started
        if context.cards is not None:
            # the missing share cards first, on every core: drawn while the pages render, as
            # site files, they would share the cores with the render workers and Pagefind
            context.cards.draw()

        started = time.perf_counter()
        page_cache = context.cache_dir / "pages"
        page_cache.mkdir(parents=True, exist_ok=True)
        cached_files: list[Path] = []
        folders: set[Path] = set()
        missing: list[int] = []
        # the search documents rendered beside the pages the site search reads
        searched = context.search.documents if context.search is not None else {}
        documents: list[tuple[str, str, Path]] = []
        unindexed: list[int] = []  # pages whose search document is not in the cache
        for index, plan in enumerate(context.plans):
            key = hashlib.sha256(
                "\0".join([context.code_digest, plan.template, plan.output, *plan.depends])
                .encode()
            ).hexdigest()
            # in 256 folders, as git keeps its objects: the render workers create files at
            # once, and processes making files in one folder queue on its lock (the kernel
            # spins: half a second of system CPU in a 3,000-page build with one flat folder)
            folder = page_cache / key[:2]
            if folder not in folders:
                folder.mkdir(exist_ok=True)
                folders.add(folder)
            cached = folder / f"{key}.html"
            cached_files.append(cached)
            if plan.kind in searched:
                document = folder / f"{key}.search.html"
                documents.append((plan.market.code, plan.output, document))
                if not document.exists():
                    unindexed.append(index)
            if not cached.exists():
                missing.append(index)
        # the search documents first (a tenth of the pages' work), so the indexes are made
        # while the pages render; big renders use every core: forked workers share the
        # catalog and the templates
        self._in_workers(partial(self._render_to_cache, cached_files, ".search.html",
                                 lambda plan: searched[plan.kind]), unindexed)
        if context.search is not None:
            context.search.start(context, out_root, documents)
        site_files: list[float] = []

        def write_site_files() -> None:  # in this process, while the workers render
            began = time.perf_counter()
            stats.collection_files = write_collections(
                context, out_root, lambda market: self._card_parts(context, market))
            signals.site_written.send(context, output=out_root)
            site_files.append(time.perf_counter() - began)

        try:
            counts = self._in_workers(
                partial(self._render_to_cache, cached_files, ".html", lambda plan: plan.template),
                missing, meanwhile=write_site_files)
            stats.pages_rendered = sum(counts)
            stats.pages_written += self._publish_pages(out_root, cached_files)
        except BaseException:
            # the indexes already running are stopped and their files removed
            signals.site_staged.send(context, output=out_root, ok=False)
            raise
        _forget_stale(page_cache, {*cached_files, *(d for _, _, d in documents)})
        stats.timings["render"] = time.perf_counter() - started
        if not self.settings.get(signals.COMMAND_STAGES):  # no command audits after Pelican
            signals.site_staged.send(context, output=out_root, ok=True)
        if signals.site_written.receivers:
            stats.timings["site files"] = site_files[0]
        context.digests.save()
        signals.build_finished.send(context, stats=stats)

    def _card_parts(self, context: BuildContext, market: Market) -> CardParts:
        """The helpers that make a card's parts in ``market``, as the card template does."""
        self._activate(market)
        g, number = dict(self.env.globals), self.env.filters["number"]
        picture = self.env.get_template("partials/card_picture.html")
        pictures: dict[str, str] = {}  # a product is in its category and every parent's

        def picture_of(p: Product) -> str:
            made = pictures.get(p.slug)
            if made is None:
                made = pictures[p.slug] = picture.render(p=p).strip()
            return made

        return CardParts(
            url=lambda p: g["url"](p),
            picture=picture_of,
            lang=lambda p: foreign_lang(p, market),
            moq_text=lambda n: str(g["ngettext"]("Min. order %(num)s", "Min. order %(num)s",
                                                 n, num=number(n))),
        )

    def _publish_pages(self, out_root: Path, cached_files: list[Path]) -> int:
        """Link every planned page from the page cache into the site; the count."""
        assert self.build is not None
        made_dirs: set[Path] = set()
        for plan, cached in zip(self.build.plans, cached_files, strict=True):
            target = out_root / plan.output
            if target.parent not in made_dirs:
                target.parent.mkdir(parents=True, exist_ok=True)
                made_dirs.add(target.parent)
            link_or_copy(cached, target)
        return len(cached_files)

    @staticmethod
    def _in_workers(render: Callable[[list[int]], int], indexes: list[int],
                    meanwhile: Callable[[], object] | None = None) -> list[int]:
        """``render`` the planned pages ``indexes``: on every core (forked workers share the
        catalog and the templates) when they are many; a template mistake in a worker
        raises StorefrontError naming the template."""
        chunks = split(indexes, workers_available()) if len(indexes) >= 64 else [indexes]
        try:
            return run_chunks(render, chunks, meanwhile=meanwhile)
        except WorkerFailed as exc:
            raise StorefrontError(template_problem(str(exc))) from None

    def _render_to_cache(self, cached_files: list[Path], suffix: str,
                         template_of: Callable[[PagePlan], str], indexes: list[int]) -> int:
        """Render the planned pages ``indexes`` with ``template_of(plan)`` into the page cache,
        each beside its page's key with ``suffix`` (".html": the page; ".search.html": its
        search document); the count rendered."""
        assert self.build is not None
        for index in indexes:
            plan = self.build.plans[index]
            self._activate(plan.market)
            values = page_context(plan, self._base(plan.market))
            html = self.get_template(template_of(plan).removesuffix(".html")).render(values)
            write_atomic(cached_files[index].with_suffix(suffix), html.encode("utf-8"))
        return len(indexes)


def _forget_stale(page_cache: Path, used: set[Path]) -> None:
    """Delete the files in ``page_cache`` no planned page uses (pages gone or changed; files
    of the flat layout of earlier versions); its folders stay."""
    keep = {os.fspath(path) for path in used}
    for folder, _dirs, names in os.walk(page_cache):
        for name in names:
            path = os.path.join(folder, name)
            if path not in keep:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(path)


def report_warnings(warnings: list[Problem]) -> list[str]:
    """Log warnings grouped by message shape so 5,000 alike become one line; the lines."""
    groups: dict[str, list[Problem]] = {}
    for w in warnings:
        groups.setdefault(f"{w.field.split('[')[0]}: {w.message.split(';')[0]}", []).append(w)
    lines = []
    for key, items in groups.items():
        first = ", ".join(str(i.file) for i in items[:3])
        more = f" and {len(items) - 3} more" if len(items) > 3 else ""
        line = str(items[0]) if len(items) == 1 else f"{len(items)} x {key} ({first}{more})"
        lines.append(line)
        logger.warning(line)
    return lines


def template_problem(text: str) -> list[Problem]:
    """A theme error raised in a render worker, as a problem naming the template."""
    last = [line for line in text.strip().splitlines() if line.strip()]
    where = next((line.strip() for line in reversed(last) if 'File "' in line), "")
    return [Problem("themes", "", f"a template failed: {last[-1] if last else text} ({where})")]
