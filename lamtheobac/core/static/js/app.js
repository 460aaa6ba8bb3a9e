// Tree nodes: the first click loads the children through htmx (the link
// itself leads to the unit page without JavaScript); later clicks only
// show or hide what is already loaded.
(function () {
  "use strict";

  document.addEventListener(
    "click",
    function (event) {
      var toggle = event.target.closest("[data-tree-toggle]");
      if (!toggle) return;
      var box = document.getElementById(toggle.dataset.treeToggle);
      if (!box || !box.dataset.loaded) return;
      event.preventDefault();
      event.stopPropagation();
      box.hidden = !box.hidden;
      toggle.setAttribute("aria-expanded", String(!box.hidden));
    },
    true
  );

  document.addEventListener("htmx:afterSwap", function (event) {
    var box = event.detail.target;
    if (!box || !box.classList.contains("kids")) return;
    box.dataset.loaded = "1";
    box.hidden = false;
    var toggle = document.querySelector('[data-tree-toggle="' + box.id + '"]');
    if (toggle) toggle.setAttribute("aria-expanded", "true");
  });
})();

// Activities: the activity form shows the inputs that apply to the chosen kind
// and form (attendance typed in person, connection points online), and "Add a
// point" copies the empty template row without a reload. Without JavaScript
// every input shows and the server ignores what does not apply.
(function () {
  "use strict";

  function refreshActivityForm(form) {
    var kind = form.querySelector("select[name=kind]");
    var option = kind && kind.selectedOptions[0];
    var category = (option && option.dataset.category) || "";
    var chosen = form.querySelector("input[name=form]:checked");
    var online = Boolean(chosen && chosen.value !== "in_person");
    form.querySelectorAll("[data-online]").forEach(function (box) {
      box.hidden = (box.dataset.online === "yes") !== online;
    });
    form.querySelectorAll("[data-for-category]").forEach(function (box) {
      // A box with an error stays visible, so the message is read.
      box.hidden = box.dataset.forCategory !== category && !box.querySelector(".errorlist");
    });
    form.querySelectorAll("[data-add-point]").forEach(function (button) {
      button.hidden = false;
    });
  }

  function activityForms(root) {
    var found = Array.prototype.slice.call((root || document).querySelectorAll("form[data-activity-form]"));
    var around = root && root.closest && root.closest("form[data-activity-form]");
    if (around) found.push(around);
    return found;
  }

  document.addEventListener("DOMContentLoaded", function () {
    activityForms(document).forEach(refreshActivityForm);
  });

  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("form[data-activity-form]");
    if (form && (event.target.name === "kind" || event.target.name === "form")) refreshActivityForm(form);
  });

  // The topics and committee members come back from the server: apply the rules again.
  document.addEventListener("htmx:afterSettle", function (event) {
    activityForms(event.detail.elt).forEach(refreshActivityForm);
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-point]");
    if (!button) return;
    event.preventDefault();
    var form = button.closest("form");
    var total = form.querySelector("input[name$='-TOTAL_FORMS']");
    var template = document.getElementById(button.dataset.addPoint);
    var rows = document.getElementById(button.dataset.pointRows);
    if (!total || !template || !rows) return;
    var index = parseInt(total.value, 10) || 0;
    rows.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
    total.value = String(index + 1);
    var added = rows.lastElementChild && rows.lastElementChild.querySelector("select, input");
    if (added) added.focus();
  });
})();
