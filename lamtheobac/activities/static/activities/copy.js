// The figures page: copy the report sentence with one tap. Without JavaScript
// the sentence stays in a read-only box the user can select.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var box = document.getElementById(button.dataset.copy);
    if (!box || !navigator.clipboard) return;
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(box.value).then(function () {
        button.textContent = button.dataset.copied;
        setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  });
})();
