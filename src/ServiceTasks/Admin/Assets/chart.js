// A stacked bar per hour (success green, failed red, timeout amber, interrupted grey, running blue) as plain SVG, with an axis,
// a legend and a text title per bar so the figures are readable without the colours.
"use strict";
const HourlyChart = (() => {
  const ns = "http://www.w3.org/2000/svg";
  const colours = { SUCCESS: "#1a7f37", FAILED: "#cf222e", TIMEOUT: "#b35900", INTERRUPTED: "#6e7781", RUNNING: "#0969da" };
  const statuses = Object.keys(colours);
  const sum = b => statuses.reduce((n, s) => n + b[s], 0);
  const svg = (tag, attrs, text) => {
    const node = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  };

  function render(stats) {
    const hourMs = 3600 * 1000;
    const first = Math.floor(new Date(stats.date_from).getTime() / hourMs) * hourMs;
    const last = Math.floor((new Date(stats.date_to).getTime() - 1) / hourMs) * hourMs;
    const hours = [];
    for (let h = first; h <= last && hours.length < 24 * 31; h += hourMs) hours.push({ h, ...Object.fromEntries(statuses.map(s => [s, 0])) });
    const byHour = new Map(hours.map(b => [b.h, b]));
    for (const c of stats.hourly) { const b = byHour.get(new Date(c.hour).getTime()); if (b && c.status in colours) b[c.status] += c.count; }
    const max = Math.max(1, ...hours.map(sum));

    const width = 1200, height = 200, left = 40, bottom = 30, top = 24;
    const plot = height - bottom - top, barWidth = (width - left - 30) / Math.max(1, hours.length);
    const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "hourly",
      "aria-label": `Executions per hour: ${hours.reduce((n, b) => n + sum(b), 0)} in ${hours.length} hour(s)` });
    root.append(svg("line", { x1: left, y1: top + plot, x2: width, y2: top + plot, stroke: "#57606a" }));
    root.append(svg("text", { x: left - 6, y: top + 4, "text-anchor": "end", class: "axis" }, String(max)));
    root.append(svg("text", { x: left - 6, y: top + plot, "text-anchor": "end", class: "axis" }, "0"));
    // Over more than a day, the first tick of each day names the date too; otherwise hours alone are ambiguous.
    const step = Math.ceil(hours.length / 12), multiDay = hours.length > 24;
    let lastDay = null;
    const tick = h => {
      const date = new Date(h), day = date.toLocaleDateString([], { month: "short", day: "numeric" });
      const clock = date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      const label = multiDay && day !== lastDay ? `${day} ${clock}` : clock;
      lastDay = day;
      return label;
    };
    hours.forEach((b, i) => {
      let y = top + plot;
      const x = left + i * barWidth;
      for (const status of statuses) {
        if (!b[status]) continue;
        const h = plot * b[status] / max;
        y -= h;
        const rect = svg("rect", { x: x + 1, y, width: Math.max(1, barWidth - 2), height: h, fill: colours[status] });
        rect.append(svg("title", {}, `${new Date(b.h).toLocaleString()}: ${b[status]} ${status}`));
        root.append(rect);
      }
      if (i % step === 0) {
        root.append(svg("text", { x: x + barWidth / 2, y: height - 10, "text-anchor": "middle", class: "axis" }, tick(b.h)));
      }
    });
    Object.entries(colours).forEach(([status, colour], i) => {
      root.append(svg("rect", { x: left + i * 130, y: 4, width: 12, height: 12, fill: colour }));
      root.append(svg("text", { x: left + i * 130 + 16, y: 14, class: "axis" }, status));
    });
    return root;
  }

  return { render };
})();
