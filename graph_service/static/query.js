// Query page: example picker and a result table rendered with textContent (never innerHTML of data).
(function () {
  const examples = JSON.parse(document.getElementById("example-data").textContent);
  const picker = document.getElementById("examples");
  const area = document.getElementById("query");
  const out = document.getElementById("result");
  picker.addEventListener("change", () => {
    const q = examples[Number(picker.value)];
    if (q) area.value = q.text;
  });
  document.getElementById("run-table").addEventListener("click", async () => {
    out.textContent = "…";
    const res = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json" },
      body: area.value,
    });
    if (!res.ok) { out.textContent = res.status + ": " + (await res.text()); return; }
    const data = await res.json();
    out.textContent = "";
    if (data.boolean !== undefined) { out.textContent = String(data.boolean); return; }
    const table = document.createElement("table");
    table.id = "result-table";
    const head = table.createTHead().insertRow();
    for (const v of data.head.vars) { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); }
    const body = table.createTBody();
    for (const b of data.results.bindings) {
      const row = body.insertRow();
      for (const v of data.head.vars) {
        const cell = row.insertCell();
        const t = b[v];
        if (!t) continue;
        if (t.type === "uri") {
          const a = document.createElement("a");
          a.href = "/resource?iri=" + encodeURIComponent(t.value);
          a.textContent = t.value;
          cell.appendChild(a);
        } else { cell.textContent = t.value; }
      }
    }
    out.appendChild(table);
    if (res.headers.get("X-Result-Truncated") === "true") {
      const note = document.createElement("p");
      note.textContent = "Truncated at " + res.headers.get("X-Result-Row-Cap") + " rows.";
      out.appendChild(note);
    }
  });
})();
