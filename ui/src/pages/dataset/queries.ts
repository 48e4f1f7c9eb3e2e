// The dataset page's operations. Kept small: the gateway prices every list (GRAPHQL_MAX_COST), so the
// page asks for the selected version's profile and rows separately from the dataset and its versions.
import { graphql } from '../../gql';

export const DatasetPageDataset = graphql(`
  query DatasetPageDataset($id: ID!) {
    dataset(id: $id) {
      id
      name
      description
      tags
      archived
      createdAt
      createdBy
      owner {
        id
        name
        parent {
          id
          parent {
            id
          }
        }
      }
      sharedWith {
        id
        name
      }
      models {
        id
        name
        task
      }
      versions {
        id
        version
        contentHash
        size
        rowCount
        format
        origin
        integrity
        profileStatus
        createdAt
        createdBy
      }
    }
  }
`);

export const DatasetPageVersion = graphql(`
  query DatasetPageVersion($id: ID!) {
    datasetVersion(id: $id) {
      id
      version
      datasetId
      profileStatus
      profileError
      profile
      sourceUri
      derivedFrom {
        id
        version
        datasetId
        dataset {
          id
          name
        }
      }
      recipe {
        id
        name
        status
        sql
        workflowId
      }
    }
  }
`);

export const DatasetPageRows = graphql(`
  query DatasetPageRows($id: ID!, $first: Int!, $after: String) {
    datasetVersion(id: $id) {
      id
      rows(first: $first, after: $after) {
        columns
        rows
        totalCount
        endCursor
        hasNextPage
      }
    }
  }
`);

export const DatasetPageVersionParent = graphql(`
  query DatasetPageVersionParent($id: ID!) {
    datasetVersion(id: $id) {
      id
      datasetId
    }
  }
`);

export const DatasetPageShare = graphql(`
  mutation DatasetPageShare($id: ID!, $orgId: ID!) {
    shareDataset(id: $id, orgId: $orgId) {
      id
      sharedWith {
        id
        name
      }
    }
  }
`);
