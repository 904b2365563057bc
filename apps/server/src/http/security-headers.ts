import helmet from 'helmet';

/**
 * Security headers on every response (helmet), with a Content-Security-Policy the web app runs
 * under without violations:
 * - scripts only from this origin (index.html has no inline script);
 * - styles from this origin plus inline ones: the editor positions carets and menus with style
 *   attributes, and Mermaid's drawings carry their own <style>;
 * - images from anywhere over https, and data:/blob: (a review links diagrams hosted elsewhere);
 * - connections (REST and the sync websocket) to this origin only;
 * - no plugins, no framing by other sites, forms and <base> only to this origin.
 */
export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'https:', 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    // Images in a review may come from other origins (no CORP on them): do not require it.
    crossOriginEmbedderPolicy: false,
  });
}
