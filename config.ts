import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TLSConfig } from '@temporalio/client';
import { z } from 'zod';
import { DEFAULT_TASK_QUEUE } from './temporal.config.js';

/** Project root: the folder holding this file. Data and locally built tools live under it. */
export const PROJECT_ROOT = import.meta.dirname;

const port = z.coerce.number().int().min(1).max(65_535);
const optionalString = z.string().trim().min(1).optional();

/** SQLite's `synchronous` settings that keep a WAL database consistent through a power loss (`off` does not). */
export const SQLITE_SYNCHRONOUS_MODES = ['normal', 'full', 'extra'] as const;
export type SqliteSynchronous = (typeof SQLITE_SYNCHRONOUS_MODES)[number];

/**
 * Every environment variable Assay reads, with its default. Parsed once at start-up;
 * nothing deeper reads `process.env`. README's configuration table mirrors this schema.
 */
export const EnvSchema = z.object({
  ASSAY_DATA_DIR: z.string().default(resolve(PROJECT_ROOT, '.assay/data')),
  ASSAY_TOOLS_DIR: z.string().default(resolve(PROJECT_ROOT, '.assay/tools')),
  ASSAY_API_HOST: z.string().default('127.0.0.1'),
  ASSAY_API_PORT: port.default(3000),
  TEMPORAL_ADDRESS: optionalString,
  TEMPORAL_CLI: optionalString,
  TEMPORAL_NAMESPACE: z.string().default('default'),
  /** Production: mTLS to Temporal (client certificate and key files, optionally the server's CA). */
  TEMPORAL_TLS_CERT: optionalString,
  TEMPORAL_TLS_KEY: optionalString,
  TEMPORAL_TLS_CA: optionalString,
  TEMPORAL_TLS_SERVER_NAME: optionalString,
  /** Production: an API key for Temporal (Temporal Cloud or a server with an authorizer); implies TLS. */
  TEMPORAL_API_KEY: optionalString,
  ASSAY_ALLOW_DOWNLOADS: z.enum(['0', '1', 'false', 'true']).default('1'),
  ASSAY_TASK_QUEUE: z.string().default(DEFAULT_TASK_QUEUE),
  /** The worker's CPU niceness (0–19): its batch work yields the cores to the API's requests. */
  ASSAY_WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
  ASSAY_TEMPORAL_PORT: port.default(7233),
  ASSAY_TEMPORAL_UI_PORT: port.default(8233),
  /** Where the dashboard links a run's workflow; defaults to the dev server's UI on ASSAY_TEMPORAL_UI_PORT. */
  ASSAY_TEMPORAL_UI_URL: z.string().url().optional(),
  /** Behind a TLS-terminating proxy: believe its `X-Forwarded-Proto` (session cookies become `Secure`). */
  ASSAY_TRUST_PROXY: z.enum(['0', '1', 'false', 'true']).default('0'),
  MONGODB_URI: optionalString,
  ASSAY_MONGO_PORT: port.default(27017),
  /** The embedded FerretDB's SQLite `synchronous`: `normal` syncs the WAL at checkpoints, as mongod syncs its journal every 100 ms; `full` at every commit. */
  ASSAY_FERRETDB_SYNCHRONOUS: z.enum(SQLITE_SYNCHRONOUS_MODES).default('normal'),
  ASSAY_DB_NAME: z.string().regex(/^[A-Za-z0-9_-]+$/).default('assay'),
  ASSAY_LLM_PROVIDER: z.enum(['auto', 'offline', 'anthropic', 'openai', 'ollama']).default('auto'),
  ASSAY_LLM_MODEL: optionalString,
  ANTHROPIC_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: optionalString,
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString,
  OLLAMA_BASE_URL: optionalString,
  /** Deprecated: drift only, unsigned; per-workspace subscriptions (`/api/integrations/webhooks`) replace it. */
  ASSAY_WEBHOOK_URL: z.string().url().optional(),
  /** AES-256-GCM key for integration secrets (base64 of 32 bytes); generated under the data dir when unset. */
  ASSAY_SECRETS_KEY: z
    .string()
    .trim()
    .refine((k) => /^[A-Za-z0-9+/]{43}=$/.test(k), 'the base64 of 32 random bytes (openssl rand -base64 32)')
    .optional(),
  /** Where people open the platform: the base of links the Jira and Slack messages carry. */
  ASSAY_PUBLIC_URL: z.string().url().optional(),
  /** Slack's Web API; only tests and proxies change it. */
  ASSAY_SLACK_API_URL: z.string().url().default('https://slack.com/api'),
  /** The caller's key, for entry points that act as one client (assay-mcp over stdio). */
  ASSAY_API_KEY: optionalString,
  /** The instance administrator's key (creates workspaces); generated and printed on first start when unset. */
  ASSAY_INSTANCE_ADMIN_KEY: z.string().trim().min(32, 'use at least 32 characters').optional(),
  /**
   * The platform's own signing key (ECDSA P-256, PEM or JWK) for what it exports; unset: one is
   * generated on first start and kept in `<ASSAY_DATA_DIR>/platform-keys.json` (mode 0600).
   */
  ASSAY_PLATFORM_SIGNING_KEY: optionalString,
  /** The platform those clients talk to. */
  ASSAY_API_URL: z.string().url().default('http://127.0.0.1:3000'),
});
export type Env = z.infer<typeof EnvSchema>;

export type LlmProviderName = 'offline' | 'anthropic' | 'openai' | 'ollama';

export interface Config {
  dataDir: string;
  toolsDir: string;
  /** Whether the SDK/driver fallbacks may download server binaries (needs internet). */
  allowDownloads: boolean;
  api: { host: string; port: number };
  /** The worker's CPU niceness (worker/cpu-priority.ts). */
  worker: { nice: number };
  temporal: {
    /** Set when an operator points Assay at an existing server. */
    address?: string;
    cli?: string;
    namespace: string;
    taskQueue: string;
    port: number;
    uiPort: number;
    tls?: { certFile: string; keyFile: string; caFile?: string; serverName?: string };
    apiKey?: string;
  };
  mongo: { uri?: string; port: number; dbName: string; ferretdbSynchronous: SqliteSynchronous };
  llm: {
    provider: LlmProviderName;
    model?: string;
    anthropic: { apiKey?: string; baseURL?: string };
    openai: { apiKey?: string; baseURL?: string };
    ollama: { baseURL?: string };
  };
  notifications: { webhookUrl?: string };
  integrations: { secretsKey?: string; publicUrl: string; slackApiUrl: string };
  dashboard: { temporalUiUrl: string; trustProxy: boolean };
  apiKey?: string;
  instanceAdminKey?: string;
  platformSigningKey?: string;
  apiUrl: string;
}

/** `auto` picks the first provider that has a key, and the offline catalogue when none has. */
function chooseProvider(env: Env): LlmProviderName {
  if (env.ASSAY_LLM_PROVIDER !== 'auto') return env.ASSAY_LLM_PROVIDER;
  if (env.ANTHROPIC_API_KEY) return 'anthropic';
  if (env.OPENAI_API_KEY) return 'openai';
  if (env.OLLAMA_BASE_URL) return 'ollama';
  return 'offline';
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  if (Boolean(env.TEMPORAL_TLS_CERT) !== Boolean(env.TEMPORAL_TLS_KEY)) {
    throw new ConfigError('invalid configuration:\n  TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY: give both (mTLS needs the certificate and its key) or neither');
  }
  const tls = env.TEMPORAL_TLS_CERT && env.TEMPORAL_TLS_KEY
    ? { certFile: env.TEMPORAL_TLS_CERT, keyFile: env.TEMPORAL_TLS_KEY, caFile: env.TEMPORAL_TLS_CA, serverName: env.TEMPORAL_TLS_SERVER_NAME }
    : undefined;
  return {
    dataDir: resolve(env.ASSAY_DATA_DIR),
    toolsDir: resolve(env.ASSAY_TOOLS_DIR),
    allowDownloads: env.ASSAY_ALLOW_DOWNLOADS === '1' || env.ASSAY_ALLOW_DOWNLOADS === 'true',
    api: { host: env.ASSAY_API_HOST, port: env.ASSAY_API_PORT },
    worker: { nice: env.ASSAY_WORKER_NICE },
    temporal: {
      address: env.TEMPORAL_ADDRESS,
      cli: env.TEMPORAL_CLI,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.ASSAY_TASK_QUEUE,
      port: env.ASSAY_TEMPORAL_PORT,
      uiPort: env.ASSAY_TEMPORAL_UI_PORT,
      tls,
      apiKey: env.TEMPORAL_API_KEY,
    },
    mongo: { uri: env.MONGODB_URI, port: env.ASSAY_MONGO_PORT, dbName: env.ASSAY_DB_NAME, ferretdbSynchronous: env.ASSAY_FERRETDB_SYNCHRONOUS },
    llm: {
      provider: chooseProvider(env),
      model: env.ASSAY_LLM_MODEL,
      anthropic: { apiKey: env.ANTHROPIC_API_KEY, baseURL: env.ANTHROPIC_BASE_URL },
      openai: { apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL },
      ollama: { baseURL: env.OLLAMA_BASE_URL },
    },
    notifications: { webhookUrl: env.ASSAY_WEBHOOK_URL },
    integrations: { secretsKey: env.ASSAY_SECRETS_KEY, publicUrl: env.ASSAY_PUBLIC_URL ?? env.ASSAY_API_URL, slackApiUrl: env.ASSAY_SLACK_API_URL },
    dashboard: {
      temporalUiUrl: (env.ASSAY_TEMPORAL_UI_URL ?? `http://127.0.0.1:${env.ASSAY_TEMPORAL_UI_PORT}`).replace(/\/+$/, ''),
      trustProxy: env.ASSAY_TRUST_PROXY === '1' || env.ASSAY_TRUST_PROXY === 'true',
    },
    apiKey: env.ASSAY_API_KEY,
    instanceAdminKey: env.ASSAY_INSTANCE_ADMIN_KEY,
    platformSigningKey: env.ASSAY_PLATFORM_SIGNING_KEY,
    apiUrl: env.ASSAY_API_URL,
  };
}

/** Where the worker and API connect: the configured server, else the one the start command runs. */
export function temporalAddressOf(config: Config): string {
  return config.temporal.address ?? `127.0.0.1:${config.temporal.port}`;
}

/** How the worker and API connect to Temporal: address, and mTLS or an API key when configured. */
export function temporalConnectionOf(config: Config): { address: string; tls?: TLSConfig | boolean; apiKey?: string } {
  const { tls, apiKey } = config.temporal;
  const mtls: TLSConfig | undefined = tls && {
    clientCertPair: { crt: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) },
    ...(tls.caFile ? { serverRootCACertificate: readFileSync(tls.caFile) } : {}),
    ...(tls.serverName ? { serverNameOverride: tls.serverName } : {}),
  };
  return { address: temporalAddressOf(config), ...(mtls ? { tls: mtls } : apiKey ? { tls: true } : {}), ...(apiKey ? { apiKey } : {}) };
}

/** Where the platform's signing key ring lives (see services/platform-keys.ts). */
export function platformKeyFileOf(config: Config): string {
  return resolve(config.dataDir, 'platform-keys.json');
}

export function mongoUriOf(config: Config): string {
  return config.mongo.uri ?? `mongodb://127.0.0.1:${config.mongo.port}/`;
}
