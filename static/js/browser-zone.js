/* A time-zone list starts on the zone of the visitor's own device.
 *
 * Only an improvement: without it the list starts on what the server knows. The server
 * marks the lists whose zone is only a guess with data-browser-zone: empty when any zone
 * of the device may replace it (the host's previous Jam's zone, UTC, a guest who has not
 * chosen one), or the zones that may (those of the Jam's country, when it has several).
 * On those, while the zone the page came with is still the one selected (the visitor has
 * not picked another, and the browser has not restored one), the device's zone is
 * selected instead, when the list offers it.
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
    if (!option || option.defaultSelected) {
      return true;
    }
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].defaultSelected) {
        return false;
      }
    }
    // Nothing selected in the markup: the list shows its first entry until one is picked.
    return select.selectedIndex === 0;
  }

  function allowed(select, zone) {
    var listed = (select.getAttribute("data-browser-zone") || "").split(" ").filter(Boolean);
    return listed.length === 0 || listed.indexOf(zone) !== -1;
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
      if (untouched(select) && allowed(select, browserZone) && offers(select, browserZone)) {
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
