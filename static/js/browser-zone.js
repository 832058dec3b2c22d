/* A new session's time zone starts on the zone of the host's own device.
 *
 * Only an improvement: without it the list starts on what the server knows (the host's
 * previous Jam's zone, or UTC). The server marks the lists whose zone is such a guess
 * with data-browser-zone; on those, while the zone the page came with is still the one
 * selected (the host has not picked another, and the browser has not restored one),
 * the device's zone is selected instead, when the list offers it.
 */
(function () {
  "use strict";

  var browserZone;
  try {
    browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!browserZone) {
    return;
  }

  function untouched(select) {
    var option = select.options[select.selectedIndex];
    return !option || option.defaultSelected;
  }

  function offers(select, zone) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === zone) {
        return true;
      }
    }
    return false;
  }

  function run() {
    var selects = document.querySelectorAll("select[data-browser-zone]");
    for (var i = 0; i < selects.length; i++) {
      var select = selects[i];
      if (untouched(select) && offers(select, browserZone)) {
        select.value = browserZone;
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
