// The logs page: filtered, cursor-paged list (50 a page), details dialog, and an SVG chart of the
// hourly counts by status from /api/services/stats over the same filters (service, status, dates).
"use strict";
(() => {
  const { api, el, badge, time, json, openDialog, showProblem, clearErrors } = Admin;
  const filters = document.getElementById("log-filters");
  const pageSize = 50;
  // cursors[i] fetches page i + 1; previous pops, next pushes the answer's next_cursor.
  let cursors = [null];
  let nextCursor = null;

  function filterQuery() {
    const query = new URLSearchParams();
    for (const [name, value] of new FormData(filters)) {
      if (value === "") continue;
      query.set(name, name.startsWith("date_") ? new Date(value).toISOString() : value);
    }
    return query;
  }

  // A refused filter clears the rows and the chart, so nothing on screen belongs to another filter.
  function refused(problem) {
    showProblem(filters, problem);
    document.getElementById("logs-body").replaceChildren();
    document.getElementById("hourly-chart").replaceChildren();
    document.getElementById("chart-range").textContent = "";
    document.getElementById("logs-status").textContent = "";
  }

  async function load() {
    clearErrors(filters);
    const query = filterQuery();
    query.set("page_size", pageSize);
    const cursor = cursors[cursors.length - 1];
    if (cursor) query.set("cursor", cursor);
    const { ok, data } = await api("GET", "/api/services/logs?" + query);
    if (!ok) { refused(data); return; }
    nextCursor = data.next_cursor || null;
    // Past the count's cap the list says "10000+": the pages go on, the count stopped.
    const more = data.total_count_capped ? "+" : "";
    const page = cursors.length, pages = Math.max(1, Math.ceil(data.total_count / pageSize));
    document.getElementById("logs-status").textContent = `${data.total_count}${more} execution(s)`;
    document.getElementById("logs-page").textContent = `Page ${page} of ${pages}${more}`;
    document.getElementById("logs-prev").disabled = cursors.length === 1;
    document.getElementById("logs-next").disabled = !nextCursor;
    document.getElementById("logs-body").replaceChildren(...data.items.map(l => el("tr", { class: "log-" + l.status.toLowerCase() },
      el("td", {}, time(l.created_at)), el("td", {}, l.service_name), el("td", {}, badge(l.status)),
      el("td", {}, l.http_status_code ?? "—"), el("td", {}, `${l.execution_time_ms} ms`), el("td", {}, l.retry_attempt),
      el("td", { class: "mono" }, l.instance_id ?? "—"), el("td", { class: "error-cell" }, l.error_message ?? ""),
      el("td", {}, el("button", { type: "button", onclick: () => details(l.id) }, "Details")))));
    loadChart();
  }


  // Telemetry:TraceUrlTemplate with {trace_id} links the id to the tracing UI; without one it is plain text.
  function traceLink(traceId) {
    if (!traceId) return "—";
    const template = document.getElementById("log-dialog").dataset.traceUrl;
    if (!template) return traceId;
    return el("a", { href: template.replaceAll("{trace_id}", encodeURIComponent(traceId)), target: "_blank", rel: "noopener" }, traceId);
  }

  async function details(id) {
    const { ok, data } = await api("GET", `/api/services/logs/${id}`);
    if (!ok) { showProblem(filters, data); return; }
    const fact = (term, value) => [el("dt", {}, term), el("dd", {}, value)];
    document.getElementById("log-dialog-title").textContent = `Execution ${data.id} · ${data.service_name}`;
    document.getElementById("log-facts").replaceChildren(
      ...fact("Status", badge(data.status)), ...fact("HTTP status", String(data.http_status_code ?? "—")),
      ...fact("Started", time(data.created_at)), ...fact("Duration", `${data.execution_time_ms} ms`),
      ...fact("Attempt", String(data.retry_attempt)), ...fact("Task", data.service_task_id ?? "— (test)"),
      ...fact("Instance", data.instance_id ?? "—"), ...fact("Trace", traceLink(data.trace_id)),
      ...fact("Error", data.error_message ?? "—"),
      ...(data.response_truncated ? fact("Response", "truncated") : []));
    document.getElementById("log-request").textContent = json(data.request_data);
    document.getElementById("log-response").textContent = json(data.response_data);
    openDialog(document.getElementById("log-dialog"));
  }

  async function loadChart() {
    const query = filterQuery();
    const { ok, data } = await api("GET", "/api/services/stats?" + query);
    const chart = document.getElementById("hourly-chart");
    if (!ok) { refused(data); return; }
    document.getElementById("chart-range").textContent = `${time(data.date_from)} – ${time(data.date_to)}`;
    chart.replaceChildren(HourlyChart.render(data));
  }

  document.getElementById("logs-prev").addEventListener("click", () => { cursors.pop(); load(); });
  document.getElementById("logs-next").addEventListener("click", () => { if (nextCursor) { cursors.push(nextCursor); load(); } });
  document.getElementById("refresh-logs").addEventListener("click", () => { cursors = [null]; load(); });
  filters.addEventListener("submit", e => { e.preventDefault(); cursors = [null]; load(); });
  filters.addEventListener("change", () => { cursors = [null]; load(); });

  Admin.ready.then(async () => {
    const { ok, data } = await api("GET", "/api/services?page_size=200");
    if (ok) filters.service_config_id.append(...data.items.map(s => el("option", { value: s.id }, s.service_name)));
    load();
  });
})();
