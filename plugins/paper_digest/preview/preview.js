// The live preview's script: added by `invoke serve` to the pages it serves, never written to output/.
// The page reloads when a rebuild rewrote it (state.pages: the pages rewritten since the version this
// page was served at; null: any); while digests or a build are broken it shows the problems, FILE:LINE
// each, until they are fixed, and what the site skips (state.skipped) in a panel at its foot.
// data-preview-heard on <html> is the last version it heard (for tests).
(function () {
  var served = document.currentScript.getAttribute("data-version");
  var events = new EventSource("/__preview/events?since=" + served);
  events.onmessage = function (message) {
    var state = JSON.parse(message.data);
    var here = location.pathname.replace(/index\.html$/, "");
    var rewritten = state.pages === null || state.pages.indexOf(here) !== -1;
    var showing = document.getElementById("preview-problems") !== null;
    document.documentElement.setAttribute("data-preview-heard", state.version);
    if (rewritten || (showing && !state.problems.length)) return location.reload();
    if (state.problems.length) show(state.problems);
    skipped(state.skipped || []);
  };
  function show(problems) {
    var box = document.getElementById("preview-problems") || document.createElement("section");
    box.id = "preview-problems";
    box.setAttribute("role", "alert");
    var s = box.style;
    s.position = "fixed"; s.inset = "0"; s.zIndex = "1000"; s.overflow = "auto"; s.padding = "2rem";
    s.background = "#1d1f23"; s.color = "#fdfdfc"; s.font = "1rem/1.5 monospace";
    fill(box, "The build stopped: the last good site is still served. Fix these and save:", problems);
    document.body.appendChild(box);
  }
  // What the site leaves out (a failed summary, a paper without an id): a panel at the foot of the page,
  // which stays out of the way of the page itself; gone once every digest publishes whole.
  function skipped(lines) {
    var box = document.getElementById("preview-skipped");
    if (!lines.length) { if (box) box.remove(); return; }
    box = box || document.createElement("aside");
    box.id = "preview-skipped";
    box.setAttribute("role", "status");
    var s = box.style;
    s.position = "fixed"; s.left = "0"; s.right = "0"; s.bottom = "0"; s.zIndex = "999"; s.maxHeight = "40vh";
    s.overflow = "auto"; s.padding = "0.5rem 1rem"; s.background = "#3b2f12"; s.color = "#fdfdfc";
    s.font = "0.875rem/1.4 monospace";
    fill(box, lines.length + " part(s) of the digests are not published (the rest is). Fix these and save:", lines);
    document.body.appendChild(box);
  }
  function fill(box, heading, lines) {
    box.textContent = "";
    var title = document.createElement("h2");
    title.textContent = heading;
    title.style.fontSize = "1em";
    box.appendChild(title);
    lines.forEach(function (line) {
      var item = document.createElement("pre");
      item.textContent = line;
      item.style.whiteSpace = "pre-wrap";
      item.style.margin = "0.25em 0";
      box.appendChild(item);
    });
  }
})();
