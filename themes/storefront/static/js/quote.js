/* Quote cart (B2B): collect request-for-quote products with quantities across pages, then send
   one request. Loaded (deferred) only where partials/quote_cart.html is rendered; without it
   every product keeps its own request for quote (partials/inquiry.html).
   - kept in localStorage per market ("storefront-quote:de-de"): currencies never mix
   - unit price = the volume tier the quantity falls in; amounts in minor units (integers)
   - money written with Intl.NumberFormat in the market's locale and currency, Latin digits,
     the same text as the page's Babel prices (tests/browser/test_quote.py checks it)
   - texts come translated from the page (data-t-* attributes, {name} placeholders) */
(function () {
  "use strict";

  var root = document.querySelector("[data-quote]");
  if (!root || !window.Intl || !window.HTMLDialogElement) return;

  var market = root.getAttribute("data-market");
  var currency = root.getAttribute("data-currency");
  var key = "storefront-quote:" + market;
  var nf = new Intl.NumberFormat(root.getAttribute("data-locale") + "-u-nu-latn");
  var mf = new Intl.NumberFormat(root.getAttribute("data-locale") + "-u-nu-latn",
    { style: "currency", currency: currency });
  var digits = mf.resolvedOptions().maximumFractionDigits;
  var dialog = root.querySelector("[data-quote-dialog]");
  var form = root.querySelector("[data-quote-form]");
  var list = root.querySelector("[data-quote-lines]");
  var lineTemplate = root.querySelector("template[data-quote-line]");
  var mail = root.querySelector("[data-quote-mail]");
  var memory = null; // the quote when localStorage is unavailable (private windows)

  function fill(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (m, k) {
      return k in values ? values[k] : m;
    });
  }
  function text(name, values) { return fill(root.getAttribute("data-t-" + name), values); }

  /* ---- money: decimal strings -> integer minor units -> the market's format ------------ */
  function minor(amount) {
    var parts = String(amount).split(".");
    var frac = (parts[1] || "") + new Array(digits + 2).join("0");
    var n = parseInt(parts[0] + frac.slice(0, digits), 10);
    return frac.charAt(digits) >= "5" ? n + 1 : n; // half up, as the build rounds
  }
  function money(units) { return mf.format(units / Math.pow(10, digits)); }
  function decimal(units) { return (units / Math.pow(10, digits)).toFixed(digits); }

  function unitFor(line, qty) {
    var unit = line.unit;
    line.tiers.forEach(function (t) { if (qty >= t[0]) unit = t[1]; });
    return minor(unit);
  }
  function quantity(value, moq) {
    var n = parseInt(value, 10);
    return n >= moq ? n : moq;
  }

  /* ---- storage --------------------------------------------------------------------- */
  function load() {
    var data = memory;
    try { data = JSON.parse(localStorage.getItem(key) || "null") || memory; } catch (e) { /* none */ }
    return data && data.currency === currency && Array.isArray(data.lines) ? data.lines : [];
  }
  function save(lines) {
    memory = { currency: currency, lines: lines };
    try {
      if (lines.length) localStorage.setItem(key, JSON.stringify(memory));
      else localStorage.removeItem(key);
    } catch (e) { /* kept in memory for this page */ }
    render();
  }

  /* ---- the header button and the quote list ---------------------------------------- */
  var opener = root.querySelector("[data-quote-open]");
  var count = root.querySelector("[data-quote-count]");

  function fillLine(el, line, i) {
    var qty = quantity(line.qty, line.moq);
    var unit = unitFor(line, qty);
    var link = el.querySelector("[data-line-link]");
    link.textContent = line.title;
    link.href = line.url;
    el.querySelector("[data-line-sku]").textContent = line.sku;
    var fields = { sku: line.sku, product: line.title, unit_price: decimal(unit), page: line.url };
    Array.prototype.forEach.call(el.querySelectorAll("[data-field]"), function (input) {
      var name = input.getAttribute("data-field");
      input.name = "items[" + (i + 1) + "][" + name + "]";
      if (name in fields) input.value = fields[name];
    });
    var box = el.querySelector("[data-line-qty]");
    box.min = line.moq;
    box.setAttribute("aria-label", text("qty", { title: line.title }));
    if (document.activeElement !== box) box.value = qty;
    el.querySelector("[data-line-remove]").setAttribute("aria-label", text("remove", { title: line.title }));
    el.querySelector("[data-line-price]").textContent = text("line",
      { qty: nf.format(qty), unit: money(unit), total: money(unit * qty) });
    el.setAttribute("data-sku", line.sku);
  }

  function render() {
    var lines = load();
    count.textContent = nf.format(lines.length);
    opener.classList.toggle("is-empty", !lines.length);
    root.querySelector("[data-quote-empty]").hidden = lines.length > 0;
    form.hidden = !lines.length;
    var shown = list.children;
    while (shown.length > lines.length) list.removeChild(list.lastElementChild);
    var total = 0;
    var body = [text("intro", {}), ""];
    lines.forEach(function (line, i) {
      if (!shown[i]) list.appendChild(lineTemplate.content.firstElementChild.cloneNode(true));
      fillLine(shown[i], line, i);
      var qty = quantity(line.qty, line.moq);
      var unit = unitFor(line, qty);
      total += unit * qty;
      body.push(text("mail-line", { title: line.title, sku: line.sku, qty: nf.format(qty),
        unit: money(unit), total: money(unit * qty) }));
    });
    root.querySelector("[data-quote-total]").textContent = money(total);
    root.querySelector("[data-quote-total-field]").value = decimal(total);
    if (mail) {
      body.push("", text("mail-total", { total: money(total) }), "", text("outro", {}), "");
      var address = mail.getAttribute("href").split("?")[0];
      mail.setAttribute("href", address + "?subject=" + encodeURIComponent(text("subject", {})) +
        "&body=" + encodeURIComponent(body.join("\n")));
    }
  }

  function update(sku, change) {
    var lines = load();
    var i = lines.map(function (l) { return l.sku; }).indexOf(sku);
    if (i !== -1) change(lines, i);
    save(lines);
  }

  list.addEventListener("input", function (e) {
    var el = e.target.closest("[data-sku]");
    if (!el || !e.target.hasAttribute("data-line-qty") || !(parseInt(e.target.value, 10) > 0)) return;
    update(el.getAttribute("data-sku"), function (lines, i) { lines[i].qty = parseInt(e.target.value, 10); });
  });
  list.addEventListener("change", function (e) {
    if (!e.target.hasAttribute("data-line-qty")) return;
    update(e.target.closest("[data-sku]").getAttribute("data-sku"), function (lines, i) {
      lines[i].qty = quantity(e.target.value, lines[i].moq); // below the MOQ: raised to it
      e.target.value = lines[i].qty;
    });
  });
  list.addEventListener("click", function (e) {
    var button = e.target.closest("[data-line-remove]");
    if (!button) return;
    var el = button.closest("[data-sku]");
    update(el.getAttribute("data-sku"), function (lines, i) { lines.splice(i, 1); });
    // focus stays in the dialog: on the line now in its place (or the last one), else "Close"
    var now = el.parentNode ? el : list.lastElementChild;
    (now ? now.querySelector("[data-line-remove]") : root.querySelector("[data-quote-close]")).focus();
  });
  form.addEventListener("submit", function (e) {
    if (mail || !load().length) e.preventDefault(); // e-mail requests go through the link
  });

  var lastFocus = null;
  function open() {
    lastFocus = document.activeElement;
    render();
    dialog.showModal();
    root.querySelector("[data-quote-close]").focus();
  }
  opener.addEventListener("click", open);
  Array.prototype.forEach.call(document.querySelectorAll("[data-quote-view]"), function (b) {
    b.addEventListener("click", open);
  });
  root.querySelector("[data-quote-close]").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("close", function () {
    if (lastFocus && lastFocus.focus) lastFocus.focus({ preventScroll: true });
  });
  window.addEventListener("storage", function (e) { if (e.key === key) render(); }); // other tabs

  /* ---- "Add to quote" on a product page --------------------------------------------- */
  function initAdd(box) {
    var product;
    try { product = JSON.parse(box.getAttribute("data-quote-product")); } catch (e) { return; }
    var variants = {};
    product.variants.forEach(function (v) { variants[v[0]] = { unit: v[1], name: v[2] }; });
    var sku = product.sku;
    var wanted = new URLSearchParams(location.search).get("variant"); // store.js picked it
    if (wanted && variants[wanted]) sku = wanted;
    var input = box.querySelector("[data-quote-qty]");
    var price = box.querySelector("[data-quote-price]");
    var status = box.querySelector("[data-quote-status]");

    function line() {
      var v = variants[sku] || variants[product.variants[0][0]];
      var title = v.name ? product.title + " – " + v.name : product.title;
      return { sku: sku, title: title, url: product.url, moq: product.moq, unit: v.unit,
        tiers: product.tiers, qty: quantity(input.value, product.moq) };
    }
    function show() {
      var l = line();
      var unit = unitFor(l, l.qty);
      price.textContent = text("line", { qty: nf.format(l.qty), unit: money(unit), total: money(unit * l.qty) });
    }
    input.addEventListener("input", show);
    input.addEventListener("change", function () {
      input.value = quantity(input.value, product.moq);
      show();
    });
    document.addEventListener("variant:change", function (e) { sku = e.detail.sku; show(); });
    box.querySelector("[data-quote-add-button]").addEventListener("click", function () {
      var add = line();
      input.value = add.qty;
      var lines = load();
      var same = lines.filter(function (l) { return l.sku === add.sku; })[0];
      if (same) {
        add.qty += quantity(same.qty, same.moq);
        lines[lines.indexOf(same)] = add;
      } else {
        lines.push(add);
      }
      save(lines);
      status.textContent = fill(box.getAttribute("data-t-added"), { title: add.title });
    });
    show();
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-quote-add]"), initAdd);
  render();
})();
