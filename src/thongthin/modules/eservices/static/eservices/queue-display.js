// The counter queue's TV display: follows the queue by server-sent events, shows each call
// and speaks it in the page's language (the browser's own speech; one click turns it on,
// as browsers allow sound only after a user's gesture).
(function () {
  var root = document.getElementById("queue-display");
  if (!root) return;
  var data = JSON.parse(document.getElementById("queue-data").textContent);
  var spoken = data.calls.length ? data.calls[0].id : 0; // what was called before the page opened is not spoken
  var voice = false;

  function cell(text) { var td = document.createElement("td"); td.textContent = String(text); return td; }
  function rows(id, items, make) {
    var body = document.getElementById(id);
    body.replaceChildren.apply(body, items.map(function (item) { var tr = document.createElement("tr"); make(item).forEach(function (td) { tr.appendChild(td); }); return tr; }));
  }
  function say(call) {
    if (!voice || !window.speechSynthesis) return;
    var ticket = call.ticket.split("").join(" ");
    var text = root.dataset.say.replace("{ticket}", ticket).replace("{counter}", String(call.counter));
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = root.dataset.lang === "en" ? "en-US" : root.dataset.lang === "ms" ? "ms-MY" : "th-TH";
    utterance.rate = 0.9;
    window.speechSynthesis.speak(utterance);
  }
  function render(snapshot) {
    var now = snapshot.now; // the newest call still at its counter
    document.getElementById("now-ticket").textContent = now ? now.ticket : "—";
    document.getElementById("now-counter").textContent = now ? String(now.counter) : "";
    rows("counters", snapshot.counters, function (c) { return [cell(c.number), cell(c.ticket || "—")]; });
    rows("groups", snapshot.groups, function (g) { return [cell(g.letter + " " + g.name), cell(g.waiting)]; });
    snapshot.calls.slice().reverse().forEach(function (call) {
      if (call.id > spoken) { say(call); spoken = call.id; }
    });
    var live = document.getElementById("live");
    live.dataset.version = snapshot.version;
    live.textContent = new Date().toLocaleTimeString();
  }
  document.getElementById("sound-on").addEventListener("click", function (event) {
    voice = true;
    event.target.hidden = true;
    if (window.speechSynthesis) window.speechSynthesis.speak(new SpeechSynthesisUtterance(""));
  });
  var source = new EventSource(root.dataset.stream + "?since=" + encodeURIComponent(data.version));
  source.addEventListener("queue", function (event) { render(JSON.parse(event.data)); });
})();
