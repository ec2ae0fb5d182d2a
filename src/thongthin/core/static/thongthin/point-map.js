// A small map of one point (the tracking page): the case where the citizen pinned it.
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var el = document.getElementById("track-map");
    if (!el || typeof L === "undefined") return;
    var at = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
    var map = L.map(el, { scrollWheelZoom: false }).setView(at, 16);
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
    L.marker(at, { keyboard: false }).addTo(map);
  });
})();
