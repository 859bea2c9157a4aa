// Incident page (#/incident/ID): every report, who says so, the figures, and the differing details side by side.
import * as api from "./api.js";
import { el, clear, route, facts, fmtNum } from "./dom.js";
import { classColor, eventClass, placeLabel, STATUS_LABEL } from "./classes.js";
import { worldMap } from "./map.js";

export async function incidentPage(root, id, isCurrent) {
  const inc = await api.get(`incidents/${encodeURIComponent(id)}`);
  if (!isCurrent()) return;
  const reports = inc.reports || [];
  const conflicts = new Set([].concat(inc.conflicts || []));
  const cls = eventClass(inc.type);
  const where = placeLabel(inc.place, inc.country) || "place unknown";
  const when = inc.date_latest && inc.date_latest !== inc.day ? `${inc.day} – ${inc.date_latest}` : inc.day || "date unknown";

  const head = el("section", { class: "card page-head" },
    el("div", { class: "crumbs" }, route("#/", "Overview"), " / incident ", String(inc.id)),
    el("h1", null, el("span", { class: "type-badge big", style: `background:${classColor(inc.type)}` }, inc.type || "?"),
      " ", inc.mode ? el("span", { class: "mode" }, inc.mode) : null, " ", where),
    el("div", { class: "sub" }, when, ` · ${cls.label}`),
    el("div", { class: "stats" },
      stat(inc.sources_count, "outlets"), stat(inc.reports_count, "reports"), stat(inc.articles_count, "articles"),
      stat(inc.claimants_count, "claimants"),
      Number.isInteger(inc.unknown_sources) && inc.unknown_sources > 0 ? stat(inc.unknown_sources, "unknown outlets") : null,
      Number.isInteger(inc.fatalities_best) ? stat(inc.fatalities_best, inc.fatalities_high > inc.fatalities_best
        ? `killed (lowest report; reports say ${inc.fatalities_low}–${inc.fatalities_high})` : "killed") : null),
    inc.single_source ? el("div", { class: "warning", role: "note" }, el("strong", null, "Single source. "),
      "Only one outlet reports this incident: nothing here corroborates it.") : null,
    conflicts.size ? el("div", { class: "notice" }, el("strong", null, "Reports differ on: "), [...conflicts].join(", ")) : null);

  const reportTable = el("table", { class: "data reports" },
    el("thead", null, el("tr", null, ["Outlet", "Published", "Title", "Type", "Status"].map((h) => el("th", null, h)))),
    el("tbody", null, reports.map((r) => el("tr", { class: "report" },
      el("td", null, r.outlet || "—"),
      el("td", { class: "nowrap" }, r.published || ""),
      el("td", null, route(`#/article/${encodeURIComponent(r.article_id)}`, r.title || r.article_id || "article")),
      el("td", null, r.type || ""),
      el("td", null, el("span", { class: `status s-${r.status}` }, STATUS_LABEL[r.status] || r.status || ""))))));

  const claimants = (inc.claimants || []).map((c) => (typeof c === "string" ? el("li", null, c) :
    el("li", null, el("strong", null, c.text || "?"), ` (${c.kind || "?"})`, c.outlet ? el("span", { class: "muted" }, ` — ${c.outlet}`) : null)));

  const mapBox = el("div", { class: "mini-map" });
  const body = el("div", { class: "grid incident" },
    el("div", { class: "col" },
      el("section", { class: "card" }, el("h2", null, `Reports (${reports.length})`), reportTable),
      el("section", { class: "card" }, el("h2", null, "Side by side"), compare(inc, reports, conflicts))),
    el("div", { class: "col" },
      el("section", { class: "card" }, el("h2", null, "Where"), mapBox),
      el("section", { class: "card" }, el("h2", null, "Who says so"),
        claimants.length ? el("ul", { class: "plain" }, claimants) : el("p", { class: "muted" }, "No claimant named.")),
      el("section", { class: "card" }, el("h2", null, "Figures"),
        (inc.figures || []).length ? el("ul", { class: "plain" }, inc.figures.map((f) => el("li", null, String(f))))
          : el("p", { class: "muted" }, "No figures reported.")),
      el("section", { class: "card" }, el("h2", null, "Actors"), facts([
        ["sources", inc.source_actors || []], ["targets", inc.target_actors || []], ["outlets", inc.outlets || []],
        ["statuses", inc.statuses || []]]))));
  clear(root).append(head, body);

  // the incident's place, and each report's own place where they differ
  const points = [];
  const seen = new Set();
  for (const p of [{ lat: inc.lat, lon: inc.lon, name: inc.place }, ...(inc.places || [])]) {
    const key = `${p.lat},${p.lon}`;
    if (!Number.isFinite(p.lat) || !Number.isFinite(p.lon) || seen.has(key)) continue;
    seen.add(key);
    points.push(p);
  }
  worldMap(mapBox, {
    incidents: points.map((p, k) => ({ ...inc, lat: p.lat, lon: p.lon, place: p.name || inc.place,
      sources_count: k ? 1 : inc.sources_count })),
    country: inc.country, compact: true, height: Math.round((mapBox.clientWidth || 400) * 0.6),
    focus: points.map((p) => [p.lon, p.lat]),
  });
}

function stat(n, label) {
  return el("div", { class: "stat" }, el("span", { class: "n" }, fmtNum(n ?? 0)), el("span", { class: "l" }, label));
}

/** One column per report, one row per detail; rows the incident lists as conflicting are marked. */
function compare(inc, reports, conflicts) {
  const byEvent = (list, fn) => {
    const m = new Map();
    for (const x of list || []) if (x && x.event_id) m.set(x.event_id, fn(x));
    return m;
  };
  const rows = [
    ["status", "status", byEvent(reports, (r) => STATUS_LABEL[r.status] || r.status)],
    ["date", "date", byEvent(inc.dates, (d) => d.value || d.day)],
    ["place", "place", byEvent(inc.places, (p) => [p.name, p.country].filter(Boolean).join(", "))],
    ["fatalities", "killed", byEvent(inc.fatalities, (f) => String(f.value))],
  ];
  const q = inc.quantities && typeof inc.quantities === "object" && !Array.isArray(inc.quantities) ? inc.quantities : {};
  for (const [what, list] of Object.entries(q)) {
    rows.push([`quantity:${what}`, what, byEvent(list, (x) => x.text || `${x.min}${x.max === null ? "+" : x.max !== x.min ? `–${x.max}` : ""}`)]);
  }
  const table = el("table", { class: "data compare" },
    el("thead", null, el("tr", null, el("th", null, ""), reports.map((r) => el("th", null, r.outlet || "?",
      el("div", { class: "muted" }, r.published || ""))))),
    el("tbody", null, rows.filter(([, , m]) => m.size).map(([key, label, m]) => el("tr", { class: conflicts.has(key) ? "differs" : null },
      el("th", null, label, conflicts.has(key) ? el("span", { class: "differs-tag" }, "differs") : null),
      reports.map((r) => el("td", null, m.has(r.event_id) ? m.get(r.event_id) : el("span", { class: "muted" }, "—")))))));
  return el("div", { class: "table-wrap" }, table);
}
