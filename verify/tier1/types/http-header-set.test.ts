import { describe } from 'vitest';
import { checkCases } from '../code/test-support.js';
import { httpHeaderSet } from './http-header-set.js';

const ok = (file: string, header: string, at: string, value?: string) => ({
  why: `${header}${value ? ` ~ ${value}` : ''} is set`,
  params: { file, header, ...(value ? { value } : {}) },
  verdict: 'pass' as const,
  at,
});
const no = (file: string, header: string, why: string, value?: string, details?: RegExp) => ({
  why,
  params: { file, header, ...(value ? { value } : {}) },
  verdict: 'fail' as const,
  ...(details ? { details } : {}),
});

describe('http_header_set', () => {
  checkCases(httpHeaderSet, [
    no('ts/request-headers.ts', 'x-api-key', 'a write to the request headers (req.headers[…] =) is not a response header'),
    no('ts/request-headers.ts', 'X-Trace-Id', 'Hono c.req.header sets nothing on the response'),
    no('py/request_headers.py', 'X-Req', 'request.headers[…] = is not a response header'),
    no('go/request_headers.go', 'X-Trace', "Go's r.Header.Set writes the request"),
    ok('ts/headers.ts', 'X-Frame-Options', "res.setHeader('X-Frame-Options', 'DENY')"),
    ok('ts/headers.ts', 'x-frame-options', "res.setHeader('X-Frame-Options', 'DENY')", '^DENY$'),
    ok('ts/headers.ts', 'X-Frame-Options', 'app.use(helmet(', '^SAMEORIGIN$'),
    ok('ts/headers.ts', 'Cache-Control', "res.set('Cache-Control', cacheValue)"),
    no('ts/headers.ts', 'Cache-Control', 'a value that is not statically known cannot match', 'no-store', /not statically known/),
    ok('ts/headers.ts', 'Strict-Transport-Security', 'app.use(helmet(', '^max-age=600; includeSubDomains; preload$'),
    no('ts/headers.ts', 'Content-Security-Policy', 'helmet with contentSecurityPolicy: false sets no CSP'),
    ok('ts/headers.ts', 'X-Robots-Tag', "c.header('x-robots-tag', 'noindex')", 'noindex'),
    ok('ts/headers.ts', 'Clear-Site-Data', "headers: { 'Clear-Site-Data'", '"cache"'),
    ok('ts/headers.ts', 'X-Content-Type-Options', 'app.use(helmet(', '^nosniff$'),
    no('ts/headers.ts', 'X-Api-Key', 'a fetch request header is not a response header'),
    ok('ts/headers.ts', 'Cross-Origin-Embedder-Policy', 'securityHeaders = {', 'require-corp'),
    no('ts/headers.ts', 'X-Trace', 'a request headers map is not a response header'),
    no('ts/headers.ts', 'Permissions-Policy', 'a header named in a string'),
    { ...no('ts/headers.ts', 'X-Frame-Options', 'no place sets a matching value', '^ALLOW', /`DENY` \(line 2\).*no statically known value matches/) },
    ok('ts/server.ts', 'Content-Security-Policy', 'app.use(helmet())', "default-src 'self'"),
    ok('ts/hono-app.ts', 'X-Frame-Options', "xFrameOptions: 'DENY'", '^DENY$'),
    ok('ts/hono-app.ts', 'Content-Security-Policy', 'contentSecurityPolicy:', "script-src 'self' cdn\\.example\\.com"),
    ok('ts/hono-app.ts', 'X-XSS-Protection', 'secureHeaders({', '^0$'),
    no('ts/hono-app.ts', 'Strict-Transport-Security', 'secureHeaders with strictTransportSecurity: false'),
    ok('ts/next.config.js', 'Strict-Transport-Security', "headers: [{ key: 'Strict-Transport-Security'", 'preload'),
    { ...no('ts/headers.ts', 'X-Frame-Options', 'an invalid RE2 pattern fails with a reason', '(?<=x)DENY', /lookaround|RE2/) },
    ok('py/main.py', 'X-Frame-Options', 'response.headers["X-Frame-Options"] = "DENY"', 'DENY'),
    no('py/main.py', 'Cache-Control', 'a Python value computed at run time', 'no-store', /not statically known/),
    ok('py/main.py', 'Content-Disposition', 'headers={"Content-Disposition": "attachment"}'),
    no('py/main.py', 'Authorization', 'a requests.get header is a request header'),
    ok('py/settings.py', 'X-Frame-Options', 'X_FRAME_OPTIONS = "DENY"', '^DENY$'),
    ok('py/settings.py', 'Strict-Transport-Security', 'SECURE_HSTS_SECONDS', 'max-age=31536000'),
    ok('go/server.go', 'X-Frame-Options', 'w.Header().Set("X-Frame-Options", "DENY")', 'DENY'),
    no('go/server.go', 'Content-Type', 'a Go value computed at run time', 'json', /not statically known/),
    no('go/server.go', 'Strict-Transport-Security', 'a Go header never set'),
    ok('java/UserController.java', 'X-Content-Type-Options', 'response.setHeader("X-Content-Type-Options"', 'nosniff'),
    ok('java/WebConfig.java', 'X-Frame-Options', '.frameOptions(frame -> frame.sameOrigin())', '^SAMEORIGIN$'),
    ok('java/WebConfig.java', 'Content-Security-Policy', '.contentSecurityPolicy(csp ->', "default-src 'self'"),
    no('java/UserController.java', 'X-Frame-Options', 'a Java header never set'),
    ok('ts/helmet-parts.ts', 'X-Frame-Options', 'helmet.frameguard', '^DENY$'),
    ok('ts/helmet-parts.ts', 'Content-Security-Policy', 'contentSecurityPolicy:', "^default-src 'none';frame-ancestors 'none'$"),
    ok('ts/helmet-parts.ts', 'X-Download-Options', 'fastify.register(fastifyHelmet', '^noopen$'),
    no('ts/helmet-dynamic.ts', 'X-Frame-Options', 'helmet options that are not a literal cannot be read, so nothing counts'),
    ok('py/flask_app.py', 'X-Content-Type-Options', 'response.headers["X-Content-Type-Options"]', 'nosniff'),
    ok('go/gin.go', 'Cache-Control', 'c.Header("Cache-Control", "no-store")', '^no-store$'),
  ]);
});
