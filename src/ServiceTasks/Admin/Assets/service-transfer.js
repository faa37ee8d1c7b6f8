// Export (a download of every service, secrets left out) and import (a file, a dry run shown first, then apply).
"use strict";
(() => {
  const { api, el, openDialog } = Admin;
  const dialog = document.getElementById("import-dialog");
  const file = document.getElementById("import-file");
  const result = document.getElementById("import-result");
  const apply = document.getElementById("import-apply");
  const error = document.getElementById("import-error");
  let document_ = null; // the parsed file, sent again unchanged when applied

  async function exportAll() {
    const { ok, data } = await api("GET", "/api/services/export");
    const status = document.getElementById("services-status");
    if (!ok) { status.textContent = (data && data.detail) || "Could not export."; return; }
    const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
    const link = el("a", { href: url, download: `services-${new Date().toISOString().slice(0, 10)}.json`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  // The answer of a dry run or an import: counts, then one row per item; or the file's errors, each by its item.
  function show(ok, data, dryRun) {
    if (!ok) {
      const errors = data && data.errors ? Object.entries(data.errors) : [];
      error.textContent = errors.length ? "The file was not imported: fix these and pick it again." : (data && data.detail) || "The import failed.";
      result.replaceChildren(el("ul", { class: "error-list" }, ...errors.map(([key, messages]) => el("li", {}, el("span", { class: "mono" }, key), ": " + messages.join(" ")))));
      apply.hidden = true;
      return;
    }
    const verb = dryRun ? "would be" : "were";
    result.replaceChildren(
      el("p", { role: "status" }, `${data.created} ${verb} created, ${data.updated} ${verb} updated, ${data.unchanged} unchanged.`),
      el("table", { class: "grid" }, el("thead", {}, el("tr", {}, el("th", {}, "#"), el("th", {}, "Service"), el("th", {}, "Action"))),
        el("tbody", {}, ...data.items.map(i => el("tr", {}, el("td", {}, String(i.index)), el("td", {}, i.service_name), el("td", {}, i.action))))));
    apply.hidden = !dryRun;
  }

  async function dryRun() {
    error.textContent = "";
    result.replaceChildren();
    apply.hidden = true;
    if (!file.files.length) return;
    try { document_ = JSON.parse(await file.files[0].text()); }
    catch { error.textContent = "The file is not valid JSON."; return; }
    const { ok, data } = await api("POST", "/api/services/import?dry_run=true", document_);
    show(ok, data, true);
  }

  apply.addEventListener("click", async () => {
    const { ok, data } = await api("POST", "/api/services/import", document_);
    show(ok, data, false);
    if (ok) document.getElementById("service-filters").requestSubmit();
  });
  file.addEventListener("change", dryRun);
  document.getElementById("export-services").addEventListener("click", exportAll);
  document.getElementById("import-services").addEventListener("click", () => {
    file.value = ""; result.replaceChildren(); error.textContent = ""; apply.hidden = true;
    openDialog(dialog);
  });
})();
