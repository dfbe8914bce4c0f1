// Pagefind's UI on the search page; ?q= from the header's search box starts a search.
(function () {
  const element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") return;
  const root = new URL(element.dataset.root, window.location.href).pathname;
  const ui = new PagefindUI({ element: "#search", baseUrl: root, showImages: false, showSubResults: true });
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
