// Counts Content-Security-Policy violations (Trusted Types included) from the first byte of the
// page: loaded before the widget's loader, from the page's own origin, as a strict host would.
window.cspViolations = [];
document.addEventListener(
  'securitypolicyviolation',
  (event) => window.cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'}: ${event.sample}`,
  ),
  true,
);
