// The task details dialog: facts, input and output, every attempt and every callback delivery, and Redeliver.
"use strict";
const TaskDetails = (() => {
  const { api, el, badge, time, json, openDialog } = Admin;
  const dialog = () => document.getElementById("task-dialog");

  const fact = (term, ...value) => [el("dt", {}, term), el("dd", {}, ...value)];
  const table = (head, rows) => el("table", { class: "grid" },
    el("thead", {}, el("tr", {}, ...head.map(h => el("th", {}, h)))), el("tbody", {}, ...rows));

  async function open(id, names, onChange) {
    const { ok, data: t } = await api("GET", `/api/service-tasks/${id}`);
    if (!ok) return;
    document.getElementById("task-dialog-title").textContent = `Task ${t.instance_id} / ${t.task_id}`;
    document.getElementById("task-facts").replaceChildren(
      ...fact("Status", badge(t.status)), ...fact("Service", names.get(t.service_config_id) || t.service_config_id),
      ...fact("Version", `v${t.config_version}`), ...fact("Attempts", TaskText.attempts(t)),
      ...fact("Created", time(t.created_at)), ...fact("Started", time(t.started_at)), ...fact("Completed", time(t.completed_at)),
      ...fact("Error", t.error_message ?? "—"), ...fact("Callback", ...TaskText.callback(t)), ...fact("Id", el("span", { class: "mono" }, t.id)));
    document.getElementById("task-input").textContent = json(t.input_data ?? null);
    document.getElementById("task-output").textContent = json(t.output_data ?? null);
    const executions = t.executions || [], deliveries = t.callback_deliveries || [];
    document.getElementById("task-attempts").replaceChildren(executions.length
      ? table(["Attempt", "Status", "HTTP", "Duration", "Time", "Error"], executions.map(e => el("tr", {},
        el("td", {}, String(e.retry_attempt + 1)), el("td", {}, badge(e.status)), el("td", {}, String(e.http_status_code ?? "—")),
        el("td", {}, `${e.execution_time_ms} ms`), el("td", {}, time(e.created_at)), el("td", { class: "error-cell" }, e.error_message ?? ""))))
      : el("p", { class: "muted" }, "No attempt yet."));
    document.getElementById("task-deliveries").replaceChildren(deliveries.length
      ? table(["Try", "Result", "HTTP", "Duration", "Time", "Error"], deliveries.map(d => el("tr", {},
        el("td", {}, String(d.attempt)), el("td", {}, badge(d.succeeded ? "delivered" : "failed", d.succeeded ? "completed" : "failed")),
        el("td", {}, String(d.status_code ?? "—")), el("td", {}, `${d.duration_ms} ms`), el("td", {}, time(d.created_at)),
        el("td", { class: "error-cell" }, d.error ?? ""))))
      : el("p", { class: "muted" }, "No delivery yet."));
    setUpRedeliver(t, names, onChange);
    openDialog(dialog());
  }

  // Redelivery sends the last outcome once more; offered for a finished task that has somewhere to send it.
  function setUpRedeliver(t, names, onChange) {
    const button = document.getElementById("task-redeliver");
    const note = document.getElementById("task-redeliver-note");
    const finished = ["COMPLETED", "FAILED", "CANCELLED"].includes(t.status) && !["none", "waiting"].includes(t.callback_state);
    button.hidden = !finished;
    button.disabled = false;
    note.textContent = "";
    button.onclick = async () => {
      button.disabled = true;
      const { ok, data } = await api("POST", `/api/service-tasks/${t.id}/callback`);
      note.textContent = ok ? "Redelivery requested." : (data && data.detail) || "Could not redeliver.";
      if (ok) { onChange(); await open(t.id, names, onChange); note.textContent = "Redelivery requested."; }
      button.disabled = false;
    };
  }

  return { open };
})();
