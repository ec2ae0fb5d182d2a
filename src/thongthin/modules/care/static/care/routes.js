// The day's planned routes on a map: one colour per vehicle, the office as the start. The same
// stops are listed on the page, so the map is a help, never the only way to read the plan.
(function () {
  "use strict";
  var el = document.getElementById("route-map");
  if (!el || typeof L === "undefined") return;
  var colours = ["#0b5394", "#b45f06", "#38761d", "#741b47", "#134f5c"];
  var office = el.dataset.office.split(",").map(Number);
  var map = L.map(el, { scrollWheelZoom: false }).setView(office, 12);
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
  var bounds = [office];
  L.circleMarker(office, { radius: 7, color: "#000" }).addTo(map);
  document.querySelectorAll("ol[data-route]").forEach(function (list) {
    var colour = colours[Number(list.dataset.route) % colours.length];
    var line = [office];
    list.querySelectorAll("li").forEach(function (item, i) {
      var at = [Number(item.dataset.lat), Number(item.dataset.lon)];
      line.push(at); bounds.push(at);
      L.circleMarker(at, { radius: 5, color: colour }).bindTooltip(String(i + 1)).addTo(map);
    });
    line.push(office);
    L.polyline(line, { color: colour, weight: 3 }).addTo(map);
  });
  if (bounds.length > 1) map.fitBounds(bounds, { padding: [20, 20] });
})();
