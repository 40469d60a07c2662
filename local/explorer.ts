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

const DEFAULT_QUERY = `# Liên Thông, local. Choose the caller in the bar above;
# Docs (book icon, left) lists every query and mutation.
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

/**
 * The explorer page. A picker above GraphiQL chooses whose demo token goes in the Authorization
 * header (pre-filled with the first); choosing another remounts GraphiQL with that header.
 */
export function explorerPage(graphqlPath: string, identities: readonly ExplorerIdentity[]): string {
  const config = JSON.stringify({ url: graphqlPath, identities, query: DEFAULT_QUERY }).replaceAll('<', '\\u003c');
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
    const fetcher = GraphiQL.createFetcher({ url: config.url });
    function render() {
      const { token } = config.identities[Number(who.value)];
      const headers = JSON.stringify({ Authorization: 'Bearer ' + token }, null, 2);
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
