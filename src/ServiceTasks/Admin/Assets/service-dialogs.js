// The services page's two small dialogs: try a service once (Test) and delete one (with the API's 409 shown).
"use strict";
const ServiceDialogs = (() => {
  const { api, el, badge, openDialog, showProblem, clearErrors, json } = Admin;

  function test(s) {
    const testDialog = document.getElementById("test-dialog");
    const result = document.getElementById("test-result");
    const testForm = document.getElementById("test-form");
    document.getElementById("test-dialog-title").textContent = `Test ${s.service_name}`;
    result.replaceChildren();
    clearErrors(testForm);
    testForm.onsubmit = async event => {
      event.preventDefault();
      clearErrors(testForm);
      let input;
      try { input = JSON.parse(document.getElementById("t-input").value || "{}"); }
      catch { showProblem(testForm, { errors: { input_data: ["is not valid JSON."] } }); return; }
      result.replaceChildren(el("p", { class: "muted" }, "Running…"));
      const { ok, data } = await api("POST", `/api/services/${s.id}/test`, { input_data: input });
      if (!ok) { result.replaceChildren(); showProblem(testForm, data); return; }
      // replaceChildren would print a null as the text "null": only the parts that exist are passed.
      const parts = [el("p", {}, badge(data.success ? "SUCCESS" : "FAILED"), ` HTTP ${data.http_status_code ?? "—"} in ${data.execution_time_ms} ms`)];
      if (data.error_message) parts.push(el("p", { class: "form-error" }, data.error_message));
      if (data.data !== undefined) parts.push(el("pre", { class: "json", tabindex: "0", "aria-label": "Response data" }, json(data.data)));
      result.replaceChildren(...parts);
    };
    openDialog(testDialog);
  }

  function remove(s, onDeleted) {
    const deleteDialog = document.getElementById("delete-dialog");
    const error = document.getElementById("delete-error");
    document.getElementById("delete-question").textContent = `Delete "${s.service_name}"? Its history goes with it.`;
    error.textContent = "";
    document.getElementById("delete-form").onsubmit = async event => {
      event.preventDefault();
      const { ok, data } = await api("DELETE", `/api/services/${s.id}`);
      if (!ok) { error.textContent = (data && data.detail) || "Could not delete it."; return; }
      deleteDialog.close();
      onDeleted();
    };
    openDialog(deleteDialog);
  }

  return { test, remove };
})();
