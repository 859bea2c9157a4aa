// The overview's filters live in the hash (#/?country=SYR&type=ASSAULT), so a view can be bookmarked and shared.
import { el } from "./dom.js";
import { CLASSES, countryLabel, countryName } from "./classes.js";

export const FILTER_KEYS = ["since", "until", "country", "actor", "type", "min_sources"];

/** Parse "#/path?query" -> {path: ["incident", "12"], params: URLSearchParams}. */
export function parseHash(hash) {
  const h = (hash || "").replace(/^#/, "");
  const i = h.indexOf("?");
  const path = (i < 0 ? h : h.slice(0, i)).split("/").filter(Boolean).map(decodeURIComponent);
  return { path, params: new URLSearchParams(i < 0 ? "" : h.slice(i + 1)) };
}

export function readFilters(params) {
  const f = {};
  for (const k of FILTER_KEYS) {
    const v = (params.get(k) || "").trim();
    if (v) f[k] = v;
  }
  if (f.since && !/^\d{4}-\d{2}-\d{2}$/.test(f.since)) delete f.since;
  if (f.until && !/^\d{4}-\d{2}-\d{2}$/.test(f.until)) delete f.until;
  if (f.country && !/^[A-Za-z]{3}$/.test(f.country)) delete f.country;
  if (f.min_sources && !/^\d+$/.test(f.min_sources)) delete f.min_sources;
  if (f.min_sources === "0" || f.min_sources === "1") delete f.min_sources;
  return f;
}

export function filtersHash(filters) {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) if (filters[k]) q.set(k, filters[k]);
  const s = q.toString();
  return s ? `#/?${s}` : "#/";
}

/** Replace some filters (null removes one) and go there. */
export function setFilters(current, changes) {
  const next = { ...current };
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === "") delete next[k];
    else next[k] = String(v);
  }
  const h = filtersHash(next);
  if (window.location.hash !== h) window.location.hash = h;
}

/** The filter bar. `meta` is /api/meta; `actors` a list of {id, name} for suggestions. */
export function filterBar(filters, meta, actors) {
  const form = el("form", { class: "filters", autocomplete: "off", "aria-label": "Filters" });

  const since = el("input", { type: "date", name: "since", value: filters.since || "",
    min: meta.date_range?.min || null, max: meta.date_range?.max || null });
  const until = el("input", { type: "date", name: "until", value: filters.until || "",
    min: meta.date_range?.min || null, max: meta.date_range?.max || null });

  const country = el("select", { name: "country" }, el("option", { value: "" }, "All countries"));
  const codes = [...(meta.countries || [])];
  if (filters.country && !codes.includes(filters.country.toUpperCase())) codes.push(filters.country.toUpperCase());
  codes.sort((a, b) => countryName(a).localeCompare(countryName(b)));
  for (const c of codes) country.append(el("option", { value: c }, countryLabel(c)));
  country.value = (filters.country || "").toUpperCase();

  const listId = "actor-suggestions";
  const actor = el("input", { type: "search", name: "actor", value: filters.actor || "", list: listId,
    placeholder: "name or id, e.g. hezbollah", spellcheck: "false" });
  const datalist = el("datalist", { id: listId });
  for (const a of actors || []) datalist.append(el("option", { value: a.id }, a.name));

  const type = el("select", { name: "type" }, el("option", { value: "" }, "All event types"));
  const known = new Set(meta.event_types || []);
  for (const c of CLASSES) {
    const group = el("optgroup", { label: c.label });
    for (const t of c.types) if (!known.size || known.has(t)) group.append(el("option", { value: t }, t));
    if (group.childElementCount) type.append(group);
  }
  type.value = (filters.type || "").toUpperCase();

  const minSources = el("select", { name: "min_sources" },
    el("option", { value: "" }, "Any"),
    el("option", { value: "2" }, "2+ outlets"),
    el("option", { value: "3" }, "3+ outlets"),
    el("option", { value: "5" }, "5+ outlets"));
  minSources.value = filters.min_sources || "";

  const field = (label, input) => el("label", { class: "field" }, el("span", null, label), input);
  const reset = el("button", { type: "button", class: "ghost", title: "Clear every filter" }, "Reset");
  form.append(
    field("Since", since), field("Until", until), field("Country", country), field("Actor", actor),
    field("Event type", type), field("Corroboration", minSources), datalist,
    el("div", { class: "field buttons" }, el("button", { type: "submit" }, "Apply"), reset),
  );

  const read = () => ({
    since: since.value, until: until.value, country: country.value, actor: actor.value.trim(),
    type: type.value, min_sources: minSources.value,
  });
  // selects and dates apply at once; the actor box on Enter / Apply or when a suggestion is picked
  for (const input of [since, until, country, type, minSources]) {
    input.addEventListener("change", () => setFilters(filters, read()));
  }
  actor.addEventListener("change", () => setFilters(filters, read()));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    setFilters(filters, read());
  });
  reset.addEventListener("click", () => {
    window.location.hash = "#/";
  });
  return form;
}
