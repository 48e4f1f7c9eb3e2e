// Placeholder until its slice lands: the route exists so links and navigation resolve.
import { Title } from '@mantine/core';
export function DatasetPage() {
  return <Title order={1}>DatasetPage</Title>;
}
export function DatasetVersionRedirect() {
  return <Title order={1}>DatasetVersionRedirect</Title>;
}
