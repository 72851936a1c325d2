// Search queries on this site are code more often than lunr syntax.
// 1. lunr reads a leading "-" as "must not contain", so `make -j$(nproc)`
//    would hide the very note that explains it: leading dashes are dropped
//    (the index holds `j$(nproc)`: see notes_tools/search.py).
// 2. A pasted code token (`a=rtpmap`, `torch.cuda.OutOfMemoryError`,
//    `j$(nproc)`) is specific: results must contain it ("+term*"), so notes
//    that merely match the other words, or a title word, do not outrank it.
// The query is rewritten on its way to Material's search worker.
(function () {
  if (typeof Worker === "undefined") return;
  var QUERY = 2; // Material's SearchMessageType.QUERY
  var CODE = /\w[=._$()\/]|[=._$()\/]\w/;
  function rewrite(query) {
    return query
      .replace(/(^|\s)-+(?=\S)/g, "$1")
      .split(/(\s+)/)
      .map(function (term) {
        var plain = /^[^\s+\-:~^*"]+$/.test(term) && !/\.$/.test(term);
        return plain && CODE.test(term) ? "+" + term + "*" : term;
      })
      .join("");
  }
  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === QUERY && typeof message.data === "string") {
      message = Object.assign({}, message, { data: rewrite(message.data) });
    }
    var args = Array.prototype.slice.call(arguments);
    args[0] = message;
    return post.apply(this, args);
  };
})();
