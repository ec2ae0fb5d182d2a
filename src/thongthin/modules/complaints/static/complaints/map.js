// Public complaints map: clusters come pre-counted from the server (H3 cells), so the page
// stays light whatever the number of complaints; single points appear from zoom 16.
(function () {
  var el = document.getElementById("complaints-map");
  if (!el || typeof L === "undefined") return;
  var map = L.map(el).setView([parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)], 13);
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19, attribution: "© OpenStreetMap"
  }).addTo(map);
  var layer = L.layerGroup().addTo(map);
  var filters = document.getElementById("map-filters");
  var pending = null;

  function bubble(count) {
    var size = count < 10 ? 30 : count < 100 ? 38 : count < 1000 ? 46 : 56;
    return L.divIcon({
      html: "<span>" + (count >= 1000 ? Math.round(count / 100) / 10 + "k" : count) + "</span>",
      className: "cluster", iconSize: [size, size]
    });
  }

  function load() {
    var b = map.getBounds();
    var params = new URLSearchParams(new FormData(filters));
    params.set("locality", el.dataset.locality);
    params.set("zoom", map.getZoom());
    params.set("bbox", [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) {
      return v.toFixed(5);
    }).join(","));
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(el.dataset.api + "?" + params.toString(), { signal: pending.signal })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        layer.clearLayers();
        el.dataset.features = (data.features || []).length;
        list(data.features || []);
        (data.features || []).forEach(function (f) {
          var ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
          if (f.properties.cluster) {
            L.marker(ll, { icon: bubble(f.properties.count) }).addTo(layer)
              .on("click", function () { map.setView(ll, Math.min(map.getZoom() + 2, 16)); });
          } else {
            var a = document.createElement("a");
            a.href = f.properties.url;
            a.textContent = f.properties.number + " " + f.properties.title;
            var box = document.createElement("div");
            box.appendChild(a);
            box.appendChild(document.createTextNode(" · " + f.properties.status_label));
            L.circleMarker(ll, { radius: 7 }).bindPopup(box).addTo(layer);
          }
        });
      })
      .catch(function () {});
  }
  // The same features as a list, so the page works without map tiles (and for screen readers).
  function list(features) {
    var ul = document.getElementById("map-list");
    if (!ul) return;
    ul.textContent = "";
    features.forEach(function (f) {
      var li = document.createElement("li"), ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
      if (f.properties.cluster) {
        li.appendChild(document.createTextNode(f.properties.count + " " + ul.dataset.around + " "));
        var zoom = document.createElement("button");
        zoom.type = "button"; zoom.className = "secondary"; zoom.textContent = ul.dataset.zoom;
        zoom.addEventListener("click", function () { map.setView(ll, Math.min(map.getZoom() + 2, 16)); });
        li.appendChild(zoom);
      } else {
        var a = document.createElement("a");
        a.href = f.properties.url; a.textContent = f.properties.number + " " + f.properties.title;
        li.appendChild(a);
        li.appendChild(document.createTextNode(" · " + f.properties.status_label));
      }
      ul.appendChild(li);
    });
    if (!features.length) { var none = document.createElement("li"); none.className = "muted"; none.textContent = ul.dataset.none; ul.appendChild(none); }
  }
  map.on("moveend", load);
  filters.addEventListener("change", load);
  load();
})();
