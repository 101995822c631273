// Turn <select class="searchable-select"> into the admin's own select2 box (type to search), e.g. the
// ~250 countries of a sub-processor's locations. Uses the select2 that Django admin ships; no inline script.
(function () {
  "use strict";
  function init($) {
    $("select.searchable-select").each(function () {
      var $select = $(this);
      if ($select.data("select2")) { return; }
      $select.select2({ width: "30em", placeholder: $select.data("placeholder") || "Type to search" });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (window.django && window.django.jQuery) { init(window.django.jQuery); }
  });
})();
