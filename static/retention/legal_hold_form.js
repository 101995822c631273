// Legal-hold form: show only the target field the chosen scope names (the server ignores the others).
(function () {
  "use strict";
  var TARGETS = ["customer", "campaign", "contact", "call", "rights_request"];
  function update(scope) {
    TARGETS.forEach(function (name) {
      var row = document.querySelector(".form-row.field-" + name) || document.querySelector(".field-" + name);
      if (row) { row.hidden = scope !== name; }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.getElementById("id_scope");
    if (!select) { return; }
    update(select.value);
    select.addEventListener("change", function () { update(select.value); });
  });
})();
