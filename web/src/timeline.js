// Events per day, stacked by PLOVER type (from /api/timeline). Drag across the chart to set the time window.
import * as d3 from "d3";
import { el, showTip, moveTip, hideTip } from "./dom.js";
import { TYPE_ORDER, typeColor } from "./classes.js";

const parseDay = d3.utcParse("%Y-%m-%d");
const fmtDay = d3.utcFormat("%Y-%m-%d");

/** opts: days ([{day, type, count}]), height, onWindow(since, until) */
export function timeline(container, opts) {
  const rows = (opts.days || []).filter((d) => d && parseDay(d.day) && d.count > 0);
  const width = Math.max(320, container.clientWidth || 900);
  const height = opts.height || 170;
  const m = { top: 10, right: 12, bottom: 22, left: 34 };

  const byDay = d3.rollup(rows, (v) => Object.fromEntries(d3.rollups(v, (w) => d3.sum(w, (x) => x.count), (x) => x.type)),
    (d) => d.day);
  const present = new Set(rows.map((d) => d.type));
  const keys = [...TYPE_ORDER.filter((t) => present.has(t)), ...[...present].filter((t) => !TYPE_ORDER.includes(t)).sort()];
  const data = [...byDay].map(([day, counts]) => ({ day, date: parseDay(day), ...counts }))
    .sort((a, b) => a.date - b.date);

  const svg = d3.select(container).append("svg").attr("class", "timeline")
    .attr("viewBox", `0 0 ${width} ${height}`).attr("width", "100%")
    .attr("role", "img").attr("aria-label", "Events per day by type");
  if (!data.length) {
    svg.append("text").attr("class", "empty").attr("x", width / 2).attr("y", height / 2)
      .attr("text-anchor", "middle").text("No dated events match these filters");
    return { bars: 0 };
  }

  let [t0, t1] = d3.extent(data, (d) => d.date);
  t1 = d3.utcDay.offset(t1, 1);
  if (d3.utcDay.count(t0, t1) < 14) { // a short window: pad it so bars keep a readable width
    const pad = Math.ceil((14 - d3.utcDay.count(t0, t1)) / 2);
    t0 = d3.utcDay.offset(t0, -pad);
    t1 = d3.utcDay.offset(t1, pad);
  }
  const x = d3.scaleUtc().domain([t0, t1]).range([m.left, width - m.right]);
  const totals = data.map((d) => d3.sum(keys, (k) => d[k] || 0));
  const y = d3.scaleLinear().domain([0, Math.max(1, d3.max(totals))]).nice().range([height - m.bottom, m.top]);
  const dayWidth = x(d3.utcDay.offset(t0, 1)) - x(t0);
  const barWidth = Math.max(3, dayWidth - Math.min(2, dayWidth * 0.2));

  svg.append("g").attr("class", "axis x").attr("transform", `translate(0,${height - m.bottom})`)
    .call(d3.axisBottom(x).ticks(Math.min(10, Math.floor(width / 110))).tickSizeOuter(0));
  svg.append("g").attr("class", "axis y").attr("transform", `translate(${m.left},0)`)
    .call(d3.axisLeft(y).ticks(Math.min(4, y.domain()[1])).tickFormat(d3.format("d")).tickSize(-(width - m.left - m.right)))
    .call((g) => g.select(".domain").remove());

  // the brush sits under the bars: drag on the background to pick a window, hover a bar for its counts
  if (opts.onWindow) {
    const brush = d3.brushX().extent([[m.left, m.top], [width - m.right, height - m.bottom]])
      .on("end", (event) => {
        if (!event.selection) return;
        const [a, b] = event.selection.map(x.invert);
        const since = d3.utcDay.floor(a), until = d3.utcDay.offset(d3.utcDay.ceil(b), -1);
        opts.onWindow(fmtDay(since), fmtDay(until < since ? since : until));
      });
    svg.append("g").attr("class", "brush").call(brush);
  }

  const series = d3.stack().keys(keys).value((d, k) => d[k] || 0)(data);
  svg.append("g").attr("class", "bars").selectAll("g").data(series).join("g")
    .attr("fill", (s) => typeColor(s.key)).attr("data-type", (s) => s.key)
    .selectAll("rect").data((s) => s.filter((d) => d[1] > d[0]).map((d) => Object.assign(d, { key: s.key })))
    .join("rect")
    .attr("class", "bar")
    .attr("x", (d) => x(d.data.date) + (dayWidth - barWidth) / 2)
    .attr("width", barWidth)
    .attr("y", (d) => y(d[1]))
    .attr("height", (d) => Math.max(0.5, y(d[0]) - y(d[1])))
    .on("mouseenter", (event, d) => showTip(event, dayTip(d.data, keys, d.key)))
    .on("mousemove", moveTip)
    .on("mouseleave", hideTip)
    .on("click", (event, d) => { hideTip(); if (opts.onWindow) opts.onWindow(d.data.day, d.data.day); });

  container.append(typeLegend(keys));
  return { bars: series.reduce((n, s) => n + s.filter((d) => d[1] > d[0]).length, 0) };
}

function dayTip(d, keys, active) {
  const list = el("div", { class: "tip-list" });
  for (const k of keys) {
    if (!d[k]) continue;
    list.append(el("div", { class: k === active ? "active" : null },
      el("span", { class: "swatch", style: `background:${typeColor(k)}` }), `${k} `, el("strong", null, String(d[k]))));
  }
  return [el("strong", null, d.day), list, el("div", { class: "muted" }, "click: this day only")];
}

function typeLegend(keys) {
  const box = el("div", { class: "legend-row" });
  for (const k of keys) {
    box.append(el("span", { class: "item" }, el("span", { class: "swatch", style: `background:${typeColor(k)}` }), k));
  }
  return box;
}
