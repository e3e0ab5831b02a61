// Records every Content-Security-Policy violation on every page a browser test loads
// (tests/browser/conftest.py), so a script or style the policy blocks fails the test instead of
// quietly not working. Playwright's init scripts are not subject to the page's policy, so this
// listener is in place before the page's first element is parsed.
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  const violation = {
    directive: e.effectiveDirective || e.violatedDirective,
    blocked: e.blockedURI || 'inline',
    source: e.sourceFile ? `${e.sourceFile}:${e.lineNumber}` : '',
    sample: e.sample || '',
  };
  window.__cspViolations.push(violation);
  // Also straight to the test, in case the page is left before anyone asks.
  if (window.top === window.self && window.__supportHubCspReport) {
    window.__supportHubCspReport(location.pathname + location.search, violation);
  }
});
