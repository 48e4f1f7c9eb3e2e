// Whom a project's tasks may be assigned to: a user of the realm (Keycloak, lib/auth/realm-users.ts)
// who may annotate (annotator, data-scientist or platform-admin) and whose org is the project's or one
// above it (an annotator of another org would see the project's items, which their org may not). Asked
// before the write's transaction, by username; an unknown or unfit name is refused naming it, nothing
// written. Keycloak not answering refuses the assignment too: an unchecked name is never written.
import type { Driver } from 'neo4j-driver';
import { ROLES, type Identity, type Role } from '../../lib/auth/identity.js';
import { realmUser, RealmUsersUnavailableError } from '../../lib/auth/realm-users.js';
import { viewerScope } from '../../lib/graph/visibility.js';
import { badInput, serviceUnavailable } from '../../lib/subgraph/errors.js';
import { mayAnnotate } from './shared.js';

export async function checkAnnotators(driver: Driver, projectOrg: string, usernames: string[]): Promise<void> {
  const problems: string[] = [];
  for (const username of usernames) {
    let user;
    try {
      user = await realmUser(username);
    } catch (error) {
      if (error instanceof RealmUsersUnavailableError)
        throw serviceUnavailable(`cannot check the annotators: ${error.message}`);
      throw error;
    }
    if (!user) {
      problems.push(`"${username}" is no user of the realm`);
      continue;
    }
    const identity: Identity = {
      sub: '',
      username: user.username,
      org: user.org ?? '',
      roles: user.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
    };
    if (!mayAnnotate(identity)) {
      problems.push(`${username} may not annotate (annotators, data scientists and platform admins may)`);
      continue;
    }
    const visible = user.org ? (await viewerScope(driver, identity)).visibleOrgs : [];
    if (!visible.includes(projectOrg))
      problems.push(`${username} belongs to org ${user.org ?? '(none)'}, not to ${projectOrg} or an org above it`);
  }
  if (problems.length > 0) throw badInput(`annotators: ${problems.slice(0, 5).join('; ')}`, 'annotators');
}
