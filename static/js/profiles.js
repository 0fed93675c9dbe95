// Profile editor: move competencies up and down by swapping their order numbers (the form still works
// without this, by typing the numbers).
(function () {
  "use strict";

  function orderInput(item) { return item.querySelector("input[name$='-ORDER']"); }

  function renumber(list) {
    var n = 1;
    list.querySelectorAll("[data-competency]").forEach(function (item) {
      var input = orderInput(item);
      if (input && (input.value !== "" || item.querySelector("input[name$='-name']").value !== "")) {
        input.value = n++;
      }
    });
  }

  function addButtons(list) {
    list.querySelectorAll("[data-competency]").forEach(function (item) {
      var input = orderInput(item);
      if (!input) { return; }
      var box = document.createElement("span");
      box.className = "order-buttons";
      [["↑", "Move up", -1], ["↓", "Move down", 1]].forEach(function (spec) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "button button-small";
        b.textContent = spec[0];
        b.setAttribute("aria-label", spec[1]);
        b.addEventListener("click", function () {
          var sibling = spec[2] < 0 ? item.previousElementSibling : item.nextElementSibling;
          if (!sibling) { return; }
          if (spec[2] < 0) { list.insertBefore(item, sibling); } else { list.insertBefore(sibling, item); }
          renumber(list);
          b.focus();
        });
        box.appendChild(b);
      });
      input.parentNode.appendChild(box);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var list = document.getElementById("competencies");
    if (list) { addButtons(list); }
  });
})();
