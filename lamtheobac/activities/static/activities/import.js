// While a large .xlsx travels to the server, say so and keep the button from
// being pressed twice. The page that follows shows the checking's progress.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-import-upload]");
  if (!form) return;
  const note = form.querySelector("[data-import-uploading]");
  if (note) note.hidden = false;
  const button = form.querySelector("button[type=submit]");
  if (button) {
    // Disabled after the submit has gone, so the button's own value is still sent.
    setTimeout(() => { button.disabled = true; }, 0);
  }
});
