// Progressive enhancement only: pages work without it.
// After a failed post the error summary takes the focus, so a screen reader announces what to fix first.
(function () {
  var summary = document.querySelector('.error-summary');
  if (summary) summary.focus();
})();
// Date inputs take 和暦 or 西暦 (R8.12.4, 令和8年12月4日, 2026-12-04); the 和暦 beside each follows what is typed.
// The server renders it for the current value and parses the input itself (domain/dates.ts parseDateInput), so
// this mirrors those rules only for display.
(function () {
  var ERAS = [
    ['令和', 'R', 2019, 5, 1],
    ['平成', 'H', 1989, 1, 8],
    ['昭和', 'S', 1926, 12, 25],
    ['大正', 'T', 1912, 7, 30],
    ['明治', 'M', 1868, 10, 23],
  ];
  function key(y, m, d) {
    return y * 10000 + m * 100 + d;
  }
  function valid(y, m, d) {
    var dt = new Date(Date.UTC(y, m - 1, d));
    return m >= 1 && m <= 12 && dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
  }
  function parse(input) {
    var s = input
      .normalize('NFKC')
      .replace(/\s/g, '')
      .toUpperCase()
      .replace(/[－―‐]/g, '-');
    var w = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
    if (w) return valid(+w[1], +w[2], +w[3]) ? [+w[1], +w[2], +w[3]] : null;
    var e = /^(令和|平成|昭和|大正|明治|[RHSTM])(元|\d{1,2})[年./-](\d{1,2})[月./-](\d{1,2})日?$/.exec(s);
    if (!e) return null;
    for (var i = 0; i < ERAS.length; i++) {
      var era = ERAS[i];
      if (e[1] !== era[0] && e[1] !== era[1]) continue;
      var n = e[2] === '元' ? 1 : +e[2];
      var y = era[2] + n - 1;
      var m = +e[3];
      var d = +e[4];
      if (n < 1 || !valid(y, m, d) || key(y, m, d) < key(era[2], era[3], era[4])) return null;
      var next = ERAS[i - 1];
      return next && key(y, m, d) >= key(next[2], next[3], next[4]) ? null : [y, m, d];
    }
    return null;
  }
  function wareki(ymd) {
    if (!ymd) return '';
    for (var i = 0; i < ERAS.length; i++) {
      var era = ERAS[i];
      if (key(ymd[0], ymd[1], ymd[2]) >= key(era[2], era[3], era[4])) {
        var n = ymd[0] - era[2] + 1;
        return era[0] + (n === 1 ? '元' : n) + '年' + ymd[1] + '月' + ymd[2] + '日';
      }
    }
    return ymd[0] + '年' + ymd[1] + '月' + ymd[2] + '日';
  }
  var inputs = document.querySelectorAll('input[data-date-input]');
  Array.prototype.forEach.call(inputs, function (input) {
    var out = document.getElementById(input.id + '-wareki');
    if (!out) return;
    input.addEventListener('input', function () {
      var v = input.value.trim();
      out.textContent = v === '' ? '' : wareki(parse(v)) || '日付として読めません';
    });
  });
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
// A print button (data-print) on the printable documents: no inline script, the CSP allows only this file.
(function () {
  Array.prototype.forEach.call(document.querySelectorAll('[data-print]'), function (b) {
    b.addEventListener('click', function () {
      window.print();
    });
  });
})();
