"""Site settings for the demo store. Merchants edit the STORE_* values; see README.md."""

SITENAME = "Voltaro"
SITEURL = "https://voltaro.example"  # absolute, no trailing slash; used in canonical URLs
AUTHOR = "Voltaro"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"

PATH = "content"
THEME = "themes/storefront"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["storefront_catalog", "storefront_images", "storefront_seo", "storefront_promotions",
           "storefront_social_cards", "storefront_checkout", "storefront_search"]

# --- store identity and trust block -------------------------------------------------
STORE_LOCALE = "en_US"
STORE_LANG = "en"
STORE_CURRENCY = "USD"
# Texts shown on every page: one text, or one per language (markets without theirs get "en")
STORE_TAGLINE = {
    "en": "Pens, power and storage, engineered to travel.",
    "de": "Stifte, Strom und Speicher für unterwegs.",
    "ja": "旅するために設計された、ペンと電源とストレージ。",
    "ar": "أقلام وطاقة وتخزين، مصممة للسفر.",
}
STORE_LOGO = None
STORE_CONTACT_EMAIL = "sales@voltaro.example"
STORE_INQUIRY_URL = None  # e.g. "https://formspree.io/f/xxxx"; None uses e-mail
# Raw HTML in descriptions is cleaned (scripts, on...= handlers, javascript: links, iframes other
# than YouTube/Vimeo players are removed, with a warning); True publishes it as written
STORE_TRUST_HTML = False
STORE_SHIPPING_NOTE = {
    "en": "Free tracked shipping worldwide, dispatched within 2 business days.",
    "de": "Kostenloser Versand mit Sendungsverfolgung weltweit, Versand innerhalb von 2 Werktagen.",
    "ja": "追跡付き国際送料無料。2営業日以内に発送します。",
    "ar": "شحن مجاني مع التتبع إلى جميع أنحاء العالم، ويُرسل الطلب خلال يومَي عمل.",
}
STORE_RETURNS_NOTE = {
    "en": "30-day returns, no questions asked.",
    "de": "30 Tage Rückgaberecht ohne Angabe von Gründen.",
    "ja": "30日間返品無料。理由は問いません。",
    "ar": "إرجاع خلال 30 يومًا دون أي أسئلة.",
}
# Shipping and returns as search engines and shopping feeds read them (the shipping page says
# the same in words): per destination country, amounts per currency, days as [fewest, most]
STORE_SHIPPING = {
    "US": {"rate": {"USD": "4.95"}, "free_over": {"USD": "50"},
           "handling_days": [0, 1], "transit_days": [2, 5]},
    "GB": {"rate": {"GBP": "4.95"}, "free_over": {"GBP": "45"},
           "handling_days": [0, 1], "transit_days": [3, 6]},
    "SG": {"rate": {"SGD": "9.90"}, "free_over": {"SGD": "70"},
           "handling_days": [0, 1], "transit_days": [5, 9]},
    "DE": {"rate": {"EUR": "4.95"}, "free_over": {"EUR": "50"},
           "handling_days": [0, 1], "transit_days": [2, 6]},
    "JP": {"rate": {"JPY": "900"}, "free_over": {"JPY": "8000"},
           "handling_days": [0, 1], "transit_days": [5, 9]},
    "SA": {"rate": {"SAR": "35"}, "free_over": {"SAR": "200"},
           "handling_days": [0, 1], "transit_days": [5, 10]},
}
STORE_RETURNS = {"days": 30, "fees": "free", "method": "by_mail"}
STORE_PAYMENT_METHODS = ["Visa", "Mastercard", "American Express", "PayPal", "Apple Pay"]
STORE_SOCIAL = ["https://www.instagram.com/voltaro.example", "https://www.linkedin.com/company/voltaro-example"]
STORE_COLORS = {"brand": "#0b5cad", "accent": "#e8590c", "text": "#1b1f24", "background": "#ffffff"}
STORE_PER_PAGE = 12

# --- checkout (storefront_checkout; README, "Checkout") --------------------------------
# Every variant in every market is bought through its own Stripe Payment Link, read from the
# lock file `storefront checkout sync` writes (content/checkout/stripe.lock.yml; the demo's
# holds test links made against the local test server: tools/demo-stripe-lock.sh). Other
# checkouts: {"provider": "links", "url": "https://wa.me/4915112345678?text={message}"}
# (an order by WhatsApp) or {"provider": "snipcart", "api_key": "YOUR_PUBLIC_API_KEY"}.
STORE_CHECKOUT = {"provider": "stripe", "mode": "test"}

# --- images -------------------------------------------------------------------------
IMAGE_WIDTHS = [480, 960, 1600]
IMAGE_FORMATS = ["webp", "jpeg"]

# --- share cards (storefront_social_cards): the og:image of every page, per market ----
# A 1200x630 card per product, category and home page; remove the plugin from PLUGINS (or set
# "enabled": False) to share the product photo instead. Every key is optional, e.g.:
# STORE_SOCIAL_CARDS = {
#     "accent": "#0b5cad",            # the price; colours as #rrggbb (also background, text,
#                                     # muted, badge_background, badge_text, panel)
#     "logo": "themes/storefront/static/img/logo.png",  # PNG or JPEG; default: STORE_LOGO
#     "photo": "end",                 # end (right; left in Arabic), start or none
#     "format": "jpeg",               # jpeg or png
#     "font_dirs": ["themes/storefront/fonts"],  # searched before the system's Noto fonts
# }
