import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The in-browser GraphQL explorer (GraphiQL 3 with React 18), served from node_modules so it works
 * offline: no CDN, nothing fetched from outside this machine.
 */
const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

const ASSETS: Readonly<Record<string, { file: () => string; type: string }>> = {
  'react.js': { file: () => join(packageDir('react'), 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.js': { file: () => join(packageDir('react-dom'), 'umd/react-dom.production.min.js'), type: 'text/javascript' },
  'graphiql.js': { file: () => join(packageDir('graphiql'), 'graphiql.min.js'), type: 'text/javascript' },
  'graphiql.css': { file: () => join(packageDir('graphiql'), 'graphiql.min.css'), type: 'text/css' },
};

export const EXPLORER_PATH = '/explorer/';

const DEFAULT_QUERY = `# Liên Thông, local. Choose the caller in the bar above: a demo officer
# (POST /graphql with their token) or "the public" (POST /public/graphql, no
# token: the status lookup and the catalog only). The README's "GraphQL by
# example" runs here step by step. Docs (book icon, left) lists every operation.
query WhoAmI {
  me {
    id
    name
    roles
    agency { code name oneStopName }
  }
}
`;

/** An explorer asset by its name under /explorer/, or undefined for any other name. */
export async function explorerAsset(name: string): Promise<{ body: Buffer; type: string } | undefined> {
  const asset = ASSETS[name];
  return asset ? { body: await readFile(asset.file()), type: asset.type } : undefined;
}

export interface ExplorerIdentity {
  label: string;
  token: string;
}

/** The last choice of the picker: no token, the public endpoint. */
const PUBLIC_LABEL = 'the public: no token, POST /public/graphql (status lookup, catalog)';

/**
 * The explorer page. A picker above GraphiQL chooses whose demo token goes in the Authorization
 * header (pre-filled with the first), or the public endpoint without a token; choosing another
 * remounts GraphiQL with that header and endpoint.
 */
export function explorerPage(graphqlPath: string, identities: readonly ExplorerIdentity[], publicPath?: string): string {
  const choices = [
    ...identities.map((identity) => ({ label: identity.label, token: identity.token, url: graphqlPath })),
    ...(publicPath ? [{ label: PUBLIC_LABEL, token: null, url: publicPath }] : []),
  ];
  const config = JSON.stringify({ identities: choices, query: DEFAULT_QUERY }).replaceAll('<', '\\u003c');
  return `<!doctype html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <title>Liên Thông · GraphQL explorer (local)</title>
  <link rel="stylesheet" href="${EXPLORER_PATH}graphiql.css">
  <style>
    body { margin: 0; height: 100vh; display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
    #identity { padding: 6px 12px; background: #0b3d91; color: #fff; font-size: 14px; }
    #identity select { margin-left: 8px; }
    #graphiql { flex: 1; min-height: 0; }
  </style>
</head>
<body>
  <div id="identity">Liên Thông local · call as <select id="who"></select></div>
  <div id="graphiql">Loading the explorer…</div>
  <script src="${EXPLORER_PATH}react.js"></script>
  <script src="${EXPLORER_PATH}react-dom.js"></script>
  <script src="${EXPLORER_PATH}graphiql.js"></script>
  <script>
    const config = ${config};
    const who = document.getElementById('who');
    config.identities.forEach((identity, index) => who.add(new Option(identity.label, String(index))));
    const root = ReactDOM.createRoot(document.getElementById('graphiql'));
    function render() {
      const { token, url } = config.identities[Number(who.value)];
      const headers = JSON.stringify(token ? { Authorization: 'Bearer ' + token } : {}, null, 2);
      const fetcher = GraphiQL.createFetcher({ url });
      root.render(React.createElement(GraphiQL, {
        key: who.value, fetcher, defaultQuery: config.query, defaultHeaders: headers, shouldPersistHeaders: false,
        defaultEditorToolsVisibility: 'headers',
      }));
    }
    who.addEventListener('change', render);
    render();
  </script>
</body>
</html>`;
}
