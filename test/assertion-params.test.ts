import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { seedModel } from './support/evidence.js';
import { callTool, inMemoryClient } from './support/mcp-client.js';
import { createTestPlatform, withKey, type TestPlatform } from './support/platform.js';
import { counterHint } from '../store/counters.js';
import { documentKey } from '../store/document-keys.js';

const nested = (depth: number): unknown => (depth === 0 ? 'x' : { a: nested(depth - 1) });
const valid = { controlId: 'C1', type: 'file_exists', params: { file: 'src/app.ts' } };

// Submitted params against the real embedded store: validated by their type's own schema,
// stored so no key is read by the database, and a batch saved whole or not at all.
describe('assertion params at submit', () => {
  let platform: TestPlatform;
  let app: ReturnType<typeof createApp>;
  let modelId: string;

  beforeAll(async () => {
    platform = await createTestPlatform();
    app = createApp(platform.services);
    modelId = await seedModel(platform);
  });
  afterAll(async () => {
    await platform?.close();
  });

  const submit = async (assertions: unknown[]) => {
    const response = await app.request(`/api/models/${modelId}/assertions`, withKey(platform.keys.agent, { method: 'POST', body: JSON.stringify({ assertions }) }));
    return { status: response.status, body: (await response.json()) as { message?: string; assertions?: Array<{ id: string; status: string }> } };
  };
  const stored = async () => (await platform.stores.assertions.list(platform.workspaceId, modelId)).map((a) => a.id);

  it.each([
    ['an operator key', { type: 'file_exists', params: { file: 'a.ts', $where: '1' } }, /params: unknown parameter "\$where" for file_exists; its parameters are file/],
    ['a dotted key', { type: 'file_exists', params: { file: 'a.ts', 'a.b': 'c' } }, /unknown parameter "a\.b"/],
    ['an operator object', { type: 'file_exists', params: { file: 'a.ts', o: { $gt: 1 } } }, /unknown parameter "o"/],
    ['120-deep nesting in a parameter', { type: 'file_exists', params: { file: nested(120) } }, /params\.file: Invalid input: expected string/],
    ['120-deep nesting in a JSON value', { type: 'config_value_matches', params: { file: 'a.json', key: 'k', equals: nested(120) } }, /params: params nest deeper than 32 levels/],
    ['a misspelt parameter', { type: 'file_exists', params: { path: 'x' } }, /params\.file: missing parameter.*unknown parameter "path" for file_exists/],
    ['a wrong value', { type: 'file_hash', params: { file: 'a', sha256: 'abc' } }, /params\.sha256: must be 64 hexadecimal digits/],
    ['a missing alternative', { type: 'pattern_absent', params: { pattern: 'eval' } }, /params: give exactly one of "file" or "files"/],
    ['an unknown type', { type: 'file_exist', params: { file: 'a' } }, /type: type must be one of: function_exists, /],
  ])('refuses %s with a 400 naming it, and stores nothing', async (_, assertion, message) => {
    const before = await stored();
    const { status, body } = await submit([{ controlId: 'C1', ...assertion }]);
    expect(status).toBe(400);
    expect(body.message).toMatch(message);
    expect(await stored()).toEqual(before);
  });

  it('refuses 100,000-deep nesting with a 400, not a stack overflow', async () => {
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const body = `{"assertions":[{"controlId":"C1","type":"config_value_matches","params":{"file":"a.json","key":"k","equals":${deep}}}]}`;
    const response = await app.request(`/api/models/${modelId}/assertions`, withKey(platform.keys.agent, { method: 'POST', body }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/params/);
  });

  it('saves nothing of a batch whose second assertion is refused', async () => {
    const before = await stored();
    const { status, body } = await submit([valid, { controlId: 'C1', type: 'file_exists', params: { $bad: 1 } }]);
    expect(status).toBe(400);
    expect(body.message).toMatch(/assertions\.1\.params/);
    expect(await stored()).toEqual(before);
  });

  it('gives a batch whose second id is already taken the free ids around it, and saves it whole', async () => {
    // A document already holding the id the second assertion would get: its insert is refused, and that number skipped.
    const next = (await counterHint(platform.database.db, `assertion-id/${platform.workspaceId}/${modelId}`)) + 2;
    await platform.database.db.collection<{ _id: string; [field: string]: unknown }>('assertions').insertOne({ _id: documentKey(platform.workspaceId, modelId, `X${next}`), workspaceId: platform.workspaceId, modelId, id: `X${next}`, deletedAt: new Date().toISOString() });
    const before = await stored();
    const { status, body } = await submit([
      { controlId: 'C1', type: 'file_exists', params: { file: 'first.ts' } },
      { controlId: 'C1', type: 'file_exists', params: { file: 'second.ts' } },
    ]);
    expect(status).toBe(201);
    expect(body.assertions!.map((a) => [a.id, a.status])).toEqual([[`X${next - 1}`, 'created'], [`X${next + 1}`, 'created']]);
    expect((await stored()).sort()).toEqual([...before, `X${next - 1}`, `X${next + 1}`].sort());
    // The document under the taken id is as it was.
    expect(await platform.database.db.collection('assertions').findOne({ _id: documentKey(platform.workspaceId, modelId, `X${next}`) } as never)).not.toHaveProperty('paramsJson');
  });

  it('stores keys the database would interpret as plain text, and reads them back unchanged', async () => {
    const equals = { $gt: 1, 'a.b': { $where: '1' } };
    const { status, body } = await submit([{ controlId: 'C1', type: 'config_value_matches', params: { file: 'config.json', key: 'limits', equals } }]);
    expect(status).toBe(201);
    const id = body.assertions![0]!.id;
    const raw = await platform.database.db.collection('assertions').findOne({ workspaceId: platform.workspaceId, modelId, id });
    expect(raw).toMatchObject({ paramsJson: '{"equals":{"$gt":1,"a.b":{"$where":"1"}},"file":"config.json","key":"limits"}' });
    expect(raw).not.toHaveProperty('params');
    const listed = await app.request(`/api/models/${modelId}/assertions`, withKey(platform.keys.agent));
    const found = ((await listed.json()) as { assertions: Array<{ id: string; params: unknown }> }).assertions.find((a) => a.id === id);
    expect(found?.params).toEqual({ file: 'config.json', key: 'limits', equals });
    // Re-submitting the same claim finds it by digest.
    expect((await submit([{ controlId: 'C1', type: 'config_value_matches', params: { file: 'config.json', key: 'limits', equals } }])).body.assertions).toEqual([expect.objectContaining({ id, status: 'existing' })]);
  });

  it('still reads documents stored with a params object (the shape before params became text)', async () => {
    const legacy = { workspaceId: platform.workspaceId, modelId, id: 'X900', type: 'file_exists', params: { path: 'legacy.ts' }, controlId: 'C1', aspects: [], digest: 'a'.repeat(64), createdAt: new Date().toISOString() };
    await platform.database.db.collection('assertions').insertOne({ ...legacy });
    const found = (await platform.stores.assertions.list(platform.workspaceId, modelId)).find((a) => a.id === 'X900');
    expect(found?.params).toEqual({ path: 'legacy.ts' });
  });

  it('gives the same refusal over MCP as an isError naming the parameter', async () => {
    const client = await inMemoryClient(platform, platform.keys.agent);
    const before = await stored();
    const answer = await callTool(client, 'submit_assertions', { modelId, assertions: [valid, { controlId: 'C1', type: 'file_exists', params: { path: 'x' } }] });
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(/unknown parameter "path" for file_exists; its parameters are file/);
    expect(answer.text).toMatch(/assertions\[1\]\.params/);
    expect(await stored()).toEqual(before);
    // The tool's input schema carries each type's own parameters, with their descriptions.
    const tool = (await client.listTools()).tools.find((t) => t.name === 'submit_assertions')!;
    const items = (tool.inputSchema.properties!.assertions as { items: { oneOf?: unknown[]; anyOf?: unknown[] } }).items;
    const variants = (items.oneOf ?? items.anyOf ?? []) as Array<{ properties: { type: { const: string }; params: { properties: Record<string, { description?: string }>; additionalProperties: boolean } } }>;
    const fileExists = variants.find((v) => v.properties.type.const === 'file_exists');
    expect(variants).toHaveLength(21);
    expect(fileExists?.properties.params.additionalProperties).toBe(false);
    expect(Object.keys(fileExists!.properties.params.properties)).toEqual(['file']);
    expect(fileExists!.properties.params.properties.file!.description).toMatch(/Project-relative path/);
    expect(tool.description).toContain('- pattern_absent(file | files, pattern, scope_start?, scope_end?, code_only?)');
    await client.close();
  });
});
