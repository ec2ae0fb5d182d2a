// The war-room screen: map (stations by level, warned areas, incidents, shelters), tables,
// arrival estimates, level charts; live by server-sent events; replay of a past moment.
(function () {
  // Tooltips from plain text (a DOM text node), never parsed as HTML: names come from data.
  function tip(text) { var span = document.createElement("span"); span.textContent = String(text); return span; }
  var data = JSON.parse(document.getElementById("situation-data").textContent);
  var urls = document.getElementById("wr-urls").dataset;
  var live = document.getElementById("live");
  var el = document.getElementById("wr-map");
  var map = L.map(el).setView([parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)], 11);
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
  var layer = L.layerGroup().addTo(map);
  var replaying = false, source = null;

  function esc(s) { return String(s == null ? "" : s).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; }); }
  function latlngs(polygon) { return polygon.trim().split(/\s+/).map(function (p) { var a = p.split(","); return [parseFloat(a[0]), parseFloat(a[1])]; }); }

  function render(s) {
    layer.clearLayers();
    s.alerts.forEach(function (a) {
      var style = { color: a.severity === "Extreme" || a.severity === "Severe" ? "#d32f2f" : "#f57c00", weight: 2, fillOpacity: 0.12 };
      if (a.circle) { var c = a.circle.split(/\s+/), ll = c[0].split(","); L.circle([+ll[0], +ll[1]], Object.assign({ radius: parseFloat(c[1]) * 1000 }, style)).bindTooltip(tip(a.headline)).addTo(layer); }
      if (a.polygon) L.polygon(latlngs(a.polygon), style).bindTooltip(tip(a.headline)).addTo(layer);
    });
    s.stations.forEach(function (st) {
      L.circleMarker([st.lat, st.lon], { radius: 9, color: "#333", weight: 1, fillColor: st.colour, fillOpacity: 0.9 })
        .bindTooltip(tip(st.code + " " + st.name + ": " + (st.value == null ? "-" : st.value.toFixed(2) + " " + st.unit) + (st.percent == null ? "" : " (" + st.percent + "%)"))).addTo(layer);
    });
    s.shelters.forEach(function (sh) {
      L.marker([sh.lat, sh.lon], { title: sh.name }).bindTooltip(tip(sh.name + " " + sh.present + "/" + sh.capacity)).addTo(layer);
    });
    s.incidents.forEach(function (i) {
      if (i.lat != null) L.circleMarker([i.lat, i.lon], { radius: 6, color: "#7b1fa2", fillOpacity: 0.8 }).bindTooltip(tip(i.number + " " + i.category_label)).addTo(layer);
    });
    document.getElementById("stations").innerHTML = s.stations.map(function (st) {
      return '<tr class="state-' + esc(st.state) + '" data-station="' + esc(st.code) + '" data-state="' + esc(st.state) + '"><td><span class="dot" style="background:' + esc(st.colour) + '"></span> ' + esc(st.code) + " " + esc(st.name) +
        "</td><td>" + (st.value == null ? "-" : esc(st.value.toFixed(2)) + " " + esc(st.unit)) + "</td><td>" + (st.percent == null ? "-" : esc(st.percent) + "% " + esc(st.band_label)) + "</td><td>" + esc(st.state_label || st.state) + "</td></tr>";
    }).join("");
    document.getElementById("shelters").innerHTML = s.shelters.map(function (sh) {
      return '<tr data-shelter="' + sh.id + '"><td>' + esc(sh.name) + " (" + esc(sh.status_label || sh.status) + ")</td><td>" + sh.present + "/" + sh.capacity + "</td><td>" + sh.free + "</td><td>" + sh.children + "/" + sh.elderly + "/" + sh.special_needs + "</td></tr>";
    }).join("");
    document.getElementById("incidents").innerHTML = s.incidents.map(function (i) { return "<li>" + esc(i.number) + " " + esc(i.title) + "</li>"; }).join("") || "<li class=muted>-</li>";
    document.getElementById("alerts").innerHTML = s.alerts.map(function (a) { return '<li data-identifier="' + esc(a.identifier) + '"><strong>' + esc(a.severity_label || a.severity) + "</strong> " + esc(a.headline) + "</li>"; }).join("") || "<li class=muted>-</li>";
    document.getElementById("estimates").innerHTML = s.estimates.map(function (e) { return "<li>" + esc(e.text) + (e.learned ? "" : " *") + "</li>"; }).join("") || "<li class=muted>-</li>";
    var drafts = document.getElementById("drafts");
    drafts.style.display = s.drafts ? "" : "none"; drafts.querySelector("strong").textContent = s.drafts;
    live.textContent = replaying ? "⏪ " + new Date(s.at).toLocaleString() : new Date().toLocaleTimeString();
    live.dataset.version = s.version;
    charts(s.replay ? s.at : null);
  }

  function charts(until) {
    document.querySelectorAll(".chart").forEach(function (fig) {
      var url = urls.chart.replace("CODE", encodeURIComponent(fig.dataset.station));
      fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (c) { draw(fig.querySelector("svg"), c, until); });
    });
  }

  function draw(svg, c, until) {
    var pts = c.points; if (!pts.length) { svg.innerHTML = ""; return; }
    var t0 = new Date(pts[0].t).getTime(), t1 = new Date(pts[pts.length - 1].t).getTime() || t0 + 1;
    var values = pts.map(function (p) { return p.max; }).concat([c.bank, c.warning, c.critical].filter(function (v) { return v != null; }));
    var lo = Math.min.apply(null, pts.map(function (p) { return p.min; })), hi = Math.max.apply(null, values);
    var pad = (hi - lo) * 0.1 || 1; lo -= pad; hi += pad;
    function x(t) { return (t - t0) / Math.max(1, t1 - t0) * 600; }
    function y(v) { return 180 - (v - lo) / (hi - lo) * 180; }
    var line = pts.map(function (p) { return x(new Date(p.t).getTime()).toFixed(1) + "," + y(p.mean).toFixed(1); }).join(" ");
    var html = '<polyline fill="none" stroke="#1565c0" stroke-width="2" points="' + line + '"/>';
    [["bank", "#d32f2f"], ["critical", "#b71c1c"], ["warning", "#f57c00"]].forEach(function (l) {
      var v = c[l[0]]; if (v == null) return;
      var name = document.getElementById("wr-chart-text").dataset[l[0]];
      html += '<line x1="0" x2="600" y1="' + y(v).toFixed(1) + '" y2="' + y(v).toFixed(1) + '" stroke="' + l[1] + '" stroke-dasharray="6 4"><title>' + esc(name) + " " + v + "</title></line>";
    });
    if (until) { var ux = x(new Date(until).getTime()); html += '<line x1="' + ux + '" x2="' + ux + '" y1="0" y2="180" stroke="#7b1fa2" stroke-width="2"/>'; }
    svg.innerHTML = html;
    // Axes in words: the top and bottom of the scale with their unit, the first and last day.
    var axis = svg.parentNode.querySelector(".axis"), words = document.getElementById("wr-chart-text").dataset;
    if (axis) {
      var unit = " " + (c.unit || words.metres), lang = document.documentElement.lang === "th" ? "th-TH-u-ca-buddhist" : document.documentElement.lang;
      axis.querySelector(".y-hi").textContent = hi.toFixed(2) + unit;
      axis.querySelector(".y-lo").textContent = lo.toFixed(2) + unit;
      axis.querySelector(".x-from").textContent = new Date(t0).toLocaleDateString(lang, { day: "numeric", month: "short" });
      axis.querySelector(".x-to").textContent = new Date(t1).toLocaleDateString(lang, { day: "numeric", month: "short", year: "numeric" });
    }
  }

  function connect() {
    if (!window.EventSource) return;
    source = new EventSource(urls.stream + "?since=" + data.version);
    source.addEventListener("situation", function (e) { if (!replaying) { data = JSON.parse(e.data); render(data); } });
  }

  document.getElementById("replay").addEventListener("submit", function (e) {
    e.preventDefault();
    var input = document.getElementById("replay-at"), at = input.value.trim(); if (!at) return;
    // Typed as day/month/year hour:minute in the Buddhist Era (3/12/2569 14:30), Bangkok time.
    var m = at.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2})[:.](\d{2}))?$/);
    if (!m) { document.getElementById("replay-state").textContent = input.dataset.invalid; return; }
    var year = +m[3] >= 2400 ? +m[3] - 543 : +m[3];
    var when = new Date(Date.UTC(year, +m[2] - 1, +m[1], (+m[4] || 0) - 7, +m[5] || 0));
    if (isNaN(when.getTime())) { document.getElementById("replay-state").textContent = input.dataset.invalid; return; }
    var iso = when.toISOString();
    fetch(urls.situation + "?at=" + encodeURIComponent(iso), { credentials: "same-origin" }).then(function (r) { return r.json().then(function (b) { return [r.ok, b]; }); }).then(function (res) {
      if (!res[0]) { document.getElementById("replay-state").textContent = res[1].message; return; }
      replaying = true; el.classList.add("replaying");
      document.getElementById("replay-state").textContent = "";
      render(res[1]);
    });
  });
  document.getElementById("replay-live").addEventListener("click", function () {
    replaying = false; el.classList.remove("replaying"); render(data);
  });
  render(data);
  var points = data.stations.map(function (st) { return [st.lat, st.lon]; })
    .concat(data.shelters.map(function (sh) { return [sh.lat, sh.lon]; }));
  if (points.length > 1) map.fitBounds(points, { padding: [30, 30] });
  connect();
})();
