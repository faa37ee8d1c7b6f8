// The keys page: the app's keys (the admin's own app, or the app an operator picked), create one (shown once,
// with a copy button) and revoke one after a confirmation.
"use strict";
(() => {
  const { api, el, badge, time, showProblem, clearErrors, confirmAction } = Admin;
  const form = document.getElementById("key-form");
  const status = document.getElementById("keys-status");
  let app = null;

  async function load() {
    if (!app) { status.textContent = "No app to show keys of."; return; }
    const { ok, data } = await api("GET", `/api/apps/${app}/keys?page_size=200`);
    if (!ok) { status.textContent = (data && data.detail) || "Could not load the keys."; return; }
    status.textContent = `${data.total_count} key(s)`;
    document.getElementById("keys-body").replaceChildren(...data.items.map(row));
  }

  function row(k) {
    const revoke = el("button", { type: "button", class: "danger", "aria-label": `Revoke ${k.name}`, onclick: async () => {
      if (!await confirmAction(`Revoke the ${k.role} key "${k.name}" (${k.prefix}…)? Whatever uses it is refused from now on.`, "Revoke")) return;
      const { ok, data } = await api("DELETE", `/api/apps/${app}/keys/${k.id}`);
      if (!ok) status.textContent = (data && data.detail) || "Could not revoke it.";
      load();
    } }, "Revoke");
    return el("tr", {},
      el("td", {}, k.name), el("td", {}, k.role), el("td", { class: "mono" }, k.prefix + "…"),
      el("td", {}, time(k.created_at)), el("td", {}, time(k.last_used_at)),
      el("td", {}, k.revoked_at ? badge("Revoked " + time(k.revoked_at), "inactive") : badge("Active", "active")),
      el("td", { class: "row-actions" }, k.revoked_at ? null : revoke));
  }

  form.addEventListener("submit", async e => {
    e.preventDefault();
    clearErrors(form);
    const { ok, data } = await api("POST", `/api/apps/${app}/keys`, { name: form.elements.name.value, role: form.elements.role.value });
    if (!ok) { showProblem(form, data); return; }
    form.reset();
    document.getElementById("new-key").hidden = false;
    document.getElementById("new-key-value").value = data.key;
    document.getElementById("copy-status").textContent = "";
    load();
  });

  // The clipboard API needs a secure context; on plain http (a local run) the selected text is copied the old way.
  document.getElementById("copy-key").addEventListener("click", async () => {
    const input = document.getElementById("new-key-value");
    const copied = document.getElementById("copy-status");
    try { await navigator.clipboard.writeText(input.value); copied.textContent = "Copied."; }
    catch { input.select(); copied.textContent = document.execCommand("copy") ? "Copied." : "Select the key and copy it."; }
  });

  Admin.ready.then(async () => { app = await Admin.currentApp(); load(); });
})();
