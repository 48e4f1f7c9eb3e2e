// Placeholder until its slice lands: the route exists so links and navigation resolve.
import { Title } from '@mantine/core';
export function DeploymentPage() {
  return <Title order={1}>DeploymentPage</Title>;
}
