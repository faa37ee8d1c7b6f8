// The operators' page: the cluster's pause flag with pause / resume / process-once, task counts in total and per
// app, and the Hangfire servers with their worker counts (GET and POST /api/workers/service-tasks).
"use strict";
(() => {
  const { api, el, time, confirmAction } = Admin;
  const error = document.getElementById("workers-error");
  const columns = ["pending", "running", "waiting_retry", "completed", "failed", "cancelled"];
  const words = { pending: "Pending", running: "Running", waiting_retry: "Waiting to retry", completed: "Completed", failed: "Failed", cancelled: "Cancelled" };
  const appNames = new Map();

  async function load() {
    const { ok, data } = await api("GET", "/api/workers/service-tasks", undefined, undefined, { allApps: true });
    if (!ok) { error.textContent = (data && data.detail) || "Could not load the workers."; return; }
    document.getElementById("pause-state").textContent = data.paused
      ? "Paused: no task starts until processing resumes." : "Running: workers pick up tasks as they come.";
    document.getElementById("pause").disabled = data.paused;
    document.getElementById("resume").disabled = !data.paused;
    document.getElementById("total-counts").replaceChildren(...columns.map(c =>
      el("div", { "data-count": c }, el("strong", {}, String(data.total[c])), words[c])));
    document.getElementById("app-counts").replaceChildren(...data.per_app.map(a => el("tr", {},
      el("td", {}, appNames.get(a.app_uuid) || a.app_uuid), ...columns.map(c => el("td", {}, String(a.counts[c]))))));
    document.getElementById("servers-body").replaceChildren(...(data.servers || []).map(s => el("tr", {},
      el("td", { class: "mono" }, s.name), el("td", {}, String(s.workers)), el("td", {}, s.queues.join(", ")), el("td", {}, time(s.heartbeat)))));
  }

  async function act(action, question, yes) {
    error.textContent = "";
    if (question && !await confirmAction(question, yes)) return;
    const { ok, data } = await api("POST", `/api/workers/service-tasks?action=${action}`, undefined, undefined, { allApps: true });
    if (!ok) error.textContent = (data && data.detail) || `Could not ${action}.`;
    else if (data.requeued) document.getElementById("pause-state").textContent += ` ${data.requeued} task(s) requeued.`;
    load();
  }

  document.getElementById("pause").addEventListener("click", () => act("stop", "Pause processing on every worker? Tasks stay PENDING until you resume.", "Pause"));
  document.getElementById("resume").addEventListener("click", () => act("start"));
  document.getElementById("process-once").addEventListener("click", () => act("process-once"));
  document.getElementById("refresh-workers").addEventListener("click", load);

  Admin.ready.then(async () => {
    const { ok, data } = await api("GET", "/api/apps?page_size=200");
    if (ok) for (const a of data.items) appNames.set(a.app_uuid, a.name);
    load();
  });
})();
