import type { AssertionResult } from '../../../domain/schemas/verification.js';
import type { StoredAssertion } from '../../../store/index.js';
import { assertionVerdicts } from '../verdicts.js';
import { VerdictBadge, shortCommit, shortDigest } from './badges.js';

/** Evidence as `path:line` (or `path:start–end`) with the file's digest. */
export function Evidence({ result }: { result: AssertionResult | undefined }) {
  const evidence = [...(result?.tier1.evidence ?? []), ...(result?.tier2?.evidence ?? [])];
  if (evidence.length === 0) return <span class="muted">—</span>;
  return (
    <ul class="evidence">
      {evidence.map((e) => (
        <li>
          <code>
            {e.path}
            :{e.startLine}
            {e.endLine !== e.startLine ? `–${e.endLine}` : ''}
          </code>{' '}
          <abbr class="digest" title={`sha256 ${e.sha256}`}>
            sha256 {shortDigest(e.sha256)}
          </abbr>
        </li>
      ))}
    </ul>
  );
}

/** Assertions with their last verdict per tier, the commit it was reached at, and evidence. */
export function AssertionTable({ assertions, results, caption }: { assertions: readonly StoredAssertion[]; results: ReadonlyMap<string, AssertionResult>; caption: string }) {
  if (assertions.length === 0) return <p class="muted">No assertions submitted yet.</p>;
  return (
    <div class="scroll" role="region" aria-label={caption} tabindex={0}>
      <table class="data">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Assertion</th>
            <th scope="col">For</th>
            <th scope="col">Type</th>
            <th scope="col">Tier 1</th>
            <th scope="col">Tier 2</th>
            <th scope="col">Commit</th>
            <th scope="col">Evidence</th>
          </tr>
        </thead>
        <tbody>
          {assertions.map((a) => {
            const result = results.get(a.id);
            const v = assertionVerdicts(a, result);
            return (
              <tr id={`assertion-${a.id}`}>
                <th scope="row">{a.id}</th>
                <td>{a.controlId ?? a.assumptionId}</td>
                <td>
                  <code>{a.type}</code>
                  {a.description ? <div class="muted">{a.description}</div> : null}
                </td>
                <td>
                  <VerdictBadge verdict={v.tier1} />
                  {v.stale ? <div class="muted">changed since its last run</div> : null}
                </td>
                <td>
                  <VerdictBadge verdict={v.tier2} />
                </td>
                <td>{result && !v.stale ? <code>{shortCommit(result.commit)}</code> : <span class="muted">—</span>}</td>
                <td>{v.stale ? <span class="muted">—</span> : <Evidence result={result} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
