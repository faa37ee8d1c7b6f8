// The services page: list with filters, create/edit dialog whose fields follow the type, active toggle,
// test and delete. Every change goes through the JSON API; its field errors are shown next to the fields.
"use strict";
(() => {
  const { api, el, badge, openDialog, showProblem, clearErrors, json, confirmAction } = Admin;
  const body = document.getElementById("services-body");
  const status = document.getElementById("services-status");
  const filters = document.getElementById("service-filters");
  const dialog = document.getElementById("service-dialog");
  const form = document.getElementById("service-form");
  const authTypes = ["api_key", "bearer", "basic", "oauth2_client_credentials"];
  const authFields = ["api_key", "header_name", "query_param", "token", "username", "password", "token_url", "client_id", "client_secret", "scope"];
  let templates = [];
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
        el("button", { type: "button", class: "danger", onclick: () => ServiceDialogs.remove(s, load) }, "Delete")));
  }

  // Shows the fieldset of the chosen type and the inputs of the chosen authentication.
  function follow() {
    const type = form.service_type.value, auth = form.auth_type.value;
    form.querySelectorAll("[data-type]").forEach(f => f.hidden = f.dataset.type !== type);
    form.querySelectorAll("[data-auth]").forEach(f => f.hidden = f.dataset.auth !== auth);
    const template = templates.find(t => t.id === form.mock_template_id.value);
    document.getElementById("template-description").textContent = template ? template.description : "";
  }

  function fill(s) {
    form.reset();
    clearErrors(form);
    const auth = (s && s.authentication) || { type: "none" };
    form.service_name.value = s ? s.service_name : "";
    form.description.value = (s && s.description) || "";
    form.service_type.value = s ? s.service_type : "MOCK";
    form.endpoint_url.value = (s && s.endpoint_url) || "";
    form.http_method.value = (s && s.http_method) || "GET";
    form.auth_type.value = auth.type;
    for (const name of authFields) {
      const input = form.elements["auth." + name];
      const value = auth[name] || "";
      // A secret comes back masked: leave it empty, and keep the stored one unless a new one is typed.
      if (input.hasAttribute("data-secret")) { input.value = ""; input.placeholder = value ? `unchanged (${value})` : ""; }
      else input.value = value;
    }
    form.headers.value = s && s.headers && Object.keys(s.headers).length ? json(s.headers) : "";
    form.mock_template_id.value = (s && s.mock_template_id) || (s ? "" : "weather_service_mock");
    form.mock_definition.value = s && s.mock_definition ? json(s.mock_definition) : "";
    form.timeout_seconds.value = s ? s.timeout_seconds : 30;
    form.max_retries.value = s ? s.max_retries : 3;
    form.is_active.checked = s ? s.is_active : true;
    document.getElementById("service-dialog-title").textContent = s ? `Edit ${s.service_name}` : "New service";
    follow();
  }

  // The request body from the form; fields of the other type are sent as null so a type change clears them.
  function read() {
    const f = form.elements, real = f.service_type.value === "REAL";
    const parse = (name, text) => { try { return text.trim() ? JSON.parse(text) : null; } catch { throw { errors: { [name]: ["is not valid JSON."] } }; } };
    const number = v => v === "" ? null : Number(v);
    const auth = { type: f.auth_type.value };
    for (const name of authFields) {
      const input = f["auth." + name];
      const used = input.dataset.auth === auth.type;
      if (!used) auth[name] = null;
      else if (input.value !== "") auth[name] = input.value;
      else if (!input.hasAttribute("data-secret")) auth[name] = null;
    }
    return {
      service_name: f.service_name.value, description: f.description.value || null, service_type: f.service_type.value,
      endpoint_url: real ? f.endpoint_url.value : null, http_method: real ? f.http_method.value : null,
      authentication: real ? auth : null, headers: real ? parse("headers", f.headers.value) : null,
      mock_template_id: real ? null : (f.mock_template_id.value || null),
      mock_definition: real ? null : parse("mock_definition", f.mock_definition.value),
      timeout_seconds: number(f.timeout_seconds.value), max_retries: number(f.max_retries.value), is_active: f.is_active.checked,
    };
  }

  async function edit(id) {
    const { ok, data } = await api("GET", `/api/services/${id}`);
    if (!ok) { status.textContent = data.detail || "Could not load the service."; return; }
    editing = data;
    fill(data);
    openDialog(dialog);
  }

  async function save(event) {
    event.preventDefault();
    let request;
    try { request = read(); } catch (problem) { showProblem(form, problem); return; }
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
    templates = ok ? data.items : [];
    form.mock_template_id.append(...templates.map(t => el("option", { value: t.id }, t.name)));
  }

  form.service_type.addEventListener("change", follow);
  form.auth_type.addEventListener("change", follow);
  form.mock_template_id.addEventListener("change", follow);
  form.addEventListener("submit", save);
  filters.addEventListener("submit", e => { e.preventDefault(); load(); });
  filters.addEventListener("change", load);
  document.getElementById("new-service").addEventListener("click", () => { editing = null; fill(null); openDialog(dialog); });
  Admin.ready.then(() => Promise.all([loadTemplates(), load()]));
})();
