// The model page's operations: the model with its versions' summary, then one version's detail (or
// two, to compare), so each request stays under the gateway's cost limit.
import { graphql } from '../../gql';

export const ModelPageModel = graphql(`
  query ModelPageModel($id: ID!) {
    model(id: $id) {
      id
      name
      description
      task
      tags
      archived
      createdAt
      createdBy
      owner {
        id
        name
      }
      sharedWith {
        id
        name
      }
      versions {
        id
        version
        framework
        metrics
        aliases
        integrity
        artifactSize
        createdAt
        createdBy
      }
    }
  }
`);

export const ModelPageVersion = graphql(`
  query ModelPageVersion($id: ID!) {
    modelVersion(id: $id) {
      id
      version
      format
      framework
      artifactDigest
      artifactSize
      integrity
      metrics
      aliases
      signature {
        inputs {
          name
          dtype
          shape
        }
        outputs {
          name
          dtype
          shape
        }
      }
      trainingRun {
        id
        status
        algorithm
        startedAt
        endedAt
        usedDatasetVersions {
          id
          version
          datasetId
          dataset {
            id
            name
          }
        }
      }
      evaluations {
        id
        kind
        status
        metrics
        rows
        at
        targetColumn
        usedDatasetVersions {
          id
          version
          datasetId
        }
      }
      deployments {
        id
        name
        status
        executionProvider
      }
    }
  }
`);

export const ModelPageVersionParent = graphql(`
  query ModelPageVersionParent($id: ID!) {
    modelVersion(id: $id) {
      id
      model {
        id
      }
    }
  }
`);
