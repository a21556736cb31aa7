// cxm console: search, customer page, timeline, explanation and unlink, over the cxm API.
// Everything is built with DOM calls and textContent (never innerHTML with data), so customer
// data cannot inject markup. The key lives in sessionStorage only.

const KEY = "cxm.key";
const PAGE = 30;
const $ = (id) => document.getElementById(id);

const ICONS = {
  order: '<path d="M6 7h12l-1 13H7z"/><path d="M9 7a3 3 0 0 1 6 0"/>',
  order_line: '<path d="M4 7h16M4 12h16M4 17h10"/>',
  refund: '<path d="M9 14 4 9l5-5"/><path d="M4 9h11a5 5 0 0 1 0 10h-3"/>',
  cancellation: '<circle cx="12" cy="12" r="9"/><path d="m8 8 8 8"/>',
  ticket: '<circle cx="12" cy="12" r="9"/><circle cx="12" cy="12" r="4"/><path d="m5.6 5.6 3.6 3.6m5.6 5.6 3.6 3.6m0-12.8-3.6 3.6m-5.6 5.6-3.6 3.6"/>',
  ticket_update: '<path d="M4 20h4L19 9l-4-4L4 16z"/>',
  message: '<path d="M4 5h16v11H9l-5 4z"/>',
  reply: '<path d="M10 9 5 13l5 4"/><path d="M5 13h9a5 5 0 0 0 5-5V6"/>',
  mention: '<circle cx="12" cy="12" r="4"/><path d="M16 12v1.5a2.5 2.5 0 0 0 5 0V12a9 9 0 1 0-3.5 7.1"/>',
  contact_created: '<circle cx="10" cy="8" r="4"/><path d="M2 21a8 8 0 0 1 13-6"/><path d="M19 14v6m-3-3h6"/>',
  deal: '<path d="M3 12h18M12 3v18"/><circle cx="12" cy="12" r="9"/>',
  loyalty_signup: '<path d="m12 3 2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z"/>',
  survey_response: '<path d="M8 4h8v3H8z"/><path d="M6 5H5v16h14V5h-1"/><path d="m9 14 2 2 4-4"/>',
  other: '<circle cx="12" cy="12" r="3"/>',
};
const DEPARTMENTS = ["sales", "support", "commerce", "social", "feedback", "other"];
const LABELS = {
  given_name: "Given name", family_name: "Family name", full_name: "Name", email: "Email",
  phone: "Phone", company: "Company", street: "Street", city: "City", region: "Region",
  postal_code: "Postal code", country: "Country", birth_date: "Date of birth",
};

const state = { key: null, me: null, results: [], lastQuery: "", customer: null, timeline: null };

// --- DOM helpers -----------------------------------------------------------------------------

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (name === "class") el.className = value;
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

// replaceChildren that takes what h() takes: nested arrays, strings, and null/false to skip.
function fill(el, ...children) {
  el.replaceChildren(
    ...children
      .flat(Infinity)
      .filter((c) => c !== null && c !== undefined && c !== false)
      .map((c) => (c instanceof Node ? c : document.createTextNode(String(c)))),
  );
  return el;
}

function icon(kind) {
  const span = h("span", { class: "icon", "aria-hidden": "true" });
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  // Icon paths are constants of this file, not data.
  svg.innerHTML = ICONS[kind] || ICONS.other;
  span.append(svg);
  return span;
}

function deptBadge(department, text) {
  const dept = DEPARTMENTS.includes(department) ? department : "other";
  return h("span", { class: `badge dept-${dept}` }, text ?? department);
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
function when(iso, withTime = true) {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : (withTime ? dateTime : dateOnly).format(d);
}
function money(amount, currency) {
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

function notice(text, kind = "error") {
  const box = $("notice");
  fill(box, text instanceof Node ? text : document.createTextNode(text));
  box.className = kind;
  box.hidden = false;
}
function clearNotice() {
  $("notice").hidden = true;
}

// --- API -------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function api(path, options = {}) {
  const headers = { Accept: "application/json", Authorization: `Bearer ${state.key}` };
  if (options.body) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, { ...options, headers });
  } catch {
    throw new ApiError(0, { detail: "The cxm server cannot be reached. Check that it is running." });
  }
  const body = await response.json().catch(() => null);
  if (response.status === 401) {
    signOut("Your key is not valid any more (revoked or expired). Sign in again.");
    throw new ApiError(401, body);
  }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

// --- views -----------------------------------------------------------------------------------

function show(view) {
  for (const id of ["signin", "results", "customer"]) $(id).hidden = id !== view;
  $("search-form").hidden = view === "signin";
  $("who").hidden = view === "signin";
}

function signOut(message) {
  sessionStorage.removeItem(KEY);
  state.key = null;
  state.me = null;
  show("signin");
  if (message) notice(message);
  $("key").value = "";
  $("key").focus();
}

async function signIn(key) {
  state.key = key;
  try {
    state.me = await api("/v1/me");
  } catch (err) {
    state.key = null;
    show("signin");
    if (err.status !== 401) notice(err.message);
    return false;
  }
  if (state.me.scope !== "agent") {
    const scope = state.me.scope;
    signOut(`This is an ${scope} key; the console needs an agent key.`);
    return false;
  }
  sessionStorage.setItem(KEY, key);
  $("who-name").textContent = `${state.me.name} (${state.me.scope})`;
  return true;
}

// --- search ----------------------------------------------------------------------------------

async function search(text) {
  const q = text.trim();
  if (!q) return;
  clearNotice();
  state.lastQuery = q;
  show("results");
  $("results-status").textContent = "Searching…";
  fill($("result-list"));
  try {
    const page = await api(`/v1/customers?${new URLSearchParams({ q, limit: PAGE })}`);
    state.results = page.items;
  } catch (err) {
    $("results-status").textContent = "";
    if (err.status !== 401) notice(err.message);
    return;
  }
  renderResults();
  if (location.hash !== "#/") history.pushState(null, "", "#/");
}

function renderResults() {
  const items = state.results;
  const count = items.length;
  $("results-status").textContent = state.lastQuery
    ? `${count === PAGE ? `${PAGE}+` : count} result${count === 1 ? "" : "s"} for “${state.lastQuery}”`
    : "Type what the customer told you: an email, a phone number in any format, a name, an order number or a social handle.";
  fill(
    $("result-list"),
    ...items.map((item) =>
      h(
        "li",
        {},
        h(
          "a",
          { class: "result", href: `#/customers/${encodeURIComponent(item.customer_id)}` },
          h("span", { class: "name" }, item.full_name || item.email || item.customer_id),
          h("span", { class: "matched" }, `${item.matched.field}: ${item.matched.value}`),
          h("span", { class: "badges" }, item.departments.map((d) => deptBadge(d)), item.sources.map((s) => h("span", { class: "badge" }, s))),
          h("span", { class: "when" }, item.last_activity ? `active ${when(item.last_activity, false)}` : "no activity"),
        ),
      ),
    ),
  );
}

function moveFocus(step) {
  const links = [...document.querySelectorAll("#result-list a")];
  if (!links.length) return;
  const at = links.indexOf(document.activeElement);
  const next = at === -1 ? (step > 0 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, at + step));
  links[next].focus();
}

// --- customer page ---------------------------------------------------------------------------

async function openCustomer(id) {
  clearNotice();
  show("customer");
  const section = $("customer");
  fill(section, h("p", { "aria-live": "polite" }, "Loading customer…"));
  let profile;
  try {
    profile = await api(`/v1/customers/${encodeURIComponent(id)}`);
  } catch (err) {
    if (err.status === 404) {
      fill(section, h("h1", { id: "customer-name" }, "Customer not found"), h("p", {}, `No customer has the id ${id}. It may never have existed, or the data was re-published without it.`), h("p", {}, h("a", { href: "#/" }, "Back to search")));
    } else if (err.status !== 401) {
      fill(section);
      notice(err.message);
    }
    return;
  }
  if (profile.customer_id !== id) {
    history.replaceState(null, "", `#/customers/${encodeURIComponent(profile.customer_id)}`);
  }
  state.customer = profile;
  renderCustomer(profile);
  $("main").focus();
}

function renderCustomer(p) {
  const name = p.golden.full_name || p.golden.email || p.customer_id;
  const head = h(
    "div",
    { class: "customer-head" },
    h("h1", { id: "customer-name" }, name),
    h("p", {}, `${p.customer_id} · ${p.record_count} record${p.record_count === 1 ? "" : "s"} · last activity ${when(p.last_activity, false)}`),
  );
  const aliasNote = p.requested_id !== p.customer_id
    ? h("p", { class: "hint", role: "status" }, `${p.requested_id} was merged into this customer; showing the surviving customer.`)
    : null;
  const grid = h(
    "div",
    { class: "grid" },
    goldenCard(p),
    cxCard(p),
    identifiersCard(p),
    timelineCard(p),
    explainCard(p),
    recordsCard(p),
  );
  fill($("customer"), head, aliasNote, h("div", { class: "badges" }, p.departments.map((d) => deptBadge(d))), grid);
  loadTimeline(true);
}

function goldenCard(p) {
  const rows = [];
  for (const [field, label] of Object.entries(LABELS)) {
    const value = p.golden[field];
    if (value === null || value === undefined || value === "") continue;
    const from = p.provenance[field];
    rows.push(
      h("dt", {}, label),
      h("dd", {}, value, " ", from ? h("span", { class: "badge", title: `from ${from.source} record ${from.record_id} (${from.rule.replaceAll("_", " ")})` }, from.source) : null),
    );
  }
  return h("section", { class: "card", "aria-labelledby": "golden-title" }, h("h2", { id: "golden-title" }, "Profile"), h("dl", { class: "fields" }, rows));
}

function metric(label, value) {
  const pending = value === null || value === undefined;
  return h("div", { class: `metric${pending ? " pending" : ""}` }, h("dt", {}, label), h("dd", {}, pending ? "not measured yet" : value));
}

function cxCard(p) {
  const t = p.traits || {};
  const ltv = (t.lifetime_value || []).map((m) => money(m.amount, m.currency)).join(" + ") || (t.orders === 0 ? money(0, "USD") : null);
  const nps = t.nps === null || t.nps === undefined ? null : `${t.nps}${t.nps_category ? ` (${t.nps_category})` : ""}`;
  const csat = t.csat === null || t.csat === undefined ? null : `${Math.round(t.csat * 100)}% of ${t.csat_ratings}`;
  return h(
    "section",
    { class: "card span2", "aria-labelledby": "cx-title" },
    h("h2", { id: "cx-title" }, "Customer experience"),
    h(
      "dl",
      { class: "metrics" },
      metric("Lifetime value", ltv),
      metric("Orders", t.orders ?? null),
      metric("Last order", t.last_order_at ? when(t.last_order_at, false) : t.orders === 0 ? "none" : null),
      metric("Open tickets", t.tickets === undefined ? null : `${t.open_tickets} of ${t.tickets}`),
      metric("CSAT", csat),
      metric("NPS", nps),
      metric("Sentiment", t.sentiment ?? null),
      metric("Churn risk", t.churn_risk ?? null),
      metric("Journey stage", t.journey_stage ?? null),
    ),
  );
}

function identifiersCard(p) {
  const groups = [
    ["Emails", p.identifiers.emails],
    ["Phones", p.identifiers.phones],
    ["Social handles", p.identifiers.handles],
    ["External ids", p.identifiers.external_ids],
  ].filter(([, values]) => values.length);
  return h(
    "section",
    { class: "card", "aria-labelledby": "ids-title" },
    h("h2", { id: "ids-title" }, "Identifiers"),
    groups.length
      ? h("dl", { class: "fields" }, groups.map(([label, values]) => [h("dt", {}, label), h("dd", {}, h("ul", { class: "plain" }, values.map((v) => h("li", {}, v))))]))
      : h("p", { class: "hint" }, "No identifiers."),
  );
}

// --- timeline --------------------------------------------------------------------------------

function timelineCard(p) {
  const kinds = (p.traits?.by_kind || []).map((k) => k.kind);
  const deptBoxes = p.departments.map((d) =>
    h("label", { class: "chip" }, h("input", { type: "checkbox", name: "department", value: d, checked: true, onchange: () => loadTimeline(true) }), d),
  );
  const kindSelect = h(
    "select",
    { id: "kind-filter", onchange: () => loadTimeline(true) },
    h("option", { value: "" }, "All kinds"),
    kinds.map((k) => h("option", { value: k }, k.replaceAll("_", " "))),
  );
  const loader = h("button", { type: "button", class: "quiet more", id: "timeline-more", hidden: true, onclick: () => loadTimeline(false) }, "Load older events");
  const sentinel = h("div", { id: "timeline-end", "aria-hidden": "true" });
  const card = h(
    "section",
    { class: "card span2", "aria-labelledby": "timeline-title" },
    h("h2", { id: "timeline-title" }, "Timeline"),
    h(
      "div",
      { class: "filters" },
      h("fieldset", {}, h("legend", {}, "Departments"), deptBoxes),
      h("label", { for: "kind-filter" }, "Kind "),
      kindSelect,
    ),
    h("p", { id: "timeline-status", class: "hint", "aria-live": "polite" }),
    h("ol", { class: "timeline", id: "timeline-list" }),
    loader,
    sentinel,
  );
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting) && state.timeline?.next && !state.timeline.loading) loadTimeline(false);
  });
  observer.observe(sentinel);
  return card;
}

async function loadTimeline(reset) {
  const p = state.customer;
  if (!p) return;
  if (reset) state.timeline = { next: null, loading: false, count: 0, token: Symbol("timeline") };
  const tl = state.timeline;
  if (tl.loading) return;
  const params = new URLSearchParams({ limit: PAGE });
  const departments = [...document.querySelectorAll('input[name="department"]')];
  const checked = departments.filter((b) => b.checked).map((b) => b.value);
  const list = $("timeline-list");
  if (reset) fill(list);
  if (!checked.length) {
    $("timeline-status").textContent = "No department selected.";
    $("timeline-more").hidden = true;
    return;
  }
  if (checked.length < departments.length) checked.forEach((d) => params.append("department", d));
  const kind = $("kind-filter").value;
  if (kind) params.append("kind", kind);
  if (!reset && tl.next) params.set("cursor", tl.next);
  tl.loading = true;
  $("timeline-status").textContent = "Loading events…";
  let page;
  try {
    page = await api(`/v1/customers/${encodeURIComponent(p.customer_id)}/timeline?${params}`);
  } catch (err) {
    tl.loading = false;
    $("timeline-status").textContent = "";
    if (err.status !== 401) notice(err.message);
    return;
  }
  if (state.timeline !== tl) return; // filters changed while this page loaded
  tl.loading = false;
  tl.next = page.next_cursor;
  tl.count += page.items.length;
  list.append(...page.items.map(eventItem));
  $("timeline-status").textContent = tl.count
    ? `${tl.count} event${tl.count === 1 ? "" : "s"}${tl.next ? ", more below" : ""}`
    : "No events match these filters.";
  $("timeline-more").hidden = !tl.next;
}

function sentimentText(score) {
  if (score === null || score === undefined) return null;
  const label = score >= 0.05 ? "positive" : score <= -0.05 ? "negative" : "neutral";
  return `${label} ${score > 0 ? "+" : ""}${score.toFixed(2)}`;
}

function eventItem(e) {
  const amount = e.amount !== null && e.currency ? money(e.amount, e.currency) : null;
  const title = e.title || e.kind.replaceAll("_", " ");
  return h(
    "li",
    { "data-kind": e.kind, "data-department": e.department },
    icon(e.kind),
    h(
      "div",
      {},
      h("div", { class: "event-title" }, title, " ", deptBadge(e.department, `${e.department} · ${e.kind.replaceAll("_", " ")}`)),
      e.text ? h("p", { class: "event-text" }, e.text.length > 280 ? `${e.text.slice(0, 280)}…` : e.text) : null,
    ),
    h(
      "div",
      { class: "event-meta" },
      h("time", { datetime: e.occurred_at }, when(e.occurred_at)),
      h("br"),
      [amount, e.status, e.channel, sentimentText(e.sentiment)].filter(Boolean).join(" · "),
    ),
  );
}

// --- explanation -----------------------------------------------------------------------------

function explainCard(p) {
  const body = h("div", { id: "explain-body" });
  const details = h(
    "details",
    { id: "explain" },
    h("summary", {}, "Why is this one customer?"),
    body,
  );
  details.addEventListener("toggle", async () => {
    if (!details.open || body.dataset.loaded) return;
    fill(body, h("p", {}, "Loading the evidence…"));
    try {
      const why = await api(`/v1/customers/${encodeURIComponent(p.customer_id)}/explain`);
      body.dataset.loaded = "1";
      renderExplain(body, why);
    } catch (err) {
      fill(body);
      if (err.status !== 401) notice(err.message);
    }
  });
  return h("section", { class: "card span3", "aria-label": "Why is this one customer" }, details);
}

function renderExplain(body, why) {
  const merged = why.edges.filter((e) => e.status === "merged");
  const refused = why.edges.filter((e) => e.status !== "merged");
  const describe = (e) => {
    const how = e.kind === "rule" ? `rule: ${(e.rule || "").replaceAll("_", " ")}` : `${e.kind}: ${(e.match_probability * 100).toFixed(1)}% (${e.match_weight.toFixed(1)} bits)`;
    // Comparisons that were missing on either side carry no evidence; show the rest with
    // their weight, agreements first.
    const evidence = Object.entries(e.evidence || {})
      .filter(([, v]) => v && typeof v === "object" && v.level !== "missing")
      .sort((x, y) => (y[1].weight ?? 0) - (x[1].weight ?? 0))
      .map(([name, v]) => {
        const weight = typeof v.weight === "number" ? ` ${v.weight >= 0 ? "+" : ""}${v.weight.toFixed(1)}` : "";
        const tone = (v.weight ?? 0) >= 0 ? "agree" : "disagree";
        return h("span", { class: `badge ${tone}`, title: `${name.replaceAll("_", " ")}: ${v.level.replaceAll("_", " ")}, weight${weight} bits` }, `${name.replaceAll("_", " ")}: ${v.level.replaceAll("_", " ")}${weight}`);
      });
    return h(
      "div",
      { class: "edge" },
      h("p", {}, h("strong", {}, `${e.a.source}:${e.a.record_id}`), " ↔ ", h("strong", {}, `${e.b.source}:${e.b.record_id}`)),
      h("p", {}, how, e.reason ? ` — refused: ${e.reason.replaceAll("_", " ")}` : ""),
      h("div", { class: "evidence" }, evidence),
    );
  };
  if (!why.edges.length) {
    fill(body, h("p", {}, why.records.length > 1 ? "Joined by an agent's link or by attachment; no scored edges." : "A single record: nothing to join."));
    return;
  }
  fill(
    body,
    h("p", {}, `${why.records.length} records held together by ${merged.length} link${merged.length === 1 ? "" : "s"}.`),
    h("div", { class: "edges" }, merged.map(describe)),
    refused.length ? [h("h3", {}, "Refused by guardrails"), h("div", { class: "edges" }, refused.map(describe))] : null,
  );
}

// --- records and unlink ----------------------------------------------------------------------

function recordsCard(p) {
  const rows = p.records.map((r) => {
    const action = p.records.length > 1
      ? h("button", { type: "button", class: "danger", onclick: (ev) => confirmUnlink(ev.currentTarget, r) }, "Not the same person")
      : null;
    return h(
      "tr",
      { "data-record": `${r.source}:${r.record_id}` },
      h("td", {}, deptBadge(r.department, r.source)),
      h("td", {}, r.record_id),
      h("td", {}, r.full_name || "—"),
      h("td", {}, [...r.emails, ...r.phones].join(", ") || "—"),
      h("td", {}, r.matched_by),
      h("td", {}, action),
    );
  });
  return h(
    "section",
    { class: "card span3", "aria-labelledby": "records-title" },
    h("h2", { id: "records-title" }, "Source records"),
    h(
      "table",
      { class: "records" },
      h("thead", {}, h("tr", {}, ["Source", "Record id", "Name", "Emails and phones", "Joined by", ""].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, rows),
    ),
  );
}

function confirmUnlink(button, record) {
  const cell = button.parentElement;
  const reasonId = `reason-${record.source}-${record.record_id}`.replace(/[^A-Za-z0-9_-]/g, "_");
  const reason = h("input", { id: reasonId, type: "text", maxlength: 2000, placeholder: "e.g. different date of birth" });
  const form = h(
    "form",
    { class: "confirm", "aria-label": `Unlink ${record.source} ${record.record_id}` },
    h("label", { for: reasonId }, "Why is this another person?"),
    reason,
    h("div", {}, h("button", { type: "submit", class: "danger" }, "Confirm: not the same person"), " ", h("button", { type: "button", class: "quiet", onclick: () => fill(cell, button) }, "Cancel")),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    await unlink(record, reason.value.trim() || null, form);
  });
  fill(cell, form);
  reason.focus();
}

async function unlink(record, reason, form) {
  const p = state.customer;
  const fromName = p.provenance.full_name;
  const others = p.records.filter((r) => !(r.source === record.source && r.record_id === record.record_id));
  const anchor = others.find((r) => fromName && r.source === fromName.source && r.record_id === fromName.record_id) || others[0];
  for (const b of form.querySelectorAll("button")) b.disabled = true;
  let result;
  try {
    result = await api("/v1/unlinks", {
      method: "POST",
      body: JSON.stringify({ a: { source: anchor.source, record_id: anchor.record_id }, b: { source: record.source, record_id: record.record_id }, reason }),
    });
  } catch (err) {
    for (const b of form.querySelectorAll("button")) b.disabled = false;
    if (err.status !== 401) notice(err.message);
    return;
  }
  await openCustomer(p.customer_id);
  const moved = result.detached_to;
  notice(
    moved
      ? h("span", {}, `${record.source} record ${record.record_id} is no longer part of this customer; it is now `, h("a", { href: `#/customers/${encodeURIComponent(moved)}` }, moved), ". The next resolve re-checks the rest.")
      : `Recorded: ${record.source} record ${record.record_id} is not the same person. The next resolve applies it.`,
    "info",
  );
}

// --- routing ---------------------------------------------------------------------------------

function route() {
  if (!state.key) return;
  const match = location.hash.match(/^#\/customers\/(.+)$/);
  if (match) {
    openCustomer(decodeURIComponent(match[1]));
  } else {
    clearNotice();
    show("results");
    renderResults();
  }
}

async function start() {
  $("signin-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    clearNotice();
    if (await signIn($("key").value.trim())) {
      $("key").value = "";
      route();
      $("q").focus();
    }
  });
  $("sign-out").addEventListener("click", () => signOut(null));
  $("search-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    search($("q").value);
  });
  $("q").addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown") {
      ev.preventDefault();
      moveFocus(1);
    }
  });
  $("result-list").addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      moveFocus(ev.key === "ArrowDown" ? 1 : -1);
    } else if (ev.key === "Escape") {
      $("q").focus();
    }
  });
  document.addEventListener("keydown", (ev) => {
    const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement?.tagName);
    if (ev.key === "/" && !typing && state.key) {
      ev.preventDefault();
      $("q").focus();
      $("q").select();
    }
  });
  window.addEventListener("hashchange", route);

  const saved = sessionStorage.getItem(KEY);
  if (saved && (await signIn(saved))) {
    route();
  } else if (!state.key) {
    show("signin");
    $("key").focus();
  }
}

start();
