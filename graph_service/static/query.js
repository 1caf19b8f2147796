// Query page: YASGUI (vendored) with one tab per saved competency and gap query. Offline: no completer or
// share-link service that calls the internet; no persistence, so the example tabs are always the current ones.
(function () {
  const root = document.getElementById("yasgui");
  const examples = JSON.parse(document.getElementById("example-data").textContent);
  const lang = document.documentElement.lang === "en" ? "en" : "de";
  const yasgui = new Yasgui(root, {
    requestConfig: { endpoint: "/sparql", method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: () => [{ endpoint: "/sparql" }] },
    persistenceId: null,
    populateFromUrl: false,
    autoAddOnInit: false,
    yasqe: {
      autocompleters: ["prefixes", "variables"],
      prefixCcApi: "",
      createShareableLink: null,
      resizeable: true,
      editorHeight: "320px",
    },
    yasr: { prefixes: {}, pluginOrder: ["table", "response"], defaultPlugin: "table" },
  });
  for (const tabId of [...yasgui.persistentConfig.getTabs()]) yasgui.getTab(tabId)?.close();
  const first = root.dataset.defaultQuery;
  yasgui.addTab(true, { name: lang === "de" ? "Eigene Abfrage" : "Your query", yasqe: { value: first } });
  for (const q of examples) {
    yasgui.addTab(false, { name: lang === "de" ? q.title_de : q.title_en, yasqe: { value: q.text } });
  }
  window.bildungsgraphYasgui = yasgui;
})();
