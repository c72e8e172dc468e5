// Appended to app.js (--post-js): runs once app.js is evaluated, while app.wasm is still being
// fetched and compiled. Opening IDBFS's database for /persist now lets the browser create or
// load it in parallel, so the app's first FS.syncfs(true) finds it open (IDBFS caches the
// connection in IDBFS.dbs). Any failure here is ignored: the real mount reports problems.
(function () {
  try {
    if (typeof IDBFS !== 'undefined' && typeof indexedDB !== 'undefined' && indexedDB) {
      IDBFS.getDB('/persist', function () {});
    }
  } catch (e) {
    // no IndexedDB (private windows, disabled storage): handled when storage is mounted
  }
})();
