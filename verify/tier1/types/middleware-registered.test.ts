import { describe } from 'vitest';
import { checkCases } from '../code/test-support.js';
import { middlewareRegistered } from './middleware-registered.js';

const ok = (file: string, middleware: string, at: string, path?: string) => ({
  why: `${middleware} is registered${path ? ` for ${path}` : ''}`,
  params: { file, middleware, ...(path ? { path } : {}) },
  verdict: 'pass' as const,
  at,
});
const no = (file: string, middleware: string, why: string, path?: string) => ({
  why,
  params: { file, middleware, ...(path ? { path } : {}) },
  verdict: 'fail' as const,
});

describe('middleware_registered', () => {
  checkCases(middlewareRegistered, [
    ok('ts/routes.ts', 'requireAdmin', "app.get('/admin', requireAdmin", '/admin'),
    no('ts/routes.ts', 'requireAdmin', 'route-level middleware guards its own route only', '/public'),
    no('ts/routes.ts', 'fallbackTimeout', "config.get('http', 'timeout', fallback) is not a route"),
    ok('ts/server.ts', 'helmet', 'app.use(helmet())'),
    ok('ts/server.ts', 'helmet', 'app.use(helmet())', '/anything'),
    ok('ts/server.ts', 'rateLimit', "app.use('/api', rateLimit"),
    ok('ts/server.ts', 'rateLimit', "app.use('/api', rateLimit", '/api/users'),
    { ...no('ts/server.ts', 'rateLimit', 'registered for /api only', '/admin'), details: /only for \/api, which does not cover \/admin/ },
    ok('ts/server.ts', 'express.json', 'app.use(express.json())'),
    ok('ts/server.ts', 'authenticate', 'router.use(authenticate)'),
    ok('ts/server.ts', 'secureHeaders', "hono.use('*', secureHeaders())", '/x'),
    ok('ts/server.ts', 'basicAuth', "hono.use('/admin/*'", '/admin/users'),
    no('ts/server.ts', 'basicAuth', 'a Hono prefix does not cover a sibling path', '/public'),
    ok('ts/server.ts', 'cors', "fastify.register(cors, { prefix: '/v1' })", '/v1/items'),
    ok('ts/server.ts', 'verifyJwt', "fastify.addHook('onRequest', verifyJwt)"),
    { ...no('ts/server.ts', 'csrf', 'a registration in a comment'), details: /none of the 8 middleware registration/ },
    no('ts/server.ts', 'morgan', 'a registration in a string'),
    {
      why: '`route` is accepted for `path`',
      params: { file: 'ts/server.ts', middleware: 'rateLimit', route: '/api' },
      verdict: 'pass' as const,
      at: "app.use('/api'",
    },
    ok('py/main.py', 'CORSMiddleware', 'app.add_middleware(CORSMiddleware'),
    ok('py/main.py', 'TrustedHostMiddleware', 'Middleware(TrustedHostMiddleware'),
    ok('py/main.py', 'add_security_headers', '@app.middleware("http")'),
    ok('py/settings.py', 'SecurityMiddleware', '"django.middleware.security.SecurityMiddleware"'),
    ok('py/settings.py', 'django.contrib.sessions.middleware.SessionMiddleware', '"django.contrib.sessions.middleware.SessionMiddleware"'),
    no('py/settings.py', 'CsrfViewMiddleware', 'a Django entry commented out'),
    no('py/main.py', 'GZipMiddleware', 'a middleware that is imported nowhere'),
    ok('go/server.go', 'Logger', 's.router.Use(mw.Logger)'),
    ok('go/server.go', 'RequireAuth', 's.router.Use(RequireAuth)', '/admin'),
    ok('go/server.go', 'AdminOnly', 'r.Use(AdminOnly)', '/admin/users'),
    no('go/server.go', 'AdminOnly', 'registered inside r.Route("/admin") only', '/api'),
    ok('java/WebConfig.java', 'AuthInterceptor', 'registry.addInterceptor(new AuthInterceptor())', '/api/users'),
    no('java/WebConfig.java', 'AuthInterceptor', 'addPathPatterns limits the interceptor', '/public'),
    ok('java/WebConfig.java', 'localeInterceptor', 'registry.addInterceptor(localeInterceptor)'),
    ok('java/WebConfig.java', 'JwtFilter', 'http.addFilterBefore(new JwtFilter()'),
    no('java/UserController.java', 'AuthInterceptor', 'no registration in this file'),
    ok('ts/nest-module.ts', 'CsrfMiddleware', '.forRoutes(', '/cats/list'),
    no('ts/nest-module.ts', 'CsrfMiddleware', 'forRoutes limits a NestJS middleware', '/dogs'),
    ok('py/flask_app.py', 'load_user', 'app.before_request(load_user)'),
    ok('py/flask_app.py', 'add_headers', '@app.after_request'),
    ok('py/flask_app.py', 'ProxyFix', 'app.wsgi_app = ProxyFix'),
    ok('go/gin.go', 'AuthRequired', 'api.Use(AuthRequired())', '/api/users'),
    no('go/gin.go', 'AuthRequired', 'a gin group limits its middleware', '/ping'),
    ok('go/gin.go', 'AdminMiddleware', 'e.Group("/admin", AdminMiddleware)', '/admin'),
  ]);
});
