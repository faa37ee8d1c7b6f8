// Shared helpers of the admin pages: API calls with the session cookie, the operator's app picker,
// dialogs, field errors and small DOM builders. No framework, no build step.
"use strict";

const Admin = (() => {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const isOperator = document.body.dataset.operator === "true";
  const appKey = "servicetasks.app";

  // Every call goes through here: the CSRF header for unsafe methods, and for operators the chosen app
  // (unless options.allApps: the operators' page counts every app).
  async function api(method, path, body, contentType = "application/json", options = {}) {
    const headers = { Accept: "application/json", "X-CSRF-TOKEN": csrf };
    const app = isOperator && !options.allApps ? localStorage.getItem(appKey) : null;
    if (app) headers["X-App-Uuid"] = app;
    if (body !== undefined) headers["Content-Type"] = contentType;
    const response = await fetch(path, {
      method, headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) { location.href = "/admin/login?ReturnUrl=" + encodeURIComponent(location.pathname); }
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = { detail: text }; }
    return { ok: response.ok, status: response.status, data };
  }

  async function setUpAppPicker() {
    const picker = document.getElementById("app-picker");
    if (!picker) return;
    const response = await fetch("/api/apps?page_size=200", { headers: { Accept: "application/json" } });
    const apps = response.ok ? (await response.json()).items : [];
    let chosen = localStorage.getItem(appKey);
    if (!apps.some(a => a.app_uuid === chosen)) {
      chosen = apps.length ? apps[0].app_uuid : "";
      if (chosen) localStorage.setItem(appKey, chosen); else localStorage.removeItem(appKey);
    }
    picker.replaceChildren(...apps.map(a => el("option", { value: a.app_uuid, selected: a.app_uuid === chosen }, a.name)));
    picker.addEventListener("change", () => { localStorage.setItem(appKey, picker.value); location.reload(); });
  }

  // The app the page is about: the one an operator picked, or an admin's own.
  async function currentApp() {
    if (isOperator) return localStorage.getItem(appKey);
    const { ok, data } = await api("GET", "/api/apps");
    return ok && data.items.length ? data.items[0].app_uuid : null;
  }

  // el("td", {class: "x"}, "text", childNode): text children are set as text, never parsed as HTML.
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === false || value === null || value === undefined) continue;
      if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else if (name in node && typeof value !== "string") node[name] = value;
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  const badge = (text, kind) => el("span", { class: "badge " + (kind || text.toLowerCase()) }, text);
  const time = iso => iso ? new Date(iso).toLocaleString() : "—";
  const json = value => JSON.stringify(value, null, 2);

  // Native <dialog>: showModal moves focus in, Esc closes, the page behind is inert.
  function openDialog(dialog) {
    dialog.querySelectorAll("[data-close]").forEach(b => b.onclick = () => dialog.close());
    dialog.showModal();
  }

  function clearErrors(container) {
    container.querySelectorAll("[data-error-for]").forEach(e => e.textContent = "");
    container.querySelectorAll("[aria-invalid]").forEach(e => e.removeAttribute("aria-invalid"));
  }

  // Puts each of a problem's field errors next to its field: the exact key, else its nearest parent, naming the
  // rest of the path (mock_definition gets "error_scenarios[0].probability: must be..."), else the form's general error.
  function showProblem(container, problem) {
    clearErrors(container);
    const general = container.querySelector('[data-error-for=""]');
    const errors = problem && problem.errors ? problem.errors : {};
    for (const [key, messages] of Object.entries(errors)) {
      let target = null, at = key;
      for (let k = key; k && !target; k = parentKey(k)) { target = container.querySelector(`[data-error-for="${CSS.escape(k)}"]`); at = k; }
      const shown = target || general;
      if (!shown) continue;
      const rest = !target ? key : key === at ? "" : key.slice(at.length).replace(/^\./, "");
      const text = (rest ? rest + ": " : "") + messages.map(m => readable(container, m)).join(" ");
      shown.textContent += (shown.textContent ? " " : "") + text;
      const input = target && (container.querySelector(`[name="${CSS.escape(at)}"]`) || target.previousElementSibling);
      if (input && target !== general) input.setAttribute("aria-invalid", "true");
    }
    if (!Object.keys(errors).length && general) general.textContent = (problem && (problem.detail || problem.title)) || "Request failed.";
  }

  // The API names other fields by their JSON keys ("must not be after date_to."); the page shows their labels.
  function readable(container, message) {
    return message.replace(/\b[a-z]+(_[a-z]+)+\b/g, name => {
      const input = container.querySelector(`[name="${name}"]`) || container.querySelector(`[name$=".${name}"]`);
      const label = input && (input.closest("label") || (input.id && container.querySelector(`label[for="${input.id}"]`)));
      return label ? `"${label.firstChild.textContent.trim()}"` : name;
    });
  }

  function parentKey(key) {
    const parent = key.replace(/(\.[^.[\]]*|\[\d+\])$/, "");
    return parent === key ? "" : parent;
  }

  // A confirmation as a modal <dialog> (native confirm() cannot be styled or labelled): resolves true on yes.
  function confirmAction(question, yes, no = "Keep it") {
    document.getElementById("confirm-dialog")?.remove();
    return new Promise(resolve => {
      const dialog = el("dialog", { id: "confirm-dialog", "aria-labelledby": "confirm-question" },
        el("p", { id: "confirm-question" }, question),
        el("div", { class: "actions" },
          el("button", { type: "button", onclick: () => { resolve(false); dialog.close(); } }, no),
          el("button", { type: "button", class: "danger", onclick: () => { resolve(true); dialog.close(); } }, yes)));
      dialog.addEventListener("close", () => { resolve(false); dialog.remove(); });
      document.body.append(dialog);
      dialog.showModal();
    });
  }

  // Page scripts wait for this before their first call, so an operator's first visit already has an app.
  const ready = setUpAppPicker();
  return { ready, api, currentApp, el, badge, time, json, openDialog, clearErrors, showProblem, confirmAction, isOperator };
})();
