// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";

  function fetchFresh(url, accept) {
    return fetch(url, {
      headers: { "X-Requested-With": "fetch", Accept: accept || "text/html" },
      credentials: "same-origin",
    }).then(function (r) { return r.ok ? r : Promise.reject(r.status); });
  }

  // Replace an element with a fresh server-rendered copy until it says it is final.
  // <section id="x" data-poll="/url" data-poll-target="#x">: the server omits data-poll when done.
  function poll(el) {
    var url = el.getAttribute("data-poll");
    var target = el.getAttribute("data-poll-target");
    var delay = 1500;
    function tick() {
      fetchFresh(url)
        .then(function (r) { return r.text(); })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.querySelector(target);
          var current = document.querySelector(target);
          if (!fresh || !current) { return; }
          current.replaceWith(fresh);
          enhance(fresh);
          if (fresh.hasAttribute("data-poll")) {
            delay = Math.min(delay * 1.3, 10000);
            setTimeout(tick, delay);
          }
        })
        .catch(function () { setTimeout(tick, 10000); });
    }
    setTimeout(tick, delay);
  }

  // --- Ranked list: rows whose resumes are still being read refresh in place ---------------------
  // <table data-live-url="/rows/"> with <tr data-id="…" data-pending>: the server answers
  // {"rows": {id: "<tr>…</tr>"}, "pending": [ids]}; we keep each row's rank and tick box.
  function liveRows(table) {
    var url = table.getAttribute("data-live-url");
    var announce = document.getElementById("live-status");
    var delay = 2000;
    function pendingIds() {
      return Array.prototype.map.call(table.querySelectorAll("tr[data-pending]"), function (tr) {
        return tr.getAttribute("data-id");
      });
    }
    function tick() {
      var ids = pendingIds();
      if (!ids.length) { return; }
      var query = ids.map(function (id) { return "ids=" + encodeURIComponent(id); }).join("&");
      fetchFresh(url + "?" + query, "application/json")
        .then(function (r) { return r.json(); })
        .then(function (data) {
          var finished = 0;
          ids.forEach(function (id) {
            var html = data.rows[id];
            var current = document.getElementById("row-" + id);
            if (!html || !current) { return; }
            var holder = document.createElement("tbody");
            holder.innerHTML = html.trim();
            var fresh = holder.firstElementChild;
            var oldBox = current.querySelector("input[type=checkbox]");
            var newBox = fresh.querySelector("input[type=checkbox]");
            if (oldBox && newBox) { newBox.checked = oldBox.checked; }
            var oldRank = current.querySelector(".rank");
            var newRank = fresh.querySelector(".rank");
            if (oldRank && newRank) { newRank.textContent = oldRank.textContent; }
            if (!fresh.hasAttribute("data-pending")) { finished += 1; fresh.classList.add("just-updated"); }
            current.replaceWith(fresh);
          });
          if (finished && announce) {
            announce.textContent = finished + (finished === 1 ? " resume was" : " resumes were") +
              " processed. Reload the page to re-rank.";
          }
          updateSelection();
          if (pendingIds().length) {
            delay = Math.min(delay * 1.3, 10000);
            setTimeout(tick, delay);
          }
        })
        .catch(function () { setTimeout(tick, 10000); });
    }
    setTimeout(tick, delay);
  }

  // --- Ranked list: selection for the bulk actions ------------------------------------------------
  function boxes() {
    return Array.prototype.slice.call(document.querySelectorAll("input[type=checkbox][form=bulk-form][name=ids]"));
  }

  function updateSelection() {
    var form = document.getElementById("bulk-form");
    if (!form) { return; }
    var all = boxes();
    var chosen = all.filter(function (b) { return b.checked; }).length;
    var counter = form.querySelector("[data-selected-count]");
    if (counter) {
      counter.textContent = chosen ? chosen + " selected" : "Select candidates to act on them";
    }
    form.querySelectorAll("[data-needs-selection]").forEach(function (button) {
      var rule = button.getAttribute("data-needs-selection");
      var ok = chosen > 0;
      if (rule && rule.indexOf("-") > 0) {
        var bounds = rule.split("-");
        ok = chosen >= parseInt(bounds[0], 10) && chosen <= parseInt(bounds[1], 10);
      }
      button.disabled = !ok;
    });
    var master = document.querySelector("[data-select-all]");
    if (master) {
      master.checked = all.length > 0 && chosen === all.length;
      master.indeterminate = chosen > 0 && chosen < all.length;
    }
  }

  function selection(root) {
    var master = root.querySelector("[data-select-all]");
    if (master) {
      master.addEventListener("change", function () {
        boxes().forEach(function (b) { b.checked = master.checked; });
        updateSelection();
      });
    }
    document.addEventListener("change", function (event) {
      if (event.target.matches && event.target.matches("input[form=bulk-form][name=ids]")) { updateSelection(); }
    });
    updateSelection();
  }

  // --- Ranked list: the exact count of a broad filter arrives after the page ---------------------
  function lateCount(el) {
    fetchFresh(el.getAttribute("data-count-url"), "application/json")
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (typeof data.count === "number") { el.textContent = data.count.toLocaleString("en"); }
      })
      .catch(function () { /* "more than N" stays */ });
  }

  // --- Ranked list: the stage tabs' counts (and a total that is one of them) arrive after the page --
  function stageCounts(nav) {
    fetchFresh(nav.getAttribute("data-stage-counts-url"), "application/json")
      .then(function (r) { return r.json(); })
      .then(function (data) {
        document.querySelectorAll("[data-stage-count]").forEach(function (el) {
          var n = data.counts && data.counts[el.getAttribute("data-stage-count")];
          if (typeof n === "number") {
            el.textContent = n.toLocaleString("en");
            el.hidden = false;
          }
        });
      })
      .catch(function () { /* the tabs stay without counts; "more than N" stays */ });
  }

  // --- Candidate page: jump from a competency to its evidence in the resume text ----------------
  function jumpTo(anchorId) {
    var anchor = document.getElementById(anchorId);
    var text = document.getElementById("resume-text");
    if (!anchor || !text) { return false; }
    text.querySelectorAll("mark.current").forEach(function (m) { m.classList.remove("current"); });
    var marks = text.querySelectorAll('mark[data-ev~="' + anchorId + '"]');
    marks.forEach(function (m) { m.classList.add("current"); });
    var first = marks[0] || anchor;
    var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    if (text.scrollHeight > text.clientHeight + 1) {
      // A resume in its own scroll box: scroll the box to the sentence, then the box onto the screen.
      var container = text.getBoundingClientRect();
      var box = first.getBoundingClientRect();
      text.scrollTo({ top: text.scrollTop + box.top - container.top - text.clientHeight / 3, behavior: "instant" });
      (text.closest("section") || text).scrollIntoView({ behavior: reduce ? "instant" : "smooth", block: "start" });
    } else {
      // The resume at full height (the page scrolls, not the text): bring the sentence to the screen's middle.
      first.scrollIntoView({ behavior: reduce ? "instant" : "smooth", block: "center" });
    }
    text.focus({ preventScroll: true });
    return true;
  }

  function evidenceLinks(root) {
    root.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[data-jump]");
      if (!link) { return; }
      if (jumpTo(link.getAttribute("data-jump"))) {
        event.preventDefault();
        if (history.replaceState) { history.replaceState(null, "", "#" + link.getAttribute("data-jump")); }
      }
    });
  }

  // Behaviour for content that may also arrive later (a polled section replaced in place).
  function enhance(root) {
    root.querySelectorAll("table[data-live-url]").forEach(liveRows);
    root.querySelectorAll("[data-count-url]").forEach(lateCount);
    root.querySelectorAll("[data-stage-counts-url]").forEach(stageCounts);
  }

  // On a phone the filters start folded so that the list shows first; they stay open when in use.
  function foldOnPhone() {
    if (!window.matchMedia || !window.matchMedia("(max-width: 720px)").matches) { return; }
    document.querySelectorAll("details[data-collapse-on-phone]").forEach(function (panel) {
      if (!panel.querySelector("summary .count")) { panel.open = false; }
    });
  }

  // --- Ranked list: the "has skill" box suggests taxonomy skills as you type ----------------------
  function skillSuggestions(list) {
    var input = document.querySelector('input[list="' + list.id + '"]');
    var url = list.getAttribute("data-suggest-url");
    if (!input || !url) { return; }
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var typed = input.value.trim();
      if (typed.length < 2) { return; }
      timer = setTimeout(function () {
        fetchFresh(url + "?q=" + encodeURIComponent(typed), "application/json")
          .then(function (r) { return r.json(); })
          .then(function (data) {
            list.replaceChildren.apply(list, data.skills.map(function (skill) {
              var option = document.createElement("option");
              option.value = skill.name;
              return option;
            }));
          })
          .catch(function () { /* the profile's skills stay suggested */ });
      }, 150);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    foldOnPhone();
    document.querySelectorAll("datalist[data-suggest-url]").forEach(skillSuggestions);
    document.querySelectorAll("[data-poll]").forEach(poll);
    enhance(document);
    if (document.getElementById("bulk-form")) { selection(document); }
    evidenceLinks(document);
    if (location.hash.indexOf("#ev-") === 0) { jumpTo(location.hash.slice(1)); }
  });
})();
