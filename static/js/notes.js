/* The note taker's page: notes save as they are typed, and nothing typed is lost.
 *
 * Without this script, each item's "Save" button posts its form. With it:
 * - a note saves 1.5 s after the last keystroke, and when its box loses focus;
 * - until the server confirms, the text is kept in localStorage (one key per item and
 *   version), put back after a reload, and sent again when the connection returns;
 * - when someone else saved the same note meanwhile, the server keeps both texts and
 *   the box shows the merged note.
 * The status line under each box (role="status") says where the note stands.
 */
(function () {
  "use strict";

  var list = document.querySelector("[data-notes]");
  if (!list || !window.fetch || !window.FormData) {
    return;
  }

  var SAVE_DELAY = 1500;
  var RETRY_EVERY = 15000;
  var PREFIX = "jam-notes:";
  var words = list.dataset;
  var store = localStore();
  var notes = [];

  function localStore() {
    try {
      var storage = window.localStorage;
      storage.setItem(PREFIX + "test", "1");
      storage.removeItem(PREFIX + "test");
      return storage;
    } catch (error) {
      return null; // private mode or storage full: saving still works, only without a copy
    }
  }

  // --- The copy kept on this device --------------------------------------------------

  function keysOf(note) {
    var keys = [];
    if (!store) {
      return keys;
    }
    var start = PREFIX + note.item + "@";
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(start) === 0) {
        keys.push(key);
      }
    }
    return keys;
  }

  function forget(note) {
    keysOf(note).forEach(function (key) {
      store.removeItem(key);
    });
  }

  function keep(note) {
    if (!store) {
      return;
    }
    forget(note);
    var draft = { text: note.box.value, at: Date.now() };
    try {
      store.setItem(PREFIX + note.item + "@" + note.version.value, JSON.stringify(draft));
    } catch (error) {
      // storage full: the text is still in the box and is sent as usual
    }
  }

  function newestDraft(note) {
    var newest = null;
    keysOf(note).forEach(function (key) {
      try {
        var draft = JSON.parse(store.getItem(key));
        draft.version = key.slice(key.lastIndexOf("@") + 1);
        if (typeof draft.text === "string" && (!newest || draft.at > newest.at)) {
          newest = draft;
        }
      } catch (error) {
        store.removeItem(key);
      }
    });
    return newest;
  }

  // --- Saving ------------------------------------------------------------------------

  function say(note, text, state) {
    if (note.status.textContent !== text) {
      note.status.textContent = text;
    }
    note.status.setAttribute("data-state", state);
  }

  function isDirty(note) {
    return note.box.value !== note.saved;
  }

  function later(note) {
    window.clearTimeout(note.timer);
    note.timer = window.setTimeout(function () {
      save(note);
    }, SAVE_DELAY);
  }

  // What the server now holds, put in the box without losing what was typed meanwhile.
  function adopt(note, sent, serverText) {
    var now = note.box.value;
    if (serverText === sent) {
      return;
    }
    if (now === sent) {
      note.box.value = serverText;
    } else if (now.indexOf(sent) === 0) {
      note.box.value = serverText + now.slice(sent.length);
    } else {
      note.box.value = serverText + "\n\n" + now;
    }
  }

  function saved(note, sent, answer) {
    note.version.value = answer.version;
    note.saved = answer.text;
    note.refused = null;
    adopt(note, sent, answer.text);
    say(note, answer.message, answer.merged ? "merged" : "saved");
    if (isDirty(note)) {
      keep(note); // typed on while saving: kept under the new version, sent next
      later(note);
    } else {
      forget(note);
    }
  }

  function notSaved(note, sent, response, answer) {
    if (answer && answer.message && (response.status === 400 || response.status === 410)) {
      note.refused = sent; // e.g. too long: sending the same text again would not help
      say(note, answer.message, "error");
    } else if (response.status === 403 || response.redirected || !answer) {
      say(note, words.signedOut, "error");
    } else {
      say(note, words.failed, "offline");
    }
  }

  function save(note) {
    window.clearTimeout(note.timer);
    if (!isDirty(note) || note.box.value === note.refused) {
      return;
    }
    if (note.busy) {
      note.again = true;
      return;
    }
    if (navigator.onLine === false) {
      say(note, words.offline, "offline");
      return;
    }
    var sent = note.box.value;
    var body = new FormData(note.form);
    body.set("text", sent);
    note.busy = true;
    say(note, words.saving, "saving");
    fetch(note.form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("json") !== -1;
        return (json ? response.json() : Promise.resolve(null)).then(function (answer) {
          if (response.ok && answer && answer.ok) {
            saved(note, sent, answer);
          } else {
            notSaved(note, sent, response, answer);
          }
        });
      })
      .catch(function () {
        say(note, navigator.onLine === false ? words.offline : words.failed, "offline");
      })
      .then(function () {
        note.busy = false;
        if (note.again) {
          note.again = false;
          save(note);
        }
      });
  }

  function saveAll() {
    notes.forEach(function (note) {
      if (isDirty(note) && !note.busy) {
        save(note);
      }
    });
  }

  // --- Each note on the page ---------------------------------------------------------

  function setUp(form) {
    var note = {
      form: form,
      box: form.querySelector("textarea"),
      version: form.querySelector("input[name=version]"),
      status: form.querySelector(".note-status"),
      item: form.querySelector("input[name=item]").value,
      timer: null,
      busy: false,
      again: false,
      refused: null,
    };
    note.saved = note.box.defaultValue;

    var draft = newestDraft(note);
    if (draft && draft.text !== note.saved && note.saved.indexOf(draft.text) === -1) {
      // Typed here and never confirmed: back in the box, sent on the version it was typed
      // on, so that if someone saved since, the server keeps both texts.
      note.box.value = draft.text;
      note.version.value = draft.version;
      say(note, words.restored, "saving");
      window.setTimeout(function () {
        save(note);
      }, 0);
    } else if (draft) {
      forget(note); // already saved, or part of what is saved
    }

    note.box.addEventListener("input", function () {
      if (isDirty(note)) {
        keep(note);
        later(note);
      } else {
        forget(note);
      }
    });
    note.box.addEventListener("blur", function () {
      save(note);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      save(note);
    });
    return note;
  }

  notes = Array.prototype.map.call(list.querySelectorAll("[data-note-form]"), setUp);

  var hint = document.querySelector("[data-notes-hint]");
  if (hint && store) {
    hint.hidden = false;
  }

  window.addEventListener("online", saveAll);
  window.addEventListener("offline", function () {
    notes.forEach(function (note) {
      if (isDirty(note)) {
        say(note, words.offline, "offline");
      }
    });
  });
  window.setInterval(saveAll, RETRY_EVERY);
})();
