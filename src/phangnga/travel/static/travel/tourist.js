/* Every tourist page: registers Smart Travel's service worker, whose URL (and so its scope: /travel/
   or /s/) the page gives in this script tag's data-sw, so visited pages open again offline. */
(function () {
  var sw = document.currentScript && document.currentScript.dataset.sw;
  if (sw && "serviceWorker" in navigator) { navigator.serviceWorker.register(sw).catch(function () {}); }
})();
