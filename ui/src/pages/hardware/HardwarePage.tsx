// Placeholder until its slice lands: the route exists so links and navigation resolve.
import { Title } from '@mantine/core';
export function HardwarePage() {
  return <Title order={1}>HardwarePage</Title>;
}
