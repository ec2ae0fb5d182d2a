// The caregiver's visits page: each visit is kept on the phone (localStorage) the moment it is
// saved, with an id made here, then sent to the API; without signal it waits and is sent when
// the phone is back online. The server stores a visit once per id, so sending it again (a reply
// lost on the way back) never records it twice.
(function () {
  "use strict";
  var root = document.getElementById("care-visits");
  if (!root) return;
  // Kept per staff account: on a shared phone, one caregiver never sends another's visits.
  var KEY = "thongthin-care-visits:" + root.dataset.user;
  var script = document.currentScript;
  var text = root.dataset;
  var state = document.getElementById("sync-state");
  var sending = false;

  if ("serviceWorker" in navigator && script && script.dataset.sw) {
    navigator.serviceWorker.register(script.dataset.sw, { scope: "/staff/" }).catch(function () {});
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, k) { return values[k]; });
  }
  function queue() {
    try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function keep(items) { localStorage.setItem(KEY, JSON.stringify(items)); }
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function csrf() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }
  function metres(a, b) {
    var r = Math.PI / 180, dLat = (b[0] - a[0]) * r, dLon = (b[1] - a[1]) * r;
    var h = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(a[0] * r) * Math.cos(b[0] * r) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return Math.round(2 * 6371000 * Math.asin(Math.sqrt(h)));
  }
  function show() {
    var n = queue().length;
    var waiting = n ? fill(text.textWaiting, { n: n }) : (sending ? text.textSending : "");
    state.textContent = n && state.dataset.signIn ? waiting + " " + text.textSignIn : waiting;
  }
  function formOf(visit) { return root.querySelector('[data-visit="' + visit + '"] form'); }
  function say(visit, message) {
    var form = formOf(visit);
    if (form) form.querySelector(".form-state").textContent = message;
  }

  function number(form, name) {
    var v = (form.elements[name].value || "").trim().replace(",", ".");
    return v === "" ? null : Number(v);
  }
  function photo(file) {
    return new Promise(function (resolve, reject) {
      var img = new Image();
      img.onload = function () {
        var scale = Math.min(1, 1280 / Math.max(img.width, img.height));
        var c = document.createElement("canvas");
        c.width = Math.round(img.width * scale); c.height = Math.round(img.height * scale);
        c.getContext("2d").drawImage(img, 0, 0, c.width, c.height);
        URL.revokeObjectURL(img.src);
        resolve(c.toDataURL("image/jpeg", 0.8));
      };
      img.onerror = reject;
      img.src = URL.createObjectURL(file);
    });
  }

  async function send() {
    if (sending) return;
    sending = true;
    show();
    try {
      var items = queue();
      for (var i = 0; i < items.length; i++) {
        var item = items[i], response;
        try {
          response = await fetch(text.syncUrl + item.visit + "/record", {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
            body: JSON.stringify(item.data),
          });
        } catch (e) { break; } // no signal: try again later, in the same order
        // Not accepted yet (server down, busy, or the session ended): kept, tried again later.
        if (response.status >= 500 || [401, 403, 408, 429].indexOf(response.status) >= 0) {
          if (response.status === 401 || response.status === 403) state.dataset.signIn = "1";
          break;
        }
        delete state.dataset.signIn;
        var body = {};
        try { body = await response.json(); } catch (e) { body = {}; }
        var article = root.querySelector('[data-visit="' + item.visit + '"]');
        var form = article && article.querySelector("form");
        if (response.status === 422 && !form) break; // refused but nowhere to fix it: kept
        keep(queue().filter(function (q) { return q.data.client_id !== item.data.client_id; }));
        if (response.ok || body.code === "visit_done" || body.code === "client_id_reused") {
          if (article) {
            var form = article.querySelector("form");
            var done = document.createElement("p");
            done.className = "good";
            done.setAttribute("data-testid", "visit-done-" + item.visit);
            done.textContent = (body.status === "done" || body.code === "visit_done") ? "✓ " + (body.far ? fill(text.textFar, { m: body.distance_m }) : text.textSent) : "✓";
            if (form) form.replaceWith(done);
          }
        } else {
          // Refused (a value out of range…): give the form back with what was sent.
          var f = formOf(item.visit);
          if (f) {
            Array.prototype.forEach.call(f.elements, function (el) { el.disabled = false; });
            ["sbp", "dbp", "pulse", "temperature", "glucose", "notes"].forEach(function (name) {
              if (item.data[name] !== null && item.data[name] !== undefined) f.elements[name].value = item.data[name];
            });
          }
          say(item.visit, fill(text.textFailed, { message: body.message || response.status }));
        }
      }
    } finally {
      sending = false;
      show();
    }
  }

  root.addEventListener("click", function (event) {
    var button = event.target.closest("[data-checkin]");
    if (!button) return;
    var form = button.closest("form"), article = button.closest("[data-visit]");
    var where = form.querySelector("[data-where]");
    form.dataset.at = new Date().toISOString();
    if (!navigator.geolocation) return;
    navigator.geolocation.getCurrentPosition(function (pos) {
      form.dataset.lat = pos.coords.latitude; form.dataset.lon = pos.coords.longitude;
      if (article.dataset.lat) {
        var m = metres([pos.coords.latitude, pos.coords.longitude], [Number(article.dataset.lat), Number(article.dataset.lon)]);
        where.textContent = fill(text.textFar, { m: m });
      }
    }, function () {}, { enableHighAccuracy: true, timeout: 15000 });
  });

  root.addEventListener("submit", async function (event) {
    var form = event.target.closest(".visit-form");
    if (!form) return;
    event.preventDefault();
    var visit = form.closest("[data-visit]").dataset.visit;
    var photos = [];
    try {
      for (var i = 0; i < Math.min(form.elements.photos.files.length, 4); i++) photos.push(await photo(form.elements.photos.files[i]));
    } catch (e) { photos = []; }
    var data = {
      client_id: uuid(),
      checked_in_at: form.dataset.at || new Date().toISOString(),
      lat: form.dataset.lat ? Number(form.dataset.lat) : null,
      lon: form.dataset.lon ? Number(form.dataset.lon) : null,
      sbp: number(form, "sbp"), dbp: number(form, "dbp"), pulse: number(form, "pulse"),
      temperature: number(form, "temperature"), glucose: number(form, "glucose"),
      activities: Array.prototype.filter.call(form.querySelectorAll('[name="activities"]'), function (c) { return c.checked; }).map(function (c) { return c.value; }),
      adl_changed: form.elements.adl_changed.checked,
      notes: form.elements.notes.value,
      photos: photos,
    };
    var items = queue().filter(function (q) { return q.visit !== visit; });
    items.push({ visit: visit, data: data });
    try { keep(items); } catch (e) {
      data.photos = []; items[items.length - 1].data = data; keep(items);
      say(visit, text.textPhotoBig);
    }
    Array.prototype.forEach.call(form.elements, function (el) { el.disabled = true; });
    say(visit, text.textSaved);
    send();
  });

  // A page opened again (or from the phone's copy without signal): visits still waiting show
  // as waiting, with what was recorded.
  queue().forEach(function (item) {
    var f = formOf(item.visit);
    if (!f) return;
    ["sbp", "dbp", "pulse", "temperature", "glucose", "notes"].forEach(function (name) {
      if (item.data[name] !== null && item.data[name] !== undefined) f.elements[name].value = item.data[name];
    });
    Array.prototype.forEach.call(f.elements, function (el) { el.disabled = true; });
    say(item.visit, text.textSaved);
  });
  window.addEventListener("online", send);
  setInterval(send, 15000);
  show();
  send();
})();
