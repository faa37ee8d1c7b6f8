// Shared helpers of the admin pages: API calls with the session cookie, the operator's app picker,
// dialogs, field errors and small DOM builders. No framework, no build step.
"use strict";

const Admin = (() => {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const isOperator = document.body.dataset.operator === "true";
  const appKey = "servicetasks.app";

  // Every call goes through here: the CSRF header for unsafe methods, and for operators the chosen app.
  async function api(method, path, body, contentType = "application/json") {
    const headers = { Accept: "application/json", "X-CSRF-TOKEN": csrf };
    const app = isOperator ? localStorage.getItem(appKey) : null;
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

  // Puts each of a problem's field errors next to its field: the exact key, else its nearest parent
  // (mock_definition.error_scenarios[0].probability → mock_definition), else the form's general error.
  function showProblem(container, problem) {
    clearErrors(container);
    const general = container.querySelector('[data-error-for=""]');
    const errors = problem && problem.errors ? problem.errors : {};
    for (const [key, messages] of Object.entries(errors)) {
      let target = null;
      for (let k = key; k && !target; k = parentKey(k))
        target = container.querySelector(`[data-error-for="${CSS.escape(k)}"]`);
      const shown = target || general;
      if (!shown) continue;
      const text = (target && target !== general ? "" : key + ": ") + messages.join(" ");
      shown.textContent += (shown.textContent ? " " : "") + text;
      const input = target && target.previousElementSibling;
      if (input && target !== general) input.setAttribute("aria-invalid", "true");
    }
    if (!Object.keys(errors).length && general) general.textContent = (problem && (problem.detail || problem.title)) || "Request failed.";
  }

  function parentKey(key) {
    const parent = key.replace(/(\.[^.[\]]*|\[\d+\])$/, "");
    return parent === key ? "" : parent;
  }

  // Page scripts wait for this before their first call, so an operator's first visit already has an app.
  const ready = setUpAppPicker();
  return { ready, api, el, badge, time, json, openDialog, clearErrors, showProblem, isOperator };
})();
