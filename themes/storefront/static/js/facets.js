/* Collection sort and filter (partials/collection_facets.html): progressive enhancement only.
   The controls act on all of the collection's products, read from its products.json (written
   by the build: the cards' own prices and photos). The grid is re-rendered from the
   <template id="facets-card">, a copy of the server's product card, a page at a time. The state
   lives in the URL query (?sort=price-asc&color=Black&page=2): restored on reload, with back
   and forward. Without this file the pages show the server's order and pagination. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-facets]");
  var results = document.querySelector("[data-facets-results]");
  var cardTemplate = document.getElementById("facets-card");
  if (!form || !results || !cardTemplate || !window.fetch || !window.URLSearchParams ||
      !window.history.pushState) return;

  var lang = document.documentElement.lang || "en";
  var status = form.querySelector("[data-facets-status]");
  var firstPage = form.getAttribute("data-first-page");
  var numbers = new Intl.NumberFormat(lang);
  var collator = new Intl.Collator(lang);
  var plurals = new Intl.PluralRules(lang);
  var serverNav = results.querySelector(".pagination");
  var serverPages = serverNav ? Array.prototype.map.call(
    serverNav.querySelectorAll("a:not(.pagination__step)"),
    function (a) { return a.getAttribute("href"); }) : [firstPage];
  var data = null;
  var loading = null;

  function load() {
    if (!loading) {
      loading = fetch(form.getAttribute("data-facets"), { credentials: "same-origin" })
        .then(function (r) {
          if (!r.ok) throw new Error("products.json: " + r.status);
          return r.json();
        })
        .then(function (d) { data = d; return d; });
    }
    return loading;
  }

  /* ---- state: the URL query <-> the form ------------------------------------------ */
  function filterNames() {
    var names = [];
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (i) {
      if (names.indexOf(i.name) < 0) names.push(i.name);
    });
    return names;
  }

  function pathPage() {
    var m = /\/page\/(\d+)\/?$/.exec(location.pathname);
    return m ? parseInt(m[1], 10) : 1;
  }

  function readState(search) {
    var q = new URLSearchParams(search);
    var state = { sort: q.get("sort") || "featured", min: q.get("min") || "",
                  max: q.get("max") || "", page: parseInt(q.get("page"), 10) || pathPage(),
                  filters: {} };
    filterNames().forEach(function (name) {
      var values = q.getAll(name);
      if (values.length) state.filters[name] = values;
    });
    if (!form.querySelector('option[value="' + state.sort + '"]')) state.sort = "featured";
    return state;
  }

  function formState() {
    var state = { sort: form.elements.sort.value, page: 1, filters: {},
                  min: form.elements.min ? form.elements.min.value : "",
                  max: form.elements.max ? form.elements.max.value : "" };
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]:checked"),
      function (i) { (state.filters[i.name] = state.filters[i.name] || []).push(i.value); });
    return state;
  }

  function showState(state) {
    form.elements.sort.value = state.sort;
    if (form.elements.min) form.elements.min.value = state.min;
    if (form.elements.max) form.elements.max.value = state.max;
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (i) {
      i.checked = (state.filters[i.name] || []).indexOf(i.value) >= 0;
    });
    var active = Object.keys(state.filters).reduce(function (n, k) {
      return n + state.filters[k].length;
    }, 0) + (state.min ? 1 : 0) + (state.max ? 1 : 0);
    var badge = form.querySelector("[data-facets-active]");
    if (badge) badge.textContent = active ? "(" + numbers.format(active) + ")" : "";
  }

  function chosen(state) {
    return state.sort !== "featured" || state.min || state.max ||
      Object.keys(state.filters).length > 0;
  }

  function query(state, page) {
    var q = new URLSearchParams();
    if (state.sort !== "featured") q.set("sort", state.sort);
    Object.keys(state.filters).forEach(function (name) {
      state.filters[name].forEach(function (v) { q.append(name, v); });
    });
    if (state.min) q.set("min", state.min);
    if (state.max) q.set("max", state.max);
    if (page > 1) q.set("page", String(page));
    var text = q.toString();
    return text ? "?" + text : "";
  }

  function pageUrl(state, page) {
    if (!chosen(state)) return serverPages[page - 1] || firstPage;  // the server's own page
    return firstPage + query(state, page);
  }

  /* ---- matching, counting, sorting -------------------------------------------------- */
  function amount(text) {
    var n = parseFloat(text);
    return isFinite(n) ? Math.round(n * Math.pow(10, data.digits)) : null;
  }

  function matches(item, state, skip) {
    var min = amount(state.min), max = amount(state.max);
    if ((min !== null || max !== null) && item.price === null) return false;
    if (min !== null && item.price < min) return false;
    if (max !== null && item.price > max) return false;
    return Object.keys(state.filters).every(function (name) {
      if (name === skip) return true;
      var wanted = state.filters[name];
      if (name === "availability") return wanted.indexOf(item.availability) >= 0;
      var has = item.options[name] || [];
      return wanted.some(function (v) { return has.indexOf(v) >= 0; });
    });
  }

  function last(a, b) { return (a === null) - (b === null); }  // products without come last

  var ORDERS = {
    featured: function () { return 0; },
    "price-asc": function (a, b) { return last(a.price, b.price) || a.price - b.price; },
    "price-desc": function (a, b) { return last(a.price, b.price) || b.price - a.price; },
    newest: function (a, b) {
      return last(a.date, b.date) || (a.date < b.date ? 1 : a.date > b.date ? -1 : 0);
    },
    name: function (a, b) { return collator.compare(a.title, b.title); },
  };

  function sorted(items, sort) {
    var order = ORDERS[sort] || ORDERS.featured;
    return items.slice().sort(function (a, b) {
      return order(a, b) || a.position - b.position;
    });
  }

  function updateCounts(state) {
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (input) {
      var count = data.products.filter(function (item) {
        if (!matches(item, state, input.name)) return false;
        if (input.name === "availability") return item.availability === input.value;
        return (item.options[input.name] || []).indexOf(input.value) >= 0;
      }).length;
      var label = input.parentNode.querySelector("[data-count]");
      if (label) label.textContent = "(" + numbers.format(count) + ")";
    });
  }

  /* ---- rendering -------------------------------------------------------------------- */
  function card(item) {
    var node = cardTemplate.content.firstElementChild.cloneNode(true);
    var slot = function (name) { return node.querySelector('[data-slot="' + name + '"]'); };
    node.querySelector(".card__media").insertAdjacentHTML("afterbegin", item.picture);
    var link = slot("link");
    link.href = item.url;
    link.textContent = item.title;
    if (item.lang) link.lang = item.lang;
    if (item.dir) link.dir = item.dir;
    if (item.was_text) {
      slot("was").appendChild(document.createTextNode(item.was_text));
    } else {
      ["sale", "sale-label", "was"].forEach(function (n) { slot(n).remove(); });
    }
    if (item.price === null) {
      slot("price").remove();
      slot("meta").remove();
    } else {
      slot("now").textContent = item.price_text;
      var badge = slot("availability");
      badge.className = "badge badge--" + item.availability;
      badge.textContent = data.messages.availability[item.availability] || item.availability;
      if (item.moq_text) slot("moq").textContent = item.moq_text;
      else slot("moq").remove();
    }
    Array.prototype.forEach.call(node.querySelectorAll("[data-slot]"), function (el) {
      el.removeAttribute("data-slot");
    });
    return node;
  }

  function pagination(state, page, count) {
    if (!serverNav || count < 2) return null;
    var nav = serverNav.cloneNode(false);
    var list = document.createElement("ul");
    var steps = serverNav.querySelectorAll(".pagination__step");
    var pageWord = serverNav.querySelector("a:not(.pagination__step) .visually-hidden");
    function step(original, target, rel) {
      var li = document.createElement("li");
      var el;
      if (target) {
        el = document.createElement("a");
        el.href = pageUrl(state, target);
        el.rel = rel;
        el.setAttribute("data-page", String(target));
      } else {
        el = document.createElement("span");
        el.className = "is-disabled";
      }
      el.classList.add("pagination__step");
      el.textContent = original ? original.textContent : rel;
      li.appendChild(el);
      return li;
    }
    list.appendChild(step(steps[0], page > 1 ? page - 1 : 0, "prev"));
    for (var n = 1; n <= count; n++) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = pageUrl(state, n);
      a.setAttribute("data-page", String(n));
      if (n === page) a.setAttribute("aria-current", "page");
      if (pageWord) a.appendChild(pageWord.cloneNode(true));
      a.appendChild(document.createTextNode(numbers.format(n)));
      li.appendChild(a);
      list.appendChild(li);
    }
    list.appendChild(step(steps[steps.length - 1], page < count ? page + 1 : 0, "next"));
    nav.appendChild(list);
    return nav;
  }

  function render(state, announce) {
    var found = sorted(data.products.filter(function (item) { return matches(item, state); }),
                       state.sort);
    var per = data.per_page || found.length || 1;
    var count = Math.max(1, Math.ceil(found.length / per));
    var page = Math.min(Math.max(1, state.page), count);
    var parts = document.createDocumentFragment();
    if (found.length) {
      var grid = document.createElement("ul");
      grid.className = "grid";
      found.slice((page - 1) * per, page * per).forEach(function (item) {
        var li = document.createElement("li");
        li.className = "grid__item";
        li.appendChild(card(item));
        grid.appendChild(li);
      });
      parts.appendChild(grid);
    } else {
      var empty = document.getElementById("facets-empty");
      if (empty) parts.appendChild(empty.content.cloneNode(true));
    }
    var nav = pagination(state, page, count);
    if (nav) parts.appendChild(nav);
    results.replaceChildren(parts);
    results.setAttribute("data-facets-shown", query(state, page));  // what it shows now
    updateCounts(state);
    if (announce && status) {
      var m = data.messages.count;
      var text = m[plurals.select(found.length)] || m.other || "{n}";
      status.textContent = text.replace("{n}", numbers.format(found.length));
    }
  }

  /* ---- events ------------------------------------------------------------------------ */
  var state = readState(location.search);

  function go(next, announce) {
    state = next;
    var url = pageUrl(state, state.page);
    if (url !== location.pathname + location.search) history.pushState(null, "", url);
    showState(state);
    load().then(function () { render(state, announce); });
  }

  form.addEventListener("change", function () { go(formState(), true); });
  form.addEventListener("submit", function (e) { e.preventDefault(); go(formState(), true); });
  form.addEventListener("reset", function () {
    setTimeout(function () { go(formState(), true); }, 0);  // after the fields are reset
  });
  ["focusin", "pointerover"].forEach(function (type) {
    form.addEventListener(type, load, { once: true });  // fetched before the first change
  });

  results.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a[data-page]");
    if (!link || e.ctrlKey || e.metaKey || e.shiftKey || e.button) return;
    e.preventDefault();
    var next = Object.assign({}, state, { page: parseInt(link.getAttribute("data-page"), 10) });
    go(next, false);
    results.focus({ preventScroll: true });
    results.scrollIntoView({ block: "start" });
  });

  window.addEventListener("popstate", function () {
    state = readState(location.search);
    showState(state);
    load().then(function () { render(state, true); });
  });

  showState(state);
  if (chosen(state)) {
    // keep the server page's height while its cards are swapped: the footer does not move
    results.style.minBlockSize = results.offsetHeight + "px";
    load().then(function () { render(state, false); });
  }
})();
