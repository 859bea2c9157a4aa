// The situation brief (#/brief?country=SYR&since=2024-11-20&until=2024-12-03) and the alerts (#/alerts).
// Every sentence comes from /api/brief as text, with its evidence spans; each span links to the article view,
// which quotes the span (#/article/ID?start=S&end=E). Text only: nothing from the server is parsed as HTML.
import { el, clear, route } from "./dom.js";
import * as api from "./api.js";

function iso(d) {
  return d.toISOString().slice(0, 10);
}

/** The window asked for, else the last 14 days the store holds. */
async function windowOf(params) {
  let since = (params.get("since") || "").trim();
  let until = (params.get("until") || "").trim();
  if (!since || !until) {
    const meta = await api.meta();
    const last = (meta.date_range && meta.date_range.max) || iso(new Date());
    until = until || last;
    const d = new Date(`${until}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - 13);
    since = since || iso(d);
  }
  return { since, until };
}

function evidenceLinks(evidence) {
  return el("span", { class: "evidence" }, (evidence || []).slice(0, 5).map((e) =>
    route(`#/article/${encodeURIComponent(e.article_id)}?start=${Number(e.start)}&end=${Number(e.end)}`,
      `${e.outlet || "article"} ${Number(e.start)}–${Number(e.end)}`)));
}

function sentence(item) {
  return el("li", null, el("span", { class: "brief-text" }, item.text), " ", evidenceLinks(item.evidence),
    item.incident_id ? route(`#/incident/${Number(item.incident_id)}`, " incident") : null);
}

export async function briefPage(root, params, isCurrent) {
  const w = await windowOf(params);
  const country = (params.get("country") || "").trim().toUpperCase();
  const actor = (params.get("actor") || "").trim();
  const form = el("form", { class: "card brief-form no-print" });
  const inputs = {
    country: el("input", { name: "country", value: country, placeholder: "SYR,IRQ", size: 10, "aria-label": "Countries" }),
    actor: el("input", { name: "actor", value: actor, placeholder: "actor", size: 14, "aria-label": "Actors" }),
    since: el("input", { type: "date", name: "since", value: w.since, "aria-label": "Since" }),
    until: el("input", { type: "date", name: "until", value: w.until, "aria-label": "Until" }),
  };
  const print = el("button", { type: "button", class: "ghost" }, "Print");
  print.addEventListener("click", () => window.print());
  form.append(el("div", { class: "crumbs" }, route("#/", "Overview"), " / brief"),
    el("div", { class: "row" }, ...Object.values(inputs), el("button", { type: "submit" }, "Make brief"), print));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const [k, input] of Object.entries(inputs)) if (input.value.trim()) q.set(k, input.value.trim());
    window.location.hash = `#/brief?${q.toString()}`;
  });
  const body = el("div", { class: "brief" }, el("div", { class: "loading" }, "Loading…"));
  clear(root).append(form, body);
  const b = await api.get("brief", { since: w.since, until: w.until, country, actor });
  if (!isCurrent()) return;
  const where = (b.filters.country || []).join(", ");
  clear(body).append(
    el("section", { class: "card page-head" },
      el("h1", null, `Brief ${b.window.since} to ${b.window.until}${where ? ` · ${where}` : ""}`),
      el("div", { class: "sub" }, `Compared with ${b.window.previous.since} to ${b.window.previous.until}. ` +
        "Generated from templates; every sentence links to the words that support it.")),
    ...b.sections.map((s) => el("section", { class: "card brief-section" }, el("h2", null, s.title),
      s.items.length ? el("ul", null, s.items.map(sentence)) : el("p", { class: "muted" }, "Nothing in this window."))));
}

export async function alertsPage(root, isCurrent) {
  const got = await api.get("alerts", { limit: 200 });
  if (!isCurrent()) return;
  clear(root).append(
    el("section", { class: "card page-head" }, el("div", { class: "crumbs" }, route("#/", "Overview"), " / alerts"),
      el("h1", null, `Alerts (${got.unread} unread)`),
      el("div", { class: "sub" }, "Raised by the watches (eventwire alert add) as incidents are stored.")),
    el("section", { class: "card" }, got.items.length
      ? el("ul", { class: "alerts" }, got.items.map((a) => el("li", { class: a.read ? "read" : "unread" },
        el("span", { class: "muted mono small" }, `${a.raised_at} · ${a.watch} `), sentence({ ...a, text: a.text || "" }))))
      : el("p", { class: "muted" }, "No alert yet.")));
}

/** The nav's alerts link, with the unread count (quietly absent where the API has no alerts). */
export async function alertsBadge(nav) {
  let link = nav.querySelector('a[data-page="alerts"]');
  try {
    const got = await api.get("alerts", { unread: 1, limit: 1 });
    if (!link) {
      link = el("a", { href: "#/alerts", dataset: { page: "alerts" } });
      nav.append(link);
    }
    link.textContent = got.unread ? `Alerts (${got.unread})` : "Alerts";
  } catch {
    /* an older server: no alerts */
  }
}

/** The words an evidence span points at, above the article (#/article/ID?start=S&end=E). */
export function quotedSpan(text, params) {
  const start = Number(params.get("start"));
  const end = Number(params.get("end"));
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start || end > text.length) return null;
  return el("section", { class: "card quoted" }, el("div", { class: "muted small" }, `Evidence ${start}–${end}`),
    el("blockquote", null, text.slice(start, end)));
}
