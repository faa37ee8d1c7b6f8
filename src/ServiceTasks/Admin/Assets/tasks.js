// The tasks page: recent tasks, newest first, with details, cancel (PENDING/RUNNING, confirmed) and retry (FAILED).
"use strict";
(() => {
  const { api, el, badge, time, confirmAction } = Admin;
  const filters = document.getElementById("task-filters");
  const error = document.getElementById("tasks-error");
  const pageSize = 50;
  const names = new Map();
  let page = 1;

  async function load() {
    error.textContent = "";
    const query = new URLSearchParams([...new FormData(filters)].filter(([, v]) => v !== ""));
    query.set("page", page);
    query.set("page_size", pageSize);
    const { ok, data } = await api("GET", "/api/service-tasks?" + query);
    if (!ok) { error.textContent = (data && data.detail) || "Could not load the tasks."; return; }
    const pages = Math.max(1, Math.ceil(data.total_count / pageSize));
    document.getElementById("tasks-status").textContent = `${data.total_count} task(s)`;
    document.getElementById("tasks-page").textContent = `Page ${page} of ${pages}`;
    document.getElementById("tasks-prev").disabled = page === 1;
    document.getElementById("tasks-next").disabled = page >= pages;
    document.getElementById("tasks-body").replaceChildren(...data.items.map(row));
  }

  // Cancel asks first; retry does not (it only ever adds an attempt).
  const questions = { cancel: t => `Cancel the task ${t.instance_id} / ${t.task_id}? A running attempt is asked to stop.` };

  function row(t) {
    const action = (label, verb, cls) => el("button", { type: "button", class: cls, onclick: async () => {
      if (questions[verb] && !await confirmAction(questions[verb](t), "Cancel task")) return;
      const { ok, data } = await api("POST", `/api/service-tasks/${t.id}/${verb}`);
      if (!ok) error.textContent = (data && data.detail) || `Could not ${verb} the task.`;
      load();
    } }, label);
    const status = t.cancel_requested && t.status === "RUNNING" ? "CANCELLING" : t.status;
    return el("tr", {},
      el("td", {}, time(t.created_at)),
      el("td", {}, names.get(t.service_config_id) || t.service_config_id),
      el("td", { class: "mono" }, `${t.instance_id} / ${t.task_id}`),
      el("td", {}, badge(status, t.status.toLowerCase())),
      el("td", { class: "attempts" }, TaskText.attempts(t)),
      el("td", {}, t.status === "PENDING" && t.next_attempt_at ? time(t.next_attempt_at) : "—"),
      el("td", { class: "callback" }, TaskText.callback(t)),
      el("td", { class: "error-cell" }, t.error_message ?? ""),
      el("td", { class: "row-actions" },
        el("button", { type: "button", onclick: () => TaskDetails.open(t.id, names, load) }, "Details"),
        t.status === "PENDING" || (t.status === "RUNNING" && !t.cancel_requested) ? action("Cancel", "cancel", "danger") : null,
        t.status === "FAILED" ? action("Retry", "retry") : null));
  }

  document.getElementById("tasks-prev").addEventListener("click", () => { page--; load(); });
  document.getElementById("tasks-next").addEventListener("click", () => { page++; load(); });
  document.getElementById("refresh-tasks").addEventListener("click", load);
  filters.addEventListener("submit", e => { e.preventDefault(); page = 1; load(); });
  filters.addEventListener("change", () => { page = 1; load(); });

  Admin.ready.then(async () => {
    const { ok, data } = await api("GET", "/api/services?page_size=200");
    if (ok) for (const s of data.items) names.set(s.id, s.service_name);
    load();
  });
})();
