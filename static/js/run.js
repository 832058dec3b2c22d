/* The run-of-show: a countdown that keeps going on its own, and a page that stays in step.
 *
 * Only an improvement: without it the page shows the current and next item, the time left
 * when it was loaded and the times things end, and every button is a plain form.
 *
 * - Counts down every quarter second from the state the server put in #run-now's
 *   data-state (when the item started, when it was paused, its length), on this
 *   device's clock corrected by the server's (each poll measures the difference).
 * - Asks the server every few seconds where the session is (another device may have
 *   pressed Next); when it changed, fetches the #run-now part again.
 * - When the connection drops it keeps counting and says so, quietly; it catches up
 *   when the connection is back.
 * - Screen readers hear the item changes and "time is up", never every tick.
 */
(function () {
  "use strict";

  var offset = 0; // the server's clock minus this device's, in milliseconds
  var offline = false;
  var cached = { raw: null, state: null };
  var announcedOver = "";
  var pollTimer = null;

  function panel() {
    return document.getElementById("run-now");
  }

  function stateOf(element) {
    var raw = element ? element.getAttribute("data-state") : null;
    if (raw !== cached.raw) {
      cached.raw = raw;
      try {
        cached.state = raw ? JSON.parse(raw) : null;
      } catch (error) {
        cached.state = null;
      }
    }
    return cached.state;
  }

  function announce(text) {
    var status = document.getElementById("run-status");
    if (!status || !text) {
      return;
    }
    var line = document.createElement("p");
    line.className = "message";
    line.textContent = text;
    status.replaceChildren(line);
  }

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function clockText(seconds) {
    seconds = Math.abs(seconds);
    return pad(Math.floor(seconds / 60)) + ":" + pad(seconds % 60);
  }

  var timeFormats = {};
  function timeIn(zone, moment) {
    if (!timeFormats[zone]) {
      try {
        timeFormats[zone] = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
          hour: "2-digit",
          minute: "2-digit",
          hourCycle: "h23",
          timeZone: zone,
        });
      } catch (error) {
        return null;
      }
    }
    return timeFormats[zone].format(new Date(moment));
  }

  function setText(element, text) {
    if (element && text !== null && element.textContent !== text) {
      element.textContent = text;
    }
  }

  // --- The countdown -------------------------------------------------------------------

  function secondsLeft(state, now) {
    var reference = state.paused_ms !== null ? state.paused_ms : now;
    return Math.trunc(state.item_seconds - (reference - state.item_started_ms) / 1000);
  }

  function showDrift(element, state, now, left) {
    var line = element.querySelector("[data-run-drift]");
    if (!line || !state.started || state.finished || state.item_started_ms === null) {
      return;
    }
    var projected = now + Math.max(left, 0) * 1000 + state.rest_seconds * 1000;
    var seconds = (projected - state.planned_end_ms) / 1000;
    var minutes = Math.floor((Math.abs(seconds) + 30) / 60);
    var kind = minutes === 0 ? "on-time" : seconds > 0 ? "behind" : "ahead";
    var template = line.getAttribute("data-" + kind) || "";
    setText(line, template.replace("{n}", String(minutes)));
    line.className = "run-drift run-drift-" + kind;
  }

  function tick() {
    var element = panel();
    var state = stateOf(element);
    if (!state || !state.started || state.finished || state.item_started_ms === null) {
      return;
    }
    var now = Date.now() + offset;
    var left = secondsLeft(state, now);
    setText(element.querySelector("[data-run-clock]"), clockText(left));
    element.classList.toggle("run-is-over", left < 0);
    var label = element.querySelector("[data-run-clock-label]");
    if (label) {
      var which = left < 0 ? "data-over" : state.paused ? "data-paused" : "data-left";
      setText(label, label.getAttribute(which));
    }
    setText(
      element.querySelector("[data-run-item-end]"),
      timeIn(element.getAttribute("data-zone"), now + left * 1000)
    );
    showDrift(element, state, now, left);
    var key = state.version + ":" + (state.current && state.current.id);
    if (left < 0 && announcedOver !== key && state.current) {
      announcedOver = key;
      var template = element.getAttribute("data-time-up") || "";
      announce(template.replace("{title}", state.current.title));
    }
  }

  // --- Staying in step with the server and the other devices -----------------------------

  function setOffline(flag) {
    var line = document.getElementById("run-connection");
    if (!line || flag === offline) {
      return;
    }
    offline = flag;
    line.textContent = line.getAttribute(flag ? "data-offline" : "data-online") || "";
    line.classList.toggle("run-offline", flag);
    if (!flag) {
      window.setTimeout(function () {
        if (!offline) {
          line.textContent = "";
        }
      }, 4000);
    }
  }

  function replacePanel(html, before) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var fresh = template.content.getElementById("run-now");
    var old = panel();
    if (!fresh || !old) {
      return;
    }
    var focused = document.activeElement;
    var focusId = focused && old.contains(focused) ? focused.id : "";
    old.replaceWith(fresh);
    if (window.htmx) {
      window.htmx.process(fresh);
    }
    if (focusId && document.getElementById(focusId)) {
      document.getElementById(focusId).focus();
    }
    var after = stateOf(fresh);
    if (after && before && after.current && (!before.current || before.current.id !== after.current.id)) {
      var template2 = fresh.getAttribute("data-moved") || "";
      announce(template2.replace("{title}", after.current.title));
    } else if (after && after.finished && before && !before.finished) {
      announce(fresh.getAttribute("data-finished") || "");
    }
    tick();
  }

  function refresh(before) {
    var url = window.location.pathname;
    return fetch(url, {
      headers: { "HX-Request": "true", "HX-Target": "run-now" },
      credentials: "same-origin",
      cache: "no-store",
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        replacePanel(html, before);
      });
  }

  function schedule() {
    var element = panel();
    var seconds = element ? parseFloat(element.getAttribute("data-poll-seconds")) || 5 : 5;
    window.clearTimeout(pollTimer);
    pollTimer = window.setTimeout(poll, seconds * 1000);
  }

  function poll() {
    var element = panel();
    var url = element && element.getAttribute("data-state-url");
    if (!url) {
      return;
    }
    var sent = Date.now();
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 410) {
          // The session was removed: the page again says so and shows the current plan.
          window.location.reload();
          return null;
        }
        if (!response.ok || response.redirected) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        if (!data) {
          return;
        }
        var received = Date.now();
        offset = data.now_ms - (sent + received) / 2;
        setOffline(false);
        var shown = stateOf(panel());
        if (!shown || shown.version !== data.version) {
          return refresh(shown);
        }
      })
      .catch(function () {
        setOffline(true);
      })
      .then(schedule);
  }

  function start() {
    var element = panel();
    var state = stateOf(element);
    if (!element || !state) {
      return;
    }
    // The page was made a moment ago on the server: a first guess at the clocks' difference.
    offset = state.now_ms - Date.now();
    document.documentElement.classList.add("run-js");
    tick();
    window.setInterval(tick, 250);
    schedule();
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") {
        tick();
        poll();
      }
    });
  }

  // A button pressed while the connection is down: say that nothing changed.
  document.addEventListener("htmx:sendError", function (event) {
    var source = event.detail && event.detail.elt;
    if (source && source.tagName === "FORM") {
      var status = document.getElementById("run-status");
      announce(status ? status.getAttribute("data-send-error") : "");
    }
    setOffline(true);
  });
  document.addEventListener("htmx:responseError", function (event) {
    var source = event.detail && event.detail.elt;
    if (source && source.tagName === "FORM") {
      var status = document.getElementById("run-status");
      announce(status ? status.getAttribute("data-response-error") : "");
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail && event.detail.successful) {
      setOffline(false);
    }
  });

  // A question just hidden takes its button with it: keep the keyboard in the list.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    var config = event.detail && event.detail.requestConfig;
    var source = config && config.elt;
    if (!source || source.tagName !== "FORM") {
      return;
    }
    if (!document.activeElement || document.activeElement === document.body) {
      var heading = document.getElementById(
        target && target.id === "run-now" ? "run-now-title" : "run-questions-title"
      );
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
