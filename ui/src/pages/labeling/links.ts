// Stable URLs of the labeling pages.
const enc = encodeURIComponent;
export const labelingPath = (projectId?: string): string => (projectId ? `/labeling/${enc(projectId)}` : '/labeling');
export const annotatePath = (projectId: string, taskId?: string): string =>
  `/labeling/${enc(projectId)}/annotate${taskId ? `?task=${enc(taskId)}` : ''}`;
export const reviewPath = (projectId: string): string => `/labeling/${enc(projectId)}/review`;
