// Who is signed in, as the API sees it (`me`): username, roles and org drive navigation and actions.
import { createContext, useContext, type ReactNode } from 'react';
import { graphql } from '../gql';
import { useGql } from './graphql';
import { can, type Capability } from './roles';

const MeQuery = graphql(`
  query Me {
    me {
      username
      roles
      org {
        id
        name
        level
      }
    }
  }
`);

export interface Viewer {
  username: string;
  roles: string[];
  org: { id: string; name: string; level: string } | null;
}

const ViewerContext = createContext<Viewer | null>(null);

export function ViewerProvider({
  children,
  fallback,
}: {
  children: ReactNode;
  fallback: (error?: Error) => ReactNode;
}) {
  const me = useGql(MeQuery, {}, { staleTime: 5 * 60_000 });
  if (me.error) return fallback(me.error);
  if (!me.data) return fallback();
  return <ViewerContext.Provider value={me.data.me}>{children}</ViewerContext.Provider>;
}

export function useViewer(): Viewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error('useViewer outside ViewerProvider');
  return viewer;
}

export function useCan(capability: Capability): boolean {
  return can(useViewer().roles, capability);
}
