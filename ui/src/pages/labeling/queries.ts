// The labeling pages' operations (issue #19 contract). Lists are kept short: the gateway prices every
// list (GRAPHQL_MAX_COST), so tasks come a page at a time and the workspace asks for one task.
import { graphql } from '../../gql';

export const LabelingListProjects = graphql(`
  query LabelingListProjects($after: String) {
    labelingProjects(first: 30, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          taskType
          status
          overlap
          viewerCanAnnotate
          viewerCanReview
          owner {
            id
            name
          }
          progress {
            total
            open
            inReview
            accepted
          }
          nextTask {
            id
          }
          myOpen: tasks(assignedToMe: true, status: OPEN, first: 1) {
            totalCount
          }
        }
      }
    }
  }
`);

export const LabelingProjectPageProject = graphql(`
  query LabelingProjectPageProject($id: ID!) {
    labelingProject(id: $id) {
      id
      name
      description
      taskType
      textColumn
      overlap
      status
      createdBy
      createdAt
      viewerCanAnnotate
      viewerCanReview
      labels {
        value
        name
        nameEn
        hotkey
      }
      owner {
        id
        name
      }
      sourceVersion {
        id
        version
        datasetId
        dataset {
          id
          name
        }
      }
      labelDataset {
        id
        name
      }
      progress {
        total
        open
        inReview
        accepted
      }
      agreement {
        measure
        value
        tasksCompared
        pairs
      }
      nextTask {
        id
      }
      snapshots {
        id
        taskCount
        annotators
        reviewers
        createdBy
        createdAt
        version {
          id
          version
          datasetId
        }
      }
    }
  }
`);

export const LabelingProjectTasks = graphql(`
  query LabelingProjectTasks($id: ID!, $status: LabelTaskStatus, $assignedToMe: Boolean, $first: Int!, $after: String) {
    labelingProject(id: $id) {
      id
      tasks(status: $status, assignedToMe: $assignedToMe, first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            item
            text
            itemUrl
            status
            batch
            assignees
            agreement
            finalValue
            reviewDecision
            reviewedBy
            myAnnotation {
              id
            }
            annotations {
              id
              annotator
              value
              submittedAt
              fromSuggestion
            }
          }
        }
      }
    }
  }
`);

export const LabelingTask = graphql(`
  query LabelingTask($id: ID!) {
    labelTask(id: $id) {
      id
      item
      text
      status
      itemUrl
      agreement
      finalValue
      reviewDecision
      reviewedBy
      myAnnotation {
        id
        value
        submittedAt
        fromSuggestion
      }
      annotations {
        id
        annotator
        value
        submittedAt
        fromSuggestion
      }
      suggestion {
        value
        confidence
        modelVersionId
      }
    }
  }
`);

export const LabelingSubmit = graphql(`
  mutation LabelingSubmit($taskId: ID!, $value: String!, $fromSuggestion: Boolean) {
    submitAnnotation(taskId: $taskId, value: $value, fromSuggestion: $fromSuggestion) {
      id
      value
      submittedAt
    }
  }
`);

export const LabelingReview = graphql(`
  mutation LabelingReview($taskId: ID!, $decision: LabelReviewDecision!, $value: String) {
    reviewLabelTask(taskId: $taskId, decision: $decision, value: $value) {
      id
      status
      finalValue
      reviewDecision
      reviewedBy
    }
  }
`);

export const LabelingAcceptSnapshot = graphql(`
  mutation LabelingAcceptSnapshot($projectId: ID!) {
    acceptLabelSnapshot(projectId: $projectId) {
      id
      taskCount
      version {
        id
        version
        datasetId
      }
    }
  }
`);

export const LabelingExport = graphql(`
  query LabelingExport($projectId: ID!, $format: LabelFormat!) {
    exportLabels(projectId: $projectId, format: $format)
  }
`);

export const LabelingImport = graphql(`
  mutation LabelingImport($projectId: ID!, $format: LabelFormat!, $content: String!) {
    importLabels(projectId: $projectId, format: $format, content: $content) {
      imported
    }
  }
`);

export const LabelingCreate = graphql(`
  mutation LabelingCreate($input: CreateLabelingProjectInput!) {
    createLabelingProject(input: $input) {
      id
    }
  }
`);

export const LabelingSourceDatasets = graphql(`
  query LabelingSourceDatasets($q: String!) {
    search(query: $q, kinds: [DATASET], first: 20) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export const LabelingSourceVersions = graphql(`
  query LabelingSourceVersions($id: ID!) {
    dataset(id: $id) {
      id
      versions {
        id
        version
        format
        rowCount
        integrity
      }
    }
  }
`);

export const LabelingSourceColumns = graphql(`
  query LabelingSourceColumns($id: ID!) {
    datasetVersion(id: $id) {
      id
      rows(first: 1) {
        columns
      }
    }
  }
`);

export const LabelingMyTasks = graphql(`
  query LabelingMyTasks($id: ID!) {
    labelingProject(id: $id) {
      id
      tasks(assignedToMe: true, first: 100) {
        totalCount
        edges {
          node {
            id
            status
            myAnnotation {
              id
            }
          }
        }
      }
    }
  }
`);
