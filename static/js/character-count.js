// A box with data-max-length counts its characters as people type: the contact
// form's message, the pages' search-engine title and description. The boxes have
// no maxlength: a browser would cut the text off in mid-word without a word. Past
// the limit the count says by how much (data-over-text, "{over}" for the number),
// and a screen reader hears it once, not at every keystroke. data-count-class
// gives the count the page's own help-text class.
(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-max-length]");

  function number(n) {
    return n.toLocaleString("en-US");
  }

  function counter(box) {
    var max = Number(box.getAttribute("data-max-length"));
    var count = document.createElement("div");
    count.className =
      (box.getAttribute("data-count-class") || "help") + " character-count";
    count.id = box.id + "_count";
    count.setAttribute("aria-hidden", "true");
    var said = document.createElement("div");
    said.className = "visually-hidden";
    said.setAttribute("aria-live", "polite");
    box.insertAdjacentElement("afterend", count);
    count.insertAdjacentElement("afterend", said);
    var wasOver = false;

    function show() {
      // Characters as the server counts them: an emoji is one, a line break is
      // one, and spaces at either end are not kept.
      var length = Array.from(box.value.trim()).length;
      var over = length - max;
      var text = number(length) + " / " + number(max);
      if (over > 0) {
        var over_text = box.getAttribute("data-over-text") || "{over} too many";
        text += " · " + over_text.replace("{over}", number(over));
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
