// Placeholder until its slice lands: the route exists so links and navigation resolve.
import { Title } from '@mantine/core';
export function ModelPage() {
  return <Title order={1}>ModelPage</Title>;
}
export function ModelVersionRedirect() {
  return <Title order={1}>ModelVersionRedirect</Title>;
}
