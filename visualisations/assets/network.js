/* Network page script (bildungsgraph). Draws the views in #bg-data with vis-network: fixed positions, no physics.
   Labels are placed here (text measured in this browser) so that they overlap neither each other nor nodes and stay
   inside the canvas; the rule is the one of graph_service/network/placement.py. Labels that do not fit are left out
   and the full name is shown on hover. Every text is set with textContent, never innerHTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("bg-data").textContent);
  var ui = data.ui;
  var theme = data.theme;
  var current = data.sequence.length ? data.sequence[0] : 0;
  var focused = null;
  var activeColour = null;  // legend entry clicked: only that category stays bright
  var slideDay = null;      // date chosen on the time slider (ISO string) or null
  var nodeById = new Map(data.nodes.map(function (n) { return [n.id, n]; }));
  var edgeById = new Map(data.edges.map(function (e) { return [e.id, e]; }));
  var container = document.getElementById("bg-network");
  var FONT = "system-ui, \"DejaVu Sans\", Arial, sans-serif";

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
  function view() { return data.views[current]; }

  // -- the size rule (visualisations/style.py: label_px, radius_range) ------------------------------------------
  function labelPx() {
    var f = data.labelFont;
    var s = Math.min(window.innerWidth / f.reference_width, window.innerHeight / f.reference_height);
    return Math.max(f.minimum, Math.round(f.base * s));
  }
  function radiusRange(v) {
    var r = data.radius;
    var area = container.clientWidth * container.clientHeight;
    if (v.aggregated) return [r.group_min * Math.sqrt(area), r.group_max * Math.sqrt(area)];
    var small = Math.min(Math.max(r.factor * Math.sqrt(area / Math.max(v.nodes.length, 1)), r.min), r.max);
    return [small, small * r.ratio];
  }

  // -- vis data sets ------------------------------------------------------------------------------------------
  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();
  var style = {};   // id -> {color, rel, x, y, shape} in the current view
  var scale = 1;    // canvas units -> px after fitting
  var px = {};      // id -> radius in px at the fitted scale

  var attached = false;
  var canvasSize = "";  // the data sets are handed to vis-network once, filled (one processing, one drawing)
  var network = new vis.Network(container, { nodes: new vis.DataSet(), edges: new vis.DataSet() }, {
    autoResize: true,
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: 1 },
    nodes: { shape: "dot", font: { size: 0 }, chosen: false, borderWidth: 1.2, borderWidthSelected: 1.2 },
    edges: { smooth: false, selectionWidth: 0, chosen: false, color: { inherit: false },
             arrows: { to: { enabled: false, scaleFactor: 0.6 } } },
    interaction: { hover: true, hoverConnectedEdges: false, tooltipDelay: 150, hideEdgesOnDrag: data.nodes.length > 1000,
                   hideEdgesOnZoom: data.nodes.length > 1000, multiselect: false, keyboard: false, selectConnectedEdges: false }
  });
  window.bgNetwork = network;
  window.bgNodes = nodes;
  window.bgEdges = edges;
  window.bgPage = data;
  window.bgShow = function (index) { show(index); };

  function validOn(e, day) {
    return (!e.start || e.start <= day) && (!e.end || e.end >= day);
  }
  function edgeStatus(v, e, i) {
    if (v.timeline && slideDay) {
      var ref = v.timeline.reference;
      var now = validOn(e, slideDay);
      if (!ref) return now ? null : "hidden";
      var before = validOn(e, ref);
      if (now && before) return "continuing";
      if (now) return "new";
      return before ? "ended" : "hidden";
    }
    return v.statuses ? v.statuses[i] : null;
  }

  // Items carry only what differs from the defaults given to vis-network below (fewer options: faster loading).
  function nodeItem(n, s, hidden, emphasis, dim) {
    var t = colours();
    return {
      id: n.id, x: s.x, y: s.y, hidden: hidden, shape: s.shape, size: (px[n.id] || 6) / scale,
      borderWidth: emphasis ? 4 : 1.2,  // px: vis-network divides node borders by the zoom itself
      color: { background: dim ? t.dim : s.color, border: emphasis ? t.text : (dim ? t.dim : t.text) }
    };
  }
  function edgeItem(e, v, i, hidden, dim) {
    var t = colours();
    var s = data.edgeStyles[e.kind];
    var status = edgeStatus(v, e, i);
    var st = status && status !== "hidden" ? data.statusStyles[status] : null;
    var width = v.widths ? v.widths[i] : (st ? st.width * 1.4 : s.width);
    var item = {
      id: e.id, from: e.from, to: e.to, hidden: hidden || status === "hidden",
      dashes: st && st.dashes ? st.dashes : s.dashes, width: width / scale,
      color: dim ? t.dim : (st && st.colour ? st.colour : (v.nodes.length > 300 ? t.faint : t.edge))
    };
    if (s.arrow && !attached) item.arrows = { to: { enabled: true, scaleFactor: 0.6 } };
    return item;
  }

  // -- drawing one view -----------------------------------------------------------------------------------------
  function neighbours(v, id) {  // the partners of ``id`` in view ``v`` (from the view's own edges)
    var found = new Set([id]);
    v.edges.forEach(function (eid) {
      var e = edgeById.get(eid);
      if (e.from === id) found.add(e.to);
      if (e.to === id) found.add(e.from);
    });
    return found;
  }
  function neighbourhood() {
    return focused === null ? null : neighbours(view(), focused);
  }
  /** Colours, shapes, positions and radii (px) of the current view's nodes. */
  function prepare(v) {
    var range = radiusRange(v);
    style = {};
    v.nodes.forEach(function (id, i) {
      style[id] = { color: v.colors[i], rel: v.sizes[i], x: v.xy[i][0], y: v.xy[i][1], shape: v.shapes[i] };
      px[id] = range[0] + (range[1] - range[0]) * v.sizes[i];
    });
  }
  function draw(withoutLabels) {
    var v = view();
    var visible = new Set(v.nodes);
    var visibleEdges = new Map(v.edges.map(function (id, i) { return [id, i]; }));
    var highlight = new Set(v.highlight.concat(v.members || []));
    var near = visible.has(focused) ? neighbourhood() : null;
    var nodeItems = data.nodes.map(function (n) {
      var s = style[n.id] || { color: "#bbbbbb", rel: 0, x: 0, y: 0, shape: "dot" };
      var dim = (near !== null && !near.has(n.id)) || (activeColour !== null && s.color !== activeColour);
      return nodeItem(n, s, !visible.has(n.id), highlight.has(n.id) || n.id === focused || n.id === v.focus, dim);
    });
    var edgeItems = data.edges.map(function (e) {
      var i = visibleEdges.has(e.id) ? visibleEdges.get(e.id) : -1;
      return edgeItem(e, v, i, i < 0, near !== null && !(e.from === focused || e.to === focused));
    });
    if (!attached) { nodes.add(nodeItems); edges.add(edgeItems); }
    else { nodes.update(nodeItems); edges.update(edgeItems); }
    document.getElementById("bg-empty").hidden = v.nodes.length > 0;
    drawLegend(v);
    if (!withoutLabels) placeLabels();
  }

  /** The scale and centre that fit the view (or its focus and partners) into the canvas with room for labels. */
  function fitTransform(v) {
    var ids = v.nodes;
    if (v.focus !== null && v.focus !== undefined && v.nodes.length > 60 && !v.drill) ids = Array.from(neighbours(v, v.focus));
    if (!ids.length) return null;
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    ids.forEach(function (id) {
      var s = style[id];
      x0 = Math.min(x0, s.x); x1 = Math.max(x1, s.x); y0 = Math.min(y0, s.y); y1 = Math.max(y1, s.y);
    });
    var w = container.clientWidth, h = container.clientHeight;
    var range = radiusRange(v);
    var padX = range[1] * 1.6 + Math.max(0.05 * w, labelPx() * 3);
    var padY = range[1] * 1.6 + labelPx() * 2;
    var sx = (w - 2 * padX) / Math.max(x1 - x0, 1e-6), sy = (h - 2 * padY) / Math.max(y1 - y0, 1e-6);
    var s = x1 - x0 < 1e-6 && y1 - y0 < 1e-6 ? 1 : Math.max(Math.min(sx, sy, 4), 1e-4);
    return { scale: s, position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 } };
  }
  /** Fit the current view: sizes for the new scale, one update of the data sets, then the labels. */
  function fit() {
    var v = view();
    prepare(v);
    var target = fitTransform(v);
    if (target) scale = target.scale;
    draw(true);
    if (!attached) { network.setData({ nodes: nodes, edges: edges }); attached = true; }
    var size = container.clientWidth + "x" + container.clientHeight;
    if (size !== canvasSize) {  // the legend changed width: let vis-network take the new size before moving
      canvasSize = size;
      network.setSize("100%", "100%");
    }
    if (target) placeLabels(target);  // placed for where the view goes, so moving there draws them at once
    if (target) network.moveTo({ position: target.position, scale: target.scale, animation: false });
    else placeLabels();
  }

  // -- labels: measured, placed without collisions, drawn on the canvas ------------------------------------------
  var placed = [];     // [{id, lines, px, dx, dy, w, h}] offsets from the node's screen position
  var placedFor = "";  // the view transform the labels were placed for
  function transformKey(t) {
    t = t || currentTransform();
    return [t.scale.toPrecision(6), (t.position.x * t.scale).toFixed(0), (t.position.y * t.scale).toFixed(0),
            container.clientWidth, container.clientHeight, current].join("|");
  }
  var hiddenLabels = 0;
  var measure = document.createElement("canvas").getContext("2d");
  var widthCache = new Map();
  function textWidth(text, size) {
    var key = size + "|" + text;
    if (!widthCache.has(key)) {
      measure.font = size + "px " + FONT;
      widthCache.set(key, measure.measureText(text).width);
    }
    return widthCache.get(key);
  }
  function labelSize(n, size) {
    var w = 0;
    n.lines.forEach(function (line) { w = Math.max(w, textWidth(line, size)); });
    var line = Math.round(size * 1.2);
    return { w: Math.ceil(w) + 4, h: n.lines.length * line + 2, line: line };
  }
  function reach(id, now) {
    return (px[id] / scale) * now * (data.shapeReach[style[id].shape] || 1) + 2.5;
  }
  function currentTransform() { return { scale: network.getScale(), position: network.getViewPosition() }; }
  function Grid(cell) { this.cell = cell; this.cells = new Map(); }
  Grid.prototype.add = function (index, b) {
    var c = this.cell;
    for (var i = Math.floor(b[0] / c); i <= Math.floor(b[2] / c); i++) {
      for (var j = Math.floor(b[1] / c); j <= Math.floor(b[3] / c); j++) {
        var k = (i + 32768) * 65536 + (j + 32768);
        var list = this.cells.get(k);
        if (list) list.push(index); else this.cells.set(k, [index]);
      }
    }
  };
  /** True when ``test`` holds for an item stored near box ``b`` (items may be tested twice). */
  Grid.prototype.any = function (b, test) {
    var c = this.cell;
    for (var i = Math.floor(b[0] / c); i <= Math.floor(b[2] / c); i++) {
      for (var j = Math.floor(b[1] / c); j <= Math.floor(b[3] / c); j++) {
        var list = this.cells.get((i + 32768) * 65536 + (j + 32768));
        if (list) for (var k = 0; k < list.length; k++) if (test(list[k])) return true;
      }
    }
    return false;
  };
  function overlaps(a, b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; }
  function hits(b, d) {
    var nx = Math.min(Math.max(d[0], b[0]), b[2]), ny = Math.min(Math.max(d[1], b[1]), b[3]);
    return (nx - d[0]) * (nx - d[0]) + (ny - d[1]) * (ny - d[1]) < d[2] * d[2];
  }
  function candidates(d, w, h, away) {  // next to the node; with ``away`` those pointing that way first
    var x = d[0], y = d[1], r = d[2] + data.gap, q = r * Math.SQRT1_2;
    var boxes = [[x + r, y - h / 2], [x - r - w, y - h / 2], [x - w / 2, y + r], [x - w / 2, y - r - h],
                 [x + q, y + q], [x + q, y - q - h], [x - q - w, y + q], [x - q - w, y - q - h]]
      .map(function (p) { return [p[0], p[1], p[0] + w, p[1] + h]; });
    if (!away || (away[0] === 0 && away[1] === 0)) return boxes;
    var score = function (b) {
      var cx = (b[0] + b[2]) / 2 - x, cy = (b[1] + b[3]) / 2 - y;
      return -(cx * away[0] + cy * away[1]) / (Math.hypot(cx, cy) || 1);
    };
    return boxes.map(function (b, i) { return [score(b), i, b]; })
      .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; }).map(function (e) { return e[2]; });
  }
  /** Every node of the view as a disc in px on the canvas, for the view transform ``t`` (scale, centre). */
  function discs(t) {
    var w = container.clientWidth / 2, h = container.clientHeight / 2;
    return view().nodes.map(function (id) {
      var s = style[id];
      return { id: id, d: [(s.x - t.position.x) * t.scale + w, (s.y - t.position.y) * t.scale + h, reach(id, t.scale)] };
    });
  }
  function segHitsBox(s, b) {  // Liang–Barsky
    var dx = s[2] - s[0], dy = s[3] - s[1], lo = 0, hi = 1;
    var checks = [[-dx, s[0] - b[0]], [dx, b[2] - s[0]], [-dy, s[1] - b[1]], [dy, b[3] - s[1]]];
    for (var i = 0; i < 4; i++) {
      var p = checks[i][0], q = checks[i][1];
      if (p === 0) { if (q < 0) return false; continue; }
      var r = q / p;
      if (p < 0) lo = Math.max(lo, r); else hi = Math.min(hi, r);
      if (lo > hi) return false;
    }
    return true;
  }
  function segmentsCross(s, o) {
    function side(ax, ay, bx, by, cx, cy) { return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax); }
    return side(o[0], o[1], o[2], o[3], s[0], s[1]) * side(o[0], o[1], o[2], o[3], s[2], s[3]) < 0 &&
      side(s[0], s[1], s[2], s[3], o[0], o[1]) * side(s[0], s[1], s[2], s[3], o[2], o[3]) < 0;
  }
  function leaderLine(d, b) {
    var bx = Math.min(Math.max(d[0], b[0]), b[2]), by = Math.min(Math.max(d[1], b[1]), b[3]);
    var dist = Math.hypot(bx - d[0], by - d[1]) || 1;
    return [d[0] + (bx - d[0]) * d[2] / dist, d[1] + (by - d[1]) * d[2] / dist, bx, by];
  }
  function placeLabels(target) {
    var started = performance.now();
    var t = target || currentTransform();
    var v = view();
    var size = Math.round(labelPx() * (v.aggregated ? 1.25 : 1));
    var w = container.clientWidth, h = container.clientHeight;
    var all = discs(t);
    var byId = new Map(all.map(function (x) { return [x.id, x.d]; }));
    var cell = Math.max(size * 4, 16);
    var discGrid = new Grid(cell);
    all.forEach(function (x, i) { discGrid.add(i, [x.d[0] - x.d[2], x.d[1] - x.d[2], x.d[0] + x.d[2], x.d[1] + x.d[2]]); });
    var near = view().nodes.indexOf(focused) >= 0 ? neighbourhood() : null;
    var boxes = [], grid = new Grid(cell), lines = [];
    var segs = [], edgeGrid = new Grid(cell * 4);
    v.edges.forEach(function (eid, i) {
      var e = edgeById.get(eid), a = byId.get(e.from), b = byId.get(e.to);
      if (a && b && edgeStatus(v, e, i) !== "hidden") segs.push([a[0], a[1], b[0], b[1]]);
    });
    if (segs.length > data.edgeAware) segs = [];
    segs.forEach(function (s, i) {
      edgeGrid.add(i, [Math.min(s[0], s[2]), Math.min(s[1], s[3]), Math.max(s[0], s[2]), Math.max(s[1], s[3])]);
    });
    function clearOfEdges(b) { return !edgeGrid.any(b, function (i) { return segHitsBox(segs[i], b); }); }
    var cx = 0, cy = 0;
    all.forEach(function (x) { cx += x.d[0] / all.length; cy += x.d[1] / all.length; });
    function free(b) {
      if (b[0] < 0 || b[1] < 0 || b[2] > w || b[3] > h) return false;
      if (discGrid.any(b, function (i) { return hits(b, all[i].d); })) return false;
      if (grid.any(b, function (i) { return overlaps(b, boxes[i]); })) return false;
      return !lines.some(function (s) { return segHitsBox(s, b); });
    }
    function lineFree(s) {  // a leader line may cross nodes and edges (as edges do), no label, no other leader
      var area = [Math.min(s[0], s[2]), Math.min(s[1], s[3]), Math.max(s[0], s[2]), Math.max(s[1], s[3])];
      return !grid.any(area, function (i) { return segHitsBox(s, boxes[i]); }) &&
        !lines.some(function (o) { return segmentsCross(s, o); });
    }
    placed = [];
    var wanted = 0;
    v.order.forEach(function (id) {
      var d = byId.get(id);
      if (!d || d[0] < 0 || d[1] < 0 || d[0] > w || d[1] > h) return;
      if (near !== null && !near.has(id)) return;
      if (activeColour !== null && style[id].color !== activeColour) return;
      var rank = wanted++;
      if (rank >= data.attempts) return;  // the least important names of a crowded view are not tried
      var n = nodeById.get(id), s = labelSize(n, size);
      var options = candidates(d, s.w, s.h, [d[0] - cx, d[1] - cy]).filter(free);
      var box = options.find(clearOfEdges) || options[0] || null, line = null;
      if (box === null && rank < data.leaders) {
        [1.5, 3, 4.5].some(function (step) {
          return candidates([d[0], d[1], d[2] + step * s.h], s.w, s.h).some(function (b) {
            var seg = leaderLine(d, b);
            if (free(b) && lineFree(seg)) { box = b; line = seg; return true; }
            return false;
          });
        });
      }
      if (box === null) return;
      grid.add(boxes.length, box);
      boxes.push(box);
      if (line) lines.push(line);
      placed.push({ id: id, lines: n.lines, px: size, line: s.line, dx: box[0] - d[0], dy: box[1] - d[1], w: s.w, h: s.h,
                    leader: line ? [line[0] - d[0], line[1] - d[1], line[2] - d[0], line[3] - d[1]] : null });
    });
    hiddenLabels = wanted - placed.length;
    placedFor = transformKey(t);
    document.body.dataset.labels = String(placed.length);
    document.body.dataset.placementMs = (performance.now() - started).toFixed(1);
    var hint = document.getElementById("bg-hidden-labels");
    hint.textContent = hiddenLabels > 1 ? ui.hidden_labels.replace("{n}", hiddenLabels)
      : (hiddenLabels === 1 ? ui.hidden_label : "\u00a0");  // the line is always there: the legend never grows
    if (!target) network.redraw();
  }
  function drawLabels(ctx) {
    if (placedFor !== transformKey()) {  // the view moved (zoom, pan, resize): place again when it rests
      if (placed.length) { placed = []; document.body.dataset.labels = "moving"; }
      later();
      return;
    }
    var t = colours();
    var ratio = network.canvas.pixelRatio || window.devicePixelRatio || 1;
    var pos = network.getPositions(placed.map(function (p) { return p.id; }));
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textBaseline = "middle";
    ctx.textAlign = "left";
    ctx.lineJoin = "round";
    ctx.strokeStyle = t.text;
    ctx.lineWidth = 1.5;
    placed.forEach(function (p) {
      if (!p.leader) return;
      var c = network.canvasToDOM(pos[p.id]);
      ctx.beginPath();
      ctx.moveTo(c.x + p.leader[0], c.y + p.leader[1]);
      ctx.lineTo(c.x + p.leader[2], c.y + p.leader[3]);
      ctx.stroke();
    });
    placed.forEach(function (p) {
      var c = network.canvasToDOM(pos[p.id]);
      var x = c.x + p.dx + 2, y = c.y + p.dy + 1;
      ctx.font = p.px + "px " + FONT;
      p.lines.forEach(function (line, i) {
        var ly = y + (i + 0.5) * p.line;
        ctx.lineWidth = Math.max(3, p.px / 5);
        ctx.strokeStyle = t.background;
        ctx.strokeText(line, x, ly);
        ctx.fillStyle = t.text;
        ctx.fillText(line, x, ly);
      });
    });
    ctx.restore();
  }
  network.on("afterDrawing", drawLabels);
  var pending = null;
  function later() {
    if (pending) clearTimeout(pending);
    pending = setTimeout(function () { pending = null; placeLabels(); }, 80);
  }
  window.addEventListener("resize", function () { setTimeout(function () { fitLegend(); fit(); }, 50); });

  /** True when the labels drawn belong to the current view and position (nothing waits to be placed). */
  window.bgLabelsSettled = function () { return pending === null && placedFor === transformKey(); };
  /** Shown labels and nodes in px relative to the canvas, for the geometric check of the tests. */
  window.bgLabelGeometry = function () {
    var pos = network.getPositions(placed.map(function (p) { return p.id; }));
    return {
      canvas: [0, 0, container.clientWidth, container.clientHeight],
      labels: placed.map(function (p) {
        var c = network.canvasToDOM(pos[p.id]);
        var w = 0;
        p.lines.forEach(function (line) { measure.font = p.px + "px " + FONT; w = Math.max(w, measure.measureText(line).width); });
        return [c.x + p.dx, c.y + p.dy, c.x + p.dx + w + 4, c.y + p.dy + p.h, p.px, p.id];
      }),
      nodes: discs(currentTransform()).map(function (x) { return x.d; }),
      hidden: hiddenLabels,
      viewport: [window.innerWidth, window.innerHeight]
    };
  };

  // -- legend -------------------------------------------------------------------------------------------------
  function swatch(shape, colour) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "-12 -12 24 24");
    svg.setAttribute("class", "bg-swatch");
    svg.setAttribute("aria-hidden", "true");
    var shapes = {
      dot: "M 0 -9 A 9 9 0 1 1 0 9 A 9 9 0 1 1 0 -9 Z",
      square: "M -8 -8 H 8 V 8 H -8 Z",
      triangle: "M 0 -10 L 9.5 7 L -9.5 7 Z",
      triangleDown: "M 0 10 L 9.5 -7 L -9.5 -7 Z",
      hexagon: "M 9 0 L 4.5 7.8 L -4.5 7.8 L -9 0 L -4.5 -7.8 L 4.5 -7.8 Z",
      star: "M 0 -10 L 2.4 -3.2 L 9.5 -3.1 L 3.8 1.2 L 5.9 8.1 L 0 4 L -5.9 8.1 L -3.8 1.2 L -9.5 -3.1 L -2.4 -3.2 Z",
      diamond: "M 0 -10 L 10 0 L 0 10 L -10 0 Z"
    };
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", shapes[shape] || shapes.dot);
    path.setAttribute("fill", colour);
    path.setAttribute("stroke", "currentColor");
    path.setAttribute("stroke-width", "1.5");
    svg.appendChild(path);
    return svg;
  }
  function lineSample(dashes, arrow, width, colour) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 56 14");
    svg.setAttribute("class", "bg-line");
    svg.setAttribute("aria-hidden", "true");
    var line = document.createElementNS(ns, "line");
    line.setAttribute("x1", "2"); line.setAttribute("y1", "7"); line.setAttribute("x2", arrow ? "44" : "54");
    line.setAttribute("y2", "7"); line.setAttribute("stroke", colour || "currentColor");
    line.setAttribute("stroke-width", String(Math.max(2, width)));
    if (dashes) line.setAttribute("stroke-dasharray", dashes.join(" "));
    svg.appendChild(line);
    if (arrow) {
      var head = document.createElementNS(ns, "path");
      head.setAttribute("d", "M44 1 L55 7 L44 13 Z"); head.setAttribute("fill", colour || "currentColor");
      svg.appendChild(head);
    }
    return svg;
  }
  function drawLegend(v) {
    var legend = v.legend;
    document.getElementById("bg-legend-colour-title").textContent = legend.colourTitle;
    var list = document.getElementById("bg-legend-colours");
    list.replaceChildren();
    legend.colours.forEach(function (entry) {
      var li = el("li");
      li.appendChild(swatch(entry[3], entry[1]));
      li.appendChild(el("span", entry[0] + " (" + entry[2] + ")"));
      li.tabIndex = 0;
      li.setAttribute("role", "button");
      li.setAttribute("aria-pressed", String(activeColour === entry[1]));
      li.className = activeColour === entry[1] ? "bg-active" : "";
      var toggle = function () { activeColour = activeColour === entry[1] ? null : entry[1]; draw(); };
      li.addEventListener("click", toggle);
      li.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { toggle(); ev.preventDefault(); } });
      list.appendChild(li);
    });
    var shapes = document.getElementById("bg-legend-shapes");
    shapes.replaceChildren();
    document.getElementById("bg-legend-shape-title").hidden = !legend.shapes.length;
    legend.shapes.forEach(function (entry) {
      var li = el("li");
      li.appendChild(swatch(entry[1], "none"));
      li.appendChild(el("span", entry[0]));
      shapes.appendChild(li);
    });
    document.getElementById("bg-legend-size").textContent = legend.size;
    var edgeList = document.getElementById("bg-legend-edges");
    edgeList.replaceChildren();
    legend.edges.forEach(function (kind) {
      var s = data.edgeStyles[kind];
      var li = el("li");
      li.appendChild(lineSample(s.dashes, s.arrow, s.width));
      li.appendChild(el("span", s.label));
      edgeList.appendChild(li);
    });
    var statuses = v.timeline && v.timeline.reference ? statusCounts(v) : legend.statuses;
    statuses.forEach(function (entry) {
      var st = data.statusStyles[entry[0]];
      var li = el("li", null, "bg-status");
      li.appendChild(lineSample(st.dashes, false, st.width * 1.4, st.colour));
      li.appendChild(el("span", entry[1] + " (" + entry[2] + ")"));
      edgeList.appendChild(li);
    });
    document.getElementById("bg-legend-edge-title").hidden = edgeList.childElementCount === 0;
    document.getElementById("bg-counts").textContent =
      ui.nodes + ": " + v.nodes.length + " · " + ui.links + ": " + v.edges.length;
    document.getElementById("bg-open-hint").hidden = !Object.keys(v.groups).length;
    document.getElementById("bg-back").hidden = v.back === null;
  }
  function statusCounts(v) {
    var counts = { "new": 0, ended: 0, continuing: 0 };
    v.edges.forEach(function (id, i) { var s = edgeStatus(v, edgeById.get(id), i); if (counts[s] !== undefined) counts[s]++; });
    var date = v.timeline.referenceLabel;
    return ["new", "ended", "continuing"].filter(function (s) { return counts[s] > 0; })
      .map(function (s) { return [s, ui[s].replace("{date}", date), counts[s]]; });
  }
  /** The legend always fits: one column, else two, else compact two columns. */
  function fitLegend() {
    var box = document.getElementById("bg-legend");
    box.classList.remove("bg-two-cols", "bg-compact");
    if (box.scrollHeight > box.clientHeight + 1) box.classList.add("bg-two-cols");
    if (box.scrollHeight > box.clientHeight + 1) box.classList.add("bg-compact");
  }

  // -- details, tooltips, focus, drill-down -------------------------------------------------------------------
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
    else network.unselectAll();
  }
  var tip = document.getElementById("bg-tip");
  function showTip(title, rows, pointer) {
    tip.replaceChildren();
    if (title) tip.appendChild(el("strong", title));
    tip.appendChild(infoList(rows));
    var box = container.getBoundingClientRect();
    tip.style.left = Math.min(box.left + pointer.x + 16, window.innerWidth - 460) + "px";
    tip.style.top = Math.min(box.top + pointer.y + 16, window.innerHeight - 200) + "px";
    tip.hidden = false;
  }
  network.on("hoverNode", function (p) { var n = nodeById.get(p.node); showTip(n.name, n.info, p.pointer.DOM); });
  network.on("hoverEdge", function (p) {
    var e = edgeById.get(p.edge);
    var title = nodeById.get(e.from).name + " — " + nodeById.get(e.to).name;
    showTip(title, e.label ? [[ui.kind, e.label]].concat(e.info.slice(1)) : e.info, p.pointer.DOM);
  });
  network.on("blurNode", function () { tip.hidden = true; });
  network.on("blurEdge", function () { tip.hidden = true; });
  network.on("dragStart", function () { tip.hidden = true; });
  network.on("click", function (p) {
    tip.hidden = true;
    var id = p.nodes.length ? p.nodes[0] : null;
    var target = id !== null ? view().groups[String(id)] : undefined;
    if (target !== undefined) { show(target); return; }
    focusOn(id);
  });
  document.getElementById("bg-back").addEventListener("click", function () {
    if (view().back !== null) show(view().back);
  });

  // -- search -------------------------------------------------------------------------------------------------
  var names = document.getElementById("bg-names");
  function fillNames() {  // the name list is built when the search box is first used (thousands of options)
    if (names.childElementCount) return;
    data.nodes.filter(function (n) { return n.iri; }).sort(function (a, b) { return a.name.localeCompare(b.name); })
      .forEach(function (n) { var option = document.createElement("option"); option.value = n.name; names.appendChild(option); });
  }
  function search(text) {
    var q = text.trim().toLowerCase();
    if (!q) return;
    var visible = new Set(view().nodes);
    var hit = data.nodes.find(function (n) { return visible.has(n.id) && n.name.toLowerCase() === q; }) ||
              data.nodes.find(function (n) { return visible.has(n.id) && n.name.toLowerCase().indexOf(q) >= 0; });
    if (!hit) return;
    focusOn(hit.id);
  }
  var box = document.getElementById("bg-search");
  box.addEventListener("focus", fillNames);
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

  // -- time slider --------------------------------------------------------------------------------------------
  var slider = document.getElementById("bg-date");
  function setupTimeline(v) {
    var bar = document.getElementById("bg-timeline");
    if (!v.timeline || !v.timeline.dates.length) { bar.hidden = true; slideDay = null; return; }
    bar.hidden = false;
    slider.min = "0";
    slider.max = String(v.timeline.dates.length - 1);
    slider.value = slider.max;
    slideDay = v.timeline.dates[v.timeline.dates.length - 1];
    document.getElementById("bg-date-value").textContent = slideDay;
  }
  slider.addEventListener("input", function () {
    var v = view();
    slideDay = v.timeline.dates[Number(slider.value)];
    document.getElementById("bg-date-value").textContent = slideDay;
    draw();
  });

  // -- views and slides ---------------------------------------------------------------------------------------
  function show(index) {
    current = index;
    focused = null;
    activeColour = null;
    showDetails(null);
    var v = view();
    document.getElementById("bg-slide-title").textContent = v.title;
    document.getElementById("bg-slide-caption").textContent = v.caption;
    var position = data.sequence.indexOf(v.drill ? v.back : current);
    document.getElementById("bg-slide-number").textContent = (position + 1) + " / " + data.sequence.length;
    document.getElementById("bg-notes-text").textContent = v.notes || "";
    document.body.dataset.slide = String(position + 1);
    document.body.dataset.view = String(current);
    setupTimeline(v);
    drawLegend(v);
    fitLegend();
    fit();
    if (presenter && !presenter.closed) updatePresenter();
  }
  function go(position) {
    var p = Math.max(0, Math.min(data.sequence.length - 1, position));
    show(data.sequence[p]);
  }
  function position() { var v = view(); return data.sequence.indexOf(v.drill ? v.back : current); }
  var presenter = null;
  function updatePresenter() {
    var doc = presenter.document;
    var p = position();
    var next = data.sequence[p + 1];
    doc.getElementById("now").textContent = (p + 1) + " / " + data.sequence.length + " · " + view().title;
    doc.getElementById("notes").textContent = view().notes || "—";
    doc.getElementById("next").textContent = next !== undefined ? data.views[next].title : "—";
  }
  function openPresenter() {
    presenter = window.open("", "bg-presenter", "width=700,height=500");
    if (!presenter) return;
    var doc = presenter.document;
    doc.title = ui.notes;
    doc.body.replaceChildren();
    doc.body.style.font = "22px/1.4 system-ui, sans-serif";
    ["now", "notes", "next"].forEach(function (id) { var d = doc.createElement("p"); d.id = id; doc.body.appendChild(d); });
    doc.getElementById("notes").style.fontSize = "28px";
    updatePresenter();
  }
  if (data.slides) {
    document.getElementById("bg-prev").addEventListener("click", function () { go(position() - 1); });
    document.getElementById("bg-next").addEventListener("click", function () { go(position() + 1); });
    document.addEventListener("keydown", function (ev) {
      if (ev.target && (ev.target.tagName === "INPUT" || ev.target.tagName === "TEXTAREA")) return;
      if (ev.key === "ArrowRight" || ev.key === "PageDown" || ev.key === " ") { go(position() + 1); ev.preventDefault(); }
      if (ev.key === "ArrowLeft" || ev.key === "PageUp") { go(position() - 1); ev.preventDefault(); }
      if (ev.key === "Home") go(0);
      if (ev.key === "End") go(data.sequence.length - 1);
      if (ev.key === "n" || ev.key === "N") { var notes = document.getElementById("bg-notes"); notes.hidden = !notes.hidden; }
      if (ev.key === "p" || ev.key === "P") openPresenter();
      if (ev.key === "Escape" && view().back !== null) show(view().back);
    });
  }

  // -- print: the whole deck, one page per slide (bildungsgraph slides -o talk.pdf) ---------------------------
  window.bgPrintDeck = function () {
    var pages = document.getElementById("bg-print");
    pages.replaceChildren();
    data.sequence.forEach(function (index) {
      show(index);
      network.redraw();
      var page = el("section", null, "bg-print-page");
      var head = el("header", null, "bg-print-head");
      head.appendChild(el("h1", view().title));
      page.appendChild(head);
      var body = el("div", null, "bg-print-body");
      var img = document.createElement("img");
      img.src = container.querySelector("canvas").toDataURL("image/png");
      img.alt = view().title;
      body.appendChild(img);
      var legend = document.getElementById("bg-legend").cloneNode(true);
      legend.removeAttribute("id");
      legend.querySelectorAll("[id]").forEach(function (e) { e.removeAttribute("id"); });
      legend.className = document.getElementById("bg-legend").className + " bg-print-legend";
      body.appendChild(legend);
      page.appendChild(body);
      if (view().caption) page.appendChild(el("p", view().caption, "bg-print-caption"));
      pages.appendChild(page);
    });
    document.body.classList.add("bg-printing");
    pages.hidden = false;
    document.body.dataset.printed = String(data.sequence.length);
  };

  network.once("afterDrawing", function () {
    document.body.dataset.nodeCount = String(view().nodes.length);
    document.body.dataset.ready = "true";
    if (window.location.hash === "#print") window.bgPrintDeck();
  });
  if (data.views.length) show(current);
  else document.getElementById("bg-empty").hidden = false;
})();
