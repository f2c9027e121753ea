import { describe, expect, it } from 'vitest';
import { SecurityPropertySchema } from '../../../domain/schemas/threat-model.js';
import { buildCatalogue, loadCatalogue, matchTechnologies } from './catalogue.js';
import { TechnologySchema } from './catalogue-schema.js';

const catalogue = loadCatalogue();
const ids = (text: string) => matchTechnologies(catalogue, text).map((t) => t.id);

describe('offline catalogue', () => {
  it('covers the technologies issue 4 names, one data file each', () => {
    const expected = [
      'authentication', 'passwords', 'jwt', 'oauth-oidc', 'sessions', 'mfa', 'file-upload', 'object-storage',
      'presigned-urls', 'sql-database', 'document-database', 'payments', 'personal-data', 'admin-interface', 'webhooks',
      'third-party-api', 'message-queue', 'secrets', 'logging', 'multi-tenancy', 'llm-features', 'mobile-client', 'browser-client',
    ];
    expect(catalogue.technologies.map((t) => t.id)).toEqual(expect.arrayContaining(expected));
  });

  it('has, for every security property, a fallback control open to every asset and attacker', () => {
    const fallbacks = catalogue.technologies.flatMap((t) => t.controls).filter((c) => c.fallback && c.assets === '*' && c.capabilities === '*');
    for (const property of SecurityPropertySchema.options) {
      expect(fallbacks.some((c) => c.properties.includes(property)), property).toBe(true);
    }
  });

  it('gives every control verification criteria and every asset at least one property', () => {
    for (const control of catalogue.controls.values()) expect(control.criteria.length, control.key).toBeGreaterThan(0);
    for (const asset of catalogue.assets.values()) expect(asset.properties.length, asset.key).toBeGreaterThan(0);
  });

  it('matches whole words, plurals and hyphenated spellings, and follows implications', () => {
    expect(ids('file uploads to S3 and pre-signed download URLs')).toEqual(
      expect.arrayContaining(['file-upload', 'object-storage', 'presigned-urls']),
    );
    expect(ids('JWT bearer tokens')).toEqual(expect.arrayContaining(['jwt', 'authentication']));
    expect(ids('presigned links')).toContain('object-storage');
    // "rest" inside "at rest" is not a REST API; "log in" is not logging.
    expect(ids('data encrypted at rest; users log in')).not.toEqual(expect.arrayContaining(['web-api']));
    expect(ids('users log in')).not.toContain('logging');
    expect(ids('anything at all')).toEqual(['base']);
  });

  it('leaves out password login for SSO unless the text names passwords too', () => {
    expect(ids('A REST API with JWT authentication')).toContain('passwords');
    expect(ids('A web app with SSO via OIDC')).not.toContain('passwords');
    expect(ids('A web app with SSO via OIDC and a password fallback')).toContain('passwords');
  });

  it('refuses a data file whose references do not resolve or whose keys collide', () => {
    const tech = (over: object) => TechnologySchema.parse({ id: 'x', name: 'X', match: [], ...over });
    const control = { key: 'c', name: 'C', description: 'd', criteria: ['k'], assets: ['missing'], capabilities: '*', properties: ['C'] };
    expect(() => buildCatalogue([tech({ controls: [control] })])).toThrow(/unknown key "missing"/);
    const asset = { key: 'a', name: 'A', description: 'd', properties: ['C'], impact: 'H', zone: 'z', behind: ['b'] };
    const boundary = { key: 'b', name: 'B', description: 'd' };
    expect(() => buildCatalogue([tech({ assets: [asset], boundaries: [boundary] }), tech({ id: 'y', assets: [asset] })])).toThrow(/defined by both x and y/);
    expect(() => buildCatalogue([tech({ assets: [asset] })])).toThrow(/asset a behind refers to unknown key "b"/);
    expect(() => buildCatalogue([tech({ implies: ['nowhere'] })])).toThrow(/implies refers to unknown key/);
  });
});
