// Show only the chosen category's extra questions; hidden ones are disabled, so not sent.
(function () {
  function sync() {
    var select = document.getElementById("id_category");
    if (!select) return;
    document.querySelectorAll("fieldset.questions").forEach(function (box) {
      var mine = box.dataset.category === select.value;
      box.hidden = !mine; box.disabled = !mine;
    });
  }
  document.addEventListener("change", function (e) { if (e.target.id === "id_category") sync(); });
  document.addEventListener("DOMContentLoaded", sync);
  document.addEventListener("htmx:afterSwap", sync);
})();
