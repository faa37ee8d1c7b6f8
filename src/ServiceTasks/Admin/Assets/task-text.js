// How the tasks page words a task's attempts and its callback, shared by the list and the details dialog.
"use strict";
const TaskText = (() => {
  const { el } = Admin;

  // Attempts count within the current budget (a manual retry starts a new one), with the total when they differ:
  // a task retried once after failing its only attempt reads "1 of 1 (2 in all)", never "2 of 1".
  function attempts(t) {
    const used = t.attempts - (t.attempt_budget_start || 0);
    const text = `${used} of ${t.max_retries + 1}`;
    return t.attempt_budget_start ? `${text} (${t.attempts} in all)` : text;
  }

  const callbackWords = {
    none: "none", waiting: "waiting for the outcome", scheduled: "scheduled",
    delivered: "delivered", failing: "failing, retrying", given_up: "given up",
  };

  // The state in words, and the last error under it while failing or given up.
  function callback(t) {
    const words = callbackWords[t.callback_state] || t.callback_state;
    const kind = { delivered: "completed", failing: "timeout", given_up: "failed" }[t.callback_state];
    const state = kind ? el("span", { class: "badge " + kind }, words) : words;
    return t.callback_error ? [state, el("div", { class: "error-cell" }, t.callback_error)] : [state];
  }

  return { attempts, callback };
})();
