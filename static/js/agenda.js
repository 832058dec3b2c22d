/* The agenda builder: drag and drop to reorder, and keyboard focus kept where it makes sense.
 *
 * Everything here only improves the page: without it, the "Up"/"Down" buttons, the edit
 * and remove links and every form still work, and htmx (when it runs) swaps the #agenda
 * fragment in place.
 */
(function () {
  "use strict";

  document.documentElement.classList.add("agenda-js");

  function byId(id) {
    return id ? document.getElementById(id) : null;
  }

  function focusFirst(ids) {
    for (var i = 0; i < ids.length; i++) {
      var element = byId(ids[i]);
      if (element && element.getClientRects().length) {
        element.focus();
        return element;
      }
    }
    return null;
  }

  // After a change, the server says where the keyboard goes: e.g. the same "Up" button
  // of the item just moved, so pressing it again moves the item again.
  document.addEventListener("agendaChanged", function (event) {
    var focus = (event.detail && event.detail.focus) || [];
    if (focus.length) {
      focusFirst(focus);
    }
  });

  // An editor or a "remove?" question opened in place: focus what needs reading first.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || !target.classList) {
      return;
    }
    if (target.classList.contains("agenda-editor")) {
      var first = target.querySelector(
        ".agenda-conflict, .error-summary, [data-focus], input:not([type=hidden]), textarea, select"
      );
      if (first) {
        first.focus();
      }
    } else if (target.id === "agenda-add" || target.id === "agenda-save") {
      var summary = target.querySelector(".error-summary, .message");
      if (summary) {
        summary.setAttribute("tabindex", "-1");
        summary.focus();
      }
    }
  });

  // "Cancel" / "Keep it" in an editor opened in place: close it, no request needed.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-agenda-cancel]") : null;
    var editor = link ? link.closest(".agenda-editor") : null;
    if (!editor) {
      return; // on its own page, the link goes back to the agenda
    }
    event.preventDefault();
    editor.replaceChildren();
    focusFirst([link.getAttribute("data-agenda-cancel")]);
  });

  // --- Drag and drop ------------------------------------------------------------------
  // Pointer events, so it works with a mouse, a pen and a finger alike. The handle is
  // hidden from assistive technology: the Up/Down buttons do the same by keyboard.

  var drag = null;

  function itemsOf(list) {
    return Array.prototype.filter.call(list.children, function (child) {
      return child.hasAttribute("data-item");
    });
  }

  function orderOf(list) {
    return itemsOf(list).map(function (item) {
      return item.getAttribute("data-item");
    });
  }

  function sendOrder(list) {
    var form = byId("agenda-reorder");
    if (!form) {
      return;
    }
    form.querySelectorAll('input[name="order"]').forEach(function (input) {
      input.remove();
    });
    orderOf(list).forEach(function (id) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "order";
      input.value = id;
      form.appendChild(input);
    });
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit(); // htmx takes it from here; without htmx, a plain post
    } else {
      form.submit();
    }
  }

  function autoScroll(y) {
    var edge = 48;
    if (y < edge) {
      window.scrollBy(0, -16);
    } else if (y > window.innerHeight - edge) {
      window.scrollBy(0, 16);
    }
  }

  document.addEventListener("pointerdown", function (event) {
    var handle = event.target.closest ? event.target.closest(".agenda-drag") : null;
    if (!handle || event.button !== 0) {
      return;
    }
    var item = handle.closest("[data-item]");
    if (!item || !item.parentElement) {
      return;
    }
    event.preventDefault();
    if (handle.setPointerCapture) {
      handle.setPointerCapture(event.pointerId);
    }
    drag = {
      item: item,
      list: item.parentElement,
      pointerId: event.pointerId,
      before: orderOf(item.parentElement).join(","),
      next: item.nextElementSibling,
    };
    item.classList.add("agenda-dragging");
  });

  document.addEventListener("pointermove", function (event) {
    if (!drag || event.pointerId !== drag.pointerId) {
      return;
    }
    event.preventDefault();
    var under = document.elementFromPoint(event.clientX, event.clientY);
    var over = under ? under.closest("[data-item]") : null;
    if (over && over !== drag.item && over.parentElement === drag.list) {
      var box = over.getBoundingClientRect();
      if (event.clientY < box.top + box.height / 2) {
        drag.list.insertBefore(drag.item, over);
      } else {
        drag.list.insertBefore(drag.item, over.nextElementSibling);
      }
    }
    autoScroll(event.clientY);
  });

  function endDrag(event, keep) {
    if (!drag || event.pointerId !== drag.pointerId) {
      return;
    }
    var done = drag;
    drag = null;
    done.item.classList.remove("agenda-dragging");
    if (!keep) {
      done.list.insertBefore(done.item, done.next);
      return;
    }
    if (orderOf(done.list).join(",") !== done.before) {
      sendOrder(done.list);
    }
  }

  document.addEventListener("pointerup", function (event) {
    endDrag(event, true);
  });
  document.addEventListener("pointercancel", function (event) {
    endDrag(event, false);
  });
  document.addEventListener("keydown", function (event) {
    if (drag && event.key === "Escape") {
      endDrag({ pointerId: drag.pointerId }, false);
    }
  });
})();
