// One math setup for Markdown pages and notebooks: KaTeX, served by the site.
// Markdown math arrives as arithmatex spans (\( \) and \[ \]); notebook
// Markdown cells keep their $ delimiters. Only those elements are rendered,
// so a dollar sign in ordinary prose is left alone.
(function () {
  var delimiters = [
    { left: "$$", right: "$$", display: true },
    { left: "\\[", right: "\\]", display: true },
    { left: "\\(", right: "\\)", display: false },
    { left: "$", right: "$", display: false },
  ];
  function render(root) {
    if (typeof renderMathInElement === "undefined") return;
    root.querySelectorAll(".arithmatex, .jp-RenderedMarkdown, .jp-MarkdownOutput").forEach(function (el) {
      if (el.dataset.mathDone) return;
      renderMathInElement(el, { delimiters: delimiters, throwOnError: false });
      el.dataset.mathDone = "1";
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(function (ev) { render(ev.body || document.body); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { render(document.body); });
  }
})();
