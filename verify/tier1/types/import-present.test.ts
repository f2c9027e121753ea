import { describe } from 'vitest';
import { checkCases } from '../code/test-support.js';
import { importPresent } from './import-present.js';

const ok = (file: string, module: string, at: string) => ({ why: `${file} imports ${module}`, params: { file, module }, verdict: 'pass' as const, at });
const no = (file: string, module: string, why: string) => ({ why, params: { file, module }, verdict: 'fail' as const });

describe('import_present', () => {
  checkCases(importPresent, [
    ok('ts/imports.ts', 'express', "import express from 'express'"),
    ok('ts/imports.ts', 'zod', "import { z as zod } from 'zod'"),
    ok('ts/imports.ts', 'reflect-metadata', "import 'reflect-metadata'"),
    ok('ts/imports.ts', 'fs', "import fs = require('node:fs')"),
    ok('ts/imports.ts', 'node:fs', "import fs = require('node:fs')"),
    ok('ts/imports.ts', 'jsonwebtoken', "require('jsonwebtoken')"),
    ok('ts/imports.ts', './lib/helper', "export { helper } from './lib/helper.js'"),
    ok('ts/imports.ts', '@scope/pkg', "export * from '@scope/pkg/sub'"),
    ok('ts/imports.ts', 'lodash', "await import('lodash/fp')"),
    ok('ts/imports.ts', 'lodash/fp', "await import('lodash/fp')"),
    no('ts/imports.ts', 'type-only-pkg', 'a type-only import is erased at run time'),
    no('ts/imports.ts', 'axios', 'a module named in a string'),
    no('ts/imports.ts', 'bcrypt', 'a module named in a comment'),
    no('ts/imports.ts', 'expres', 'a prefix of the name is another module'),
    no('ts/imports.ts', 'lodash/fp/map', 'a deeper sub-path than the one imported'),
    no('ts/imports.ts', 'zod/v4', 'importing the package does not import its sub-path'),
    ok('py/app.py', 'flask', 'from flask import'),
    ok('py/app.py', 'flask.request', 'from flask import'),
    ok('py/app.py', 'hashlib', 'import hashlib as hl'),
    ok('py/app.py', '.models', 'from .models import User'),
    ok('py/app.py', 'cryptography', 'importlib.import_module("cryptography.fernet")'),
    ok('py/main.py', 'fastapi', 'from fastapi import'),
    ok('py/main.py', 'fastapi.middleware.cors', 'from fastapi.middleware.cors import'),
    no('py/app.py', 'flas', 'a prefix of a Python module name is another module'),
    no('py/app.py', 'requests', 'a Python module that is not imported'),
    ok('go/server.go', 'github.com/go-chi/chi/v5', '"github.com/go-chi/chi/v5"'),
    ok('go/server.go', 'github.com/go-chi/chi/v5/middleware', 'mw "github.com/go-chi/chi/v5/middleware"'),
    ok('go/server.go', 'strconv', '"strconv"'),
    no('go/server.go', 'github.com/go-chi/chi/v4', 'another major version'),
    no('go/server.go', 'fmt', 'a Go package that is not imported'),
    ok('java/UserController.java', 'java.util.Objects', 'import java.util.Objects'),
    ok('java/UserController.java', 'java.util.concurrent', 'import java.util.concurrent.*'),
    ok('java/UserController.java', 'org.springframework.http', 'import static org.springframework.http.ResponseEntity.ok'),
    ok('java/UserController.java', 'com.fasterxml.jackson', 'import com.fasterxml.jackson.databind.ObjectMapper'),
    no('java/UserController.java', 'java.util.List', 'a class of an imported package that is not imported itself'),
  ]);
});
