// The live preview's script: added by `invoke serve` to the pages it serves, never written to output/.
// The page reloads when a rebuild rewrote it (state.pages: the pages rewritten since the version this
// page was served at; null: any); while digests or a build are broken it shows the problems, FILE:LINE
// each, until they are fixed. data-preview-heard on <html> is the last version it heard (for tests).
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
  };
  function show(problems) {
    var box = document.getElementById("preview-problems") || document.createElement("section");
    box.id = "preview-problems";
    box.setAttribute("role", "alert");
    var s = box.style;
    s.position = "fixed"; s.inset = "0"; s.zIndex = "1000"; s.overflow = "auto"; s.padding = "2rem";
    s.background = "#1d1f23"; s.color = "#fdfdfc"; s.font = "1rem/1.5 monospace";
    box.textContent = "";
    var title = document.createElement("h2");
    title.textContent = "The build stopped: the last good site is still served. Fix these and save:";
    box.appendChild(title);
    problems.forEach(function (problem) {
      var line = document.createElement("pre");
      line.textContent = problem;
      line.style.whiteSpace = "pre-wrap";
      box.appendChild(line);
    });
    document.body.appendChild(box);
  }
})();
