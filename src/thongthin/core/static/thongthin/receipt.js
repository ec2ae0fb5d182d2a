// The receipt's buttons: copy the tracking code, share the page's address (the phone's share
// sheet where there is one, else copy it). What happened is said in the live region.
(function () {
  function said(text) { var el = document.getElementById("receipt-said"); if (el) el.textContent = text; }
  function copy(text, done) {
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(function () { said(done); });
  }
  document.addEventListener("click", function (e) {
    var button = e.target.closest("[data-copy],[data-share]");
    if (!button) return;
    var section = document.getElementById("receipt");
    if (button.dataset.copy) copy(button.dataset.copy, section.dataset.copied);
    if (button.dataset.share) {
      if (navigator.share) navigator.share({ title: button.dataset.title, url: button.dataset.share }).catch(function () {});
      else copy(button.dataset.share, section.dataset.copied);
    }
  });
})();
