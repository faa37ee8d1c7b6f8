// The service dialog's form: fills it from a service, follows the chosen type and authentication, and reads it back
// as the API's document. Every setting of a service has an input named by its JSON path (retry_policy.multiplier),
// so the API's field errors land next to it.
"use strict";
const ServiceForm = (() => {
  const { clearErrors, json } = Admin;
  const form = document.getElementById("service-form");
  const f = form.elements;
  const authFields = ["api_key", "header_name", "query_param", "token", "username", "password", "token_url", "client_id", "client_secret", "scope"];
  const defaults = { initial_delay_seconds: 2, multiplier: 2, max_delay_seconds: 300, jitter: "full" };
  let templates = [];

  // Shows the fieldset of the chosen type, the inputs of the chosen authentication and the breaker's settings.
  function follow() {
    const type = f.service_type.value, auth = f.auth_type.value;
    form.querySelectorAll("[data-type]").forEach(x => x.hidden = x.dataset.type !== type);
    form.querySelectorAll("[data-auth]").forEach(x => x.hidden = x.dataset.auth !== auth);
    form.querySelectorAll("[data-breaker]").forEach(x => x.hidden = !f["circuit_breaker.enabled"].checked);
    const template = templates.find(t => t.id === f.mock_template_id.value);
    document.getElementById("template-description").textContent = template ? template.description : "";
  }

  const text = v => v === null || v === undefined ? "" : String(v);

  function fill(s) {
    form.reset();
    clearErrors(form);
    const auth = (s && s.authentication) || { type: "none" };
    const retry = { ...defaults, ...((s && s.retry_policy) || {}) };
    const breaker = s && s.circuit_breaker;
    f.service_name.value = s ? s.service_name : "";
    f.description.value = text(s && s.description);
    f.service_type.value = s ? s.service_type : "MOCK";
    f.endpoint_url.value = text(s && s.endpoint_url);
    f.http_method.value = (s && s.http_method) || "GET";
    f.auth_type.value = auth.type;
    for (const name of authFields) {
      const input = f["auth." + name];
      const value = auth[name] || "";
      // A secret comes back masked: leave it empty, and keep the stored one unless a new one is typed.
      if (input.hasAttribute("data-secret")) { input.value = ""; input.placeholder = value ? `unchanged (${value})` : ""; }
      else input.value = value;
    }
    f.headers.value = s && s.headers && Object.keys(s.headers).length ? json(s.headers) : "";
    f.mock_template_id.value = (s && s.mock_template_id) || (s ? "" : "weather_service_mock");
    f.mock_definition.value = s && s.mock_definition ? json(s.mock_definition) : "";
    f.timeout_seconds.value = s ? s.timeout_seconds : 30;
    f.max_retries.value = s ? s.max_retries : 3;
    for (const name of ["initial_delay_seconds", "multiplier", "max_delay_seconds", "jitter", "deadline_seconds"])
      f["retry_policy." + name].value = text(retry[name]);
    f.send_idempotency_key.checked = s ? s.send_idempotency_key !== false : true;
    f.rate_limit_per_minute.value = text(s && s.rate_limit_per_minute);
    f.max_concurrency.value = text(s && s.max_concurrency);
    f["circuit_breaker.enabled"].checked = !!breaker;
    f["circuit_breaker.failure_threshold"].value = breaker ? breaker.failure_threshold : 5;
    f["circuit_breaker.break_seconds"].value = breaker ? breaker.break_seconds : 30;
    f.is_active.checked = s ? s.is_active : true;
    document.getElementById("service-dialog-title").textContent = s ? `Edit ${s.service_name}` : "New service";
    follow();
  }

  // The request body; fields of the other type are sent as null so a type change clears them, and an empty
  // optional setting is null (no limit, no deadline), which a merge patch reads as "remove it".
  function read() {
    const real = f.service_type.value === "REAL";
    const parse = (name, value) => { try { return value.trim() ? JSON.parse(value) : null; } catch { throw { errors: { [name]: ["is not valid JSON."] } }; } };
    const number = v => v === "" ? null : Number(v);
    const auth = { type: f.auth_type.value };
    for (const name of authFields) {
      const input = f["auth." + name];
      if (input.dataset.auth !== auth.type) auth[name] = null;
      else if (input.value !== "") auth[name] = input.value;
      else if (!input.hasAttribute("data-secret")) auth[name] = null;
    }
    const retry = name => number(f["retry_policy." + name].value);
    return {
      service_name: f.service_name.value, description: f.description.value || null, service_type: f.service_type.value,
      endpoint_url: real ? f.endpoint_url.value : null, http_method: real ? f.http_method.value : null,
      authentication: real ? auth : null, headers: real ? parse("headers", f.headers.value) : null,
      mock_template_id: real ? null : (f.mock_template_id.value || null),
      mock_definition: real ? null : parse("mock_definition", f.mock_definition.value),
      timeout_seconds: number(f.timeout_seconds.value), max_retries: number(f.max_retries.value),
      retry_policy: {
        initial_delay_seconds: retry("initial_delay_seconds"), multiplier: retry("multiplier"), max_delay_seconds: retry("max_delay_seconds"),
        jitter: f["retry_policy.jitter"].value, deadline_seconds: retry("deadline_seconds"),
      },
      send_idempotency_key: f.send_idempotency_key.checked,
      rate_limit_per_minute: number(f.rate_limit_per_minute.value), max_concurrency: number(f.max_concurrency.value),
      circuit_breaker: f["circuit_breaker.enabled"].checked ? {
        failure_threshold: number(f["circuit_breaker.failure_threshold"].value), break_seconds: number(f["circuit_breaker.break_seconds"].value),
      } : null,
      is_active: f.is_active.checked,
    };
  }

  function useTemplates(list) { templates = list; }

  for (const name of ["service_type", "auth_type", "mock_template_id", "circuit_breaker.enabled"]) f[name].addEventListener("change", follow);
  return { form, fill, read, useTemplates };
})();
