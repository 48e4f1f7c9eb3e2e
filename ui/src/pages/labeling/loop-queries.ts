// Operations of the project page's two loops (issue #19): pre-annotation with a deployed model and
// active learning. Runs are read per project and polled while one is RUNNING.
import { graphql } from '../../gql';

export const LabelingPreAnnotateServices = graphql(`
  query LabelingPreAnnotateServices {
    services(first: 100) {
      edges {
        node {
          id
          name
          kind
        }
      }
    }
  }
`);

export const LabelingPreAnnotationRuns = graphql(`
  query LabelingPreAnnotationRuns($id: ID!) {
    labelingProject(id: $id) {
      id
      preAnnotationRuns {
        id
        serviceId
        modelVersionId
        status
        total
        done
        failed
        failures {
          taskId
          item
          error
        }
        error
        createdBy
        createdAt
        endedAt
      }
    }
  }
`);

export const LabelingPreAnnotate = graphql(`
  mutation LabelingPreAnnotate($projectId: ID!, $serviceId: ID!) {
    preAnnotate(projectId: $projectId, serviceId: $serviceId) {
      id
      status
    }
  }
`);

export const LabelingActiveLearningRuns = graphql(`
  query LabelingActiveLearningRuns($id: ID!) {
    labelingProject(id: $id) {
      id
      activeLearningRuns {
        id
        status
        stopReason
        error
        strategy
        diversity
        batchSize
        budget
        plateauRounds
        plateauEpsilon
        evalSize
        annotators
        labels
        createdBy
        createdAt
        endedAt
        rounds {
          round
          labels
          baselineLabels
          accuracy
          baselineAccuracy
          evaluated
          pool
          batch
          stopReason
        }
      }
    }
  }
`);

export const LabelingStartActiveLearning = graphql(`
  mutation LabelingStartActiveLearning($projectId: ID!, $input: StartActiveLearningInput!) {
    startActiveLearning(projectId: $projectId, input: $input) {
      id
      status
    }
  }
`);

export const LabelingCancelActiveLearning = graphql(`
  mutation LabelingCancelActiveLearning($id: ID!) {
    cancelActiveLearning(id: $id) {
      id
      status
    }
  }
`);
