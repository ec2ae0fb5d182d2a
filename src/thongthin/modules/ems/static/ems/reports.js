// The report's incident map: one dot per incident, coloured by its dispatch colour.
(function () {
  // Tooltips from plain text (a DOM text node), never parsed as HTML: names come from data.
  function tip(text) { var span = document.createElement("span"); span.textContent = String(text); return span; }
  var el = document.getElementById("report-map");
  if (!el || typeof L === "undefined") return;
  var points = JSON.parse(document.getElementById("report-points").textContent);
  var colours = { red: "#d32f2f", yellow: "#fbc02d", green: "#388e3c", white: "#9e9e9e", black: "#212121" };
  var map = L.map(el).setView([parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)], 12);
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
  points.forEach(function (p) {
    if (p.lat == null) return;
    var c = colours[p.colour] || "#7b1fa2";
    L.circleMarker([p.lat, p.lon], { radius: 4, color: c, fillColor: c, fillOpacity: 0.7, weight: 1 }).bindTooltip(tip(p.number)).addTo(map);
  });
})();
