// The world map: Natural Earth outlines (world-atlas countries-110m, bundled: no tile server, no network),
// incidents as circles sized by outlets and coloured by event class.
import * as d3 from "d3";
import { feature, mesh } from "topojson-client";
import world from "world-atlas/countries-110m.json";
import { el, showTip, moveTip, hideTip, fmtNum } from "./dom.js";
import { CLASSES, classColor, countryLabel, eventClass, featureIso3 } from "./classes.js";

const countries = feature(world, world.objects.countries).features.filter((f) => f.id !== "010"); // no Antarctica
const borders = mesh(world, world.objects.countries, (a, b) => a !== b);
const outline = { type: "Sphere" };

/**
 * Draw the map into `container`.
 * opts: incidents (with lat/lon), country (ISO3 to outline), onCountry(iso3), onIncident(incident),
 *       height (px), focus (list of [lon, lat] to zoom to), compact (no legend)
 */
export function worldMap(container, opts) {
  const width = Math.max(320, container.clientWidth || 900);
  const height = opts.height || Math.round(width * 0.5);
  const projection = d3.geoNaturalEarth1().fitExtent([[8, 8], [width - 8, height - 8]],
    { type: "FeatureCollection", features: countries });
  const path = d3.geoPath(projection);

  const svg = d3.select(container).append("svg")
    .attr("class", "map").attr("viewBox", `0 0 ${width} ${height}`).attr("width", "100%")
    .attr("role", "img").attr("aria-label", "World map of incidents");
  const g = svg.append("g");
  g.append("path").attr("class", "sphere").attr("d", path(outline));
  g.append("path").attr("class", "graticule").attr("d", path(d3.geoGraticule10()));
  const selected = (opts.country || "").toUpperCase();
  // countries tinted by how many incidents they hold (placed or not)
  const perCountry = d3.rollup(opts.incidents || [], (v) => v.length, (d) => String(d.country || "").toUpperCase());
  const tint = d3.scaleSqrt().domain([0, Math.max(1, d3.max(perCountry.values()) || 1)])
    .range(["#f3eee6", "#f4c9a0"]).interpolate(d3.interpolateLab);
  g.append("g").attr("class", "countries").selectAll("path").data(countries).join("path")
    .attr("class", (d) => `country${featureIso3(d) && featureIso3(d) === selected ? " selected" : ""}` +
      `${perCountry.get(featureIso3(d)) ? " active" : ""}`)
    .style("--tint", (d) => (perCountry.get(featureIso3(d)) ? tint(perCountry.get(featureIso3(d))) : null))
    .attr("d", path)
    .on("mouseenter", function (event, d) {
      const iso = featureIso3(d);
      const n = perCountry.get(iso) || 0;
      showTip(event, el("strong", null, iso ? countryLabel(iso) : d.properties.name),
        n ? el("div", null, `${n} incident${n === 1 ? "" : "s"}`) : null,
        opts.onCountry && iso ? el("div", { class: "muted" }, "click: filter by this country") : null);
    })
    .on("mousemove", moveTip)
    .on("mouseleave", hideTip)
    .on("click", (event, d) => {
      const iso = featureIso3(d);
      if (opts.onCountry && iso) opts.onCountry(iso);
    });
  g.append("path").attr("class", "borders").attr("d", path(borders));

  const placed = (opts.incidents || []).filter((d) => Number.isFinite(d.lat) && Number.isFinite(d.lon));
  const maxSources = d3.max(placed, (d) => d.sources_count || 1) || 1;
  const radius = d3.scaleSqrt().domain([1, Math.max(3, maxSources)]).range([4.5, 15]);
  const r = (d) => radius(Math.max(1, d.sources_count || d.reports_count || 1));
  // big circles first so that small ones stay clickable on top
  placed.sort((a, b) => r(b) - r(a));
  const dots = g.append("g").attr("class", "incidents").selectAll("circle").data(placed).join("circle")
    .attr("class", (d) => `incident ${eventClass(d.type).key}${d.single_source ? " single" : ""}`)
    .attr("cx", (d) => projection([d.lon, d.lat])[0])
    .attr("cy", (d) => projection([d.lon, d.lat])[1])
    .attr("r", r)
    .attr("fill", (d) => classColor(d.type))
    .attr("data-id", (d) => d.id)
    .attr("tabindex", 0)
    .on("mouseenter", (event, d) => showTip(event, incidentTip(d)))
    .on("mousemove", moveTip)
    .on("mouseleave", hideTip)
    .on("click", (event, d) => { hideTip(); if (opts.onIncident) opts.onIncident(d); })
    .on("keydown", (event, d) => { if (event.key === "Enter" && opts.onIncident) opts.onIncident(d); });

  // zoom and pan; circles and borders keep their screen size
  let k = 1;
  const zoom = d3.zoom().scaleExtent([1, 12]).translateExtent([[0, 0], [width, height]])
    .on("zoom", (event) => {
      k = event.transform.k;
      g.attr("transform", event.transform);
      dots.attr("r", (d) => r(d) / k ** 0.85); // grow a little when zooming in (strokes do not scale: see CSS)
    });
  svg.call(zoom).on("dblclick.zoom", null);

  // start zoomed on the points asked for, else on the selected country and its incidents
  let pts = (opts.focus || []).map((p) => projection(p)).filter(Boolean);
  const selectedFeature = selected ? countries.find((f) => featureIso3(f) === selected) : null;
  if (!pts.length && selectedFeature) {
    const [[bx0, by0], [bx1, by1]] = path.bounds(selectedFeature);
    if (bx1 - bx0 < width / 2) { // not for a country that wraps the map (Russia, Fiji)
      pts = [[bx0, by0], [bx1, by1], ...placed.map((d) => projection([d.lon, d.lat]))];
    }
  }
  if (pts.length) {
    const [x0, x1] = d3.extent(pts, (p) => p[0]);
    const [y0, y1] = d3.extent(pts, (p) => p[1]);
    const scale = Math.max(1, Math.min(8, 0.8 * width / Math.max(x1 - x0, width / 14),
      0.8 * height / Math.max(y1 - y0, height / 14)));
    svg.call(zoom.transform, d3.zoomIdentity.translate(width / 2, height / 2).scale(scale)
      .translate(-(x0 + x1) / 2, -(y0 + y1) / 2));
  }

  const controls = el("div", { class: "map-controls" });
  const btn = (label, title, fn) => {
    const b = el("button", { type: "button", title, "aria-label": title }, label);
    b.addEventListener("click", fn);
    return b;
  };
  controls.append(
    btn("+", "Zoom in", () => svg.transition().duration(250).call(zoom.scaleBy, 1.8)),
    btn("−", "Zoom out", () => svg.transition().duration(250).call(zoom.scaleBy, 1 / 1.8)),
    btn("⟲", "Whole world", () => svg.transition().duration(250).call(zoom.transform, d3.zoomIdentity)),
  );
  container.append(controls);

  if (!opts.compact) container.append(legend(radius, maxSources, placed.length, (opts.incidents || []).length));
  return { svg: svg.node(), count: placed.length };
}

function incidentTip(d) {
  const cls = eventClass(d.type);
  const where = [d.place, countryLabel(d.country)].filter(Boolean).join(", ");
  return [
    el("div", { class: "tip-head" }, el("span", { class: "swatch", style: `background:${cls.color}` }),
      el("strong", null, d.type || "event"), d.mode ? el("span", { class: "muted" }, ` ${d.mode}`) : null),
    el("div", null, where || "place unknown"),
    el("div", { class: "muted" }, d.day === d.date_latest || !d.date_latest ? d.day : `${d.day} – ${d.date_latest}`),
    el("div", null, `${fmtNum(d.sources_count)} outlet${d.sources_count === 1 ? "" : "s"}, ` +
      `${fmtNum(d.reports_count)} report${d.reports_count === 1 ? "" : "s"}`),
    d.single_source ? el("div", { class: "warn-text" }, "single source") : null,
    d.conflicts && d.conflicts.length ? el("div", { class: "warn-text" }, `differing: ${[].concat(d.conflicts).join(", ")}`) : null,
    el("div", { class: "muted" }, "click: open incident"),
  ];
}

function legend(radius, maxSources, shown, total) {
  const box = el("div", { class: "map-legend" });
  for (const c of CLASSES) {
    box.append(el("span", { class: "item" }, el("span", { class: "swatch round", style: `background:${c.color}` }), c.label));
  }
  const sizes = [...new Set([1, Math.round(Math.max(2, maxSources / 2)), Math.max(3, maxSources)])];
  const sz = el("span", { class: "item sizes" }, "outlets:");
  for (const s of sizes) {
    const d = 2 * radius(s);
    sz.append(el("span", { class: "size-dot", style: `width:${d}px;height:${d}px` }), String(s));
  }
  box.append(sz);
  if (total > shown) box.append(el("span", { class: "item muted" }, `${total - shown} without coordinates`));
  return box;
}
