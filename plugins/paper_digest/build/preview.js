// The live preview's script: added by `invoke serve` to the pages it serves, never written to output/.
// The page reloads when a rebuild rewrote it (state.pages lists what an applied edit rewrote; null: all);
// while a build fails it shows the problems, FILE:LINE each, until a fix.
(function () {
  var first = null;
  var events = new EventSource("/__preview/events");
  events.onmessage = function (message) {
    var state = JSON.parse(message.data);
    if (first === null) first = state.version;
    if (state.problems.length) return show(state.problems);
    if (state.version === first) return;
    var here = location.pathname.replace(/index\.html$/, "");
    var showing = document.getElementById("preview-problems") !== null;
    if (showing || state.pages === null || state.pages.indexOf(here) !== -1) location.reload();
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
