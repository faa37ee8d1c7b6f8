// The services page: list with filters, create/edit dialog whose fields follow the type, active toggle,
// test and delete. Every change goes through the JSON API; its field errors are shown next to the fields.
"use strict";
(() => {
  const { api, el, badge, openDialog, showProblem, confirmAction } = Admin;
  const body = document.getElementById("services-body");
  const status = document.getElementById("services-status");
  const filters = document.getElementById("service-filters");
  const dialog = document.getElementById("service-dialog");
  const form = document.getElementById("service-form");
  let editing = null; // the service being edited, or null when creating

  async function load() {
    const query = new URLSearchParams([...new FormData(filters)].filter(([, v]) => v !== ""));
    query.set("page_size", "200");
    const { ok, data } = await api("GET", "/api/services?" + query);
    if (!ok) { status.textContent = (data && data.detail) || "Could not load the services."; return; }
    status.textContent = `${data.total_count} service(s)`;
    body.replaceChildren(...data.items.map(row));
  }

  function row(s) {
    const toggle = el("input", { type: "checkbox", checked: s.is_active, "aria-label": `Active: ${s.service_name}`,
      onchange: async e => {
        const on = e.target.checked;
        const question = on ? `Activate "${s.service_name}"? The engine can enqueue tasks for it again.`
          : `Deactivate "${s.service_name}"? New tasks for it are refused; queued ones still run.`;
        if (!await confirmAction(question, on ? "Activate" : "Deactivate")) { e.target.checked = !on; return; }
        const { ok, data } = await api("PATCH", `/api/services/${s.id}`, { is_active: on }, "application/merge-patch+json");
        if (!ok) { e.target.checked = !e.target.checked; status.textContent = data.detail || "Could not change it."; }
        else load();
      } });
    const target = s.service_type === "REAL" ? `${s.http_method} ${s.endpoint_url}` : (s.mock_template_id || "custom mock");
    return el("tr", {},
      el("td", {}, el("strong", {}, s.service_name), s.description ? el("div", { class: "muted" }, s.description) : null),
      el("td", {}, badge(s.service_type)),
      el("td", {}, el("label", { class: "switch" }, toggle, badge(s.is_active ? "Active" : "Inactive", s.is_active ? "active" : "inactive"))),
      el("td", { class: "mono" }, target),
      el("td", {}, `${s.timeout_seconds} s / ${s.max_retries}`),
      el("td", {}, `v${s.version}`),
      el("td", { class: "row-actions" },
        el("button", { type: "button", onclick: () => edit(s.id) }, "Edit"),
        el("button", { type: "button", onclick: () => ServiceDialogs.test(s) }, "Test"),
        el("button", { type: "button", onclick: () => ServiceVersions.open(s, load) }, "Versions"),
        el("button", { type: "button", class: "danger", onclick: () => ServiceDialogs.remove(s, load) }, "Delete")));
  }

  async function edit(id) {
    const { ok, data } = await api("GET", `/api/services/${id}`);
    if (!ok) { status.textContent = data.detail || "Could not load the service."; return; }
    editing = data;
    ServiceForm.fill(data);
    openDialog(dialog);
  }

  async function save(event) {
    event.preventDefault();
    let request;
    try { request = ServiceForm.read(); } catch (problem) { showProblem(form, problem); return; }
    if (!editing) for (const k of Object.keys(request)) if (request[k] === null) delete request[k];
    if (!editing && request.authentication) for (const k of Object.keys(request.authentication)) if (request.authentication[k] === null) delete request.authentication[k];
    const { ok, data } = editing
      ? await api("PATCH", `/api/services/${editing.id}`, request, "application/merge-patch+json")
      : await api("POST", "/api/services", request);
    if (!ok) { showProblem(form, data); return; }
    dialog.close();
    load();
  }

  async function loadTemplates() {
    const { ok, data } = await api("GET", "/api/mock-templates");
    const templates = ok ? data.items : [];
    ServiceForm.useTemplates(templates);
    form.mock_template_id.append(...templates.map(t => el("option", { value: t.id }, t.name)));
  }

  form.addEventListener("submit", save);
  filters.addEventListener("submit", e => { e.preventDefault(); load(); });
  filters.addEventListener("change", load);
  document.getElementById("new-service").addEventListener("click", () => { editing = null; ServiceForm.fill(null); openDialog(dialog); });
  Admin.ready.then(() => Promise.all([loadTemplates(), load()]));
})();
