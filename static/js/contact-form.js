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

// The message's length, as the site counts it. The box has no maxlength: a
// browser would cut a longer paste off without a word. Past the limit the count
// says by how much, and a screen reader hears it once (not every keystroke).
(function () {
  "use strict";
  var box = document.querySelector(".contact-form textarea[data-max-length]");
  if (!box) return;
  var max = Number(box.getAttribute("data-max-length"));
  var count = document.createElement("div");
  count.className = "form-text contact-count";
  count.setAttribute("aria-hidden", "true");
  var said = document.createElement("div");
  said.className = "visually-hidden";
  said.setAttribute("aria-live", "polite");
  box.insertAdjacentElement("afterend", count);
  count.insertAdjacentElement("afterend", said);
  var wasOver = false;

  function number(n) {
    return n.toLocaleString("en-US");
  }

  function show() {
    // Characters as Python counts them (an emoji is one), line breaks as one.
    var length = Array.from(box.value).length;
    var over = length - max;
    // Grouped as the help text writes the limit, in both languages (US usage).
    var text = number(length) + " / " + number(max);
    if (over > 0) {
      text += " · " + box.getAttribute("data-over-text").replace("{over}", number(over));
    }
    count.textContent = text;
    count.classList.toggle("contact-count-over", over > 0);
    if (over > 0 !== wasOver) {
      wasOver = over > 0;
      said.textContent = wasOver ? text : "";
    }
  }

  box.addEventListener("input", show);
  show();
})();
