/* A guest's page: each session's time also on the clock of the visitor's own device.
 *
 * Only an improvement: without it the page shows each session's time in the session's
 * zone (and in the zone the guest chose, when they chose one). For every
 * <time data-local-time data-zone="…"> it adds a line with the same time in the
 * browser's zone, when that clock reads differently from the ones already shown.
 * (browser-zone.js pre-selects that zone in the "my time zone" list when none is saved.)
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
  var language = document.documentElement.lang || undefined;

  function format(date, zone, withDay) {
    var options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone };
    if (withDay) {
      options.weekday = "long";
      options.day = "numeric";
      options.month = "long";
    }
    return new Intl.DateTimeFormat(language, options).format(date);
  }

  function sameClock(date, zoneA, zoneB) {
    return format(date, zoneA, true) === format(date, zoneB, true);
  }

  function addDeviceTime(time) {
    var start = new Date(time.getAttribute("datetime"));
    var end = new Date(time.getAttribute("data-end") || time.getAttribute("datetime"));
    if (isNaN(start.getTime())) {
      return;
    }
    var shown = [time.getAttribute("data-zone"), time.getAttribute("data-guest-zone")];
    for (var i = 0; i < shown.length; i++) {
      if (shown[i] && (shown[i] === browserZone || sameClock(start, shown[i], browserZone))) {
        return;
      }
    }
    var holder = time.closest("[data-device-label]");
    if (!holder || holder.nextElementSibling && holder.nextElementSibling.classList.contains("device-time")) {
      return;
    }
    var line = document.createElement("p");
    line.className = "your-time device-time";
    line.appendChild(document.createTextNode(holder.getAttribute("data-device-label") + " (" + browserZone.replace(/_/g, " ") + "): "));
    var strong = document.createElement("strong");
    strong.textContent = format(start, browserZone, true) + "–" + format(end, browserZone, false);
    line.appendChild(strong);
    holder.insertAdjacentElement("afterend", line);
  }

  function run() {
    var times = document.querySelectorAll("time[data-local-time]");
    for (var i = 0; i < times.length; i++) {
      addDeviceTime(times[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
