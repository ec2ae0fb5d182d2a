// Pin a location on the request form: tap the map or use the phone's position.
(function () {
  function setup() {
    var el = document.getElementById("pick-map");
    if (!el || el.dataset.ready || typeof L === "undefined") return;
    el.dataset.ready = "1";
    var lat = document.getElementById("id_lat"), lon = document.getElementById("id_lon");
    var map = L.map(el).setView([parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)], 14);
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19, attribution: "© OpenStreetMap"
    }).addTo(map);
    var marker = null;
    function place(latlng) {
      lat.value = latlng.lat.toFixed(6); lon.value = latlng.lng.toFixed(6);
      if (marker) marker.setLatLng(latlng); else marker = L.marker(latlng).addTo(map);
    }
    if (lat.value && lon.value) place(L.latLng(parseFloat(lat.value), parseFloat(lon.value)));
    map.on("click", function (e) { place(e.latlng); });
    var btn = document.getElementById("use-location");
    if (btn && navigator.geolocation) btn.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (p) {
        var ll = L.latLng(p.coords.latitude, p.coords.longitude); place(ll); map.setView(ll, 16);
      });
    });
  }
  document.addEventListener("DOMContentLoaded", setup);
  document.addEventListener("htmx:afterSwap", setup);
})();

// A form field that holds a point as "latitude, longitude" (e-services' "point" fields): each
// .pick-point map writes into the input named by its data-target; the input stays typeable.
(function () {
  function setup() {
    if (typeof L === "undefined") return;
    document.querySelectorAll(".pick-point").forEach(function (el) {
      if (el.dataset.ready) return;
      el.dataset.ready = "1";
      var input = document.getElementById(el.dataset.target);
      var map = L.map(el).setView([parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)], 14);
      L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
        maxZoom: 19, attribution: "© OpenStreetMap"
      }).addTo(map);
      var marker = null;
      function place(latlng) {
        input.value = latlng.lat.toFixed(6) + ", " + latlng.lng.toFixed(6);
        if (marker) marker.setLatLng(latlng); else marker = L.marker(latlng).addTo(map);
      }
      var parts = input.value.split(",");
      if (parts.length === 2 && !isNaN(parseFloat(parts[0])) && !isNaN(parseFloat(parts[1]))) {
        place(L.latLng(parseFloat(parts[0]), parseFloat(parts[1])));
      }
      map.on("click", function (e) { place(e.latlng); });
      var btn = document.querySelector('[data-locate="' + el.dataset.target + '"]');
      if (btn && navigator.geolocation) btn.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (p) {
          var ll = L.latLng(p.coords.latitude, p.coords.longitude); place(ll); map.setView(ll, 16);
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", setup);
  document.addEventListener("htmx:afterSwap", setup);
})();
