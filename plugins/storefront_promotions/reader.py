"""Reading campaign files and content/festivals.yml into the model: every mistake comes back
as a Problem naming the file, the line and the field."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from storefront_catalog.urls import RESERVED_SEGMENTS
from storefront_catalog.validate import is_slug, known_currencies
from storefront_core.errors import Problem, display_path
from storefront_core.slug import slugify
from storefront_core.yamlio import YamlError, parse_yaml

from .dates import read_dates, read_festival, read_timezone, validate_overrides, validate_slugs
from .fields import (
    CampaignChecker,
    read_colors,
    read_coupon,
    read_discount,
    read_image,
    read_markets,
    read_scope,
    read_texts,
)
from .model import FESTIVALS_FILE, IMAGE_EXTENSIONS, PROMOTIONS_DIR, Campaign

FIELDS = ("name", "festival", "country", "from", "to", "start", "end", "timezone", "markets",
          "discount", "scope", "coupon", "banner", "badge", "colors", "image", "priority",
          "hero")
BANNER_MAX = 100
BADGE_MAX = 24
NAME_MAX = 100


def load_campaigns(content_dir: Path, root: Path | None = None, *,
                   festivals: Collection[str] | None = None) -> tuple[list[Campaign],
                                                                     list[Problem]]:
    """Every campaign in content/promotions/, sorted by id, and the problems found."""
    folder = Path(content_dir) / PROMOTIONS_DIR
    if not folder.is_dir():
        return [], []
    campaigns: list[Campaign] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        file = display_path(path, root)
        suffix = path.suffix.lower()
        if suffix in IMAGE_EXTENSIONS:
            continue  # banner images may live next to the campaigns
        if suffix not in (".yml", ".yaml"):
            problems.append(Problem(file, "", "is not read: a campaign is a .yml file; rename it "
                                              f"to {path.stem}.yml or move it out of "
                                              f"content/{PROMOTIONS_DIR}/", None, "warning"))
            continue
        campaign_id = path.stem
        if not is_slug(campaign_id):
            fixed = slugify(campaign_id) or "black-friday"
            problems.append(Problem(file, "", "the file name is the campaign's id: use lowercase "
                                              f"letters, digits and hyphens, e.g. {fixed}.yml"))
            continue
        if campaign_id in seen:
            problems.append(Problem(file, "", f"{seen[campaign_id]} has the same id "
                                              f'"{campaign_id}"; keep one of the two files'))
            continue
        seen[campaign_id] = file
        loaded = _read_yaml(path, file)
        if isinstance(loaded, Problem):
            problems.append(loaded)
            continue
        data, lines = loaded
        campaign, found = validate_campaign(data, lines, campaign_id=campaign_id, file=file,
                                            content_dir=Path(content_dir), festivals=festivals)
        problems.extend(found)
        if campaign is not None:
            campaigns.append(campaign)
    return campaigns, problems


def _read_festivals(content_dir: Path, root: Path | None
                    ) -> tuple[str, tuple[Any, dict[str, int]] | Problem] | None:
    """content/festivals.yml as (file name for messages, (data, lines) or the Problem of a
    file YAML cannot read); None without the file."""
    path = Path(content_dir) / FESTIVALS_FILE
    if not path.is_file():
        return None
    file = display_path(path, root)
    return file, _read_yaml(path, file)


def load_overrides(content_dir: Path, root: Path | None = None, *,
                   festivals: Collection[str] | None = None) -> tuple[dict[tuple[str, str, int],
                                                                          tuple[date, date]],
                                                                     list[Problem]]:
    """The merchant's festival dates from content/festivals.yml (none without the file)."""
    found = _read_festivals(content_dir, root)
    if found is None:
        return {}, []
    file, loaded = found
    if isinstance(loaded, Problem):
        return {}, [loaded]
    data, lines = loaded
    return validate_overrides(data, lines, file=file, festivals=festivals)


def load_festival_slugs(content_dir: Path, root: Path | None = None
                        ) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """The festival pages' own addresses from content/festivals.yml (``slug:`` of a festival;
    the festival id when none is set)."""
    found = _read_festivals(content_dir, root)
    if found is None:
        return {}, []
    file, loaded = found
    if isinstance(loaded, Problem):
        return {}, []  # load_overrides reports it
    data, lines = loaded
    return validate_slugs(data, lines, file=file, reserved=RESERVED_SEGMENTS)


def _read_yaml(path: Path, file: str) -> tuple[Any, dict[str, int]] | Problem:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return Problem(file, "", "is not UTF-8 text; save the file as UTF-8 in your editor", line)
    try:
        return parse_yaml(text.lstrip("\ufeff"))
    except YamlError as exc:
        return Problem(file, "", exc.message, exc.line)


def validate_campaign(data: Any, lines: Mapping[str, int], *, campaign_id: str, file: str,
                      content_dir: Path, festivals: Collection[str] | None = None
                      ) -> tuple[Campaign | None, list[Problem]]:
    """Check one campaign file's parsed YAML; ``festivals`` defaults to the calendar's ids."""
    c = CampaignChecker(file, lines, "USD", known_currencies())  # USD: only for examples
    if data is None:
        c.error("", "is empty; a campaign needs at least festival (or start and end), markets, "
                    "discount, scope and banner")
        return None, c.problems
    if not isinstance(data, dict):
        c.error("", "must be a list of fields like `festival: black-friday`, one per line")
        return None, c.problems
    c.known_keys(data, FIELDS, "")
    name = c.text(data.get("name"), "name", max_len=NAME_MAX) or campaign_id
    festival, country, days = read_festival(c, data, festivals)
    start, end = read_dates(c, data, festival is not None or "festival" in data)
    zone = read_timezone(c, data.get("timezone"), "timezone")
    markets = read_markets(c, data)
    discount = read_discount(c, data.get("discount"))
    scope = read_scope(c, data, discount)
    coupon = read_coupon(c, data.get("coupon"))
    unavailable = {
        "coupon": "needs a code: add coupon: CODE, or remove {coupon}",
        "festival": "needs festival: (the sale follows no festival); write its name instead",
    }
    if coupon is not None:
        unavailable.pop("coupon")
    if "festival" in data:  # (a misspelt id is reported once, not again for {festival})
        unavailable.pop("festival")
    if discount is not None and discount.kind == "prices":
        unavailable["discount"] = ("has no single value with prices: (each SKU has its own sale "
                                   "price); write the text without {discount}")
    banner, msgid = read_texts(c, data.get("banner"), "banner", unavailable, BANNER_MAX,
                           required=True)
    badge, badge_msgid = read_texts(c, data.get("badge"), "badge", unavailable, BADGE_MAX)
    colors = read_colors(c, data.get("colors"))
    image, image_path = read_image(c, data.get("image"), Path(content_dir))
    priority = c.integer(data.get("priority", 0), "priority")
    hero = c.boolean(data.get("hero", False), "hero")
    if c.errors or discount is None or scope is None:
        return None, c.problems
    campaign = Campaign(
        id=campaign_id, file=file, name=name, markets=markets, discount=discount, scope=scope,
        festival=festival, country=country, days_from=days[0], days_to=days[1], start=start,
        end=end, timezone=zone, coupon=coupon, banner=banner, banner_msgid=msgid, badge=badge,
        badge_msgid=badge_msgid, colors=colors, image=image, image_path=image_path,
        priority=priority or 0, hero=bool(hero), lines=dict(lines),
    )
    return campaign, c.problems
