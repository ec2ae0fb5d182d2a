// The dispatch room: live board (server-sent events), unit map, and intake helpers.
(function () {
  // Tooltips from plain text (a DOM text node), never parsed as HTML: names come from data.
  function tip(text) { var span = document.createElement("span"); span.textContent = String(text); return span; }
  var data = JSON.parse(document.getElementById("board-data").textContent);
  var urls = document.getElementById("board-urls").dataset;
  var text = document.getElementById("board-text").dataset; // translated by the page
  var live = document.getElementById("live");
  var map = null, markers = {};
  var colours = { red: "#d32f2f", yellow: "#fbc02d", green: "#388e3c", white: "#9e9e9e", black: "#212121" };

  function esc(s) { return String(s == null ? "" : s).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; }); }
  function minutes(iso, now) { return Math.floor((new Date(now) - new Date(iso)) / 60000); }

  function render(board) {
    var rows = board.incidents.map(function (i) {
      var link = urls.incident.replace("NUMBER", encodeURIComponent(i.number));
      var mine = (urls.myUnits || "").split(" ").filter(Boolean);
      var open = urls.linkAll === "1" || i.units.some(function (u) { return mine.indexOf(u) >= 0; });
      return '<tr class="' + (i.confirmed ? "" : "sos") + '" data-number="' + esc(i.number) + '" data-status="' + esc(i.status) + '">' +
        "<td>" + (open ? '<a href="' + link + '">' + esc(i.number) + "</a>" : esc(i.number)) + "</td>" +
        '<td><span class="chip c-' + esc(i.colour || "none") + '">' + esc(i.code || "SOS") + "</span> " + esc(i.group) + "</td>" +
        "<td>" + esc(i.status_label) + (i.confirmed ? "" : " · " + esc(text.unconfirmed)) + "</td>" +
        "<td>" + minutes(i.call_at, board.now) + "</td><td>" + esc(i.units.join(" ")) + "</td></tr>";
    });
    document.getElementById("incidents").innerHTML = rows.join("") || '<tr><td colspan="5" class="muted">-</td></tr>';
    document.getElementById("units").innerHTML = board.units.map(function (u) {
      return '<tr data-unit="' + esc(u.code) + '" data-status="' + esc(u.status) + '"><td>' + esc(u.code) + "</td><td>" + esc(u.level) +
        '</td><td class="u-' + esc(u.status) + '">' + esc(u.status_label) + "</td><td>" + esc(u.incident || "") + "</td></tr>";
    }).join("");
    drawMap(board);
    alarm(board.incidents.filter(function (i) { return !i.confirmed; }));
    live.textContent = new Date().toLocaleTimeString();
    live.dataset.version = board.version;
  }

  function drawMap(board) {
    var el = document.getElementById("board-map");
    if (!el || typeof L === "undefined") return;
    if (!map) {
      map = L.map(el).setView([board.units[0] ? board.units[0].lat : 13.75, board.units[0] ? board.units[0].lon : 100.5], 12);
      L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
    }
    var seen = {};
    board.units.forEach(function (u) {
      var key = "u:" + u.code; seen[key] = 1;
      var colour = u.status === "available" ? "#2e7d32" : u.status === "out_of_service" ? "#757575" : "#1565c0";
      if (!markers[key]) markers[key] = L.circleMarker([u.lat, u.lon], { radius: 7 }).addTo(map);
      markers[key].setLatLng([u.lat, u.lon]).setStyle({ color: colour, fillColor: colour, fillOpacity: 0.8 })
        .bindTooltip(tip(u.code + " " + u.level + " · " + u.status_label));
    });
    board.incidents.forEach(function (i) {
      if (i.lat == null) return;
      var key = "i:" + i.number; seen[key] = 1;
      var colour = colours[i.colour] || "#7b1fa2";
      if (!markers[key]) markers[key] = L.marker([i.lat, i.lon]).addTo(map);
      markers[key].setLatLng([i.lat, i.lon]).bindTooltip(tip(i.number + " " + (i.code || "SOS")));
      markers[key].getElement && markers[key].getElement() && (markers[key].getElement().style.filter = colour === "#d32f2f" ? "hue-rotate(150deg)" : "");
    });
    Object.keys(markers).forEach(function (key) { if (!seen[key]) { map.removeLayer(markers[key]); delete markers[key]; } });
  }

  // An unconfirmed SOS raises the alarm until someone takes it: a banner, a flashing title, a
  // beep every few seconds and a browser notification per new SOS (sound and notifications
  // need one click, as browsers ask).
  var title = document.title, flashing = null, beeping = null, audio = null, known = {};
  var banner = document.getElementById("sos-alarm");
  function beep() {
    if (!audio) return;
    var tone = audio.createOscillator(), gain = audio.createGain();
    tone.frequency.value = 880; gain.gain.value = 0.2;
    tone.connect(gain); gain.connect(audio.destination);
    tone.start(); tone.stop(audio.currentTime + 0.4);
  }
  function alarm(waiting) {
    if (!banner) return;
    if (!waiting.length) {
      banner.hidden = true; clearInterval(flashing); clearInterval(beeping); flashing = beeping = null;
      document.title = title; document.body.dataset.sos = "0";
      return;
    }
    banner.hidden = false; document.body.dataset.sos = String(waiting.length);
    document.getElementById("sos-alarm-text").textContent = text.alarm + " " + waiting.map(function (i) { return i.number; }).join(", ");
    if (!flashing) flashing = setInterval(function () {
      document.title = document.title === title ? "🚨 SOS (" + document.body.dataset.sos + ") · " + title : title;
    }, 1000);
    if (!beeping) { beep(); beeping = setInterval(beep, 5000); }
    waiting.forEach(function (i) {
      if (known[i.number]) return;
      known[i.number] = 1;
      if (window.Notification && Notification.permission === "granted") new Notification(text.notify + " " + i.number, { tag: i.number, requireInteraction: true });
    });
  }
  var soundButton = document.getElementById("sos-sound");
  if (soundButton) soundButton.addEventListener("click", function () {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (Context && !audio) audio = new Context();
    if (window.Notification && Notification.permission === "default") Notification.requestPermission();
    beep(); soundButton.hidden = true;
  });

  render(data);
  if (window.EventSource) {
    var source = new EventSource(urls.stream + "?since=" + data.version);
    source.addEventListener("board", function (e) { data = JSON.parse(e.data); render(data); });
    source.onerror = function () { live.textContent = "…"; };
  }
  setInterval(function () { // ages tick even when nothing changes
    data.now = new Date().toISOString(); render(data);
  }, 30000);

  // Intake helpers: the dispatch code as it is typed, sub-district search, map pin.
  var form = document.getElementById("intake");
  if (!form) return;
  // Dispatch codes are written with the colour's Thai word in every language (24แดง4).
  var words = { red: "แดง", yellow: "เหลือง", green: "เขียว", white: "ขาว", black: "ดำ" };
  var groupInput = form.querySelector("#id_symptom_group"), colourInput = form.querySelector("#id_colour"), critInput = form.querySelector("#id_criterion");
  var groupNames = {};
  form.querySelectorAll("#group-options option").forEach(function (o) { groupNames[o.value] = o.textContent; });
  function code() {
    var g = groupInput.value, c = colourInput.value;
    document.getElementById("dispatch-code").textContent = g && c ? g + words[c] + (critInput.value || "") : "-";
    document.getElementById("group-label").textContent = groupNames[g] || "";
  }
  [groupInput, colourInput, critInput].forEach(function (el) { el.addEventListener("input", code); el.addEventListener("change", code); });
  code();
  var place = form.querySelector("#id_place"), options = form.querySelector("#place-options"), found = {};
  var timer = null;
  place.addEventListener("input", function () {
    var q = place.value.trim();
    if (found[q]) {
      form.querySelector("#id_subdistrict").value = found[q].id;
      if (!form.querySelector("#id_lat").value && found[q].lat != null) {
        form.querySelector("#id_lat").value = found[q].lat; form.querySelector("#id_lon").value = found[q].lon;
      }
      return;
    }
    clearTimeout(timer);
    if (q.length < 2) return;
    timer = setTimeout(function () {
      // The locality's own sub-districts first, then its province's.
      fetch("/api/v1/reference/subdistricts?limit=15&locality=" + encodeURIComponent(urls.locality || "") + "&q=" + encodeURIComponent(q)).then(function (r) { return r.json(); }).then(function (items) {
        options.innerHTML = "";
        items.forEach(function (s) {
          var label = s.name_th + " (" + s.name_en + ") " + s.postcode;
          found[label] = s;
          var o = document.createElement("option"); o.value = label; options.appendChild(o);
        });
      });
    }, 200);
  });
  form.addEventListener("keydown", function (e) { // Ctrl+Enter submits from the notes too
    if (e.key === "Enter" && e.ctrlKey) form.requestSubmit();
  });
})();
