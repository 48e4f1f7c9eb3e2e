// The portal's entry: reads where Keycloak is from the gateway (/portal-config.json), then renders the app.
import '@mantine/core/styles.css';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadPortalConfig } from './lib/config';

const root = createRoot(document.getElementById('root')!);
loadPortalConfig().then(
  (config) => root.render(<App config={config} />),
  (error: unknown) => {
    root.render(
      <main style={{ fontFamily: 'sans-serif', padding: 32 }}>
        <h1>Plinth could not start</h1>
        <p role="alert">{error instanceof Error ? error.message : String(error)}</p>
      </main>,
    );
  },
);
