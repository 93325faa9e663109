// For administrators: the deliveries of notifications and its dead letters (deliveries that exhausted
// their retries, status `dead`), with redeliver. The token the operator types is kept in sessionStorage
// (this tab only) and sent as the bearer token; the service decides what it allows.
import { get, post, setToken, token } from "../api.js";
import { emptyNotice, h, problemNotice, select, table } from "../dom.js";
import { formatDate, t } from "../i18n.js";

const STATUSES = ["pending", "delivered", "failed", "dead", "cancelled"];
let status = "dead";
let notice = null;

function tokenForm(onChange) {
  const input = h("input", { id: "admin-token", name: "token", type: "password", autocomplete: "off", value: token() || undefined });
  const form = h(
    "form",
    { class: "filters" },
    h("div", { class: "field" }, h("label", { for: "admin-token" }, t("admin.token")), input),
    h("button", { type: "submit" }, t("admin.save")),
    h("button", { type: "button", onclick: () => { setToken(""); onChange(); } }, t("admin.forget")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    setToken(input.value.trim());
    onChange();
  });
  return form;
}

function statusForm(onChange) {
  const form = h(
    "form",
    { class: "filters", "aria-label": t("admin.deliveries") },
    select("status", t("filter.status"), STATUSES.map((value) => [value, t(`delivery.${value}`)]), status, "admin"),
    h("button", { type: "submit" }, t("filter.apply")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    status = new FormData(form).get("status") || "";
    onChange();
  });
  return form;
}

export async function render(container) {
  const rerender = () => render(container);
  const results = h("div", { class: "results", "aria-live": "polite" });
  container.replaceChildren(h("p", {}, t("admin.intro")), tokenForm(rerender));
  if (!token()) {
    container.append(emptyNotice(t("admin.needToken")));
    return;
  }
  container.append(statusForm(rerender), results);
  if (notice) {
    results.append(h("p", { class: "notice", role: "status" }, notice));
    notice = null;
  }
  let page;
  try {
    page = await get("notifications", "v1/deliveries", { status, limit: 100 }, { admin: true });
  } catch (error) {
    results.append(problemNotice(error));
    return;
  }
  if (page.items.length === 0) {
    results.append(emptyNotice(t("admin.none")));
    return;
  }
  const redeliver = (delivery) => async () => {
    try {
      await post("notifications", `v1/deliveries/${delivery.id}/redeliver`);
      notice = t("admin.redelivered", { id: delivery.id.slice(0, 8) });
      rerender();
    } catch (error) {
      results.prepend(problemNotice(error));
    }
  };
  results.append(
    table(
      status === "dead" ? t("admin.deadLetters") : t("admin.deliveries"),
      [t("admin.event"), t("admin.channel"), t("filter.status"), t("admin.attempts"), t("admin.lastError"), t("admin.created"), ""],
      page.items.map((delivery) => [
        delivery.event_type.replace("org.neacoop.", ""),
        delivery.channel,
        t(`delivery.${delivery.status}`),
        String(delivery.attempts),
        delivery.last_error || (delivery.last_status_code ? `HTTP ${delivery.last_status_code}` : ""),
        formatDate(delivery.created_at),
        ["failed", "dead"].includes(delivery.status)
          ? h("button", { type: "button", onclick: redeliver(delivery) }, t("admin.redeliver"))
          : "",
      ]),
    ),
  );
}
