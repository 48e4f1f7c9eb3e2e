// The Plinth portal: signs in with Keycloak (OIDC authorization code flow with PKCE, public client
// plinth-portal) and talks to the gateway with the access token. No build step, no dependencies.
const KEYCLOAK = `${location.protocol}//${location.hostname}:8080/realms/plinth/protocol/openid-connect`;
const CLIENT_ID = 'plinth-portal';
const REDIRECT = `${location.origin}/`;
const $ = (id) => document.getElementById(id);

const base64url = (bytes) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const randomString = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

async function login() {
  const verifier = randomString();
  const state = randomString();
  sessionStorage.setItem('pkce', JSON.stringify({ verifier, state }));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const params = new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: 'code',
    scope: 'openid',
    redirect_uri: REDIRECT,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  location.assign(`${KEYCLOAK}/auth?${params}`);
}

async function completeLogin() {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code) return;
  const saved = JSON.parse(sessionStorage.getItem('pkce') ?? '{}');
  history.replaceState(null, '', '/');
  if (params.get('state') !== saved.state) throw new Error('sign-in state mismatch; try again');
  const res = await fetch(`${KEYCLOAK}/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: CLIENT_ID,
      code,
      redirect_uri: REDIRECT,
      code_verifier: saved.verifier,
    }),
  });
  if (!res.ok) throw new Error(`token exchange failed: HTTP ${res.status}`);
  const tokens = await res.json();
  sessionStorage.setItem('tokens', JSON.stringify(tokens));
}

const token = () => JSON.parse(sessionStorage.getItem('tokens') ?? 'null')?.access_token;

async function graphql(query, variables) {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token()}` },
    body: JSON.stringify({ query, variables }),
  });
  if (res.status === 401) {
    sessionStorage.removeItem('tokens');
    throw new Error('session expired; sign in again');
  }
  return res.json();
}

async function refresh() {
  const signedIn = Boolean(token());
  $('login').hidden = signedIn;
  $('logout').hidden = !signedIn;
  if (!signedIn) return;
  const { data, errors } = await graphql(
    '{ me { username roles org { name } } datasets(first: 50) { edges { node { name createdBy createdAt owner { name } } } } }',
  );
  if (errors) $('result').textContent = JSON.stringify(errors, null, 2);
  if (!data) return;
  $('who').textContent = `${data.me.username} · ${data.me.org?.name ?? ''} · ${data.me.roles.join(', ')}`;
  const rows = data.datasets.edges.map(({ node }) => {
    const tr = document.createElement('tr');
    for (const text of [node.name, node.owner?.name ?? '', node.createdBy, node.createdAt.slice(0, 19)]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  });
  $('datasets').tBodies[0].replaceChildren(...rows);
}

$('login').onclick = () => void login();
$('logout').onclick = () => {
  sessionStorage.removeItem('tokens');
  location.assign(
    `${KEYCLOAK}/logout?${new URLSearchParams({ client_id: CLIENT_ID, post_logout_redirect_uri: REDIRECT })}`,
  );
};
$('run').onclick = async () => {
  $('result').textContent = JSON.stringify(await graphql($('query').value), null, 2);
};
$('register').onclick = async () => {
  const result = await graphql('mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }', {
    input: { name: $('name').value },
  });
  $('register-result').textContent = result.errors
    ? result.errors[0].message
    : `registered ${result.data.registerDataset.id}`;
  await refresh();
};

completeLogin()
  .then(refresh)
  .catch((error) => {
    $('result').textContent = String(error.message ?? error);
  });
