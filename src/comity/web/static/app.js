// Small conveniences only; every page works without this script.
// Changing a filter select or tick box re-submits its form.
document.addEventListener("change", (e) => {
  const el = e.target;
  if (el.form && el.form.classList.contains("filters") && (el.type === "checkbox" || el.tagName === "SELECT")) {
    if (el.form.elements.a.value && el.form.elements.b.value) el.form.requestSubmit();
  }
});
