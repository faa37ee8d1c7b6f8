// The versions dialog: every version of a service, a diff of any two, and a restore (a new version with old settings).
"use strict";
const ServiceVersions = (() => {
  const { api, el, time, openDialog, confirmAction } = Admin;
  const dialog = document.getElementById("versions-dialog");
  const from = document.getElementById("diff-from"), to = document.getElementById("diff-to");
  const error = document.getElementById("versions-error");
  let versions = [];

  // {a: {b: 1}, c: [2]} → {"a.b": "1", "c[0]": "2"}: one row per setting that differs, whatever its depth.
  function flatten(value, path = "", out = {}) {
    if (Array.isArray(value)) value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) flatten(v, path ? `${path}.${k}` : k, out);
    else out[path] = JSON.stringify(value);
    return out;
  }

  function diff() {
    const a = versions.find(v => v.version === Number(from.value)), b = versions.find(v => v.version === Number(to.value));
    const body = document.getElementById("diff-body");
    if (!a || !b) { body.replaceChildren(); return; }
    const before = flatten(a.snapshot), after = flatten(b.snapshot);
    const paths = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(p => before[p] !== after[p]).sort();
    body.replaceChildren(...(paths.length ? paths.map(p => el("tr", {},
      el("td", { class: "mono" }, p), el("td", { class: "mono diff-old" }, before[p] ?? "—"), el("td", { class: "mono diff-new" }, after[p] ?? "—")))
      : [el("tr", {}, el("td", { colspan: "3", class: "muted" }, "No difference."))]));
  }

  async function restore(s, version, onRestored) {
    if (!await confirmAction(`Restore "${s.service_name}" to version ${version}? Its settings become a new version; the history stays.`, "Restore")) return;
    const { ok, data } = await api("POST", `/api/services/${s.id}/versions/${version}/restore`);
    if (!ok) { error.textContent = (data && data.detail) || "Could not restore it."; return; }
    onRestored();
    await open(data, onRestored);
  }

  async function open(s, onRestored) {
    error.textContent = "";
    document.getElementById("versions-dialog-title").textContent = `Versions of ${s.service_name}`;
    const { ok, data } = await api("GET", `/api/services/${s.id}/versions?page_size=200`);
    if (!ok) { error.textContent = (data && data.detail) || "Could not load the versions."; versions = []; }
    else versions = data.items;
    const current = versions.length ? versions[0].version : 0;
    document.getElementById("versions-body").replaceChildren(...versions.map(v => el("tr", {},
      el("td", {}, `v${v.version}`, v.version === current ? el("span", { class: "muted" }, " (current)") : null),
      el("td", {}, v.changed_by), el("td", {}, time(v.changed_at)),
      el("td", { class: "row-actions" }, v.version === current ? null
        : el("button", { type: "button", "aria-label": `Restore version ${v.version}`, onclick: () => restore(s, v.version, onRestored) }, "Restore")))));
    const options = () => versions.map(v => el("option", { value: String(v.version) }, `v${v.version}`));
    from.replaceChildren(...options());
    to.replaceChildren(...options());
    to.value = String(current);
    from.value = String(versions.length > 1 ? versions[1].version : current);
    diff();
    if (!dialog.open) openDialog(dialog);
  }

  from.addEventListener("change", diff);
  to.addEventListener("change", diff);
  return { open };
})();
