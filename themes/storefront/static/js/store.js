/* Storefront theme: progressive enhancement only. Every page works without this file.
   - header: category nav open on wide screens where CSS ::details-content is unsupported
   - gallery: thumbnails / arrow keys switch the photo, aria-current, <dialog> lightbox
   - variant picker: swaps price block, photo, SKU; ?variant=SKU (read on load, written)
   - request for quote: quantity and SKU written into the mailto: body
   - quantity: the buy link's {qty}/{unit}, the cart button's quantity, the tier's unit price
   - Snipcart (a cart provider): its files loaded on the shopper's first interaction
   - promotion banner: countdown to its end; hidden outside its sale (never touches prices)
   - later scripts (<template data-script="URL">: the search box's, the quote cart's) loaded
     once the page has loaded, so they never compete with the page's largest paint; then
     <html data-scripts-ready> */
(function () {
  "use strict";

  var rtl = function () { return document.documentElement.dir === "rtl"; };

  /* ---- header navigation ---------------------------------------------------------- */
  function initNav(details) {
    if (window.CSS && CSS.supports && CSS.supports("selector(::details-content)")) return;
    var wide = window.matchMedia("(min-width: 768px)");
    var sync = function () {
      details.classList.toggle("is-static", wide.matches);
      details.open = wide.matches;
    };
    sync();
    if (wide.addEventListener) wide.addEventListener("change", sync);
  }

  function initNavClose(details) {
    details.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && details.open && !details.classList.contains("is-static")) {
        details.open = false;
        details.querySelector("summary").focus();
      }
    });
  }

  /* ---- gallery -------------------------------------------------------------------- */
  function initGallery(root) {
    var stage = root.querySelector("[data-gallery-stage]");
    if (!stage) return;
    var photos = Array.prototype.slice.call(stage.querySelectorAll("[data-photo]"));
    var thumbs = Array.prototype.slice.call(root.querySelectorAll("[data-thumb]"));
    var dialog = root.querySelector("[data-lightbox]");
    var current = 0;
    var target = null; // photo the stage is scrolling to (ignore scroll positions on the way)

    function mark(i) {
      current = i;
      thumbs.forEach(function (t, n) {
        if (n === i) t.setAttribute("aria-current", "true");
        else t.removeAttribute("aria-current");
      });
      // one tab stop for the photos: the shown one (thumbnails reach the others)
      photos.forEach(function (p, n) {
        var link = p.querySelector("[data-zoom]");
        if (link) link.tabIndex = n === i ? 0 : -1;
      });
    }

    function indexFromScroll() {
      var w = stage.clientWidth || 1;
      return Math.max(0, Math.min(photos.length - 1, Math.round(Math.abs(stage.scrollLeft) / w)));
    }

    function show(i, focusThumb) {
      if (!photos.length) return;
      i = (i + photos.length) % photos.length;
      mark(i);
      var left = photos[i].offsetLeft - photos[0].offsetLeft; // negative in RTL, as scrollLeft
      target = indexFromScroll() === i ? null : i;
      stage.scrollTo({ left: left });
      if (focusThumb && thumbs[i]) thumbs[i].focus();
    }

    var ticking = false;
    stage.addEventListener("scroll", function () {
      if (ticking) return;
      ticking = true;
      window.requestAnimationFrame(function () {
        ticking = false;
        var i = indexFromScroll();
        if (target !== null) {
          if (i === target) target = null;
          return;
        }
        if (i !== current) mark(i);
      });
    }, { passive: true });
    stage.addEventListener("scrollend", function () { target = null; });

    thumbs.forEach(function (t, n) {
      t.addEventListener("click", function (e) {
        e.preventDefault();
        show(n, false);
      });
    });

    root.addEventListener("keydown", function (e) {
      var onThumb = thumbs.indexOf(e.target) !== -1;
      if (!onThumb && e.target !== stage) return;
      var step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
      if (step) {
        e.preventDefault();
        show(current + (rtl() ? -step : step), onThumb);
      } else if (e.key === "Home" || e.key === "End") {
        e.preventDefault();
        show(e.key === "Home" ? 0 : photos.length - 1, onThumb);
      }
    });

    root.addEventListener("gallery:show", function (e) { show(e.detail.index, false); });
    mark(0);
    // a #photo-N link from elsewhere (or a reload) selects that photo
    var fromHash = photos.map(function (p) { return "#" + p.id; }).indexOf(location.hash);
    if (fromHash > 0) show(fromHash, false);

    /* lightbox */
    if (!dialog || typeof dialog.showModal !== "function") return;
    var frame = dialog.querySelector("[data-lightbox-frame]");
    var caption = dialog.querySelector("[data-lightbox-caption]");
    var shown = 0;
    var opener = null;

    function fill(i) {
      shown = (i + photos.length) % photos.length;
      var link = photos[shown].querySelector("[data-zoom]");
      var small = photos[shown].querySelector("img");
      var cap = photos[shown].querySelector("figcaption");
      var img = document.createElement("img");
      img.src = link.href;
      img.alt = small ? small.alt : "";
      img.addEventListener("click", function (e) {
        e.stopPropagation();
        frame.classList.toggle("is-zoomed");
      });
      frame.classList.remove("is-zoomed");
      frame.replaceChildren(img);
      caption.textContent = cap ? cap.textContent.replace(/\s+/g, " ").trim() : "";
    }

    photos.forEach(function (p, n) {
      var link = p.querySelector("[data-zoom]");
      link.addEventListener("click", function (e) {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button > 0) return; // new tab: let it be
        e.preventDefault();
        opener = link;
        mark(n);
        fill(n);
        dialog.showModal();
        var close = dialog.querySelector("[data-lightbox-close]");
        if (close) close.focus();
      });
    });

    var prev = dialog.querySelector("[data-lightbox-prev]");
    var next = dialog.querySelector("[data-lightbox-next]");
    if (prev) prev.addEventListener("click", function () { fill(shown - 1); });
    if (next) next.addEventListener("click", function () { fill(shown + 1); });
    dialog.querySelector("[data-lightbox-close]").addEventListener("click", function () { dialog.close(); });
    frame.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("keydown", function (e) {
      var step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
      if (step && photos.length > 1) {
        e.preventDefault();
        fill(shown + (rtl() ? -step : step));
      }
    });
    dialog.addEventListener("close", function () {
      frame.replaceChildren();
      if (shown !== current) show(shown, false);
      var back = photos[shown].querySelector("[data-zoom]") || opener;
      if (back) back.focus({ preventScroll: true });
    });
  }

  /* ---- variant picker ------------------------------------------------------------- */
  function initPicker(box) {
    var dataEl = document.getElementById("variant-data");
    if (!dataEl) return;
    var variants;
    try { variants = JSON.parse(dataEl.textContent); } catch (err) { return; }
    if (!variants || !variants.length) return;
    var groups = Array.prototype.slice.call(box.querySelectorAll("[data-option-group]"));
    var templates = {};
    Array.prototype.forEach.call(document.querySelectorAll("template[data-offer-for]"), function (t) {
      templates[t.getAttribute("data-offer-for")] = t;
    });
    var status = box.querySelector("[data-variant-status]");
    var gallery = document.querySelector("[data-gallery]");

    function selection() {
      var sel = {};
      groups.forEach(function (g) {
        var c = g.querySelector("input:checked");
        if (c) sel[g.getAttribute("data-option-group")] = c.value;
      });
      return sel;
    }

    function matches(v, sel) {
      return Object.keys(sel).every(function (k) { return v.options[k] === sel[k]; });
    }

    function markUnavailable(sel) {
      // a value is dimmed when no variant has it together with the other chosen options
      groups.forEach(function (g) {
        var name = g.getAttribute("data-option-group");
        Array.prototype.forEach.call(g.querySelectorAll("input"), function (inp) {
          var probe = {};
          Object.keys(sel).forEach(function (k) { probe[k] = sel[k]; });
          probe[name] = inp.value;
          inp.classList.toggle("is-unavailable", !variants.some(function (v) { return matches(v, probe); }));
        });
      });
    }

    function apply(v, announce) {
      groups.forEach(function (g) {
        var name = g.getAttribute("data-option-group");
        var val = v.options[name];
        Array.prototype.forEach.call(g.querySelectorAll("input"), function (inp) {
          inp.checked = inp.value === val;
        });
        var label = g.querySelector("[data-option-current]");
        if (label) label.textContent = val || "";
      });
      markUnavailable(selection());
      var t = templates[v.sku];
      var offer = document.querySelector("[data-offer]");
      if (t && offer) offer.replaceChildren(t.content.cloneNode(true));
      Array.prototype.forEach.call(document.querySelectorAll("[data-sku-text]"), function (el) {
        el.textContent = v.sku;
      });
      Array.prototype.forEach.call(document.querySelectorAll("[data-gtin-text]"), function (el) {
        el.textContent = v.gtin || el.getAttribute("data-default") || "";
      });
      var photo = t ? parseInt(t.getAttribute("data-photo"), 10) - 1 : v.image_index;
      if (gallery && photo >= 0) {
        gallery.dispatchEvent(new CustomEvent("gallery:show", { detail: { index: photo } }));
      }
      if (window.history && history.replaceState) {
        var url = new URL(location.href);
        url.searchParams.set("variant", v.sku);
        url.hash = "";
        history.replaceState(history.state, "", url.pathname + url.search);
      }
      if (announce && status && offer) {
        var price = offer.querySelector(".price__now");
        var avail = offer.querySelector(".availability");
        var names = Object.keys(v.options).map(function (k) { return v.options[k]; }).join(", ");
        status.textContent = [names, price && price.textContent, avail && avail.textContent]
          .filter(Boolean).map(function (s) { return s.replace(/\s+/g, " ").trim(); }).join(" – ");
      }
      document.dispatchEvent(new CustomEvent("variant:change", { detail: v }));
    }

    box.addEventListener("change", function (e) {
      var inp = e.target;
      if (!inp.hasAttribute || !inp.hasAttribute("data-option")) return;
      var name = inp.getAttribute("data-option");
      var sel = selection();
      var v = variants.filter(function (x) { return matches(x, sel); })[0] ||
        variants.filter(function (x) { return x.options[name] === inp.value; })[0];
      if (v) apply(v, true);
    });

    var wanted = new URLSearchParams(location.search).get("variant");
    var first = variants.filter(function (x) { return x.sku === wanted; })[0];
    if (first) apply(first, false);
    else markUnavailable(selection());
  }

  /* ---- request for quote (mailto:) ------------------------------------------------ */
  function initQuote(box) {
    var link = box.querySelector("[data-rfq-link]");
    var qty = box.querySelector("[data-rfq-qty]");
    var template = box.getAttribute("data-rfq-body");
    if (!link || !qty || !template) return;
    var href = link.getAttribute("href");
    var q = href.indexOf("?");
    var address = q === -1 ? href : href.slice(0, q);
    var subject = new URLSearchParams(q === -1 ? "" : href.slice(q + 1)).get("subject");
    var min = parseInt(qty.getAttribute("min"), 10) || 1;

    function update() {
      var n = parseInt(qty.value, 10);
      if (!(n >= min)) n = min;
      var body = template
        .replace("{title}", box.getAttribute("data-title") || "")
        .replace("{sku}", box.getAttribute("data-rfq-sku") || "")
        .replace("{qty}", String(n))
        .replace("{url}", box.getAttribute("data-url") || location.href);
      var parts = [];
      if (subject) parts.push("subject=" + encodeURIComponent(subject));
      parts.push("body=" + encodeURIComponent(body));
      link.setAttribute("href", address + "?" + parts.join("&"));
    }
    qty.addEventListener("input", update);
    document.addEventListener("variant:change", function (e) {
      box.setAttribute("data-rfq-sku", e.detail.sku);
      update();
    });
    update();
  }

  function initQuoteForm(form) {
    var sku = form.querySelector('input[name="sku"]');
    if (!sku) return;
    document.addEventListener("variant:change", function (e) { sku.value = e.detail.sku; });
  }

  /* ---- quantity and buy action ---------------------------------------------------- */
  // The offer block (swapped per variant) holds the quantity input, the tiers' unit prices
  // (formatted by the server) and the buy action: a link whose data-checkout-template has
  // {qty} (and {unit}: the unit price shown) or a cart button. The quantity chosen is kept
  // when the variant changes.
  function initQuantity(box) {
    var chosen = null;

    function parts() {
      var offer = box.querySelector("[data-offer]");
      return offer ? {
        qty: offer.querySelector("[data-qty]"),
        input: offer.querySelector("[data-qty-input]"),
        unit: offer.querySelector("[data-qty-unit]"),
        link: offer.querySelector("a[data-checkout-template]"),
        cart: offer.querySelector("button[data-item-id]")
      } : null;
    }

    function update(p) {
      if (!p || !p.input) return;
      var min = parseInt(p.input.getAttribute("min"), 10) || 1;
      var n = parseInt(p.input.value, 10);
      if (!(n >= min)) n = min;
      var tiers = [];
      try { tiers = JSON.parse(p.qty.getAttribute("data-tiers") || "[]"); } catch (err) { tiers = []; }
      var unit = "";
      tiers.forEach(function (t) { if (n >= t[0]) unit = t[1]; });
      if (p.unit && unit) p.unit.textContent = unit;
      if (p.link) {
        p.link.setAttribute("href", p.link.getAttribute("data-checkout-template")
          .split("{qty}").join(String(n)).split("{unit}").join(encodeURIComponent(unit)));
      }
      if (p.cart) p.cart.setAttribute("data-item-quantity", String(n));
    }

    box.addEventListener("input", function (e) {
      if (!e.target.hasAttribute || !e.target.hasAttribute("data-qty-input")) return;
      var n = parseInt(e.target.value, 10);
      if (n > 0) chosen = n;
      update(parts());
    });
    document.addEventListener("variant:change", function () {
      var p = parts();
      if (p && p.input && chosen !== null) {
        var min = parseInt(p.input.getAttribute("min"), 10) || 1;
        p.input.value = String(Math.max(chosen, min));
      }
      update(p);
    });
    update(parts());
  }

  // Snipcart's script and styles come from its CDN only once the shopper interacts with the
  // page (nothing loads before the first paint); its cart then reads the buttons' data-item-*.
  function initSnipcart(el) {
    var events = ["pointerover", "pointerdown", "touchstart", "focusin", "keydown", "scroll"];
    var loaded = false;
    function load() {
      if (loaded) return;
      loaded = true;
      events.forEach(function (name) { window.removeEventListener(name, load, true); });
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = el.getAttribute("data-snipcart-css");
      document.head.appendChild(css);
      var js = document.createElement("script");
      js.async = true;
      js.src = el.getAttribute("data-snipcart-js");
      document.head.appendChild(js);
    }
    events.forEach(function (name) {
      window.addEventListener(name, load, { capture: true, passive: true });
    });
  }

  // Market chooser: mark (never open) the market that best matches the browser's languages.
  function initChooser(list) {
    var links = Array.prototype.slice.call(list.querySelectorAll("[data-market]"));
    var wanted = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""])
      .map(function (l) { return String(l).toLowerCase(); });
    var best = null;
    wanted.some(function (lang) {
      best = links.filter(function (a) { return a.getAttribute("data-market").toLowerCase() === lang; })[0] ||
        links.filter(function (a) { return a.getAttribute("data-market").toLowerCase().split("-")[0] === lang.split("-")[0]; })[0] || null;
      return best;
    });
    if (!best) return;
    best.classList.add("is-suggested");
    var note = document.createElement("span");
    note.className = "chooser__suggested";
    note.textContent = list.getAttribute("data-suggest-label") || "";
    best.querySelector(".chooser__name").appendChild(note);
  }

  /* ---- promotion banner -------------------------------------------------------------- */
  // Hidden outside [data-promo-start, data-promo-end): a site not rebuilt in time never shows a
  // stale sale. Prices are never touched here: the HTML holds them (Merchant Center reads it).
  // A `storefront build --date` preview carries data-promo-now, the previewed moment: its clock
  // starts there (and runs on) instead of the visitor's, so the preview shows the sale then.
  function initPromo(banner) {
    var start = Date.parse(banner.getAttribute("data-promo-start"));
    var end = Date.parse(banner.getAttribute("data-promo-end"));
    var preview = Date.parse(banner.getAttribute("data-promo-now") || "");
    var opened = Date.now();
    var moment = function () {
      return isNaN(preview) ? Date.now() : preview + (Date.now() - opened);
    };
    var out = banner.querySelector("[data-promo-countdown]");
    var label = out ? out.getAttribute("data-promo-label") || "" : "";
    // Latin digits, as Babel writes every other number of the page (prices, dates)
    var lang = (document.documentElement.lang || "en") + "-u-nu-latn";
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var digital = window.Intl && Intl.DurationFormat
      ? new Intl.DurationFormat(lang, { style: "digital", hours: "2-digit" }) : null;
    var days = window.Intl && Intl.NumberFormat
      ? new Intl.NumberFormat(lang, { style: "unit", unit: "day", unitDisplay: "long" }) : null;

    function left(ms) {
      var s = Math.ceil(ms / 1000);
      var d = { days: Math.floor(s / 86400), hours: Math.floor(s / 3600) % 24,
        minutes: Math.floor(s / 60) % 60, seconds: s % 60 };
      if (digital) return digital.format(d);
      var clock = pad(d.hours) + ":" + pad(d.minutes) + ":" + pad(d.seconds);
      return d.days ? (days ? days.format(d.days) : d.days + "d") + " " + clock : clock;
    }

    function tick() {
      var now = moment();
      if (!(now < end) || now < start) { // also when the end is unreadable
        banner.hidden = true;
        return;
      }
      if (out) out.textContent = label + " " + left(end - now);
      setTimeout(tick, 1000 - (now % 1000)); // on the next whole second
    }
    tick();
  }

  function init() {
    var nav = document.querySelector("[data-nav]");
    if (nav) { initNav(nav); initNavClose(nav); }
    Array.prototype.forEach.call(document.querySelectorAll("[data-gallery]"), initGallery);
    Array.prototype.forEach.call(document.querySelectorAll("[data-rfq]"), function (el) {
      if (el.tagName === "FORM") initQuoteForm(el);
      else initQuote(el);
    });
    var chooser = document.querySelector("[data-market-chooser]");
    if (chooser) initChooser(chooser);
    var switcher = document.querySelector("[data-market-switcher]");
    if (switcher) initNavClose(switcher);
    var picker = document.querySelector("[data-variant-picker]");
    if (picker) initPicker(picker);
    var buyBox = document.querySelector("[data-buy-box]");
    if (buyBox) initQuantity(buyBox);
    var snipcart = document.querySelector("#snipcart[data-snipcart-js]");
    if (snipcart) initSnipcart(snipcart);
    Array.prototype.forEach.call(document.querySelectorAll("[data-promo-end]"), initPromo);
  }

  /* ---- later scripts ---------------------------------------------------------------- */
  function loadLater() {
    var waiting = Array.prototype.map.call(document.querySelectorAll("template[data-script]"),
      function (t) {
        return new Promise(function (done) {
          var s = document.createElement("script");
          s.src = t.getAttribute("data-script");
          s.onload = s.onerror = done;
          document.head.appendChild(s);
        });
      });
    Promise.all(waiting).then(function () {
      document.documentElement.setAttribute("data-scripts-ready", "");
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  if (document.readyState === "complete") loadLater();
  else window.addEventListener("load", loadLater);
})();
