// Query page: YASGUI (vendored) with one tab per saved competency and gap query, listed down the left side.
// Offline: the completers that call the internet (LOV classes/properties) are off, prefixes come from the
// bundled list (prefixCcApi unset), the share link carries the query in the URL (#query=...) and no shortener.
// No persistence: the example tabs are always the current ones.
(function () {
  const root = document.getElementById("yasgui");
  const examples = JSON.parse(document.getElementById("example-data").textContent);
  const iris = JSON.parse(document.getElementById("iri-data").textContent);
  const lang = document.documentElement.lang === "en" ? "en" : "de";
  const label = (name) => root.dataset[name];
  // absolute: YASGUI builds GET requests with new URL(endpoint), which a bare path breaks (requestMethod=GET links)
  const endpoint = new URL("/sparql", window.location.href).href;
  // result table in simple view (no quotes, language tags, datatypes) with whole cell texts, not cut off with "…"
  const table = { isEllipsed: false, compact: true };
  const tabConfig = (name, value) => ({
    name: name,
    yasqe: { value: value },
    yasr: { settings: { pluginsConfig: { table: table } } },
  });

  const yasgui = new Yasgui(root, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    persistenceId: null,
    autoAddOnInit: false,
    // a shared link (/sparql#query=... or, from other YASGUIs, /sparql?query=...&requestMethod=GET...) opens as its
    // own tab and runs, always against this endpoint (whatever endpoint the link names)
    populateFromUrl: (tab) => {
      tab.name = label("labelShared");
      tab.requestConfig.endpoint = endpoint;
      tab.yasr.settings.pluginsConfig = { table: table, ...tab.yasr.settings.pluginsConfig };
      return tab;
    },
    yasqe: {
      autocompleters: ["prefixes", "variables"],
      prefixCcApi: null,
      createShortLink: undefined,
      resizeable: true,
      editorHeight: "320px",
    },
    yasr: { prefixes: iris.prefixes, pluginOrder: ["table", "response"], defaultPlugin: "table" },
  });

  const shared = yasgui.getTab();
  yasgui.addTab(!shared, tabConfig(label("labelOwn"), root.dataset.defaultQuery));
  for (const q of examples) yasgui.addTab(false, tabConfig(lang === "de" ? q.title_de : q.title_en, q.text));
  markGroups(yasgui, examples);
  window.bildungsgraphYasgui = yasgui;

  // result links to this project's IRIs open the local page of the resource (they need not resolve on the web)
  root.addEventListener("click", (event) => {
    const link = event.target.closest("a[href]");
    const href = link && link.getAttribute("href");
    if (!href || !iris.local.some((base) => href.startsWith(base))) return;
    event.preventDefault();
    window.location.href = "/resource?iri=" + encodeURIComponent(href);
  }, true);

  // the first tab of each group gets a heading (drawn by CSS from data-group, so YASGUI's tab list stays intact)
  function markGroups(instance, queries) {
    const tabIds = instance.persistentConfig.getTabs().slice(-queries.length);
    let previous = null;
    queries.forEach((q, i) => {
      const group = q.id.startsWith("gap-") ? "labelGap" : "labelCq";
      const el = instance.tabElements.get(tabIds[i])?.tabEl;
      if (el && group !== previous) el.dataset.group = label(group);
      if (el) el.dataset.queryId = q.id;
      previous = group;
    });
  }
})();
