// The locality profile's map: tap to move the centre; draw the boundary corner by corner, or
// see the one pasted or uploaded. The form's fields stay the truth: the map only fills them.
(function () {
  function setup() {
    var el = document.getElementById("admin-map");
    if (!el || el.dataset.ready || typeof L === "undefined") return;
    el.dataset.ready = "1";
    var lat = document.getElementById("id_center_lat"), lon = document.getElementById("id_center_lon");
    var text = document.getElementById("id_boundary");
    var map = L.map(el).setView([parseFloat(lat.value || el.dataset.lat), parseFloat(lon.value || el.dataset.lon)], 12);
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
    var centre = L.marker([parseFloat(lat.value || el.dataset.lat), parseFloat(lon.value || el.dataset.lon)], { draggable: true }).addTo(map);
    var shape = null, drawing = null, corners = [];
    function setCentre(ll) { centre.setLatLng(ll); lat.value = ll.lat.toFixed(6); lon.value = ll.lng.toFixed(6); }
    function showBoundary() {
      if (shape) { map.removeLayer(shape); shape = null; }
      try { var g = JSON.parse(text.value || "null"); if (g) { shape = L.geoJSON(g).addTo(map); map.fitBounds(shape.getBounds()); } } catch (e) { /* the server says what is wrong */ }
    }
    centre.on("dragend", function () { setCentre(centre.getLatLng()); });
    map.on("click", function (e) {
      if (drawing) { corners.push(e.latlng); drawing.setLatLngs(corners); return; }
      setCentre(e.latlng);
    });
    document.getElementById("draw-boundary").addEventListener("click", function () {
      corners = []; if (drawing) map.removeLayer(drawing);
      drawing = L.polygon([], { color: "#b42318" }).addTo(map);
      document.getElementById("finish-boundary").hidden = false;
    });
    document.getElementById("finish-boundary").addEventListener("click", function () {
      var said = document.getElementById("map-said");
      if (drawing && corners.length < 3) { said.textContent = said.dataset.tooFew; return; }
      said.textContent = "";
      if (drawing && corners.length >= 3) {
        var ring = corners.map(function (c) { return [+c.lng.toFixed(6), +c.lat.toFixed(6)]; });
        ring.push(ring[0]);
        text.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
      }
      if (drawing) map.removeLayer(drawing);
      drawing = null; this.hidden = true; showBoundary();
    });
    document.getElementById("clear-boundary").addEventListener("click", function () { text.value = ""; showBoundary(); });
    text.addEventListener("change", showBoundary);
    var file = document.getElementById("id_boundary_file");
    if (file) file.addEventListener("change", function () {
      if (!file.files[0]) return;
      file.files[0].text().then(function (t) { text.value = t; showBoundary(); });
    });
    showBoundary();
  }
  document.addEventListener("DOMContentLoaded", setup);
})();
