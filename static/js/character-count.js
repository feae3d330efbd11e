// The search-engine title and description count their characters as the editor
// types, as the contact form's message does (contact-form.js). The boxes have no
// maxlength: a browser would cut the text off in mid-word without a word. Past
// the limit the count says by how much, and a screen reader hears it once.
(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-max-length]");

  function number(n) {
    return n.toLocaleString("en-US");
  }

  function counter(box) {
    var max = Number(box.getAttribute("data-max-length"));
    var count = document.createElement("div");
    count.className = "help character-count";
    count.id = box.id + "_count";
    count.setAttribute("aria-hidden", "true");
    var said = document.createElement("div");
    said.className = "visually-hidden";
    said.setAttribute("aria-live", "polite");
    box.insertAdjacentElement("afterend", count);
    count.insertAdjacentElement("afterend", said);
    var wasOver = false;

    function show() {
      // Characters as Python counts them (an emoji is one), line breaks as one.
      var length = Array.from(box.value).length;
      var over = length - max;
      var text = number(length) + " / " + number(max);
      if (over > 0) {
        text += " · " + number(over) + " too many for search results";
      }
      count.textContent = text;
      count.classList.toggle("character-count-over", over > 0);
      if (over > 0 !== wasOver) {
        wasOver = over > 0;
        said.textContent = wasOver ? text : "";
      }
    }

    box.addEventListener("input", show);
    show();
  }

  for (var i = 0; i < boxes.length; i++) {
    counter(boxes[i]);
  }
})();
