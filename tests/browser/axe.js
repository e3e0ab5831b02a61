// Runs axe-core on every page a browser test loads and reports serious and
// critical violations back to the test (tests/browser/conftest.py).
window.addEventListener('load', () => {
  if (window.top !== window.self || typeof axe === 'undefined') return;
  // No preload: axe would copy each @import-ed stylesheet into a <style> element, for one
  // experimental rule it does not run by default, and the Content-Security-Policy rightly blocks
  // that element (tests/browser/csp.js would report it as the page's fault).
  axe.run(document, { resultTypes: ['violations'], preload: false }).then((results) => {
    const bad = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
    return window.__supportHubAxeReport(location.pathname + location.search, bad);
  }).then(() => { window.__supportHubAxeDone = true; });
});
