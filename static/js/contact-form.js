// Progressive enhancement of the contact form: the referral questions show only
// when a professional is writing. Without this script they are all shown under
// a heading that says they are for professionals, and the form works the same.
(function () {
  "use strict";
  var form = document.querySelector(".contact-form");
  var section = document.getElementById("professional-questions");
  if (!form || !section) return;
  var writers = form.querySelectorAll("input[name=writer]");

  function update() {
    var checked = form.querySelector("input[name=writer]:checked");
    var professional = checked && checked.value === "professional";
    // Never hide a question that has an error to fix.
    section.hidden = !professional && !section.querySelector(".is-invalid");
  }

  for (var i = 0; i < writers.length; i++) {
    writers[i].addEventListener("change", update);
  }
  update();
})();
