// Overview (#/): the filter bar drives the map, the timeline, the network and the tables.
import * as api from "./api.js";
import { el, clear, route, fmtNum, errorBox } from "./dom.js";
import { filterBar, readFilters, setFilters } from "./filters.js";
import { worldMap } from "./map.js";
import { timeline } from "./timeline.js";
import { network } from "./network.js";
import { classColor, countryName, placeLabel, STATUS_LABEL } from "./classes.js";

const LIMIT = 500;
const pick = (f, keys) => Object.fromEntries(keys.filter((k) => f[k]).map((k) => [k, f[k]]));

export async function overview(root, params, isCurrent) {
  const filters = readFilters(params);
  const [meta, actors] = await Promise.all([
    api.meta(),
    api.get("actors", { limit: 300 }).then((r) => r.items || []).catch(() => []),
  ]);
  if (!isCurrent()) return;

  const panel = (cls, title, ...extra) => {
    const body = el("div", { class: "panel-body" }, el("div", { class: "loading" }, "Loading…"));
    const note = el("span", { class: "panel-note" });
    const p = el("section", { class: `card panel ${cls}` }, el("header", null, el("h2", null, title), note, ...extra), body);
    return { p, body, note };
  };
  const mapP = panel("map-panel", "Incidents");
  const netP = panel("net-panel", "Who backs whom");
  const timeP = panel("time-panel", "Events per day");
  const incP = panel("inc-panel", "Recent incidents");
  const evP = panel("ev-panel", "Recent events");
  const kpis = el("div", { class: "kpis" });

  clear(root).append(
    filterBar(filters, meta, actors),
    activeFilters(filters, actors),
    kpis,
    el("div", { class: "grid top" }, mapP.p, netP.p),
    timeP.p,
    el("div", { class: "grid bottom" }, incP.p, evP.p),
  );

  const evFilters = pick(filters, ["actor", "type", "country", "since", "until", "min_sources"]);
  const incFilters = pick(filters, ["type", "country", "since", "until", "min_sources"]);
  const pEvents = api.get("events", { ...evFilters, limit: LIMIT });
  const pIncidents = api.get("incidents", { ...incFilters, limit: LIMIT });
  const pTimeline = api.get("timeline", evFilters);
  const pGraph = api.get("graph", pick(filters, ["since", "until", "actor", "country"]));

  const fail = (body) => (e) => { if (isCurrent()) clear(body).append(errorBox(e)); };
  const done = (p, body, fn) => p.then((v) => { if (isCurrent()) fn(v); }).catch(fail(body));

  const eventsAndIncidents = Promise.all([pEvents, pIncidents]).then(([ev, inc]) => {
    let incidents = inc.items || [];
    if (filters.actor) { // incidents have no actor filter: keep those with a report among the actor's events
      const ids = new Set((ev.items || []).map((e) => e.id));
      incidents = incidents.filter((i) => (i.reports || []).some((r) => ids.has(r.event_id)));
    }
    return { events: ev, incidents, more: inc.next_offset !== null && inc.next_offset !== undefined };
  });

  const mapDone = done(eventsAndIncidents, mapP.body, ({ incidents, more }) => {
    clear(mapP.body);
    const m = worldMap(mapP.body, {
      incidents,
      country: filters.country,
      onCountry: (iso) => setFilters(filters, { country: filters.country === iso ? null : iso }),
      onIncident: (d) => { window.location.hash = `#/incident/${encodeURIComponent(d.id)}`; },
      height: 440,
    });
    mapP.note.textContent = `${fmtNum(m.count)} on the map${more ? ` (first ${LIMIT})` : ""}`;
  });
  const timeDone = done(pTimeline, timeP.body, (t) => {
    clear(timeP.body);
    const r = timeline(timeP.body, { days: t.days, height: 170,
      onWindow: (since, until) => setFilters(filters, { since, until }) });
    const undated = Number.isInteger(t.undated) && t.undated ? `${fmtNum(t.undated)} undated not shown · ` : "";
    timeP.note.textContent = undated + (r.bars ? "drag to choose a window, click a bar for one day" : "");
  });
  const netDone = done(pGraph, netP.body, (g) => {
    clear(netP.body);
    const r = network(netP.body, { graph: g, height: 440, actor: filters.actor,
      onActor: (id) => setFilters(filters, { actor: id }) });
    const cut = Number.isInteger(g.total_edges) && g.total_edges > r.edges ? ` (strongest of ${fmtNum(g.total_edges)})` : "";
    netP.note.textContent = `${fmtNum(r.nodes)} actors, ${fmtNum(r.edges)} ties${cut}`;
  });
  const incDone = done(eventsAndIncidents, incP.body, ({ incidents }) => {
    clear(incP.body).append(incidentTable(incidents));
    incP.note.textContent = `${fmtNum(incidents.length)}`;
  });
  const evDone = done(pEvents, evP.body, (ev) => {
    clear(evP.body).append(eventTable(ev.items || []));
    evP.note.textContent = `${fmtNum((ev.items || []).length)}${ev.next_offset ? "+" : ""}`;
  });

  const kpisDone = Promise.all([eventsAndIncidents, pGraph.catch(() => null)]).then(([{ events, incidents }, g]) => {
    if (!isCurrent()) return;
    const items = events.items || [];
    const multi = incidents.filter((i) => (i.sources_count || 0) >= 2).length;
    // per incident its headline figure, ACLED's rule: the lowest credible report (reports are never added up)
    const fatal = incidents.reduce((n, i) => n + (Number.isInteger(i.fatalities_best) ? i.fatalities_best : 0), 0);
    const outlets = new Set(items.map((e) => e.outlet).filter(Boolean)).size;
    const kpi = (n, label, sub) => el("div", { class: "kpi" }, el("div", { class: "n" }, n), el("div", { class: "l" }, label),
      sub ? el("div", { class: "s" }, sub) : null);
    clear(kpis).append(
      kpi(`${fmtNum(items.length)}${events.next_offset ? "+" : ""}`, "events", window(meta, filters)),
      kpi(fmtNum(incidents.length), "incidents", `${fmtNum(multi)} seen by 2+ outlets`),
      kpi(fmtNum(outlets), "outlets", "reporting these events"),
      kpi(fmtNum(fatal), "killed", "lowest credible report per incident"),
      kpi(g ? fmtNum((g.nodes || []).length) : "–", "actors tied", g ? `${fmtNum((g.edges || []).length)} ties` : ""),
    );
  }).catch(() => {});
  await Promise.allSettled([mapDone, timeDone, netDone, incDone, evDone, kpisDone]);
}

function window(meta, f) {
  const a = f.since || (meta.date_range && meta.date_range.min) || "";
  const b = f.until || (meta.date_range && meta.date_range.max) || "";
  return a || b ? `${a} – ${b}` : "";
}

function activeFilters(filters, actors) {
  const names = new Map((actors || []).map((a) => [String(a.id).toLowerCase(), a.name]));
  const chips = [];
  const label = {
    since: (v) => `since ${v}`, until: (v) => `until ${v}`, country: (v) => countryName(v) || v,
    actor: (v) => `actor: ${names.get(v.toLowerCase()) || v}`, type: (v) => v, min_sources: (v) => `${v}+ outlets`,
  };
  for (const k of Object.keys(label)) {
    if (!filters[k]) continue;
    const b = el("button", { type: "button", class: "chip", title: `Remove this filter` }, label[k](filters[k]), el("span", { class: "x" }, "×"));
    b.addEventListener("click", () => setFilters(filters, { [k]: null }));
    chips.push(b);
  }
  return el("div", { class: "active-filters" }, chips.length ? chips : el("span", { class: "muted" },
    "All events. Click a country, an actor or a bar to narrow down."));
}

function typeBadge(type) {
  return el("span", { class: "type-badge", style: `background:${classColor(type)}` }, type || "?");
}

const PAGE = 10;
function paged(rows, head, rowFn, empty) {
  const tbody = el("tbody");
  const table = el("table", { class: "data" }, el("thead", null, el("tr", null, head.map((h) => el("th", null, h)))), tbody);
  if (!rows.length) return el("p", { class: "muted empty-note" }, empty);
  let shown = 0;
  const more = el("button", { type: "button", class: "ghost more" });
  const show = () => {
    for (const r of rows.slice(shown, shown + (shown ? 2 * PAGE : PAGE))) tbody.append(rowFn(r));
    shown = tbody.childElementCount;
    more.textContent = `Show more (${rows.length - shown} left)`;
    more.hidden = shown >= rows.length;
  };
  more.addEventListener("click", show);
  show();
  return el("div", { class: "table-wrap" }, table, more);
}

function incidentTable(incidents) {
  const rows = [...incidents].sort((a, b) => String(b.day || "").localeCompare(String(a.day || "")) || b.sources_count - a.sources_count);
  return paged(rows, ["Day", "Type", "Where", "Outlets", "Reports", "Figures", "Differing"], (i) => el("tr", null,
    el("td", { class: "nowrap" }, i.day || ""),
    el("td", null, typeBadge(i.type)),
    el("td", null, route(`#/incident/${encodeURIComponent(i.id)}`, placeLabel(i.place, i.country) || `#${i.id}, place unknown`)),
    el("td", { class: "num" }, el("span", { class: i.single_source ? "single" : "multi" }, String(i.sources_count ?? ""))),
    el("td", { class: "num" }, String(i.reports_count ?? "")),
    el("td", { class: "figs" }, figures(i)),
    el("td", { class: "warn-text" }, [].concat(i.conflicts || []).join(", "))),
  "No incidents match these filters.");
}

/** An incident's figures, one a line; the outlet is left out when only one outlet reports. */
function figures(i) {
  const list = (i.figures || []).map((f) => (i.sources_count > 1 ? String(f) : String(f).replace(/ \([^()]*\)$/, "")));
  const shown = list.slice(0, 3).map((f) => el("div", null, f));
  if (list.length > 3) shown.push(el("div", { class: "muted" }, `+${list.length - 3} more`));
  return shown;
}

function eventTable(events) {
  return paged(events, ["Day", "Type", "Who → whom, reported by", "Where", "Status"], (e) => el("tr", null,
    el("td", { class: "nowrap" }, e.day || ""),
    el("td", null, typeBadge(e.type)),
    el("td", null, `${(e.sources || []).join(", ") || "—"} → ${(e.targets || []).join(", ") || "—"}`,
      el("span", { class: "via" }, route(`#/article/${encodeURIComponent(e.article_id)}`, e.outlet || "article"),
        e.published ? el("span", { class: "muted" }, ` · ${e.published}`) : null)),
    el("td", null, [e.place, e.country].filter(Boolean).join(", ")),
    el("td", null, el("span", { class: `status s-${e.status}` }, STATUS_LABEL[e.status] || e.status || ""))),
  "No events match these filters.");
}
