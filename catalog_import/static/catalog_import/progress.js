// The import run's page while a job works on it: ask the status endpoint every second, move the
// progress bar, and reload the page when the job is done (the preview or the report appears).
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box) { return; }
  var bar = box.querySelector(".progress-bar");
  var figures = box.querySelector(".import-progress-figures");
  var label = box.querySelector(".import-progress-label");
  var url = box.getAttribute("data-status-url");
  var rowsOf = box.getAttribute("data-rows-of");  // "%(read)s of %(total)s rows", translated

  function show(status) {
    var percent = status.rows_total ? Math.floor(100 * status.rows_read / status.rows_total) : 0;
    bar.style.width = percent + "%";
    bar.setAttribute("aria-valuenow", String(percent));
    figures.textContent = rowsOf.replace("%(read)s", status.rows_read.toLocaleString())
                                .replace("%(total)s", status.rows_total.toLocaleString());
    label.textContent = status.label;
  }

  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (status) {
        show(status);
        if (status.running) { window.setTimeout(poll, 1000); } else { window.location.reload(); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
