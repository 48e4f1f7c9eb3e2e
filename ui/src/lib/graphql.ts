// Typed GraphQL over fetch: documents come from graphql-codegen (ui/src/gql) as TypedDocumentString,
// so the bundle carries no GraphQL runtime. Queries go through TanStack Query (cache, refetch, retry).
import { useMutation, useQuery, type UseQueryOptions } from '@tanstack/react-query';
import { useAuth } from 'react-oidc-context';
import type { TypedDocumentString } from '../gql/graphql';
import { onUnauthenticated } from './auth';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly status: number,
  ) {
    super(message);
  }
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export async function requestGraphQL<R, V>(
  document: TypedDocumentString<R, V>,
  variables: V,
  token: string | undefined,
): Promise<R> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  let body: GraphQLResponse<R>;
  try {
    body = (await res.json()) as GraphQLResponse<R>;
  } catch {
    throw new ApiError(`the gateway answered HTTP ${res.status} without JSON`, undefined, res.status);
  }
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code, res.status);
  if (!body.data) throw new ApiError(`the gateway answered HTTP ${res.status} without data`, undefined, res.status);
  return body.data;
}

/** Rethrows an API error; a 401 (the token is refused) first starts renewal or sign-out (lib/auth.ts). */
function useRefusedToken(): (error: unknown) => never {
  const auth = useAuth();
  return (error) => {
    if (error instanceof ApiError && error.status === 401) onUnauthenticated(auth);
    throw error;
  };
}

/** The signed-in user's access token (undefined while signed out). */
export function useAccessToken(): string | undefined {
  return useAuth().user?.access_token;
}

const operationName = (document: TypedDocumentString<unknown, unknown>): string =>
  /(?:query|mutation)\s+(\w+)/.exec(document.toString())?.[1] ?? document.toString();

export function useGql<R, V>(
  document: TypedDocumentString<R, V>,
  variables: V,
  options: Omit<UseQueryOptions<R, ApiError>, 'queryKey' | 'queryFn'> = {},
) {
  const token = useAccessToken();
  const refused = useRefusedToken();
  return useQuery<R, ApiError>({
    queryKey: [operationName(document as TypedDocumentString<unknown, unknown>), variables],
    queryFn: () => requestGraphQL(document, variables, token).catch(refused),
    enabled: token !== undefined && (options.enabled ?? true),
    ...options,
  });
}

export function useGqlMutation<R, V>(document: TypedDocumentString<R, V>) {
  const token = useAccessToken();
  const refused = useRefusedToken();
  return useMutation<R, ApiError, V>({
    mutationFn: (variables) => requestGraphQL(document, variables, token).catch(refused),
  });
}

/** fetch with the user's token, for the gateway's REST routes (compliance report, uploads). */
export function useAuthorizedFetch(): (input: string, init?: RequestInit) => Promise<Response> {
  const token = useAccessToken();
  const auth = useAuth();
  return async (input, init = {}) => {
    const res = await fetch(input, {
      ...init,
      headers: { ...(init.headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    if (res.status === 401) onUnauthenticated(auth);
    return res;
  };
}
