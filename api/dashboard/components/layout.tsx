import type { Child } from 'hono/jsx';
import type { Session } from '../../../services/index.js';
import { CsrfField } from './csrf-field.js';

export interface ModelTab {
  modelId: string;
  title: string;
  current: 'model' | 'drift' | 'findings' | 'runs' | 'versions' | 'progress';
}

const TABS: Array<{ id: ModelTab['current']; label: string; path: string }> = [
  { id: 'model', label: 'Matrix & controls', path: '' },
  { id: 'drift', label: 'Drift', path: '/drift' },
  { id: 'findings', label: 'Findings', path: '/findings' },
  { id: 'runs', label: 'Runs', path: '/runs' },
  { id: 'versions', label: 'Versions', path: '/versions' },
  { id: 'progress', label: 'Generation', path: '/progress' },
];

function ModelNav({ tab }: { tab: ModelTab }) {
  const base = `/models/${encodeURIComponent(tab.modelId)}`;
  return (
    <nav class="tabs" aria-label={`Model ${tab.modelId}`}>
      <ul>
        {TABS.map((t) => (
          <li>
            <a href={`${base}${t.path}`} aria-current={t.id === tab.current ? 'page' : undefined}>
              {t.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Every page: skip link, header with the workspace and sign-out, optional model tabs, main. */
export function Layout(props: { title: string; session?: Session; model?: ModelTab; scripts?: readonly string[]; children: Child }) {
  const { session, model } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Assay`}</title>
        <link rel="stylesheet" href="/static/dashboard.css" />
        {(props.scripts ?? []).map((name) => (
          <script src={`/static/${name}`} defer />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <a class="brand" href="/">
            Assay
          </a>
          {session ? (
            <>
              <nav aria-label="Site">
                <ul>
                  <li>
                    <a href="/">Overview</a>
                  </li>
                  <li>
                    <a href="/settings">Policy</a>
                  </li>
                </ul>
              </nav>
              <p class="who">
                workspace <strong>{session.principal.workspaceId}</strong> · key {session.principal.keyId} ({session.principal.scopes.join(', ')})
              </p>
              <form method="post" action="/sign-out" class="sign-out">
                <CsrfField token={session.csrfToken} />
                <button type="submit">Sign out</button>
              </form>
            </>
          ) : null}
        </header>
        <main id="main" tabindex={-1}>
          {model ? (
            <p class="breadcrumb">
              <a href="/">Overview</a> › <a href={`/models/${encodeURIComponent(model.modelId)}`}>{model.modelId}</a> {model.title}
            </p>
          ) : null}
          {model ? <ModelNav tab={model} /> : null}
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}
