// The colour theme chosen in this browser (src/theme.ts), applied before the first paint. A
// file of its own, not inline, so the server's Content-Security-Policy can say script-src 'self'.
// A classic (blocking) script in <head>: it runs before the body is parsed and painted.
try {
  const theme = localStorage.getItem('ratify.theme');
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
} catch {
  // no storage: follow the system
}
