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
