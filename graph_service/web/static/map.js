/* Bildungslandkarte: draws the municipalities (choropleth, gaps, hatched "no data") and the actors (clustered)
   from our own GeoJSON with the vendored Leaflet. No tile server unless the page config names one. Filters reload
   /karte/daten.json and redraw; the URL follows, so a view can be shared. */
(function () {
  "use strict";
  const data0 = JSON.parse(document.getElementById("map-data").textContent);
  const config = JSON.parse(document.getElementById("map-config").textContent);
  const texts = config.texts;
  const form = document.getElementById("map-form");
  const showActors = document.getElementById("show-actors");
  const map = L.map("map", { zoomSnap: 0.25, maxZoom: 15, minZoom: 5, keyboard: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(
    escapeHtml(texts.attribution) + ', <a href="' + escapeHtml(texts.licence) + '">dl-de/by-2-0</a>');
  if (config.tiles && config.tiles.url) {
    L.tileLayer(config.tiles.url, { attribution: config.tiles.attribution || "" }).addTo(map);
  }
  map.createPane("labels").style.zIndex = 450; // names above the areas, below the actors
  let labelLayer = null;
  let areaLayer = null;
  let outlineLayer = null;
  let actorLayer = null;

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  function number(value) {
    if (value === null || value === "" || value === undefined) return "–";
    return config.lang === "de" ? String(value).replace(".", ",") : String(value);
  }

  function describe(p) {
    let text = p.name + ": " + p.offers + " " + texts.offers;
    if (p.per1000 !== "") text += " (" + number(p.per1000) + " " + texts.per1000 + ")";
    if (p.flagLabel) text += " – " + p.flagLabel;
    return text;
  }

  function areaStyle(feature) {
    const p = feature.properties;
    const low = p.flag === "low";
    return {
      fillColor: p.hatched ? "url(#map-hatch)" : p.colour,
      fillOpacity: 1,
      color: low ? "#b35806" : (p.hatched ? "#8c8c8c" : "#ffffff"),
      weight: low ? 3 : 1,
      dashArray: low ? "6 3" : null,
    };
  }

  function open(href) { window.location.href = href; }

  function drawAreas(data) {
    if (areaLayer) map.removeLayer(areaLayer);
    areaLayer = L.geoJSON(data.municipalities, {
      style: areaStyle,
      pointToLayer: (feature, latlng) => L.circleMarker(latlng, { radius: 12 }),
      onEachFeature: (feature, layer) => {
        const p = feature.properties;
        layer.bindTooltip(escapeHtml(describe(p)), { sticky: true });
        layer.on("click", () => open(p.href));
        layer.on("add", () => {
          const el = layer.getElement();
          if (!el) return;
          el.setAttribute("tabindex", "0");
          el.setAttribute("role", "link");
          el.setAttribute("aria-label", describe(p) + ". " + texts.open);
          el.classList.add("municipality");
          el.dataset.ags = p.ags;
          el.addEventListener("keydown", (event) => { if (event.key === "Enter") open(p.href); });
          el.addEventListener("focus", () => layer.openTooltip(layer.getBounds ? layer.getBounds().getCenter() : undefined));
          el.addEventListener("blur", () => layer.closeTooltip());
        });
      },
    }).addTo(map);
    if (labelLayer) map.removeLayer(labelLayer);
    labelLayer = L.layerGroup(data.municipalities.features.filter((f) => f.properties.labelPoint).map((f) => {
      const [lon, lat] = f.properties.labelPoint;
      return L.tooltip({ permanent: true, direction: "center", className: "muni-label", interactive: false, pane: "labels" })
        .setLatLng([lat, lon]).setContent(escapeHtml(f.properties.shortName));
    })).addTo(map);
    if (outlineLayer) map.removeLayer(outlineLayer);
    outlineLayer = data.outline
      ? L.geoJSON(data.outline, { style: { fill: false, color: "#222222", weight: 2.5 }, interactive: false }).addTo(map)
      : null;
  }

  function drawActors(data) {
    if (actorLayer) map.removeLayer(actorLayer);
    actorLayer = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 36,
      spiderfyDistanceMultiplier: 1.6,
      iconCreateFunction: (cluster) => L.divIcon({
        html: "<span>" + cluster.getChildCount() + "</span>", className: "actor-cluster", iconSize: [30, 30],
      }),
    });
    for (const feature of data.actors.features) {
      const p = feature.properties;
      const [lon, lat] = feature.geometry.coordinates;
      const title = p.name + " – " + p.typeLabel + (p.where ? " (" + p.where + ")" : "");
      const marker = L.marker([lat, lon], {
        title: title,
        alt: title,
        keyboard: true,
        icon: L.divIcon({ className: "actor", html: '<span class="actor-dot" style="background:' + p.colour + '"></span>', iconSize: [16, 16] }),
      });
      marker.on("click", () => open(p.href));
      marker.on("add", () => { const el = marker.getElement(); if (el) { el.dataset.iri = p.iri; el.setAttribute("role", "link"); } });
      actorLayer.addLayer(marker);
    }
    if (showActors.checked) actorLayer.addTo(map);
  }

  function drawLegend(data) {
    const legend = document.getElementById("legend");
    legend.innerHTML = data.legend.map((e) =>
      '<li><span class="swatch ' + escapeHtml(e.kind) + '" style="--c: ' + escapeHtml(e.colour) + '"></span>' + escapeHtml(e.label) + "</li>").join("");
    const actors = document.getElementById("actor-legend");
    actors.innerHTML = data.actorLegend.map((e) =>
      '<li><span class="dot" style="--c: ' + escapeHtml(e.colour) + '"></span>' + escapeHtml(e.label) +
      ' <span class="count">' + e.count + "</span></li>").join("");
  }

  function drawTable(data) {
    const body = document.querySelector("#municipality-table tbody");
    body.innerHTML = data.municipalities.features.map((f) => {
      const p = f.properties;
      return '<tr><td><a href="' + escapeHtml(p.href) + '">' + escapeHtml(p.name) + "</a></td>" +
        '<td class="num">' + (p.population === null ? "–" : p.population) + '</td><td class="num">' + p.offers + "</td>" +
        '<td class="num">' + number(p.per1000) + "</td><td>" + escapeHtml(p.flagLabel) + "</td><td>" +
        escapeHtml(p.sizeClass) + "</td></tr>";
    }).join("");
  }

  function draw(data, fit) {
    drawAreas(data);
    drawActors(data);
    drawLegend(data);
    drawTable(data);
    if (fit && data.bounds) {
      const [w, s, e, n] = data.bounds;
      map.fitBounds([[s, w], [n, e]], { padding: [12, 12] });
    }
    document.getElementById("map").dataset.ready = "true";
  }

  function query() {
    const params = new URLSearchParams(new FormData(form));
    for (const [key, value] of Array.from(params.entries())) if (!value) params.delete(key);
    return params.toString();
  }

  async function reload() {
    const q = query();
    document.getElementById("map").dataset.ready = "false";
    const response = await fetch("/karte/daten.json?" + q, { headers: { Accept: "application/json" } });
    if (!response.ok) { window.alert(texts.failed); return; }
    draw(await response.json(), false);
    history.replaceState(null, "", "/karte/?" + q);
    document.getElementById("export-png").href = "/karte/karte.png?" + q;
    document.getElementById("export-pdf").href = "/karte/karte.pdf?" + q;
    document.getElementById("export-json").href = "/karte/daten.json?" + q;
    document.getElementById("legend-title").textContent =
      texts.offers.charAt(0).toUpperCase() + texts.offers.slice(1) +
      (form.elements.measure.value === "per1000" ? " " + texts.per1000 : "");
  }

  form.addEventListener("change", (event) => {
    if (event.target === showActors) {
      if (showActors.checked) actorLayer.addTo(map); else map.removeLayer(actorLayer);
      return;
    }
    reload();
  });
  form.addEventListener("submit", (event) => { event.preventDefault(); reload(); });
  document.getElementById("apply").hidden = true; // filters apply on change; the button is for pages without script
  draw(data0, true);
})();
