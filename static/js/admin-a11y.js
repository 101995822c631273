/* Accessibility of the admin: give each autocomplete picker (select2) the name of its field's label.
 * select2 names its combobox after the selected option, so an empty picker had no accessible name. */
"use strict";
(function () {
  function nameSelect2Pickers() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const label = select.id && document.querySelector('label[for="' + select.id + '"]');
      const container = select.nextElementSibling;
      const combobox = container && container.querySelector('.select2-selection[role="combobox"]');
      if (label && combobox && !combobox.hasAttribute("aria-label")) {
        combobox.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
      }
    });
  }
  window.addEventListener("load", nameSelect2Pickers);
  document.addEventListener("formset:added", function () { window.setTimeout(nameSelect2Pickers, 0); });
})();
