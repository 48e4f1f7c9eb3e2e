import { builder } from '../builder.js';
import { DEPLOYMENT_STATUSES } from '../repository/deployment-store.js';

export const DeploymentStatus = builder.enumType('DeploymentStatus', {
  description: 'PENDING until the inference runtime has loaded it; READY or FAILED after; STOPPED on request.',
  values: DEPLOYMENT_STATUSES,
});
