// Pagefind's UI on the search page; ?q= from the header's search box starts a search.
// The index comes in a few bundles (pagefind/1-10/, pagefind/11/, …): the first is the main one, the rest are merged in.
(function () {
  const element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") return;
  const root = new URL(element.dataset.root, window.location.href).pathname;
  const bundles = element.dataset.bundles.split(" ").filter(Boolean).map((name) => `${root}pagefind/${name}/`);
  const ui = new PagefindUI({
    element: "#search",
    baseUrl: root,
    bundlePath: bundles[0],
    mergeIndex: bundles.slice(1).map((bundlePath) => ({ bundlePath })),
    showImages: false,
    showSubResults: true,
  });
  const input = element.querySelector("input");  // Pagefind names it only by its title: give it a label
  if (input && element.dataset.label) input.setAttribute("aria-label", element.dataset.label);
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
