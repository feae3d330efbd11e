// Shows the bilingual "read this in Spanish" line to browsers that prefer Spanish.
// The page's HTML is the same for everyone (cached pages stay right); nothing
// redirects, and without this script the header's "Español" link is still there.
(function () {
  "use strict";
  var offer = document.querySelector(".language-offer");
  var languages = navigator.languages || [navigator.language || ""];
  if (!offer || !languages.length) return;
  if (/^es\b/i.test(languages[0])) offer.hidden = false;
})();
