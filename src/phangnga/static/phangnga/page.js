/* Small behaviours the templates ask for in markup, since the Content-Security-Policy runs no
   inline handler (onclick=, onchange=): every page of base.html loads this file.
   data-print      a button or link that prints the page (a link keeps its href for no-script browsers);
   data-autosubmit a <select> that sends its form as soon as another value is chosen. */
(function () {
  document.addEventListener("click", function (e) {
    if (!e.target.closest || !e.target.closest("[data-print]")) return;
    e.preventDefault();
    window.print();
  });
  document.addEventListener("change", function (e) {
    var el = e.target.closest && e.target.closest("[data-autosubmit]");
    if (el && el.form) el.form.submit();
  });
})();
