// The realm file is data the gateway's authorization depends on; check the parts it relies on.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { realmFile } from './keycloak.js';

interface Mapper {
  protocolMapper: string;
  config: Record<string, string>;
}
interface Client {
  clientId: string;
  publicClient?: boolean;
  bearerOnly?: boolean;
  secret?: string;
  attributes?: Record<string, string>;
  redirectUris?: string[];
  protocolMappers?: Mapper[];
  directAccessGrantsEnabled?: boolean;
  serviceAccountsEnabled?: boolean;
}
interface User {
  username: string;
  realmRoles: string[];
  attributes: { org: string[] };
  clientRoles?: Record<string, string[]>;
  serviceAccountClientId?: string;
  credentials?: { value: string; temporary: boolean }[];
}

const realm = JSON.parse(readFileSync(realmFile, 'utf8')) as {
  realm: string;
  roles: { realm: { name: string }[] };
  users: User[];
  clients: Client[];
  components: Record<string, { config: Record<string, string[]> }[]>;
};

describe('deploy/keycloak/realm-plinth.json', () => {
  it('defines the plinth realm and its eight roles', () => {
    assert.equal(realm.realm, 'plinth');
    assert.deepEqual(realm.roles.realm.map((r) => r.name).sort(), [
      'annotator',
      'approver',
      'compliance-officer',
      'data-scientist',
      'dispatcher',
      'ml-engineer',
      'platform-admin',
      'viewer',
    ]);
  });

  it('gives every user a role and an org, and a permanent password', () => {
    const byName = new Map(realm.users.map((u) => [u.username, u]));
    assert.deepEqual(byName.get('scientist.jiangsu')?.attributes.org, ['jiangsu']);
    assert.deepEqual(byName.get('viewer.zhejiang')?.attributes.org, ['zhejiang']);
    assert.deepEqual(byName.get('annotator2')?.realmRoles, ['default-roles-plinth', 'annotator']);
    assert.deepEqual(byName.get('annotator')?.attributes.org, ['hq']);
    assert.ok(byName.get('admin')?.realmRoles.includes('platform-admin'));
    for (const user of realm.users) {
      if (user.serviceAccountClientId === 'plinth-gateway') continue;
      assert.equal(user.attributes.org.length, 1, user.username);
      if (!user.serviceAccountClientId)
        assert.deepEqual(
          user.credentials?.map((c) => c.temporary),
          [false],
          user.username,
        );
    }
    // Two service accounts, least privilege, never admin or approver: the worker's, and the gateway's,
    // which only looks up users (the annotators a project's owner names): realm-management's view-users,
    // no Plinth role and no org, so a token of it sees nothing of Plinth's.
    assert.deepEqual(
      realm.users.filter((u) => u.serviceAccountClientId).map((u) => u.serviceAccountClientId),
      ['plinth-gateway', 'plinth-worker'],
    );
    const gateway = realm.users.find((u) => u.serviceAccountClientId === 'plinth-gateway');
    assert.deepEqual(gateway?.realmRoles, ['default-roles-plinth']);
    assert.deepEqual(gateway?.clientRoles, { 'realm-management': ['view-users'] });
    assert.equal(gateway?.attributes, undefined);
    const worker = realm.users.find((u) => u.serviceAccountClientId === 'plinth-worker');
    assert.deepEqual(worker?.realmRoles, ['default-roles-plinth', 'ml-engineer']);
    assert.deepEqual(worker?.attributes.org, ['hq']);
  });

  it('declares org in the user profile so Keycloak keeps it, editable by admins only', () => {
    const [provider] = realm.components['org.keycloak.userprofile.UserProfileProvider'] ?? [];
    const profile = JSON.parse(provider?.config['kc.user.profile.config']?.[0] ?? '{}') as {
      attributes: { name: string; permissions: { edit: string[] } }[];
    };
    const org = profile.attributes.find((a) => a.name === 'org');
    assert.deepEqual(org?.permissions.edit, ['admin']);
  });

  it('puts org and the plinth-gateway audience into tokens of the clients users log in with', () => {
    for (const id of ['plinth-portal', 'plinth-cli', 'plinth-worker']) {
      const mappers = realm.clients.find((c) => c.clientId === id)?.protocolMappers ?? [];
      assert.ok(
        mappers.some((m) => m.protocolMapper === 'oidc-usermodel-attribute-mapper' && m.config['claim.name'] === 'org'),
        id,
      );
      assert.ok(
        mappers.some(
          (m) =>
            m.protocolMapper === 'oidc-audience-mapper' && m.config['included.client.audience'] === 'plinth-gateway',
        ),
        id,
      );
    }
  });

  it('configures the four clients as documented: people use public clients, services confidential ones', () => {
    const client = (id: string): Client | undefined => realm.clients.find((c) => c.clientId === id);
    assert.deepEqual(realm.clients.map((c) => c.clientId).sort(), [
      'plinth-cli',
      'plinth-gateway',
      'plinth-portal',
      'plinth-worker',
    ]);
    assert.equal(client('plinth-portal')?.publicClient, true);
    // Exact origins: a loopback entry without a port (http://127.0.0.1/*) lets Keycloak send the code
    // of a signed-in user to any local port (RFC 8252 loopback rule), i.e. to any local process.
    assert.deepEqual(client('plinth-portal')?.redirectUris, ['http://localhost:4000/*', 'http://127.0.0.1:4000/*']);
    assert.equal(client('plinth-portal')?.attributes?.['pkce.code.challenge.method'], 'S256');
    assert.equal(client('plinth-cli')?.publicClient, true);
    assert.equal(client('plinth-cli')?.secret, undefined);
    assert.equal(client('plinth-cli')?.serviceAccountsEnabled, false);
    assert.equal(client('plinth-cli')?.directAccessGrantsEnabled, true);
    assert.equal(client('plinth-cli')?.attributes?.['oauth2.device.authorization.grant.enabled'], 'true');
    // Confidential clients' secrets are generated at first start and reach the import as placeholders.
    assert.equal(client('plinth-gateway')?.publicClient, false);
    assert.equal(client('plinth-gateway')?.secret, '${KEYCLOAK_GATEWAY_SECRET}');
    assert.equal(client('plinth-worker')?.secret, '${KEYCLOAK_WORKER_SECRET}');
    assert.equal(client('plinth-worker')?.serviceAccountsEnabled, true);
    assert.equal(client('plinth-worker')?.directAccessGrantsEnabled, false);
    const principal = client('plinth-worker')?.protocolMappers?.find(
      (m) => m.protocolMapper === 'oidc-hardcoded-claim-mapper',
    );
    assert.deepEqual(
      [principal?.config['claim.name'], principal?.config['claim.value']],
      ['plinth_principal', 'service'],
    );
    // No secret of any client is written in the file.
    for (const c of realm.clients)
      if (c.secret !== undefined) assert.match(c.secret, /^\$\{KEYCLOAK_[A-Z_]+_SECRET\}$/, c.clientId);
  });
});
