// The event form: show only the fields of the chosen kind of event. Without this script
// every field shows, each with a help text that says when it applies; a group with an error
// always shows, so no error is ever hidden.
(function () {
  "use strict";
  var form = document.querySelector("form[data-kind-fields]");
  if (!form) return;
  var kind = form.querySelector("select[name=kind]");
  var groups = form.querySelectorAll("fieldset[data-kind]");
  if (!kind || !groups.length) return;
  function update() {
    for (var i = 0; i < groups.length; i++) {
      var group = groups[i];
      var hasError = group.querySelector("[aria-invalid=true]") !== null;
      group.hidden = group.getAttribute("data-kind") !== kind.value && !hasError;
    }
  }
  kind.addEventListener("change", update);
  update();
})();
