/* Network page script (bildungsgraph). Draws the views in #bg-data with vis-network, fixed positions, no physics.
   Every text is set with textContent, never innerHTML: names from the graph are data, not markup. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("bg-data").textContent);
  var ui = data.ui;
  var theme = data.theme;
  var current = 0;
  var focused = null;
  var activeColour = null;  // legend entry clicked: only that category stays bright
  var nodeById = new Map(data.nodes.map(function (n) { return [n.id, n]; }));
  var edgeById = new Map(data.edges.map(function (e) { return [e.id, e]; }));
  var big = data.nodes.length > 1000;
  var crowded = data.nodes.length > 300;  // thin out edges, drop node borders, enlarge nodes
  var sizeScale = Math.max(1, Math.sqrt(data.nodes.length) / 15);
  var labelSize = 24;  // canvas px; raised after fitting so labels stay readable on a projector

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function infoList(rows) {
    var dl = el("dl");
    rows.forEach(function (r) { dl.appendChild(el("dt", r[0])); dl.appendChild(el("dd", r[1])); });
    return dl;
  }
  function colours() { return data.themes[theme]; }

  // -- vis data sets -----------------------------------------------------------------------------------------
  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();
  var style = {};  // id -> {color, size} of the current view

  function nodeItem(n, colour, size, hidden, emphasis, dim) {
    var t = colours();
    var fill = dim ? t.dim : colour;
    return {
      id: n.id, label: n.label, x: n.x, y: n.y, hidden: hidden, size: size * sizeScale,
      shape: n.network ? "diamond" : "dot",
      borderWidth: emphasis ? 7 * sizeScale : (crowded ? 0 : 2),
      color: { background: fill, border: emphasis ? t.text : (dim ? t.dim : t.background),
               highlight: { background: fill, border: t.text }, hover: { background: fill, border: t.text } },
      font: { size: emphasis ? labelSize * 1.2 : labelSize, color: dim ? t.dim : t.text, strokeWidth: 4, strokeColor: t.background,
              face: "system-ui, DejaVu Sans, Arial, sans-serif" }
    };
  }
  function edgeItem(e, hidden, dim) {
    var s = data.edgeStyles[e.kind];
    var t = colours();
    return {
      id: e.id, from: e.from, to: e.to, hidden: hidden, dashes: s.dashes, width: s.width * labelSize / 20,
      arrows: { to: { enabled: s.arrow, scaleFactor: 0.7 } },
      color: { color: dim ? t.dim : (crowded ? t.faint : t.edge), highlight: t.text, hover: t.text, inherit: false }
    };
  }

  var network = new vis.Network(document.getElementById("bg-network"), { nodes: nodes, edges: edges }, {
    autoResize: true,
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: 1 },
    nodes: { shape: "dot", scaling: { label: { drawThreshold: 9 } } },
    edges: { smooth: false, selectionWidth: 2 },
    interaction: { hover: !big, hoverConnectedEdges: false, tooltipDelay: 150, hideEdgesOnDrag: big,
                   hideEdgesOnZoom: big, multiselect: false, keyboard: false }
  });
  window.bgNetwork = network;
  window.bgNodes = nodes;

  // -- drawing one view ---------------------------------------------------------------------------------------
  function draw() {
    var view = data.views[current];
    var visible = new Set(view.nodes);
    var visibleEdges = new Set(view.edges);
    var highlight = new Set(view.highlight);
    var near = null;
    if (focused !== null && visible.has(focused)) {
      near = new Set(network.getConnectedNodes(focused));
      near.add(focused);
    }
    style = {};
    view.nodes.forEach(function (id, i) {
      style[id] = { color: view.colors[i], size: view.sizes[i], x: view.xy[i][0], y: view.xy[i][1] };
    });
    var nodeItems = data.nodes.map(function (n) {
      var s = style[n.id] || { color: "#bbbbbb", size: 14, x: n.x, y: n.y };
      var dim = (near !== null && !near.has(n.id)) || (activeColour !== null && s.color !== activeColour);
      var item = nodeItem(n, s.color, s.size, !visible.has(n.id), highlight.has(n.id) || n.id === focused, dim);
      item.x = s.x; item.y = s.y;  // a view may have its own layout (ego slides)
      return item;
    });
    var edgeItems = data.edges.map(function (e) {
      return edgeItem(e, !visibleEdges.has(e.id), near !== null && !(e.from === focused || e.to === focused));
    });
    if (nodes.length === 0) { nodes.add(nodeItems); edges.add(edgeItems); }
    else { nodes.update(nodeItems); edges.update(edgeItems); }
    document.getElementById("bg-empty").hidden = view.nodes.length > 0;
    drawLegend(view);
  }

  function drawLegend(view) {
    var legend = view.legend;
    document.getElementById("bg-legend-colour-title").textContent = legend.colourTitle;
    var list = document.getElementById("bg-legend-colours");
    list.replaceChildren();
    legend.colours.forEach(function (entry) {
      var li = el("li");
      var sw = el("span", null, "bg-swatch");
      sw.style.background = entry[1];
      li.appendChild(sw);
      li.appendChild(el("span", entry[0] + " (" + entry[2] + ")"));
      li.tabIndex = 0;
      li.setAttribute("role", "button");
      li.setAttribute("aria-pressed", String(activeColour === entry[1]));
      li.className = activeColour === entry[1] ? "bg-active" : "";
      var toggle = function () { activeColour = activeColour === entry[1] ? null : entry[1]; draw(); };
      li.addEventListener("click", toggle);
      li.addEventListener("keydown", function (ev) { if (ev.key === "Enter") toggle(); });
      list.appendChild(li);
    });
    document.getElementById("bg-legend-size").textContent = legend.size;
    var edgeList = document.getElementById("bg-legend-edges");
    edgeList.replaceChildren();
    legend.edges.forEach(function (kind) {
      var s = data.edgeStyles[kind];
      var li = el("li");
      var svgNs = "http://www.w3.org/2000/svg";
      var svg = document.createElementNS(svgNs, "svg");
      svg.setAttribute("width", "56"); svg.setAttribute("height", "14"); svg.setAttribute("class", "bg-line");
      var line = document.createElementNS(svgNs, "line");
      line.setAttribute("x1", "2"); line.setAttribute("y1", "7"); line.setAttribute("x2", s.arrow ? "44" : "54");
      line.setAttribute("y2", "7"); line.setAttribute("stroke", "currentColor");
      line.setAttribute("stroke-width", String(Math.max(2, s.width)));
      if (s.dashes) line.setAttribute("stroke-dasharray", s.dashes.join(" "));
      svg.appendChild(line);
      if (s.arrow) {
        var head = document.createElementNS(svgNs, "path");
        head.setAttribute("d", "M44 1 L55 7 L44 13 Z"); head.setAttribute("fill", "currentColor");
        svg.appendChild(head);
      }
      li.appendChild(svg);
      li.appendChild(el("span", s.label));
      edgeList.appendChild(li);
    });
    document.getElementById("bg-counts").textContent =
      ui.nodes + ": " + view.nodes.length + " · " + ui.links + ": " + view.edges.length;
  }

  function fit() {
    var view = data.views[current];
    var hasFocus = view.focus !== null && view.focus !== undefined;
    if (hasFocus && view.nodes.length > 60) {
      var visible = new Set(view.nodes);
      var ids = network.getConnectedNodes(view.focus).filter(function (id) { return visible.has(id); });
      network.fit({ nodes: ids.concat([view.focus]), animation: false });
    } else if (view.nodes.length) {
      network.fit({ nodes: view.nodes, animation: false });
    }
    var wanted = Math.min(56, Math.max(24, 19 / network.getScale()));
    if (Math.abs(wanted - labelSize) > 1) { labelSize = wanted; draw(); }
  }

  // -- details, tooltips, focus -------------------------------------------------------------------------------
  function showDetails(id) {
    var box = document.getElementById("bg-details");
    box.replaceChildren();
    if (id === null) { box.hidden = true; return; }
    var n = nodeById.get(id);
    box.appendChild(el("h2", n.name));
    box.appendChild(infoList(n.info));
    box.hidden = false;
  }
  function focusOn(id) {
    focused = id;
    draw();
    showDetails(id);
    if (id !== null) network.selectNodes([id]);
  }
  var tip = document.getElementById("bg-tip");
  function showTip(title, rows, pointer) {
    tip.replaceChildren();
    if (title) tip.appendChild(el("strong", title));
    tip.appendChild(infoList(rows));
    var box = document.getElementById("bg-network").getBoundingClientRect();
    tip.style.left = Math.min(box.left + pointer.x + 16, window.innerWidth - 460) + "px";
    tip.style.top = (box.top + pointer.y + 16) + "px";
    tip.hidden = false;
  }
  network.on("hoverNode", function (p) { var n = nodeById.get(p.node); showTip(n.name, n.info, p.pointer.DOM); });
  network.on("hoverEdge", function (p) {
    var e = edgeById.get(p.edge);
    showTip(nodeById.get(e.from).name + " — " + nodeById.get(e.to).name, e.info, p.pointer.DOM);
  });
  network.on("blurNode", function () { tip.hidden = true; });
  network.on("blurEdge", function () { tip.hidden = true; });
  network.on("dragStart", function () { tip.hidden = true; });
  network.on("click", function (p) { tip.hidden = true; focusOn(p.nodes.length ? p.nodes[0] : null); });

  // -- search -------------------------------------------------------------------------------------------------
  var names = document.getElementById("bg-names");
  data.nodes.slice().sort(function (a, b) { return a.name.localeCompare(b.name); }).forEach(function (n) {
    var option = document.createElement("option");
    option.value = n.name;
    names.appendChild(option);
  });
  function search(text) {
    var q = text.trim().toLowerCase();
    if (!q) return;
    var visible = new Set(data.views[current].nodes);
    var hit = data.nodes.find(function (n) { return visible.has(n.id) && n.name.toLowerCase() === q; }) ||
              data.nodes.find(function (n) { return visible.has(n.id) && n.name.toLowerCase().indexOf(q) >= 0; });
    if (!hit) return;
    focusOn(hit.id);
    network.focus(hit.id, { scale: 1.3, animation: false });
  }
  var box = document.getElementById("bg-search");
  box.addEventListener("change", function () { search(box.value); });
  box.addEventListener("keydown", function (ev) { if (ev.key === "Enter") search(box.value); ev.stopPropagation(); });
  document.getElementById("bg-reset").addEventListener("click", function () {
    box.value = ""; activeColour = null; focusOn(null); fit();
  });

  // -- theme --------------------------------------------------------------------------------------------------
  document.getElementById("bg-theme").addEventListener("click", function () {
    document.body.classList.remove("theme-" + theme);
    theme = theme === "dark" ? "light" : "dark";
    document.body.classList.add("theme-" + theme);
    draw();
  });

  // -- slides -------------------------------------------------------------------------------------------------
  function go(index) {
    current = Math.max(0, Math.min(data.views.length - 1, index));
    focused = null;
    activeColour = null;
    showDetails(null);
    var view = data.views[current];
    document.getElementById("bg-slide-title").textContent = view.title;
    document.getElementById("bg-slide-caption").textContent = view.caption;
    document.getElementById("bg-slide-number").textContent = (current + 1) + " / " + data.views.length;
    document.body.dataset.slide = String(current + 1);
    draw();
    fit();
  }
  if (data.slides) {
    document.getElementById("bg-prev").addEventListener("click", function () { go(current - 1); });
    document.getElementById("bg-next").addEventListener("click", function () { go(current + 1); });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowRight" || ev.key === "PageDown" || ev.key === " ") { go(current + 1); ev.preventDefault(); }
      if (ev.key === "ArrowLeft" || ev.key === "PageUp") { go(current - 1); ev.preventDefault(); }
      if (ev.key === "Home") go(0);
      if (ev.key === "End") go(data.views.length - 1);
    });
  }

  network.once("afterDrawing", function () {
    document.body.dataset.nodeCount = String(nodes.get({ filter: function (n) { return !n.hidden; } }).length);
    document.body.dataset.ready = "true";
  });
  if (data.views.length) go(0);
  else document.getElementById("bg-empty").hidden = false;
})();
