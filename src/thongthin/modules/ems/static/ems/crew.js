// The responder's page: share the phone's position; reload when the dispatch room changes this unit.
(function () {
  var text = document.getElementById("crew-text").dataset; // translated by the page
  function csrf() { var m = document.cookie.match(/csrftoken=([^;]+)/); return m ? m[1] : ""; }
  document.querySelectorAll(".share-position").forEach(function (button) {
    var state = button.parentNode.querySelector(".position-state"), watch = null;
    button.addEventListener("click", function () {
      if (!navigator.geolocation) { state.textContent = text.noGps; return; }
      if (watch !== null) { navigator.geolocation.clearWatch(watch); watch = null; state.textContent = text.stopped; return; }
      watch = navigator.geolocation.watchPosition(function (p) {
        fetch(button.dataset.url, {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
          body: JSON.stringify({ lat: p.coords.latitude, lon: p.coords.longitude, at: new Date(p.timestamp).toISOString() })
        }).then(function (r) { state.textContent = r.ok ? text.sent + " " + new Date().toLocaleTimeString() : text.failed + " " + r.status; });
      }, function (err) { state.textContent = err.message; }, { enableHighAccuracy: true, maximumAge: 10000 });
    });
  });
  var urls = document.getElementById("board-urls");
  if (!urls || !window.EventSource) return;
  var source = new EventSource(urls.dataset.stream);
  source.addEventListener("board", function (e) {
    var board = JSON.parse(e.data);
    document.querySelectorAll(".ems-crew").forEach(function (card) {
      var unit = board.units.filter(function (u) { return u.code === card.dataset.unit; })[0];
      if (unit && ((unit.incident || "") !== card.dataset.incident || unit.status !== card.dataset.status)) location.reload();
    });
  });
})();
