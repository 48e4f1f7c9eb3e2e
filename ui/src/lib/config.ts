// What the gateway tells the portal about its deployment (gateway/portal.ts): Keycloak's issuer URL and
// the OIDC client to sign in with. Nothing here is a secret.
export interface PortalConfig {
  /** OIDC issuer, e.g. http://127.0.0.1:8080/realms/plinth */
  authority: string;
  clientId: string;
}

export async function loadPortalConfig(): Promise<PortalConfig> {
  const res = await fetch('/portal-config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`/portal-config.json answered HTTP ${res.status}: is the gateway running?`);
  return (await res.json()) as PortalConfig;
}
