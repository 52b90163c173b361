// The print button of a notice (templates/notices/partials/letter.hbs). A separate file, so the notice's CSP allows
// this script and nothing inline.
(function () {
  var button = document.getElementById('print-button');
  if (button)
    button.addEventListener('click', function () {
      window.print();
    });
})();
