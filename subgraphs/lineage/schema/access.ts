// Who may use this subgraph: compliance officers (platform admins pass every role check). Org
// visibility still applies inside every query.
import type { Role } from '../../../lib/auth/identity.js';

export const COMPLIANCE: { role: Role } = { role: 'compliance-officer' };
