// Profile editor: move competencies up and down by swapping their order numbers (the form still works
// without this, by typing the numbers); keep each row's points of 100 in step with the weights as they
// are typed; say when there are unsaved changes; ask before discarding the draft.
(function () {
  "use strict";

  function orderInput(item) { return item.querySelector("input[name$='-ORDER']"); }
  function nameInput(item) { return item.querySelector("input[name$='-name']"); }

  function renumber(list) {
    var n = 1;
    list.querySelectorAll("[data-competency]").forEach(function (item) {
      var input = orderInput(item);
      if (input && (input.value !== "" || nameInput(item).value !== "")) {
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
          if (!sibling || !sibling.hasAttribute("data-competency")) { return; }
          if (spec[2] < 0) { list.insertBefore(item, sibling); } else { list.insertBefore(sibling, item); }
          renumber(list);
          b.focus();
        });
        box.appendChild(b);
      });
      input.parentNode.appendChild(box);
    });
  }

  function weightOf(input) {
    var value = parseFloat(input && input.value);
    return isFinite(value) && value > 0 ? value : 0;
  }

  // Points of 100 = 100 × weight ÷ all weights, as scoring.ProfileSpec.possible_points computes them.
  function updatePoints(form, list) {
    var rows = [];
    list.querySelectorAll("[data-competency]").forEach(function (item) {
      var removed = item.querySelector("input[name$='-DELETE']");
      var live = nameInput(item).value.trim() !== "" && !(removed && removed.checked);
      rows.push({ item: item, weight: live ? weightOf(item.querySelector("input[name$='-weight']")) : 0, live: live });
    });
    var extras = Array.prototype.slice.call(form.querySelectorAll("[data-points-for]"));
    var total = rows.reduce(function (sum, row) { return sum + row.weight; }, 0);
    extras.forEach(function (out) { total += weightOf(document.getElementById(out.getAttribute("data-points-for"))); });
    function points(weight) { return total ? (100 * weight / total).toFixed(1) : "0.0"; }
    rows.forEach(function (row) {
      var out = row.item.querySelector("[data-points]");
      if (out) { out.textContent = row.live ? points(row.weight) : "–"; }
    });
    extras.forEach(function (out) { out.textContent = points(weightOf(document.getElementById(out.getAttribute("data-points-for")))); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var list = document.getElementById("competencies");
    var form = list && list.closest("form");
    if (!list || !form) { return; }
    addButtons(list);
    updatePoints(form, list);
    function changed() {
      updatePoints(form, list);
      var note = form.querySelector("[data-unsaved-note]");
      if (note) { note.textContent = "Unsaved changes: save the draft to keep them."; note.classList.add("unsaved"); }
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    var discard = document.getElementById("discard-form");
    if (discard) {
      discard.addEventListener("submit", function (event) {
        if (!window.confirm(discard.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    }
  });
})();
