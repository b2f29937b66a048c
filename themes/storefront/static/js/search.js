/* Site search (storefront_search): the header box's results as the shopper types and the
   search page's results, both from the market's own Pagefind index (<market>/pagefind/,
   with its other parts in <market>/pagefind/shard-<n>/ when the market is big).
   - Pagefind's script (and its index) load only when a search field is first focused, or at
     once on the search page, so other pages pay nothing for search until it is used.
   - The header field is an ARIA 1.2 combobox: a listbox popup, aria-activedescendant, Up and
     Down move, Enter opens the chosen result (or the search page), Escape closes then clears;
     a polite status line says how many results there are.
   - The search page keeps its state in the address (?q=, &category=, &availability=,
     &price=): a reload or a shared link shows the same results.
   Without JavaScript the header form submits to the search page, which says it needs it. */
(function () {
  "use strict";

  var HEADER_RESULTS = 6;
  var PAGE_RESULTS = 48;
  var FILTERS = ["category", "availability", "price"];
  var loading = {};

  /* ---- Pagefind, loaded once per bundle --------------------------------------------- */
  /* A big market's index is in parts: the bundle's pagefind-entry.json lists the other
     parts' folders ("storefront_shards"), which are merged (in parallel, before the first
     search) into one search; they load no WebAssembly of their own. */
  function parts(base) {
    return fetch(base + "pagefind-entry.json", { cache: "no-cache" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (entry) { return entry.storefront_shards || []; });
  }

  function pagefind(form) {
    var bundle = form.getAttribute("data-search-bundle");
    if (!loading[bundle]) {
      var base = new URL(bundle, document.baseURI).href;
      var options = { baseUrl: form.getAttribute("data-search-base") || "/" };
      loading[bundle] = Promise.all([import(base + "pagefind.js"), parts(base)]).then(function (got) {
        var pf = got[0];
        return pf.options(options).then(function () {
          pf.init();
          return Promise.all(got[1].map(function (part) {
            return pf.mergeIndex(new URL(part, base).href, options);
          }));
        }).then(function () { return pf; }, function (error) {
          pf.destroy();  /* a retry starts again, never merges a part twice */
          throw error;
        });
      });
      loading[bundle].catch(function () { delete loading[bundle]; });
    }
    return loading[bundle];
  }

  function results(pf, query, filters, limit) {
    return pf.search(query || null, { filters: filters || {} }).then(function (found) {
      if (!found) return null; // a newer search replaced this one
      var shown = found.results.slice(0, limit);
      return Promise.all(shown.map(function (r) { return r.data(); })).then(function (data) {
        return { total: found.results.length, items: data };
      });
    });
  }

  function count(form, n) {
    /* "Results: 3" needs no plural forms, which differ by language */
    return form.getAttribute("data-search-count").replace("%(num)s", n.toLocaleString(document.documentElement.lang));
  }

  function none(form, query) {
    return form.getAttribute("data-search-none").replace("%(query)s", query);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* one result: photo, title, price (a link; role="option" in the header's listbox) */
  function resultLink(item, className, id) {
    var link = el("a", className);
    link.href = (item.meta && item.meta.url) || item.url;  /* the page's URL: its document names it */
    if (id) { link.id = id; link.setAttribute("role", "option"); link.setAttribute("aria-selected", "false"); link.tabIndex = -1; }
    var meta = item.meta || {};
    if (meta.image) {
      var img = el("img", className + "-img");
      img.src = meta.image; img.alt = ""; img.width = 48; img.height = 48; img.loading = "lazy"; img.decoding = "async";
      link.appendChild(img);
    }
    var body = el("span", className + "-body");
    body.appendChild(el("span", className + "-title", meta.title || item.url));
    if (meta.price) body.appendChild(el("span", className + "-price", meta.price));
    link.appendChild(body);
    return link;
  }

  /* ---- header combobox ----------------------------------------------------------------- */
  function initBox(form) {
    var input = form.querySelector("input[role=combobox]");
    var list = form.querySelector("[role=listbox]");
    var status = form.querySelector("[data-search-status]");
    var active = -1;
    var timer = 0;
    var asked = 0;
    /* "nothing matches" is shown beside the listbox, never in it (a listbox holds options) */
    var empty = el("p", "site-search__panel site-search__none");
    empty.hidden = true;
    list.parentNode.insertBefore(empty, list.nextSibling);

    function options() { return Array.prototype.slice.call(list.querySelectorAll("[role=option]")); }

    function open(show) {
      if (!show) empty.hidden = true;
      list.hidden = !show;
      input.setAttribute("aria-expanded", show ? "true" : "false");
      if (!show) select(-1);
    }

    function select(index) {
      var all = options();
      active = index;
      all.forEach(function (o, i) { o.setAttribute("aria-selected", i === index ? "true" : "false"); });
      if (index >= 0 && all[index]) {
        input.setAttribute("aria-activedescendant", all[index].id);
        all[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function show(query, found) {
      list.textContent = "";
      active = -1;
      found.items.forEach(function (item, i) {
        list.appendChild(resultLink(item, "site-search__option", "site-search-opt-" + i));
      });
      if (found.total > found.items.length) {
        var all = el("a", "site-search__all", form.getAttribute("data-search-all"));
        all.href = form.action + "?q=" + encodeURIComponent(query);
        all.id = "site-search-opt-all"; all.setAttribute("role", "option");
        all.setAttribute("aria-selected", "false"); all.tabIndex = -1;
        list.appendChild(all);
      }
      status.textContent = found.total ? count(form, found.total) : none(form, query);
      open(found.total > 0);
      empty.textContent = none(form, query);
      empty.hidden = found.total > 0;
    }

    function search() {
      var query = input.value.trim();
      var ticket = ++asked;
      if (!query) { open(false); list.textContent = ""; status.textContent = ""; return; }
      pagefind(form).then(function (pf) { return results(pf, query, {}, HEADER_RESULTS); })
        .then(function (found) { if (found && ticket === asked) show(query, found); })
        .catch(function () { if (ticket === asked) status.textContent = form.getAttribute("data-search-error"); });
    }

    input.addEventListener("focus", function () { pagefind(form).catch(function () {}); });
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 120); });
    /* this script loads after the page: a shopper may already be in the box, typing */
    if (document.activeElement === input) {
      pagefind(form).catch(function () {});
      if (input.value.trim()) search();
    }
    input.addEventListener("keydown", function (e) {
      var all = options();
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (list.hidden) { if (all.length) open(true); else return; }
        e.preventDefault();
        /* positions: -1 (the field itself) and every option; both ends wrap round */
        var next = active + (e.key === "ArrowDown" ? 1 : -1);
        select(next >= all.length ? -1 : next < -1 ? all.length - 1 : next);
      } else if (e.key === "Enter" && active >= 0 && all[active] && !list.hidden) {
        e.preventDefault();
        window.location.href = all[active].href;
      } else if (e.key === "Escape") {
        if (!list.hidden || !empty.hidden) { e.preventDefault(); open(false); }
        else if (input.value) { e.preventDefault(); input.value = ""; status.textContent = ""; list.textContent = ""; }
      }
    });
    /* a click on a result must not blur the field first (the list would close under it) */
    list.addEventListener("mousedown", function (e) { e.preventDefault(); });
    form.addEventListener("focusout", function (e) {
      if (!form.contains(e.relatedTarget)) open(false);
    });
    input.addEventListener("click", function () { if (list.hidden && options().length) open(true); });
  }

  /* ---- search page ---------------------------------------------------------------------- */
  function initPage(page, form) {
    var field = page.querySelector("input[type=search]");
    var status = page.querySelector("[data-search-status]");
    var out = page.querySelector("[data-search-results]");
    var selects = {};
    Array.prototype.forEach.call(page.querySelectorAll("[data-search-filter]"), function (s) {
      selects[s.getAttribute("data-search-filter")] = s;
    });
    var params = new URLSearchParams(window.location.search);
    field.value = params.get("q") || "";
    var asked = 0;

    function chosen() {
      var filters = {};
      FILTERS.forEach(function (name) {
        if (selects[name] && selects[name].value) filters[name] = selects[name].value;
      });
      return filters;
    }

    function remember() {
      var next = new URLSearchParams();
      if (field.value.trim()) next.set("q", field.value.trim());
      var filters = chosen();
      FILTERS.forEach(function (name) { if (filters[name]) next.set(name, filters[name]); });
      var query = next.toString();
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
    }

    function fillFilters(pf) {
      return pf.filters().then(function (all) {
        FILTERS.forEach(function (name) {
          var select = selects[name];
          var values = (all && all[name]) || {};
          if (!select) return;
          Object.keys(values).sort().forEach(function (value) {
            var option = el("option", "", value + " (" + values[value].toLocaleString(document.documentElement.lang) + ")");
            option.value = value;
            select.appendChild(option);
          });
          var wanted = params.get(name);
          if (wanted && values[wanted] !== undefined) select.value = wanted;
        });
      });
    }

    function run() {
      var query = field.value.trim();
      var filters = chosen();
      var ticket = ++asked;
      remember();
      if (!query && !Object.keys(filters).length) { out.textContent = ""; status.textContent = ""; return; }
      pagefind(form).then(function (pf) { return results(pf, query, filters, PAGE_RESULTS); })
        .then(function (found) {
          if (!found || ticket !== asked) return;
          out.textContent = "";
          found.items.forEach(function (item) {
            var li = el("li", "search-result");
            li.appendChild(resultLink(item, "search-result__link"));
            out.appendChild(li);
          });
          status.textContent = found.total ? count(form, found.total) : none(form, query);
        })
        .catch(function () { if (ticket === asked) status.textContent = form.getAttribute("data-search-error"); });
    }

    var timer = 0;
    field.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
    page.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); run(); });
    Object.keys(selects).forEach(function (name) { selects[name].addEventListener("change", run); });
    pagefind(form).then(fillFilters).then(run)
      .catch(function () { status.textContent = form.getAttribute("data-search-error"); });
  }

  var box = document.querySelector("form[data-search]");
  if (!box) return;
  initBox(box);
  var page = document.querySelector("[data-search-page]");
  if (page) initPage(page, box);
})();
