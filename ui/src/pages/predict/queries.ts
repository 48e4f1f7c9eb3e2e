// The playground's GraphQL: the deployment or service to call (with the model signature that shapes the
// form), and the predict mutation with what the serving host measured.
import { graphql } from '../../gql';

// What the playground needs of the version behind a deployment, whether called directly or through a
// service's routes: its model (for links) and the signature the form is built from.
export const PredictPageModelVersion = graphql(`
  fragment PredictPageModelVersion on ModelVersion {
    id
    version
    model {
      id
      name
    }
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
  }
`);

export const PredictPageDeployment = graphql(`
  query PredictPageDeployment($id: ID!) {
    deployment(id: $id) {
      id
      name
      status
      executionProvider
      modelVersion {
        ...PredictPageModelVersion
      }
    }
  }
`);

export const PredictPageService = graphql(`
  query PredictPageService($id: ID!) {
    service(id: $id) {
      id
      name
      kind
      routes {
        weight
        deployment {
          id
          name
          status
          modelVersion {
            ...PredictPageModelVersion
          }
        }
      }
    }
  }
`);

export const PredictPageRun = graphql(`
  mutation PredictPageRun($deploymentId: ID, $serviceId: ID, $inputs: JSON!) {
    predict(deploymentId: $deploymentId, serviceId: $serviceId, inputs: $inputs) {
      deploymentId
      serviceId
      outputs
      latencyMs
      executionProvider
      fallbackReason
    }
  }
`);
