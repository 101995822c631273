/* Accessibility of the admin: name each autocomplete picker (select2) after its field's label.
 * select2 names its combobox only by the selected option (aria-labelledby its rendered text), so an empty
 * picker had no accessible name; it is now labelled by the field's label followed by that text. */
"use strict";
(function () {
  function nameSelect2Pickers() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const label = select.id && document.querySelector('label[for="' + select.id + '"]');
      const container = select.nextElementSibling;
      const combobox = container && container.querySelector('.select2-selection[role="combobox"]');
      const rendered = container && container.querySelector(".select2-selection__rendered");
      if (!label || !combobox || !rendered || !rendered.id) {
        return;
      }
      label.id = label.id || select.id + "_label";
      const names = label.id + " " + rendered.id;
      combobox.setAttribute("aria-labelledby", names);
      rendered.setAttribute("aria-labelledby", names);
    });
  }
  // select2 is set up in a jQuery ready handler, which jQuery 3 runs asynchronously (possibly after "load"):
  // queue behind it too, so the pickers exist when they are named.
  window.addEventListener("load", function () {
    nameSelect2Pickers();
    if (window.django && window.django.jQuery) {
      window.django.jQuery(nameSelect2Pickers);
    }
    window.setTimeout(nameSelect2Pickers, 50);
  });
  document.addEventListener("formset:added", function () { window.setTimeout(nameSelect2Pickers, 0); });
})();
