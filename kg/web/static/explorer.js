// The explorer of `kg serve` (kg/web/explorer.py serves the data as JSON).
// Document text only ever enters the page through textContent, createTextNode and option.text:
// never innerHTML, so a plan full of <script> shows as text.
(function () {
  "use strict";

  var UI = {
    zh: {search: "搜索", placeholder: "搜索主体、灾种或关键词", plans: "全部规划", places: "全部地区",
         hazards: "全部灾种", functions: "全部职能", loading: "加载中…", sparql: "在 /sparql 运行该查询",
         query: "查询（SPARQL）", more: "另有 {n} 条未列出",
         counts: "{agencies} 个主体 · {measures} 项任务 · {hazards} 个灾种"},
    en: {search: "Search", placeholder: "search an agency, a hazard or a keyword", plans: "all plans",
         places: "all places", hazards: "all hazards", functions: "all functions", loading: "loading…",
         sparql: "run this query on /sparql", query: "query (SPARQL)", more: "{n} more not listed",
         counts: "{agencies} agencies · {measures} measures · {hazards} hazards"}
  };
  var FILTERS = ["plan", "place", "hazard", "function"];
  var state = {lang: "zh", network: null, nodes: null, edges: null, facets: null, request: 0};

  function $(id) { return document.getElementById(id); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function words() { return UI[state.lang]; }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return String(values[key] === undefined ? "" : values[key]); });
  }

  function getJSON(url) {
    return fetch(url, {headers: {"Accept": "application/json"}}).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) { throw new Error(data.error || response.statusText); }
        return data;
      });
    });
  }

  function setStatus(text, problem) {
    var status = $("status");
    status.textContent = text;
    status.className = problem ? "problem" : "";
  }

  // --- filters

  function option(value, label) {
    var item = document.createElement("option");
    item.value = value;
    item.text = label;
    return item;
  }

  function fillSelect(select, first, items, label) {
    var chosen = select.value;
    clear(select);
    select.appendChild(option("", first));
    items.forEach(function (item) { select.appendChild(option(item.value, label(item))); });
    select.value = chosen;
  }

  function showFacets() {
    var f = state.facets, w = words(), lang = state.lang;
    if (!f) { return; }
    fillSelect($("plan"), w.plans, f.plans, function (p) { return p.place ? p.label + "（" + p.place + "）" : p.label; });
    fillSelect($("place"), w.places, f.places, function (p) { return p.label; });
    fillSelect($("hazard"), w.hazards, f.hazards, function (h) { return h[lang] || h.zh || h.value; });
    fillSelect($("function"), w.functions, f.functions, function (x) { return x[lang] || x.zh || x.value; });
  }

  function applyLanguage() {
    var w = words();
    document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
    $("go").textContent = w.search;
    $("q").placeholder = w.placeholder;
    $("details-sparql").textContent = w.sparql;
    $("details-query").querySelector("summary").textContent = w.query;
    showFacets();
  }

  function query() {
    var params = new URLSearchParams();
    var q = $("q").value.trim();
    if (q) { params.set("q", q); }
    FILTERS.forEach(function (name) { if ($(name).value) { params.set(name, $(name).value); } });
    params.set("lang", state.lang);
    return params.toString();
  }

  // --- the graph

  function tooltip(lines) {
    var box = el("div", "tip");
    lines.forEach(function (pair) {
      var line = el("div");
      line.appendChild(el("b", null, pair[0]));
      line.appendChild(document.createTextNode(pair[1]));
      box.appendChild(line);
    });
    return box;
  }

  function withTooltips(items) {
    return items.map(function (item) {
      if (item.info && item.info.length) { item.title = tooltip(item.info); }
      return item;
    });
  }

  function showLegend(items) {
    var legend = $("legend");
    clear(legend);
    items.forEach(function (item) {
      var row = el("div");
      row.setAttribute("data-key", item.key);
      var swatch = el("span", item.line ? "line" + (item.dashed ? " dashed" : "") : "swatch " + item.shape);
      if (item.line) { swatch.style.borderTopColor = item.color; } else { swatch.style.background = item.color; }
      if (item.ring) { swatch.style.boxShadow = "0 0 0 2px " + item.ring; }
      row.appendChild(swatch);
      row.appendChild(el("span", null, item.label));
      legend.appendChild(row);
    });
  }

  function draw(data) {
    state.nodes = new vis.DataSet(withTooltips(data.nodes));
    state.edges = new vis.DataSet(withTooltips(data.edges));
    var options = data.options || {};
    if (state.network) { state.network.destroy(); }
    state.network = new vis.Network($("graph"), {nodes: state.nodes, edges: state.edges}, options);
    state.network.on("click", function (event) {
      if (event.nodes.length) { showDetails(event.nodes[0]); }
    });
    var done = function () {
      state.network.fit({animation: false});
      document.body.setAttribute("data-graph", "ready");
    };
    if (options.physics && options.physics.enabled) {
      state.network.once("stabilizationIterationsDone", function () {
        state.network.setOptions({physics: {enabled: false}});
        done();
      });
    } else {
      done();
    }
  }

  function loadGraph() {
    var ticket = ++state.request;
    document.body.setAttribute("data-graph", "loading");
    setStatus(words().loading, false);
    return getJSON("/explore/graph?" + query()).then(function (data) {
      if (ticket !== state.request) { return; }  // a newer request is on its way
      showLegend(data.legend || []);
      draw(data);
      if (data.message) {
        setStatus(data.message, true);
      } else {
        setStatus(fill(words().counts, data.counts), false);
      }
    }).catch(function (error) {
      setStatus(String(error.message || error), true);
      document.body.setAttribute("data-graph", "failed");
    });
  }

  // --- a node's details

  function paragraph(text, marks) {
    var box = el("p", "paragraph");
    var at = 0;
    marks.forEach(function (mark) {
      if (mark.start < at) { return; }  // overlapping marks: the first one wins
      if (mark.start > at) { box.appendChild(document.createTextNode(text.slice(at, mark.start))); }
      box.appendChild(el("mark", mark.kind, text.slice(mark.start, mark.end)));
      at = mark.end;
    });
    if (at < text.length) { box.appendChild(document.createTextNode(text.slice(at))); }
    return box;
  }

  function evidenceBlock(entry) {
    var block = el("section", "evidence");
    var heading = el("h3");
    if (entry.measure && state.nodes && state.nodes.get(entry.measure)) {
      var button = el("button", null, entry.heading);
      button.type = "button";
      button.addEventListener("click", function () {
        state.network.selectNodes([entry.measure]);
        state.network.focus(entry.measure, {scale: 1.2, animation: false});
        showDetails(entry.measure);
      });
      heading.appendChild(button);
    } else {
      heading.textContent = entry.heading;
    }
    block.appendChild(heading);
    block.appendChild(paragraph(entry.text, entry.marks || []));
    return block;
  }

  function showDetails(id) {
    var params = new URLSearchParams({id: id, lang: state.lang});
    return getJSON("/explore/node?" + params.toString()).then(function (data) {
      var panel = $("details");
      $("details-kind").textContent = data.kind_label;
      $("details-title").textContent = data.title;
      var facts = $("details-facts");
      clear(facts);
      data.facts.forEach(function (pair) {
        facts.appendChild(el("dt", null, pair[0]));
        facts.appendChild(el("dd", null, pair[1]));
      });
      var evidence = $("details-evidence");
      clear(evidence);
      data.evidence.forEach(function (entry) { evidence.appendChild(evidenceBlock(entry)); });
      $("details-more").textContent = data.more ? fill(words().more, {n: data.more}) : "";
      var link = $("details-sparql");
      link.href = data.sparql.indexOf("/sparql?") === 0 ? data.sparql : "/sparql";
      $("details-query").querySelector("pre").textContent = data.query;
      panel.hidden = false;
      panel.setAttribute("data-node", id);
      panel.scrollTop = 0;
    }).catch(function (error) { setStatus(String(error.message || error), true); });
  }

  // --- wiring

  function start() {
    var saved = new URLSearchParams(window.location.search);
    state.lang = saved.get("lang") === "en" ? "en" : "zh";
    $("lang").value = state.lang;
    if (saved.get("q")) { $("q").value = saved.get("q"); }
    applyLanguage();
    $("search").addEventListener("submit", function (event) { event.preventDefault(); loadGraph(); });
    FILTERS.forEach(function (name) { $(name).addEventListener("change", loadGraph); });
    $("lang").addEventListener("change", function () {
      state.lang = $("lang").value;
      applyLanguage();
      loadGraph();
      var open = $("details").getAttribute("data-node");
      if (open && !$("details").hidden) { showDetails(open); }
    });
    $("close").addEventListener("click", function () { $("details").hidden = true; });
    getJSON("/explore/facets").then(function (data) {
      state.facets = data;
      showFacets();
    }).catch(function (error) { setStatus(String(error.message || error), true); });
    loadGraph();
  }

  // For scripts and tests: the vis.js data sets and network on show, and the details panel.
  window.emkgExplorer = {
    get nodes() { return state.nodes; },
    get edges() { return state.edges; },
    get network() { return state.network; },
    showDetails: showDetails,
    reload: loadGraph
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
