// GraphQL errors with the extension codes clients branch on.
import { GraphQLError } from 'graphql';

export const forbidden = (message: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });

export const badInput = (message: string, field?: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}) } });

export const notFound = (message: string, field?: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code: 'NOT_FOUND', ...(field ? { field } : {}) } });

export const unauthenticated = (message: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
