import { secureHeaders } from 'hono/secure-headers';

/**
 * A strict Content-Security-Policy for every dashboard page: scripts, styles and images from this
 * origin only (no inline code), never framed, forms post only here.
 */
export function dashboardSecurityHeaders() {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
      baseUri: ["'none'"],
    },
    referrerPolicy: 'same-origin',
    crossOriginEmbedderPolicy: false,
  });
}
