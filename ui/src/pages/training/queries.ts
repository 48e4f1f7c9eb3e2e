// The training pages' operations (names prefixed by page: they are unique across the app).
import { graphql } from '../../gql';

/** What the forms offer: the API's own statement of what startTraining and startAutoML accept. */
export const TrainingFormOptions = graphql(`
  query TrainingFormOptions {
    trainingOptions {
      algorithms {
        name
        tasks
        params {
          name
          type
          default
          min
          minExclusive
          max
          description
        }
      }
      tasks {
        name
        algorithms
        metrics
        minimizedMetrics
        defaultSpace {
          algorithm
          params
        }
      }
      automl {
        trials {
          min
          max
        }
        concurrency {
          min
          max
        }
        strategies
        defaultTestFraction
        defaultValidationFraction
      }
    }
  }
`);

export const TrainingPanelVersion = graphql(`
  query TrainingPanelVersion($id: ID!) {
    datasetVersion(id: $id) {
      id
      integrity
      profile
      dataset {
        id
        models {
          id
          name
        }
      }
      trainingRuns(first: 5) {
        id
        status
        algorithm
        startedAt
      }
      autoMLStudies(first: 5) {
        id
        status
        metric
        startedAt
      }
    }
  }
`);

export const TrainingPanelModels = graphql(`
  query TrainingPanelModels {
    models(first: 50) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export const TrainingFormStart = graphql(`
  mutation TrainingFormStart($input: StartTrainingInput!) {
    startTraining(input: $input) {
      id
      status
    }
  }
`);

export const AutoMLFormStart = graphql(`
  mutation AutoMLFormStart($input: StartAutoMLInput!) {
    startAutoML(input: $input) {
      id
      status
    }
  }
`);

export const TrainingRunPageRun = graphql(`
  query TrainingRunPageRun($id: ID!) {
    trainingRun(id: $id) {
      id
      status
      algorithm
      params
      metrics
      startedAt
      endedAt
      workflowId
      progress {
        step
        percent
      }
      error {
        step
        code
        message
      }
      log {
        time
        step
        level
        message
      }
      usedDatasetVersions {
        id
        version
        datasetId
        dataset {
          id
          name
        }
      }
      generated {
        id
        version
        model {
          id
          name
        }
      }
      study {
        id
        metric
      }
    }
  }
`);

export const AutoMLStudyPageStudy = graphql(`
  query AutoMLStudyPageStudy($id: ID!) {
    autoMLStudy(id: $id) {
      id
      status
      metric
      strategy
      settings
      startedAt
      endedAt
      testMetrics
      error {
        step
        code
        message
      }
      progress {
        phase
        rung
        rungs
        completedTrials
        totalTrials
      }
      trials {
        index
        status
        rung
        validationScore
        error {
          step
          code
          message
        }
        run {
          id
          algorithm
          params
        }
        curve {
          rung
          trainingRows
          score
        }
      }
      bestRun {
        id
        algorithm
      }
      modelVersion {
        id
        version
        model {
          id
          name
        }
      }
    }
  }
`);
