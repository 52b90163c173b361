// Progressive enhancement only: pages work without it.
// After a failed post the error summary takes the focus, so a screen reader announces what to fix first.
(function () {
  var summary = document.querySelector('.error-summary');
  if (summary) summary.focus();
})();
// Pages with data-live-url poll for changes so an office sees state changes without phoning the city.
(function () {
  var el = document.querySelector('[data-live-url]');
  if (!el) return;
  var url = el.getAttribute('data-live-url');
  var last = el.getAttribute('data-live-version');
  setInterval(function () {
    fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (j) {
        if (j && j.version && j.version !== last) {
          window.location.reload();
        }
      })
      .catch(function () {});
  }, 5000);
})();
